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
    use crate::atomics::lock_checks::{
        assert_a_waiter_waits_for_unlock, assert_one_thread_at_a_time,
    };

    #[test]
    fn only_one_thread_at_a_time_between_lock_and_unlock() {
        assert_one_thread_at_a_time(RawSpinLock::new, RawSpinLock::lock, RawSpinLock::unlock);
    }

    #[test]
    fn a_held_lock_is_not_taken_until_unlocked() {
        assert_a_waiter_waits_for_unlock(RawSpinLock::new, RawSpinLock::lock, RawSpinLock::unlock);
    }
}
