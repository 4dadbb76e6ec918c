//! loom models of the chapter: a lost update that loom finds, its fix, and the fork-join
//! pattern, compiled only under
//! `RUSTFLAGS="--cfg loom"`. loom runs each model under every interleaving of its threads
//! (bounded by `LOOM_MAX_PREEMPTIONS`), so an assertion here holds in all of them, not just
//! in the ones a test run happens to hit. loom has no `thread::scope`, so the models use
//! `spawn` and `Arc` from the `concurrent_rust::sync` shim.

// ANCHOR: loom_lost_update
use concurrent_rust::sync::atomic::{AtomicUsize, Ordering};
use concurrent_rust::sync::{Arc, thread};

/// Two threads each add one to a shared counter by reading it and then writing the value
/// plus one. Wrong: both can read 0 before either writes, and then both write 1.
pub fn load_then_store_model() {
    loom::model(|| {
        let count = Arc::new(AtomicUsize::new(0));
        let other = {
            let count = Arc::clone(&count);
            thread::spawn(move || {
                let seen = count.load(Ordering::SeqCst);
                count.store(seen + 1, Ordering::SeqCst);
            })
        };
        let seen = count.load(Ordering::SeqCst);
        count.store(seen + 1, Ordering::SeqCst);
        other.join().unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 2, "an increment was lost");
    });
}

/// The fix: `fetch_add` reads and writes in one indivisible step.
pub fn fetch_add_model() {
    loom::model(|| {
        let count = Arc::new(AtomicUsize::new(0));
        let other = {
            let count = Arc::clone(&count);
            thread::spawn(move || count.fetch_add(1, Ordering::SeqCst))
        };
        count.fetch_add(1, Ordering::SeqCst);
        other.join().unwrap();
        assert_eq!(count.load(Ordering::SeqCst), 2, "an increment was lost");
    });
}
// ANCHOR_END: loom_lost_update

// ANCHOR: loom_fork_join

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
use concurrent_rust::sync::atomic::AtomicU64;

pub fn join_publishes_writes_model() {
    loom::model(|| {
        let result = Arc::new(AtomicU64::new(0));
        let worker = {
            let result = Arc::clone(&result);
            thread::spawn(move || result.store(42, Ordering::Relaxed))
        };
        worker.join().unwrap();
        // After it, even a Relaxed load sees the store: the thread's end happens-before
        // join returns.
        assert_eq!(result.load(Ordering::Relaxed), 42);
    });
}
// ANCHOR_END: loom_join_sync

mod tests {
    use super::*;
    use crate::threads::panics::panic_message;

    #[test]
    fn loom_finds_the_lost_increment() {
        let failure = std::panic::catch_unwind(load_then_store_model)
            .expect_err("loom found no interleaving that loses an increment");
        let message = panic_message(&*failure);
        assert!(
            message.contains("an increment was lost") && message.contains("left: 1"),
            "loom failed, but not for the lost increment: {message}"
        );
    }

    #[test]
    fn fetch_add_loses_no_increment() {
        fetch_add_model();
    }

    #[test]
    fn partial_sums_add_up_in_every_interleaving() {
        fork_join_sum_model();
    }

    #[test]
    fn join_makes_the_workers_writes_visible() {
        join_publishes_writes_model();
    }
}
