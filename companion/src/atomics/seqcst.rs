//! `SeqCst`: the store-buffer example. Each of two threads raises its own flag, then looks
//! at the other's. With `SeqCst` all four operations fall into one order that every thread
//! agrees on, so at least one thread sees the other's flag. With `Release` stores and
//! `Acquire` loads, both may see `false`.

// ANCHOR: seqcst
use concurrent_rust::sync::atomic::{AtomicBool, Ordering};
use std::collections::BTreeMap;

pub fn both_raise_then_look() -> (bool, bool) {
    let left = AtomicBool::new(false);
    let right = AtomicBool::new(false);
    std::thread::scope(|s| {
        let left_sees = s.spawn(|| {
            left.store(true, Ordering::SeqCst);
            right.load(Ordering::SeqCst)
        });
        let right_sees = s.spawn(|| {
            right.store(true, Ordering::SeqCst);
            left.load(Ordering::SeqCst)
        });
        (left_sees.join().unwrap(), right_sees.join().unwrap())
    })
}

pub fn main() {
    let mut outcomes = BTreeMap::new();
    for _ in 0..1_000 {
        *outcomes.entry(both_raise_then_look()).or_insert(0) += 1;
    }
    // Every possible outcome, the ones that never happened included.
    for (left_saw, right_saw) in [(false, false), (false, true), (true, false), (true, true)] {
        let times = outcomes.get(&(left_saw, right_saw)).copied().unwrap_or(0);
        println!("left saw {left_saw:5}, right saw {right_saw:5}: {times} times");
    }
}
// ANCHOR_END: seqcst

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn at_least_one_thread_sees_the_other_flag() {
        for _ in 0..2_000 {
            assert_ne!(both_raise_then_look(), (false, false));
        }
    }

    #[test]
    fn main_runs() {
        main();
    }
}
