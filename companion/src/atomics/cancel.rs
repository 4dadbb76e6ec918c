//! A cancellation flag: the first worker to find an answer tells the others to stop.
//!
//! From source note 002 (errata: `book/errata.md`), "Atomics": the note says "The **AtomicBool** here could
//! be replaced with a **`Mutex<bool>`** or a channel" about an example it never shows. This
//! is that example: a shared `AtomicBool` that every worker polls.

// ANCHOR: cancel
use concurrent_rust::sync::atomic::{AtomicBool, Ordering};

pub fn search_from(
    first: u64,
    step: u64,
    limit: u64,
    found: &AtomicBool,
    is_match: fn(u64) -> bool,
) -> Option<u64> {
    let mut candidate = first;
    while candidate < limit {
        if found.load(Ordering::Relaxed) {
            return None; // another worker found one: stop early
        }
        if is_match(candidate) {
            found.store(true, Ordering::Relaxed);
            return Some(candidate);
        }
        candidate += step;
    }
    None
}

pub fn search(workers: u64, limit: u64, is_match: fn(u64) -> bool) -> Option<u64> {
    let found = AtomicBool::new(false);
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|first| {
                let found = &found;
                s.spawn(move || search_from(first, workers, limit, found, is_match))
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|handle| handle.join().unwrap())
            .min()
    })
}

pub fn digits_add_up_to_40(n: u64) -> bool {
    n.to_string()
        .bytes()
        .map(|digit| u64::from(digit - b'0'))
        .sum::<u64>()
        == 40
}

pub fn main() {
    let answer = search(4, u64::MAX, digits_add_up_to_40);
    println!("a number whose digits add up to 40: {answer:?}");
}
// ANCHOR_END: cancel

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn a_match_stops_every_worker() {
        // Without cancellation the other workers would count to u64::MAX.
        let answer = within(Duration::from_secs(60), || {
            search(4, u64::MAX, |n| n == 1_000)
        })
        .unwrap();
        assert_eq!(answer, Some(1_000));
    }

    #[test]
    fn the_answer_always_matches() {
        for workers in 1..=5 {
            let answer = within(Duration::from_secs(60), move || {
                search(workers, u64::MAX, |n| n % 7 == 6 && n > 50)
            })
            .unwrap();
            let n = answer.expect("there is always a match");
            assert!(n % 7 == 6 && n > 50, "{n} does not match");
        }
    }

    #[test]
    fn no_match_in_range_is_none() {
        assert_eq!(search(3, 1_000, |n| n == 5_000), None);
        assert_eq!(search(3, 0, |_| true), None);
    }

    #[test]
    fn digit_sums() {
        assert!(digits_add_up_to_40(49_999));
        assert!(digits_add_up_to_40(99_994));
        assert!(!digits_add_up_to_40(49_998));
    }

    #[test]
    fn main_runs() {
        within(Duration::from_secs(60), main).unwrap();
    }
}
