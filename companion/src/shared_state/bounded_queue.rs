//! A blocking bounded queue: `push` waits while the queue is full, `pop` waits while it is
//! empty. One `Mutex` guards the items; two `Condvar`s let each side sleep until the other
//! has changed what it is waiting for.

// ANCHOR: bounded_queue
use concurrent_rust::sync::Condvar;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

pub struct BoundedQueue<T> {
    capacity: usize,
    items: Mutex<VecDeque<T>>,
    not_empty: Condvar,
    not_full: Condvar,
}

impl<T> BoundedQueue<T> {
    pub fn new(capacity: usize) -> BoundedQueue<T> {
        assert!(capacity > 0, "a bounded queue needs room for an item");
        BoundedQueue {
            capacity,
            items: Mutex::new(VecDeque::with_capacity(capacity)),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    pub fn push(&self, item: T) {
        let mut items = self.items.lock().unwrap();
        // A loop, not an `if`: a wakeup only means "check again".
        while items.len() == self.capacity {
            items = self.not_full.wait(items).unwrap();
        }
        assert!(items.len() < self.capacity, "the queue would overfill");
        items.push_back(item);
        drop(items);
        self.not_empty.notify_one();
    }

    pub fn pop(&self) -> T {
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            items = self.not_empty.wait(items).unwrap();
        }
        let item = items
            .pop_front()
            .expect("the loop left only when non-empty");
        drop(items);
        self.not_full.notify_one();
        item
    }

    /// Like `pop`, but gives up after `timeout`: `None` means the queue was empty every
    /// time this caller looked.
    pub fn pop_timeout(&self, timeout: Duration) -> Option<T> {
        let deadline = Instant::now() + timeout;
        let mut items = self.items.lock().unwrap();
        while items.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            items = self.not_empty.wait_timeout(items, left).unwrap().0;
        }
        let item = items.pop_front();
        drop(items);
        self.not_full.notify_one();
        item
    }

    pub fn len(&self) -> usize {
        self.items.lock().unwrap().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}
// ANCHOR_END: bounded_queue

// ANCHOR: queue_main
pub fn main() {
    let queue = BoundedQueue::new(2);
    let received: Vec<u32> = thread::scope(|s| {
        s.spawn(|| {
            for job in 1..=6 {
                queue.push(job); // blocks whenever two jobs are waiting
            }
        });
        let consumer = s.spawn(|| (0..6).map(|_| queue.pop()).collect());
        consumer.join().unwrap()
    });
    println!("received in order: {received:?}");
    println!(
        "an empty queue after 50 ms: {:?}",
        queue.pop_timeout(Duration::from_millis(50))
    );
}
// ANCHOR_END: queue_main

// The queue uses the `Mutex` and `Condvar` of the `crate::sync` shim, so that loom checks
// this very code (`loom_models.rs`). loom's `Condvar` has no `wait_while`, so the waits are
// written out as loops.
use crate::sync::Mutex;
use std::thread;

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::within;

    #[test]
    fn every_item_arrives_once_and_the_queue_never_overfills() {
        // The overfill check is `push`'s own `assert!`, made under the guard: a producer
        // that pushed into a full queue would panic, and the scope would pass the panic on.
        let outcome = within(Duration::from_secs(20), || {
            let queue = BoundedQueue::new(3);
            let mut received: Vec<u32> = thread::scope(|s| {
                for producer in 0..3_u32 {
                    let queue = &queue;
                    s.spawn(move || {
                        for i in 0..200 {
                            queue.push(producer * 1_000 + i);
                        }
                    });
                }
                let consumers: Vec<_> = (0..2)
                    .map(|_| s.spawn(|| (0..300).map(|_| queue.pop()).collect::<Vec<_>>()))
                    .collect();
                consumers
                    .into_iter()
                    .flat_map(|c| c.join().unwrap())
                    .collect()
            });
            received.sort_unstable();
            (received, queue.is_empty())
        });
        let (received, empty) = outcome.expect("the queue hung");
        let mut expected: Vec<u32> = (0..3_u32)
            .flat_map(|p| (0..200).map(move |i| p * 1_000 + i))
            .collect();
        expected.sort_unstable();
        assert_eq!(received, expected);
        assert!(empty);
    }

    #[test]
    fn pop_timeout_wakes_a_producer_blocked_on_a_full_queue() {
        let outcome = within(Duration::from_secs(5), || {
            let queue = BoundedQueue::new(1);
            queue.push(1);
            thread::scope(|s| {
                let producer = s.spawn(|| queue.push(2)); // the queue is full: it waits
                // Give the producer time to get into its wait, so that the pop below has
                // to wake it. (Not needed for the test to pass; needed for it to catch a
                // `pop_timeout` that forgets `not_full.notify_one()`: then the producer
                // sleeps on, and `within` reports it.)
                thread::sleep(Duration::from_millis(50));
                let first = queue.pop_timeout(Duration::from_secs(1));
                producer.join().unwrap();
                (first, queue.pop_timeout(Duration::from_secs(1)))
            })
        });
        let popped = outcome.expect("the producer slept on: pop_timeout did not wake it");
        assert_eq!(popped, (Some(1), Some(2)));
    }

    #[test]
    fn pop_timeout_waits_for_an_item_pushed_during_the_wait() {
        let queue = BoundedQueue::new(1);
        let popped = thread::scope(|s| {
            let consumer = s.spawn(|| queue.pop_timeout(Duration::from_secs(20)));
            thread::sleep(Duration::from_millis(50)); // let it start waiting
            queue.push("late job");
            consumer.join().unwrap()
        });
        assert_eq!(popped, Some("late job"));
    }

    #[test]
    fn one_producer_one_consumer_keeps_fifo_order() {
        let outcome = within(Duration::from_secs(20), || {
            let queue = BoundedQueue::new(1);
            thread::scope(|s| {
                s.spawn(|| (0..500).for_each(|i| queue.push(i)));
                s.spawn(|| (0..500).map(|_| queue.pop()).collect::<Vec<u32>>())
                    .join()
                    .unwrap()
            })
        });
        assert_eq!(
            outcome.expect("the queue hung"),
            (0..500).collect::<Vec<_>>()
        );
    }

    #[test]
    fn pop_timeout_on_an_empty_queue_gives_none_and_an_item_when_there_is_one() {
        let queue = BoundedQueue::new(1);
        assert_eq!(queue.pop_timeout(Duration::from_millis(10)), None);
        queue.push("job");
        assert_eq!(queue.pop_timeout(Duration::from_millis(10)), Some("job"));
    }

    #[test]
    fn len_and_is_empty_count_the_waiting_items() {
        let queue = BoundedQueue::new(3);
        assert_eq!((queue.len(), queue.is_empty()), (0, true));
        queue.push('a');
        queue.push('b');
        assert_eq!((queue.len(), queue.is_empty()), (2, false));
        queue.pop();
        assert_eq!((queue.len(), queue.is_empty()), (1, false));
    }

    #[test]
    #[should_panic(expected = "room for an item")]
    fn capacity_zero_is_refused() {
        BoundedQueue::<u8>::new(0);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
