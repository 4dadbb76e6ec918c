//! Two more lock loops for stage 1's lock, with the same `lock`/`unlock` API as
//! [`RawSpinLock`](super::s1_minimal::RawSpinLock), so that the counters bench can compare
//! all three under contention:
//!
//! - [`SwapSpinLock`]: `swap(true)` until it returns `false`;
//! - [`RawSpinLock`](super::s1_minimal::RawSpinLock): `compare_exchange_weak` until it
//!   succeeds;
//! - [`LoadFirstSpinLock`]: test-and-test-and-set, which waits with plain loads and tries
//!   the exchange only when the lock looks free.
//!
//! On x86-64 the first two write the flag's cache line on every attempt, failed or not
//! (`xchg` and `lock cmpxchg` are both locked read-modify-writes); the third writes only
//! when it tries to take a lock it has just seen free.

// ANCHOR: swap_lock
use concurrent_rust::sync::atomic::{AtomicBool, Ordering};

pub struct SwapSpinLock {
    locked: AtomicBool,
}

impl SwapSpinLock {
    pub fn new() -> SwapSpinLock {
        SwapSpinLock {
            locked: AtomicBool::new(false),
        }
    }

    pub fn lock(&self) {
        while self.locked.swap(true, Ordering::Acquire) {
            concurrent_rust::sync::hint::spin_loop();
        }
    }

    pub fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: swap_lock

// ANCHOR: load_first
pub struct LoadFirstSpinLock {
    locked: AtomicBool,
}

impl LoadFirstSpinLock {
    pub fn new() -> LoadFirstSpinLock {
        LoadFirstSpinLock {
            locked: AtomicBool::new(false),
        }
    }

    pub fn lock(&self) {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            // Wait with loads, which only read the cache line, until the lock looks free.
            while self.locked.load(Ordering::Relaxed) {
                concurrent_rust::sync::hint::spin_loop();
            }
        }
    }

    pub fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: load_first

impl Default for SwapSpinLock {
    fn default() -> SwapSpinLock {
        SwapSpinLock::new()
    }
}

impl Default for LoadFirstSpinLock {
    fn default() -> LoadFirstSpinLock {
        LoadFirstSpinLock::new()
    }
}

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::atomics::lock_checks::{
        assert_a_waiter_waits_for_unlock, assert_one_thread_at_a_time,
    };

    #[test]
    fn the_swap_loop_lets_one_thread_in_at_a_time() {
        assert_one_thread_at_a_time(SwapSpinLock::new, SwapSpinLock::lock, SwapSpinLock::unlock);
    }

    #[test]
    fn the_swap_loop_waits_for_unlock() {
        assert_a_waiter_waits_for_unlock(
            SwapSpinLock::new,
            SwapSpinLock::lock,
            SwapSpinLock::unlock,
        );
    }

    #[test]
    fn the_load_first_loop_lets_one_thread_in_at_a_time() {
        assert_one_thread_at_a_time(
            LoadFirstSpinLock::new,
            LoadFirstSpinLock::lock,
            LoadFirstSpinLock::unlock,
        );
    }

    #[test]
    fn the_load_first_loop_waits_for_unlock() {
        assert_a_waiter_waits_for_unlock(
            LoadFirstSpinLock::new,
            LoadFirstSpinLock::lock,
            LoadFirstSpinLock::unlock,
        );
    }
}
