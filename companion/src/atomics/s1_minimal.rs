//! Spin lock, stage 1: a lock that guards nothing yet. `compare_exchange_weak(false, true,
//! Acquire, Relaxed)` sets the flag only if it was clear: success means this thread took the
//! lock. `store(false, Release)` gives it back.

// ANCHOR: s1_minimal
use concurrent_rust::sync::atomic::{AtomicBool, Ordering};

pub struct RawSpinLock {
    locked: AtomicBool,
}

impl RawSpinLock {
    pub fn new() -> RawSpinLock {
        RawSpinLock {
            locked: AtomicBool::new(false),
        }
    }

    pub fn lock(&self) {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            concurrent_rust::sync::hint::spin_loop();
        }
    }

    pub fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: s1_minimal

impl Default for RawSpinLock {
    fn default() -> RawSpinLock {
        RawSpinLock::new()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::atomic::AtomicU32;
    use std::time::Duration;

    #[test]
    fn only_one_thread_at_a_time_between_lock_and_unlock() {
        let lock = RawSpinLock::new();
        let inside = AtomicU32::new(0);
        let entries = AtomicU32::new(0);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..2_000 {
                        lock.lock();
                        assert_eq!(
                            inside.fetch_add(1, Ordering::SeqCst),
                            0,
                            "two threads inside"
                        );
                        entries.fetch_add(1, Ordering::Relaxed);
                        inside.fetch_sub(1, Ordering::SeqCst);
                        lock.unlock();
                    }
                });
            }
        });
        assert_eq!(entries.into_inner(), 8_000);
    }

    #[test]
    fn a_held_lock_is_not_taken_until_unlocked() {
        let lock: &'static RawSpinLock = Box::leak(Box::new(RawSpinLock::new()));
        lock.lock();
        assert!(lock.locked.load(Ordering::Relaxed));
        let waiter = std::thread::spawn(|| lock.lock());
        lock.unlock();
        within(Duration::from_secs(60), move || waiter.join().unwrap()).unwrap();
        assert!(
            lock.locked.load(Ordering::Relaxed),
            "the waiter holds it now"
        );
    }
}
