//! A thread that panics while holding a `std::sync::Mutex` poisons it: every later `lock`
//! returns `Err(PoisonError)`, which still carries the guard. `into_inner` takes the guard
//! anyway; `clear_poison` declares the data sound again.
//!
//! From source note 002 (errata: `book/errata.md`), "Poisoned Mutexes": "any subsequent attempt to lock the
//! poisoned Mutex will get an error result" is dated: since Rust 1.77 `clear_poison` ends
//! the poisoned state.

// ANCHOR: poison
use std::sync::PoisonError;

pub fn main() {
    let scores = Arc::new(Mutex::new(vec![10, 20]));

    let scorer = {
        let scores = Arc::clone(&scores);
        thread::spawn(move || {
            let mut scores = scores.lock().unwrap();
            scores.push(30);
            panic!("the scorer crashed in the middle of an update");
        })
    };
    println!("the scorer panicked: {}", scorer.join().is_err());
    println!("poisoned: {}", scores.is_poisoned());

    match scores.lock() {
        Ok(scores) => println!("not poisoned: {:?}", *scores),
        Err(poisoned) => {
            let scores = poisoned.into_inner(); // the guard, lock held as usual
            println!("poisoned, but the data is there: {:?}", *scores);
        }
    }

    // Decide the data is fine (or repair it), then say so:
    scores.clear_poison();
    println!("poisoned after clear_poison: {}", scores.is_poisoned());

    // The one-line form for code that never cares about poisoning:
    let len = scores.lock().unwrap_or_else(PoisonError::into_inner).len();
    println!("{len} scores");
}
// ANCHOR_END: poison

use std::sync::{Arc, Mutex};
use std::thread;

#[cfg(test)]
mod tests {
    use super::*;

    fn poisoned_scores() -> Arc<Mutex<Vec<u32>>> {
        let scores = Arc::new(Mutex::new(vec![10, 20]));
        let worker = {
            let scores = Arc::clone(&scores);
            thread::spawn(move || {
                let mut scores = scores.lock().unwrap();
                scores.push(30);
                panic!("crash while holding the lock");
            })
        };
        assert!(worker.join().is_err());
        scores
    }

    #[test]
    fn a_panic_while_locked_poisons_and_into_inner_still_reaches_the_data() {
        let scores = poisoned_scores();
        assert!(scores.is_poisoned());
        let err = scores.lock().unwrap_err();
        assert_eq!(*err.into_inner(), vec![10, 20, 30]);
        // Still poisoned: into_inner does not clear it.
        assert!(scores.lock().is_err());
        scores.clear_poison();
        assert!(!scores.is_poisoned());
        assert_eq!(*scores.lock().unwrap(), vec![10, 20, 30]);
    }

    #[test]
    fn a_panic_without_the_lock_does_not_poison() {
        let scores = Arc::new(Mutex::new(vec![1]));
        let worker = {
            let scores = Arc::clone(&scores);
            thread::spawn(move || {
                scores.lock().unwrap().push(2); // guard dropped at the end of the statement
                panic!("crash after unlocking");
            })
        };
        assert!(worker.join().is_err());
        assert!(!scores.is_poisoned());
    }

    #[tokio::test]
    async fn tokio_mutex_does_not_poison() {
        let scores = Arc::new(tokio::sync::Mutex::new(vec![10, 20]));
        let task = {
            let scores = Arc::clone(&scores);
            tokio::spawn(async move {
                let mut scores = scores.lock().await;
                scores.push(30);
                panic!("a task crashed while holding a tokio mutex");
            })
        };
        assert!(task.await.unwrap_err().is_panic());
        // No `Result`: the lock is released when the task's guard is dropped during
        // unwinding, and the next `lock` simply succeeds.
        assert_eq!(*scores.lock().await, vec![10, 20, 30]);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
