// The tests of exercise 04-bounded-queue
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
