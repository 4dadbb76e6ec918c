//! loom models of the chapter's fork-join pattern, compiled only under
//! `RUSTFLAGS="--cfg loom"`. loom runs each model under every interleaving of its threads
//! (bounded by `LOOM_MAX_PREEMPTIONS`), so an assertion here holds in all of them, not just
//! in the ones a test run happens to hit. loom has no `thread::scope`, so the models use
//! `spawn` and `Arc` from the `concurrent_rust::sync` shim.

// ANCHOR: loom_fork_join
use concurrent_rust::sync::{Arc, thread};

pub fn fork_join_sum_model() {
    loom::model(|| {
        let numbers = Arc::new(vec![1_u64, 2, 3, 4, 5, 6, 7]);
        let (front, back) = (0..3, 3..7);

        let front_worker = {
            let numbers = Arc::clone(&numbers);
            thread::spawn(move || numbers[front].iter().sum::<u64>())
        };
        let back_worker = {
            let numbers = Arc::clone(&numbers);
            thread::spawn(move || numbers[back].iter().sum::<u64>())
        };

        let total = front_worker.join().unwrap() + back_worker.join().unwrap();
        assert_eq!(total, 28);
        assert_eq!(Arc::strong_count(&numbers), 1);
    });
}
// ANCHOR_END: loom_fork_join

// ANCHOR: loom_join_sync
use concurrent_rust::sync::atomic::{AtomicU64, Ordering};

pub fn join_publishes_writes_model() {
    loom::model(|| {
        let result = Arc::new(AtomicU64::new(0));
        let worker = {
            let result = Arc::clone(&result);
            thread::spawn(move || result.store(42, Ordering::Relaxed))
        };
        // Before the join, the store may or may not have happened yet.
        let early = result.load(Ordering::Relaxed);
        assert!(early == 0 || early == 42);

        worker.join().unwrap();
        // After it, even a Relaxed load sees the store: the thread's end happens-before
        // join returns.
        assert_eq!(result.load(Ordering::Relaxed), 42);
    });
}
// ANCHOR_END: loom_join_sync

mod tests {
    use super::*;

    #[test]
    fn partial_sums_add_up_in_every_interleaving() {
        fork_join_sum_model();
    }

    #[test]
    fn join_makes_the_workers_writes_visible() {
        join_publishes_writes_model();
    }
}
