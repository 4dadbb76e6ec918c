//! Spin lock, stage 3: `lock` returns a guard. The guard dereferences to the value, and
//! its `Drop` unlocks, so the borrow checker now enforces what stage 2 left to the caller:
//! the reference cannot outlive the lock, and unlocking cannot be forgotten.

// ANCHOR: s3_guard
use concurrent_rust::sync::atomic::{AtomicBool, Ordering};
use std::cell::UnsafeCell;
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

pub struct SpinLock<T> {
    locked: AtomicBool,
    value: UnsafeCell<T>,
}

// Safety: as in stage 2, one thread at a time gets access to the `T`, each holder's
// accesses ordered before the next one's by the `Release` unlock and `Acquire` lock.
unsafe impl<T: Send> Sync for SpinLock<T> {}

pub struct Guard<'a, T> {
    lock: &'a SpinLock<T>,
    // Makes `Guard` `Sync` only if `T` is: a shared `&Guard` hands out `&T`.
    _access: PhantomData<&'a mut T>,
}

impl<T> SpinLock<T> {
    pub fn new(value: T) -> SpinLock<T> {
        SpinLock {
            locked: AtomicBool::new(false),
            value: UnsafeCell::new(value),
        }
    }

    pub fn lock(&self) -> Guard<'_, T> {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Acquire, Ordering::Relaxed)
            .is_err()
        {
            concurrent_rust::sync::hint::spin_loop();
        }
        Guard {
            lock: self,
            _access: PhantomData,
        }
    }

    pub fn into_inner(self) -> T {
        self.value.into_inner()
    }
}

impl<T> Deref for Guard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        // Safety: a `Guard` exists only after a successful `Acquire` exchange, which read
        // the `false` stored by the previous holder's `Release` unlock (the guard's drop),
        // so all of that holder's accesses happen before ours; and no other thread can
        // pass the exchange until this guard's drop stores `false` again, after every
        // reference it handed out is gone (they borrow the guard).
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: as in `deref`; and `&mut self` means this is the guard's only borrow, so
        // no other reference to the value exists while this one lives.
        unsafe { &mut *self.lock.value.get() }
    }
}

impl<T> Drop for Guard<'_, T> {
    fn drop(&mut self) {
        self.lock.locked.store(false, Ordering::Release);
    }
}
// ANCHOR_END: s3_guard

// ANCHOR: s3_main
pub fn main() {
    let shelf = SpinLock::new(Vec::new());
    std::thread::scope(|s| {
        for author in ["ana", "bo", "cy"] {
            let shelf = &shelf;
            s.spawn(move || {
                for volume in 1..=3 {
                    shelf.lock().push(format!("{author}-{volume}"));
                }
            });
        }
    });
    let mut books = shelf.into_inner();
    println!(
        "{} books, in the order they were shelved: {books:?}",
        books.len()
    );
    books.sort();
    println!("sorted: {books:?}");
}
// ANCHOR_END: s3_main

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use std::time::Duration;

    const HANG: &str = "a waiting thread never got the lock: does dropping the guard unlock?";

    #[test]
    fn guarded_increments_are_never_lost() {
        let total = within(Duration::from_secs(30), || {
            let lock = SpinLock::new(0_u64);
            std::thread::scope(|s| {
                for _ in 0..4 {
                    s.spawn(|| {
                        for _ in 0..10_000 {
                            *lock.lock() += 1;
                        }
                    });
                }
            });
            lock.into_inner()
        })
        .expect(HANG);
        assert_eq!(total, 40_000);
    }

    #[test]
    fn dropping_the_guard_unlocks() {
        let lock = SpinLock::new(String::from("a"));
        {
            let mut guard = lock.lock();
            guard.push('b');
            assert!(lock.locked.load(Ordering::Relaxed));
        }
        assert!(!lock.locked.load(Ordering::Relaxed));
        let lock = within(Duration::from_secs(10), move || {
            lock.lock().push('c');
            lock
        })
        .expect(HANG);
        assert_eq!(lock.into_inner(), "abc");
    }

    #[test]
    fn a_held_lock_is_not_taken_until_the_guard_drops() {
        let lock = Arc::new(SpinLock::new(0_u32));
        let started = Arc::new(AtomicBool::new(false));
        let guard = lock.lock();
        let waiter = {
            let (lock, started) = (Arc::clone(&lock), Arc::clone(&started));
            std::thread::spawn(move || {
                started.store(true, Ordering::SeqCst);
                *lock.lock() += 1;
            })
        };
        while !started.load(Ordering::SeqCst) {
            std::thread::yield_now();
        }
        std::thread::sleep(Duration::from_millis(100));
        assert_eq!(*guard, 0, "the waiter got in while the guard was alive");
        drop(guard);
        within(Duration::from_secs(10), move || waiter.join().unwrap()).expect(HANG);
        assert_eq!(*lock.lock(), 1);
    }

    #[test]
    fn every_item_lands_once_per_thread_order_kept() {
        let books = within(Duration::from_secs(30), || {
            let shelf = SpinLock::new(Vec::new());
            std::thread::scope(|s| {
                for author in 0..4 {
                    let shelf = &shelf;
                    s.spawn(move || {
                        for volume in 0..100 {
                            shelf.lock().push((author, volume));
                        }
                    });
                }
            });
            shelf.into_inner()
        })
        .expect(HANG);
        assert_eq!(books.len(), 400);
        for author in 0..4 {
            let volumes: Vec<_> = books
                .iter()
                .filter(|b| b.0 == author)
                .map(|b| b.1)
                .collect();
            assert_eq!(volumes, (0..100).collect::<Vec<_>>(), "author {author}");
        }
    }

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).expect(HANG);
    }
}
