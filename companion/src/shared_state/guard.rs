//! A `MutexGuard` is a smart pointer to the protected data: it dereferences to `&T` and
//! `&mut T`, and dropping it unlocks the mutex.

// ANCHOR: guard
use std::sync::{MutexGuard, TryLockError};

pub fn is_locked<T>(mutex: &Mutex<T>) -> bool {
    matches!(mutex.try_lock(), Err(TryLockError::WouldBlock))
}

pub fn main() {
    let scores = Mutex::new(vec![10, 20]);

    let mut guard: MutexGuard<'_, Vec<u32>> = scores.lock().unwrap();
    guard.push(30); // DerefMut: `guard` acts as a `&mut Vec<u32>`
    let best = guard.iter().max().copied(); // Deref: and as a `&Vec<u32>`
    println!(
        "best {best:?}, locked while the guard lives: {}",
        is_locked(&scores)
    );

    drop(guard);
    println!("locked after drop(guard): {}", is_locked(&scores));
}
// ANCHOR_END: guard

use std::sync::Mutex;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_holds_the_lock_until_dropped() {
        let scores = Mutex::new(vec![10, 20]);
        let mut guard = scores.lock().unwrap();
        guard.push(30);
        assert!(is_locked(&scores));
        drop(guard);
        assert!(!is_locked(&scores));
        assert_eq!(*scores.lock().unwrap(), vec![10, 20, 30]);
    }

    #[test]
    fn a_temporary_guard_unlocks_at_the_end_of_its_statement() {
        let scores = Mutex::new(vec![1]);
        scores.lock().unwrap().push(2);
        assert!(!is_locked(&scores));
    }

    #[test]
    fn main_runs() {
        main();
    }
}
