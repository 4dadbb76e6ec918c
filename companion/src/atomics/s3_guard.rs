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

// Safety: as in stage 2, one thread at a time gets access to the `T`.
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
        // Safety: a `Guard` exists only while its thread holds the lock.
        unsafe { &*self.lock.value.get() }
    }
}

impl<T> DerefMut for Guard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        // Safety: as above, and `&mut self` means this is the guard's only borrow.
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

    #[test]
    fn guarded_increments_are_never_lost() {
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
        assert_eq!(lock.into_inner(), 40_000);
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
        lock.lock().push('c');
        assert_eq!(lock.into_inner(), "abc");
    }

    #[test]
    fn every_item_lands_once_per_thread_order_kept() {
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
        let books = shelf.into_inner();
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
        main();
    }
}
