//! Exercise 10.1: A test helper that catches the lost update.
//!
//! Write the helper, not the counter: `finds_lost_update` makes two increments of a shared
//! counter, forces the interleaving that loses one if the counter can lose one (a
//! rendezvous in the hook between the counter's read and its write), and says whether an
//! update was lost. It must find the racy counter's bug every time and must not hang on a
//! correct counter that holds a lock across its hook. The full statement is in the book
//! page.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
// SOLUTION
use std::sync::Condvar;
use std::time::Duration;
// END SOLUTION

/// A shared counter whose increment may be made of two steps. `between` is the test seam:
/// every increment calls it exactly once, between reading the count and writing it back,
/// or, for a counter that does both in one step, just before that step.
pub trait Counter {
    fn increment(&self, between: &dyn Fn());
    fn get(&self) -> u64;
}

/// WRONG on purpose, chapter 5's racy increment: a load, then a store.
pub struct RacyCounter(AtomicU64);

impl RacyCounter {
    pub fn new(start: u64) -> Self {
        RacyCounter(AtomicU64::new(start))
    }
}

impl Counter for RacyCounter {
    fn increment(&self, between: &dyn Fn()) {
        let seen = self.0.load(Ordering::Relaxed);
        between();
        self.0.store(seen + 1, Ordering::Relaxed);
    }
    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Correct: one `fetch_add`, which has no gap; the hook runs just before it.
pub struct AtomicCounter(AtomicU64);

impl AtomicCounter {
    pub fn new(start: u64) -> Self {
        AtomicCounter(AtomicU64::new(start))
    }
}

impl Counter for AtomicCounter {
    fn increment(&self, between: &dyn Fn()) {
        between();
        self.0.fetch_add(1, Ordering::Relaxed);
    }
    fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Correct: the read and the write happen under one lock, and so does the hook. While one
/// thread is in the hook, the other waits for the lock: it cannot reach the hook too.
pub struct LockedCounter(Mutex<u64>);

impl LockedCounter {
    pub fn new(start: u64) -> Self {
        LockedCounter(Mutex::new(start))
    }
}

impl Counter for LockedCounter {
    fn increment(&self, between: &dyn Fn()) {
        let mut count = self.0.lock().unwrap();
        let seen = *count;
        between();
        *count = seen + 1;
    }
    fn get(&self) -> u64 {
        *self.0.lock().unwrap()
    }
}

// SOLUTION
/// How long a thread in the hook waits for the other one. Long enough for a thread to
/// start on a busy machine; short, because a correct counter may keep the other thread
/// out of the hook, and then the whole wait is spent.
const PATIENCE: Duration = Duration::from_millis(200);
// END SOLUTION

/// Makes two increments of `counter` on two threads and returns whether one was lost:
/// whether the count went up by less than two. If the counter can lose an update, the
/// helper must make it lose one every time, by holding each thread in `between` until the
/// other has arrived there too; and it must return, within a second or so, on every
/// counter, including one that holds a lock across `between`.
pub fn finds_lost_update(counter: &(impl Counter + Sync)) -> bool {
    // STARTER: todo!("two increments on two threads, a rendezvous with a patience in `between`, and the count compared")
    // SOLUTION
    let before = counter.get();
    // END SOLUTION
    // SOLUTION rendezvous
    // A rendezvous that gives up: each thread counts itself in and waits until both are
    // there, or until the patience runs out.
    let arrived = Mutex::new(0);
    let both_here = Condvar::new();
    let between = || {
        let mut count = arrived.lock().unwrap();
        *count += 1;
        both_here.notify_all();
        let _ = both_here
            .wait_timeout_while(count, PATIENCE, |count| *count < 2)
            .unwrap();
    };
    // END SOLUTION
    // SOLUTION
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| counter.increment(&between));
        }
    });
    // END SOLUTION
    // SOLUTION compare
    // The count went up by less than the two increments made.
    counter.get() < before + 2
    // END SOLUTION
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrent_rust::fixtures::within;
    use std::time::Duration;

    const RUNS: usize = 20;

    #[test]
    fn finds_the_lost_update_of_the_racy_counter_every_time() {
        let found = within(Duration::from_secs(5), || {
            (0..RUNS)
                .filter(|_| finds_lost_update(&RacyCounter::new(0)))
                .count()
        })
        .expect("finds_lost_update did not return on the racy counter within 5 s: a hang");
        assert_eq!(
            found, RUNS,
            "finds_lost_update found the racy counter's lost update in {found} runs of \
             {RUNS}: a helper that leaves the interleaving to luck misses it; hold each \
             thread in `between` until the other has read too"
        );
    }

    #[test]
    fn finds_it_on_a_counter_that_has_counted_before() {
        let found = within(Duration::from_secs(5), || {
            (0..RUNS)
                .filter(|_| finds_lost_update(&RacyCounter::new(40)))
                .count()
        })
        .expect("finds_lost_update did not return on the racy counter within 5 s: a hang");
        assert_eq!(
            found, RUNS,
            "on a racy counter that starts at 40, finds_lost_update found the lost update \
             in {found} runs of {RUNS}: a counter under test need not be fresh, so compare \
             its count with what it was before the two increments (and force the \
             interleaving, as on a fresh one)"
        );
    }

    #[test]
    fn a_correct_counter_is_never_reported() {
        let reported = within(Duration::from_secs(5), || {
            (0..RUNS)
                .filter(|run| {
                    finds_lost_update(&AtomicCounter::new(if run % 2 == 0 { 0 } else { 40 }))
                })
                .count()
        })
        .expect(
            "finds_lost_update did not return on a fetch_add counter within 5 s: a hang; \
             that counter calls `between` once per increment too",
        );
        assert_eq!(
            reported, 0,
            "finds_lost_update reported a lost update on a fetch_add counter (half of the \
             runs start at 0, half at 40) in {reported} runs of {RUNS}: a helper that \
             reports a correct counter proves nothing about a wrong one"
        );
    }

    #[test]
    fn does_not_hang_on_a_counter_that_locks_across_the_gap() {
        let reported = within(Duration::from_secs(5), || {
            [LockedCounter::new(0), LockedCounter::new(7)]
                .iter()
                .filter(|counter| finds_lost_update(*counter))
                .count()
        })
        .expect(
            "finds_lost_update did not return within 5 s on a counter that holds its lock \
             while it calls `between`: the second thread cannot reach `between` until the \
             first leaves it, so a rendezvous that waits for it without a limit (a plain \
             `Barrier`) deadlocks; give up after a patience",
        );
        assert_eq!(
            reported, 0,
            "finds_lost_update reported a lost update on a counter that increments under \
             a lock, which loses none"
        );
    }
}
