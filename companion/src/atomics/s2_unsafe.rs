//! Spin lock, stage 2: the lock owns the data it protects. The data sits in an
//! `UnsafeCell`, the one way Rust allows mutation through a shared reference; `lock` hands
//! out `&mut T`, and the caller promises, through an `unsafe fn`, to stop using it before
//! `unlock`.

// ANCHOR: s2_unsafe
use concurrent_rust::sync::atomic::{AtomicBool, Ordering};
use std::cell::UnsafeCell;

pub struct UnsafeSpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// Safety: the lock hands out `&mut T` to one thread at a time, each holder's accesses
// ordered before the next holder's (`Release` unlock, `Acquire` lock), so sharing the lock
// is like moving `T` between threads: fine whenever `T` is `Send`. (`T: Sync` is not
// needed: no two threads ever hold a reference to the value at the same time.)
unsafe impl<T: Send> Sync for UnsafeSpinLock<T> {}

impl<T> UnsafeSpinLock<T> {
    pub fn new(value: T) -> UnsafeSpinLock<T> {
        UnsafeSpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    #[allow(clippy::mut_from_ref)] // exactly what this stage does, and why it is unsafe
    pub fn lock(&self) -> &mut T {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            concurrent_rust::sync::hint::spin_loop();
        }
        // Safety: our successful `Acquire` exchange read the `false` stored by the previous
        // holder's `Release` unlock, so all of that holder's accesses to the value happen
        // before ours; and no other thread can pass the exchange until `unlock` stores
        // `false` again, by which time (its contract) our `&mut T` is gone.
        unsafe { &mut *self.value.get() }
    }

    /// # Safety
    ///
    /// The calling thread must hold the lock (its `lock` returned, and it has not unlocked
    /// since), and the `&mut T` that `lock` returned must not be used after this call.
    pub unsafe fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: s2_unsafe

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::atomics::lock_checks::assert_a_waiter_waits_for_unlock;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn increments_under_the_lock_are_never_lost() {
        let total = within(Duration::from_secs(30), || {
            let lock = UnsafeSpinLock::new(0_u64);
            std::thread::scope(|s| {
                for _ in 0..4 {
                    s.spawn(|| {
                        for _ in 0..10_000 {
                            let count = lock.lock();
                            *count += 1;
                            // Safety: this thread holds the lock, and `count` is not used
                            // after this line.
                            unsafe { lock.unlock() };
                        }
                    });
                }
            });
            lock.value.into_inner()
        })
        .expect("a waiting thread never got the lock: does `unlock` unlock?");
        assert_eq!(total, 40_000);
    }

    #[test]
    fn a_held_lock_is_not_taken_until_unlocked() {
        assert_a_waiter_waits_for_unlock(
            || UnsafeSpinLock::new(()),
            |lock| {
                lock.lock();
            },
            // Safety: each caller (the helper) holds the lock, and the `&mut ()` is gone.
            |lock| unsafe { lock.unlock() },
        );
    }
}
