//! Forcing an interleaving. The racy increment of chapter 5 loses an update only when both
//! threads load before either stores, a window of nanoseconds; a barrier between the two
//! steps makes that interleaving happen on every run, so a test can count on it.

// ANCHOR: racy
use std::sync::Barrier;
use std::sync::atomic::{AtomicU64, Ordering};

/// WRONG on purpose: a load, then a store. `between` runs between the two steps, where a
/// test can make the threads wait for each other.
pub fn racy_increment(counter: &AtomicU64, between: impl FnOnce()) {
    let seen = counter.load(Ordering::Relaxed);
    between();
    counter.store(seen + 1, Ordering::Relaxed);
}

/// Two threads each make one racy increment of a fresh counter, `runs` times over.
/// Returns how many runs ended at each count: `[at 0, at 1, at 2]`.
pub fn final_counts(runs: u32, between: impl Fn() + Sync) -> [u32; 3] {
    let mut ended_at = [0; 3];
    for _ in 0..runs {
        let counter = AtomicU64::new(0);
        std::thread::scope(|s| {
            for _ in 0..2 {
                s.spawn(|| racy_increment(&counter, &between));
            }
        });
        ended_at[counter.load(Ordering::Relaxed) as usize] += 1;
    }
    ended_at
}
// ANCHOR_END: racy

// ANCHOR: gated
/// With a barrier between the load and the store, both threads have loaded 0 before
/// either stores: every run loses an update. (A `Barrier` can be reused: it opens each
/// time two threads have arrived.)
pub fn with_a_barrier(runs: u32) -> [u32; 3] {
    let both_loaded = Barrier::new(2);
    final_counts(runs, || {
        both_loaded.wait();
    })
}

/// Without it, how often a run loses an update is luck: usually rarely, since starting a
/// thread takes tens of microseconds and the first thread is often done before the
/// second begins.
pub fn without_a_barrier(runs: u32) -> [u32; 3] {
    final_counts(runs, || {})
}
// ANCHOR_END: gated

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_barrier_makes_the_lost_update_certain() {
        assert_eq!(with_a_barrier(100), [0, 100, 0]);
    }

    #[test]
    fn without_the_barrier_each_run_ends_at_one_or_two() {
        // What is guaranteed without the barrier: at most one update is lost, so no run
        // ends at 0 and every run is counted. How the runs split between 1 and 2 is luck.
        let [at_0, at_1, at_2] = without_a_barrier(200);
        assert_eq!(at_0, 0);
        assert_eq!(at_1 + at_2, 200);
    }
}
