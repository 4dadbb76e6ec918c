//! Many threads add to one counter with `fetch_add`: no update is lost, and no lock is
//! taken.
//!
//! From source note 002 (errata: `book/errata.md`), "Atomics": the note lists the atomic types and shows no
//! code; this is the counter it describes.

// ANCHOR: counter
use concurrent_rust::sync::atomic::{AtomicU64, Ordering};
use std::thread;

pub fn record_visit(visits: &AtomicU64) -> u64 {
    visits.fetch_add(1, Ordering::Relaxed)
}

pub fn count_visits(threads: usize, visits_per_thread: u64) -> u64 {
    let visits = AtomicU64::new(0);
    thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| {
                for _ in 0..visits_per_thread {
                    record_visit(&visits);
                }
            });
        }
    });
    visits.load(Ordering::Relaxed)
}

pub fn main() {
    let total = count_visits(4, 100_000);
    println!("4 threads recorded {total} visits");
}
// ANCHOR_END: counter

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn no_increment_is_lost() {
        for threads in [0, 1, 2, 4, 8] {
            assert_eq!(count_visits(threads, 10_000), threads as u64 * 10_000);
        }
    }

    #[test]
    fn fetch_add_returns_the_previous_value() {
        let visits = AtomicU64::new(41);
        assert_eq!(record_visit(&visits), 41);
        assert_eq!(visits.load(Ordering::Relaxed), 42);
    }

    #[test]
    fn every_thread_gets_distinct_previous_values() {
        // Each fetch_add returns the value just before its own increment, so the returned
        // values are exactly 0..n, whatever the interleaving.
        let visits = AtomicU64::new(0);
        let mut seen: Vec<u64> = thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| (0..1000).map(|_| record_visit(&visits)).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        seen.sort_unstable();
        assert_eq!(seen, (0..4000).collect::<Vec<u64>>());
    }

    #[test]
    fn main_runs() {
        main();
    }
}
