use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Makes two increments of `counter` on two threads and returns whether one was lost:
/// whether the count went up by less than two. If the counter can lose an update, the
/// helper must make it lose one every time, by holding each thread in `between` until the
/// other has arrived there too; and it must return, within a second or so, on every
/// counter, including one that holds a lock across `between`.
pub fn finds_lost_update(counter: &(impl Counter + Sync)) -> bool {
    todo!("two increments on two threads, a rendezvous with a patience in `between`, and the count compared")
}
