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

// Safety: the lock hands out `&mut T` to one thread at a time, so sharing the lock is
// like moving `T` between threads: fine whenever `T` is `Send`. (`T: Sync` is not needed:
// no two threads ever hold a reference to the value at the same time.)
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
        // Safety: the swap above changed `locked` from false to true, so this thread is the
        // only one past it until `unlock`; no other reference to the value exists.
        unsafe { &mut *self.value.get() }
    }

    /// # Safety
    ///
    /// The `&mut T` returned by `lock` must be gone: not used again after this call.
    pub unsafe fn unlock(&self) {
        self.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: s2_unsafe

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn increments_under_the_lock_are_never_lost() {
        let lock = UnsafeSpinLock::new(0_u64);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    for _ in 0..10_000 {
                        let count = lock.lock();
                        *count += 1;
                        // Safety: `count` is not used after this line.
                        unsafe { lock.unlock() };
                    }
                });
            }
        });
        assert_eq!(lock.value.into_inner(), 40_000);
    }
}
