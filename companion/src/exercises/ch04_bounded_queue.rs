//! Exercise 4.2: A bounded queue that can be closed.
//!
//! Listing 4.17's `BoundedQueue`, with a way to end it: `close` wakes every waiting thread,
//! `push` on a closed queue gives its item back, and `pop` drains what is left and then
//! returns `None`. Two counts of the threads asleep in `push` and `pop` let the tests line
//! up their waiters. The full statement is in the book page.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// What `push` returns on a closed queue: the item it was given, handed back.
#[derive(Debug, PartialEq, Eq)]
pub struct Closed<T>(pub T);

pub struct ClosableQueue<T> {
    // STARTER: // Your fields: for example, everything the threads share under one `Mutex`,
    // STARTER: // and one `Condvar` for each condition a thread can wait for.
    // STARTER: _todo: std::marker::PhantomData<T>,
    // SOLUTION
    capacity: usize,
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
    // END SOLUTION
}

// SOLUTION
/// Everything the threads share, under one lock, so that every check and every change of
/// it is one critical section.
struct State<T> {
    items: VecDeque<T>,
    closed: bool,
    waiting_producers: usize,
    waiting_consumers: usize,
}
// END SOLUTION

impl<T> ClosableQueue<T> {
    /// An open, empty queue with room for `capacity` items. Panics if `capacity` is 0.
    pub fn new(capacity: usize) -> Self {
        // STARTER: todo!("an open, empty queue with room for `capacity` items")
        // SOLUTION
        assert!(capacity > 0, "a bounded queue needs room for an item");
        ClosableQueue {
            capacity,
            state: Mutex::new(State {
                items: VecDeque::with_capacity(capacity),
                closed: false,
                waiting_producers: 0,
                waiting_consumers: 0,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
        // END SOLUTION
    }

    /// Adds `item` at the back, waiting while the queue is full. On a closed queue, or
    /// once the queue is closed during the wait, gives the item back: `Err(Closed(item))`.
    pub fn push(&self, item: T) -> Result<(), Closed<T>> {
        // STARTER: todo!("wait while full and open; give the item back once closed; wake a consumer")
        // SOLUTION
        let mut state = self.state.lock().unwrap();
        // END SOLUTION
        // SOLUTION wait_while_full
        // Counted under the same lock that `wait` releases: a thread that reads the count
        // sees this producer either not yet here or already asleep.
        state.waiting_producers += 1;
        while state.items.len() == self.capacity && !state.closed {
            state = self.not_full.wait(state).unwrap();
        }
        state.waiting_producers -= 1;
        // END SOLUTION
        // SOLUTION
        if state.closed {
            return Err(Closed(item));
        }
        state.items.push_back(item);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
        // END SOLUTION
    }

    /// Takes the item at the front, waiting while the queue is empty and open. Items pushed
    /// before `close` are still handed out after it; `None` means the queue is closed and
    /// empty, so a consumer can stop.
    pub fn pop(&self) -> Option<T> {
        // STARTER: todo!("wait while empty and open; drain after close, then None; wake a producer")
        // SOLUTION
        let mut state = self.state.lock().unwrap();
        // END SOLUTION
        // SOLUTION wait_while_empty
        state.waiting_consumers += 1;
        while state.items.is_empty() && !state.closed {
            state = self.not_empty.wait(state).unwrap();
        }
        state.waiting_consumers -= 1;
        // END SOLUTION
        // SOLUTION
        // Empty here only if closed: then `None` is the answer.
        let item = state.items.pop_front();
        drop(state);
        // END SOLUTION
        // SOLUTION wake_a_producer
        if item.is_some() {
            self.not_full.notify_one();
        }
        // END SOLUTION
        // SOLUTION
        item
        // END SOLUTION
    }

    /// Closes the queue for good and wakes every thread waiting in `push` or `pop`.
    /// Closing a closed queue does nothing.
    pub fn close(&self) {
        // STARTER: todo!("mark the queue closed and wake every waiting thread")
        // SOLUTION
        self.state.lock().unwrap().closed = true;
        // END SOLUTION
        // SOLUTION wake_every_waiter
        // Every waiter must see the change, on both sides: `notify_all`, twice.
        self.not_empty.notify_all();
        self.not_full.notify_all();
        // END SOLUTION
    }

    /// How many threads are waiting in `push` for room right now.
    pub fn waiting_producers(&self) -> usize {
        // STARTER: todo!("the number of producers asleep in `push`")
        // SOLUTION
        self.state.lock().unwrap().waiting_producers
        // END SOLUTION
    }

    /// How many threads are waiting in `pop` for an item right now.
    pub fn waiting_consumers(&self) -> usize {
        // STARTER: todo!("the number of consumers asleep in `pop`")
        // SOLUTION
        self.state.lock().unwrap().waiting_consumers
        // END SOLUTION
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrent_rust::fixtures::within;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use std::sync::atomic::Ordering::Relaxed;
    use std::thread::{self, JoinHandle};
    use std::time::Duration;

    const QUEUE_LIMIT: Duration = Duration::from_secs(5);

    /// Polls until `ready()` (the threads are asleep where the test wants them), failing
    /// with `returned` if one of `threads` has already finished instead of waiting.
    fn until_asleep<T>(ready: impl Fn() -> bool, threads: &[JoinHandle<T>], returned: &str) {
        while !ready() {
            assert!(!threads.iter().any(|t| t.is_finished()), "{returned}");
            thread::sleep(Duration::from_millis(1));
        }
    }

    #[test]
    fn a_closed_queue_refuses_new_items_and_hands_out_the_old_ones() {
        let outcome = within(QUEUE_LIMIT, || {
            let queue = ClosableQueue::new(3);
            assert_eq!(
                queue.push(1),
                Ok(()),
                "push on an open queue with room must succeed"
            );
            assert_eq!(
                queue.push(2),
                Ok(()),
                "push on an open queue with room must succeed"
            );
            queue.close();
            assert_eq!(
                queue.push(3),
                Err(Closed(3)),
                "push on a closed queue must give the item back as Err(Closed(item)), even \
                 when there is room"
            );
            let drained = [queue.pop(), queue.pop()];
            assert_eq!(
                drained,
                [Some(1), Some(2)],
                "items pushed before close must still come out, first in, first out"
            );
            assert_eq!(
                queue.pop(),
                None,
                "pop on a closed, empty queue must return None at once, so consumers can stop"
            );
            queue.close();
            assert_eq!(
                queue.pop(),
                None,
                "closing twice must change nothing: still None"
            );
            (queue.waiting_producers(), queue.waiting_consumers())
        });
        let waiting = outcome.expect(
            "a push or pop on one thread never returned: on a closed queue, neither may wait",
        );
        assert_eq!(
            waiting,
            (0, 0),
            "no thread is waiting, so both counts must be 0 (a thread that returned must \
             have counted itself out)"
        );
    }

    #[test]
    fn one_producer_one_consumer_keep_first_in_first_out_order() {
        let received = within(QUEUE_LIMIT, || {
            let queue = ClosableQueue::new(2);
            thread::scope(|s| {
                s.spawn(|| {
                    for i in 0..300 {
                        queue.push(i).expect("the queue is open");
                    }
                    queue.close();
                });
                s.spawn(|| std::iter::from_fn(|| queue.pop()).collect::<Vec<u32>>())
                    .join()
                    .unwrap()
            })
        })
        .expect(
            "one producer and one consumer hung: a push that waits for room or a pop that \
             waits for an item was never woken",
        );
        assert_eq!(
            received,
            (0..300).collect::<Vec<_>>(),
            "with one producer and one consumer, every item must arrive once, in the order \
             it was pushed"
        );
    }

    #[test]
    fn push_waits_while_the_queue_is_full_and_pop_wakes_it() {
        let outcome = within(QUEUE_LIMIT, || {
            let queue = Arc::new(ClosableQueue::new(1));
            queue.push("first").expect("the queue is open");
            let q = Arc::clone(&queue);
            let producer = thread::spawn(move || q.push("second"));
            until_asleep(
                || queue.waiting_producers() == 1,
                std::slice::from_ref(&producer),
                "push on a full queue returned without waiting (or waiting_producers never \
                 counted it): it must wait until a pop makes room",
            );
            let first = queue.pop();
            let pushed = producer.join().unwrap();
            (first, pushed, queue.pop())
        });
        let (first, pushed, second) = outcome.expect(
            "the producer slept on after pop made room: pop must wake a producer that waits \
             for room",
        );
        assert_eq!(
            (first, pushed, second),
            (Some("first"), Ok(()), Some("second")),
            "pop must take the first item, the waiting push must then succeed, and its item \
             must come out next"
        );
    }

    #[test]
    fn pop_waits_while_the_queue_is_empty_and_push_wakes_it() {
        let outcome = within(QUEUE_LIMIT, || {
            let queue = Arc::new(ClosableQueue::new(1));
            let q = Arc::clone(&queue);
            let consumer = thread::spawn(move || q.pop());
            until_asleep(
                || queue.waiting_consumers() == 1,
                std::slice::from_ref(&consumer),
                "pop on an empty, open queue returned without waiting (or waiting_consumers \
                 never counted it): it must wait until an item arrives",
            );
            let pushed = queue.push(7);
            (pushed, consumer.join().unwrap())
        });
        let (pushed, popped) = outcome.expect(
            "the consumer slept on after push added an item: push must wake a consumer that \
             waits for one",
        );
        assert_eq!(
            (pushed, popped),
            (Ok(()), Some(7)),
            "the waiting consumer must get the item pushed while it waited"
        );
    }

    #[test]
    fn close_wakes_every_waiting_consumer() {
        let outcome = within(QUEUE_LIMIT, || {
            let queue = Arc::new(ClosableQueue::<u32>::new(2));
            let consumers: Vec<_> = (0..3)
                .map(|_| {
                    let q = Arc::clone(&queue);
                    thread::spawn(move || q.pop())
                })
                .collect();
            until_asleep(
                || queue.waiting_consumers() == 3,
                &consumers,
                "pop on an empty, open queue returned without waiting (or waiting_consumers \
                 never counted it): it must wait until an item arrives or the queue is closed",
            );
            queue.close();
            consumers
                .into_iter()
                .map(|c| c.join().unwrap())
                .collect::<Vec<_>>()
        });
        let popped = outcome.expect(
            "three consumers were asleep in pop, and after close at least one slept on: close \
             must wake every waiting consumer (one notify_one wakes only one), and a woken \
             consumer must stop waiting once the queue is closed",
        );
        assert_eq!(
            popped,
            [None, None, None],
            "every consumer waiting on an empty queue must get None when it is closed"
        );
    }

    #[test]
    fn close_gives_back_the_item_of_every_waiting_producer() {
        let outcome = within(QUEUE_LIMIT, || {
            let queue = Arc::new(ClosableQueue::new(1));
            queue.push("kept").expect("the queue is open");
            let producers: Vec<_> = ["second", "third"]
                .into_iter()
                .map(|item| {
                    let q = Arc::clone(&queue);
                    thread::spawn(move || q.push(item))
                })
                .collect();
            until_asleep(
                || queue.waiting_producers() == 2,
                &producers,
                "push on a full queue returned without waiting (or waiting_producers never \
                 counted it): it must wait until there is room or the queue is closed",
            );
            queue.close();
            let refused: Vec<_> = producers.into_iter().map(|p| p.join().unwrap()).collect();
            (refused, queue.pop(), queue.pop())
        });
        let (refused, kept, after) = outcome.expect(
            "two producers were asleep in push on a full queue, and after close at least one \
             slept on: close must wake every waiting producer, and a woken producer must stop \
             waiting once the queue is closed, even though the queue is still full",
        );
        assert_eq!(
            refused,
            [Err(Closed("second")), Err(Closed("third"))],
            "a producer waiting when the queue is closed must get its own item back"
        );
        assert_eq!(
            (kept, after),
            (Some("kept"), None),
            "the item pushed before close must still come out, and then pop must say None"
        );
    }

    #[test]
    fn many_producers_and_consumers_deliver_every_item_exactly_once() {
        // Three producers and three consumers on a one-item queue: consumers are woken
        // all the time, and often another consumer gets the lock first and takes the item.
        let outcome = within(QUEUE_LIMIT, || {
            let queue = ClosableQueue::new(1);
            let closing = AtomicBool::new(false);
            thread::scope(|s| {
                let consumers: Vec<_> = (0..3)
                    .map(|_| {
                        s.spawn(|| {
                            let mut got = Vec::new();
                            while let Some(item) = queue.pop() {
                                got.push(item);
                            }
                            // `None` is allowed only after the test started to close.
                            (got, closing.load(Relaxed))
                        })
                    })
                    .collect();
                let producers: Vec<_> = (0..3_u32)
                    .map(|p| {
                        let queue = &queue;
                        s.spawn(move || {
                            for i in 0..2_000 {
                                queue.push(p * 10_000 + i).expect("the queue is open");
                            }
                        })
                    })
                    .collect();
                for producer in producers {
                    producer.join().unwrap();
                }
                closing.store(true, Relaxed);
                queue.close();
                consumers
                    .into_iter()
                    .map(|c| c.join().unwrap())
                    .collect::<Vec<_>>()
            })
        });
        let per_consumer = outcome.expect(
            "the queue hung: producers waited for room nobody made, or consumers for items \
             or a close that never woke them (a consumer that stopped at an early None leaves \
             the producers waiting)",
        );
        assert!(
            per_consumer.iter().all(|(_, after_close)| *after_close),
            "a consumer's pop returned None while the queue was still open: after a wakeup, \
             check the condition again (`while`, not `if`), because another consumer may have \
             taken the item first"
        );
        let mut received: Vec<u32> = per_consumer.into_iter().flat_map(|(got, _)| got).collect();
        received.sort_unstable();
        let expected: Vec<u32> = (0..3_u32)
            .flat_map(|p| (0..2_000).map(move |i| p * 10_000 + i))
            .collect();
        assert!(
            received == expected,
            "every item pushed must be popped exactly once: {} items expected, {} received",
            expected.len(),
            received.len()
        );
    }
}
