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

    /// What every run of `main` prints: the four outcomes, whose counts add up to the
    /// 1,000 runs, with both-`false` at zero.
    #[test]
    fn main_counts_a_thousand_runs_and_never_both_false() {
        let output = crate::testing::run_in_child("atomics::seqcst");
        let counts: Vec<(&str, u32)> = output
            .lines()
            .map(|line| {
                let (outcome, times) = line
                    .rsplit_once(": ")
                    .unwrap_or_else(|| panic!("not an outcome line: {line:?}"));
                let times = times.strip_suffix(" times").expect("ends with `times`");
                (outcome, times.parse().expect("a count"))
            })
            .collect();
        assert_eq!(counts.len(), 4, "{output}");
        assert_eq!(
            counts.iter().map(|(_, n)| n).sum::<u32>(),
            1_000,
            "{output}"
        );
        assert_eq!(
            counts[0],
            ("left saw false, right saw false", 0),
            "{output}"
        );
    }

    #[test]
    fn main_runs() {
        main();
    }
}
