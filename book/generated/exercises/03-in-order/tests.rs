// The tests of exercise 03-in-order
use concurrent_rust::fixtures::within;
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Duration;

/// How long the test waits for something a right answer does at once before it gives
/// up: far longer than it needs.
const GIVE_UP_AFTER: Duration = Duration::from_secs(2);

/// How long the test watches a blocked producer, to see that it stays blocked.
const WATCH_FOR: Duration = Duration::from_millis(200);

#[test]
fn results_come_back_in_input_order_even_when_the_first_finishes_last() {
    // Item 0's work waits until the work of every other item is done, so its result
    // arrives after most of theirs: only sorting puts it first again.
    const ITEMS: usize = 8;
    let done = Arc::new((Mutex::new(0), Condvar::new()));
    let (results, first_waited) = within(Duration::from_secs(5), {
        let done = Arc::clone(&done);
        move || {
            let first_waited = Mutex::new(false);
            let results = map_in_order(0..ITEMS, 3, |i| {
                let (count, changed) = &*done;
                if i == 0 {
                    let count = count.lock().unwrap();
                    let (count, _) = changed
                        .wait_timeout_while(count, GIVE_UP_AFTER, |n| *n < ITEMS - 1)
                        .unwrap();
                    *first_waited.lock().unwrap() = *count == ITEMS - 1;
                } else {
                    *count.lock().unwrap() += 1;
                    changed.notify_all();
                }
                format!("result {i}")
            });
            (results, first_waited.into_inner().unwrap())
        }
    })
    .expect("map_in_order never returned: a hang (is a Sender still alive?)");
    assert!(
        first_waited,
        "item 0 waited in vain for the other items to be done: three workers must work \
         on three items at the same time"
    );
    let expected: Vec<String> = (0..ITEMS).map(|i| format!("result {i}")).collect();
    assert_eq!(
        results, expected,
        "the results must be in the order of the items, whatever order the workers \
         finished in (here item 0 finished last; left: yours)"
    );
}

#[test]
fn every_item_gives_exactly_one_result() {
    let results = within(Duration::from_secs(5), || {
        map_in_order(0..100_u64, 4, |n| n * n)
    })
    .expect(
        "map_in_order on 100 items never returned: a hang. Either a channel never ends \
         (a Sender the workers do not need is still alive), or the workers are stuck \
         sending results that nobody receives until every item is queued",
    );
    let mut sorted = results.clone();
    sorted.sort();
    let expected: Vec<u64> = (0..100).map(|n| n * n).collect();
    assert_eq!(
        sorted, expected,
        "each of the 100 items must give exactly one result, n * n"
    );
}

#[test]
fn the_queue_holds_at_most_one_item_per_worker() {
    // Both workers hold their first item until the gate opens; meanwhile the caller
    // can fill the queue (2 items), take one more item from the iterator, and must
    // wait: 5 items pulled in all, however long we watch.
    let (pulls, pulled) = mpsc::channel::<usize>();
    let (open, gate) = crossbeam::channel::bounded::<()>(0);
    let run = thread::spawn(move || {
        let mut count = 0;
        let items = (0..100_u32).inspect(move |_| {
            count += 1;
            let _ = pulls.send(count);
        });
        map_in_order(items, 2, move |n| {
            let _ = gate.recv(); // returns once `open` is dropped
            n
        })
    });
    let mut most = 0;
    while most < 5 {
        match pulled.recv_timeout(GIVE_UP_AFTER) {
            Ok(count) => most = count,
            Err(_) => break,
        }
    }
    // Watch a little longer: a producer that is not held back goes on pulling.
    while let Ok(count) = pulled.recv_timeout(WATCH_FOR) {
        most = count;
    }
    drop(open);
    let results = within(Duration::from_secs(5), move || run.join())
        .expect(
            "map_in_order never returned once the workers were let go: a hang. Either a \
             channel never ends, or the workers are stuck sending results that nobody \
             receives until every item is queued",
        )
        .expect("map_in_order panicked");
    assert!(
        most <= 5,
        "with two workers each holding an item, the queue may hold two more and the \
         caller one in its hand: at most 5 items pulled from the iterator, but yours \
         pulled {most}. The queue must be bounded, holding at most one item per worker"
    );
    let mut sorted = results;
    sorted.sort();
    assert_eq!(
        sorted,
        (0..100).collect::<Vec<_>>(),
        "every one of the 100 items must give its result once the workers are let go"
    );
}

#[test]
fn no_items_no_results() {
    let results = within(Duration::from_secs(5), || {
        map_in_order(Vec::<u32>::new(), 3, |n| n)
    })
    .expect(
        "map_in_order with no items never returned: a hang (a Sender the workers do not \
         need is still alive?)",
    );
    assert!(results.is_empty(), "no items: no results");
}
