//! Deadlock 1: `std::sync::Mutex` is not recursive. A thread that calls `lock` on a mutex it
//! already holds never gets it (std leaves open whether it blocks forever or panics), so the
//! demonstration asks with `try_lock`, which answers at once. The fix keeps one guard per
//! operation and passes the *data*, not the lock, to helpers.
//!
//! From source note 002 (errata: `book/errata.md`), "Deadlock": the note says the lock "is not a recursive
//! lock" and stops there; here is what that looks like and how to avoid it.

// ANCHOR: relock
pub fn main() {
    let scores = Mutex::new(vec![3, 7]);
    let guard = scores.lock().unwrap();

    // `scores.lock()` here would never return a guard: this thread holds the lock, so it
    // would wait forever or panic. `try_lock` reports instead of waiting.
    match scores.try_lock() {
        Err(TryLockError::WouldBlock) => println!("locking again may wait forever or panic"),
        Err(TryLockError::Poisoned(_)) => println!("poisoned"),
        Ok(_) => println!("the mutex let us in twice"),
    }

    drop(guard);
    println!(
        "after drop(guard), try_lock succeeds: {}",
        scores.try_lock().is_ok()
    );
}
// ANCHOR_END: relock

// ANCHOR: scoreboard
pub struct Scoreboard {
    scores: Mutex<Vec<u32>>,
}

fn best_of(scores: &[u32]) -> Option<u32> {
    scores.iter().max().copied()
}

impl Scoreboard {
    pub fn new() -> Scoreboard {
        Scoreboard {
            scores: Mutex::new(Vec::new()),
        }
    }

    pub fn best(&self) -> Option<u32> {
        best_of(&self.scores.lock().unwrap())
    }

    /// Records `score`; `true` if it is a new best. Calling `self.best()` here, while
    /// `scores` is held, would lock twice; `best_of` works on the data we already hold.
    pub fn record(&self, score: u32) -> bool {
        let mut scores = self.scores.lock().unwrap();
        let is_new_best = best_of(&scores).is_none_or(|best| score > best);
        scores.push(score);
        is_new_best
    }
}
// ANCHOR_END: scoreboard

impl Default for Scoreboard {
    fn default() -> Self {
        Scoreboard::new()
    }
}

use std::sync::{Mutex, TryLockError};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn a_second_lock_on_the_same_thread_would_block() {
        let scores = Mutex::new(vec![3, 7]);
        let _guard = scores.lock().unwrap();
        assert!(matches!(scores.try_lock(), Err(TryLockError::WouldBlock)));
    }

    #[test]
    fn record_reports_new_bests_and_never_relocks() {
        let outcome = within(Duration::from_secs(10), || {
            let board = Scoreboard::new();
            let news: Vec<bool> = [5, 3, 9, 9, 12].iter().map(|&s| board.record(s)).collect();
            (news, board.best())
        });
        let (news, best) = outcome.expect("record did not return: did it lock twice?");
        assert_eq!(news, vec![true, false, true, false, true]);
        assert_eq!(best, Some(12));
    }

    #[test]
    fn main_runs() {
        main();
    }
}
