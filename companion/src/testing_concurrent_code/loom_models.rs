//! What loom's preemption bound costs and buys, measured on one model: three threads that
//! each increment a counter once, correctly, with the read and the write in two critical
//! sections, and with `Relaxed` atomics. loom counts a *preemption* each time it switches away
//! from a thread that could have gone on running; with a bound of `n` it explores only the
//! interleavings with at most `n` of them.

// ANCHOR: models
use concurrent_rust::sync::atomic::{AtomicU64, Ordering};
use concurrent_rust::sync::{Arc, Mutex, thread};

/// The model's main thread and two spawned threads each run `increment` once on a shared
/// counter. Returns the value each of the three saw before its increment.
fn three_increments<C: Send + Sync + 'static>(counter: C, increment: fn(&C) -> u64) -> [u64; 3] {
    let counter = Arc::new(counter);
    let spawned = [(); 2].map(|()| {
        let counter = Arc::clone(&counter);
        thread::spawn(move || increment(&counter))
    });
    let mine = increment(&counter);
    let [first, second] = spawned.map(|thread| thread.join().unwrap());
    [mine, first, second]
}

/// Correct: the read and the write in one critical section.
fn one_critical_section(counter: &Mutex<u64>) -> u64 {
    let mut count = counter.lock().unwrap();
    *count += 1;
    *count - 1
}

/// WRONG on purpose: the read in one critical section, the write in another (chapter 4's
/// check-then-act). The lock makes every read see the latest write, so only the
/// interleaving decides what each thread reads.
fn two_critical_sections(counter: &Mutex<u64>) -> u64 {
    let seen = *counter.lock().unwrap();
    *counter.lock().unwrap() = seen + 1;
    seen
}

/// WRONG on purpose: a `Relaxed` load, then a `Relaxed` store. A load may also return a
/// value older than another thread's latest store.
fn relaxed_load_then_store(counter: &AtomicU64) -> u64 {
    let seen = counter.load(Ordering::Relaxed);
    counter.store(seen + 1, Ordering::Relaxed);
    seen
}

/// Correct: the three saw 0, 1 and 2, in some order.
pub fn one_critical_section_model() {
    let mut seen = three_increments(Mutex::new(0), one_critical_section);
    seen.sort();
    assert_eq!(seen, [0, 1, 2]);
}

/// The failure of the split critical section that needs two preemptions: all three
/// threads read 0. The first to read must be switched away from before it writes, while
/// it could go on, and so must the second.
pub fn two_critical_sections_model() {
    let seen = three_increments(Mutex::new(0), two_critical_sections);
    assert_ne!(
        seen,
        [0, 0, 0],
        "all three threads read 0 before any of them wrote"
    );
}

/// The same failure of the `Relaxed` load-then-store.
pub fn relaxed_model() {
    let seen = three_increments(AtomicU64::new(0), relaxed_load_then_store);
    assert_ne!(
        seen,
        [0, 0, 0],
        "all three threads read 0 before any of them wrote"
    );
}
// ANCHOR_END: models

// ANCHOR: explore
/// Runs `model` under loom with at most `bound` preemptions (`None`: no bound), and returns
/// how many interleavings loom ran, with the message of the failure it found, if any.
pub fn explore(bound: Option<usize>, model: fn()) -> (usize, Option<String>) {
    // A plain std counter, outside the model: it only tallies loom's runs of the closure.
    let runs = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let tally = std::sync::Arc::clone(&runs);
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = bound;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        builder.check(move || {
            tally.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            model();
        })
    }));
    let failure = outcome.err().map(|payload| {
        payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(a panic without a message)".to_string())
    });
    (runs.load(std::sync::atomic::Ordering::Relaxed), failure)
}

/// The table the book shows: for each bound, the executions of the correct model, and
/// whether loom finds the racy models' failure (and in which execution).
pub fn preemption_table() -> String {
    let mut table = String::from(
        "| preemption bound | executions of the correct model | all three read 0, two critical sections | all three read 0, `Relaxed` atomics |\n\
         |---|---|---|---|\n",
    );
    let verdict = |bound, model| match explore(bound, model) {
        (runs, Some(_)) => format!("found, in execution {runs}"),
        (1, None) => "missed: its only execution passes".to_string(),
        (runs, None) => format!("missed: all {runs} executions pass"),
    };
    for bound in [Some(0), Some(1), Some(2), Some(3), None] {
        let (correct_runs, failure) = explore(bound, one_critical_section_model);
        assert_eq!(failure, None, "the correct model failed at bound {bound:?}");
        let split = verdict(bound, two_critical_sections_model);
        let relaxed = verdict(bound, relaxed_model);
        let bound = bound.map_or("none".to_string(), |n| n.to_string());
        table.push_str(&format!(
            "| {bound} | {correct_runs} | {split} | {relaxed} |\n"
        ));
    }
    table
}
// ANCHOR_END: explore

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_failure_needs_two_preemptions_and_costs_grow_with_the_bound() {
        for bound in [Some(0), Some(1)] {
            let (_, found) = explore(bound, two_critical_sections_model);
            assert_eq!(found, None, "bound {bound:?} should be too small");
        }
        for bound in [Some(2), Some(3), None] {
            let (_, found) = explore(bound, two_critical_sections_model);
            let message = found.unwrap_or_else(|| panic!("bound {bound:?} missed the failure"));
            assert!(message.contains("all three threads read 0"), "{message}");
        }
        let runs: Vec<usize> = [Some(0), Some(1), Some(2), Some(3), None]
            .map(|bound| explore(bound, one_critical_section_model).0)
            .to_vec();
        assert!(runs.windows(2).all(|w| w[0] <= w[1]), "{runs:?}");
        assert!(runs[0] < runs[4], "{runs:?}");
    }

    #[test]
    fn with_relaxed_the_failure_needs_no_preemption_at_all() {
        // A bound limits the schedules loom tries, not the values a load may return.
        let (_, found) = explore(Some(0), relaxed_model);
        let message = found.expect("loom should find the stale reads at bound 0");
        assert!(message.contains("all three threads read 0"), "{message}");
    }

    /// The book includes `companion/outputs/loom/preemption_bounds.md`; this test fails if
    /// it is not what loom finds now (`UPDATE_OUTPUTS=1` rewrites it).
    #[test]
    fn the_committed_preemption_table_is_what_loom_finds() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/outputs/loom/preemption_bounds.md"
        );
        let fresh = preemption_table();
        if std::env::var("UPDATE_OUTPUTS").is_ok_and(|v| v == "1") {
            std::fs::create_dir_all(std::path::Path::new(path).parent().unwrap()).unwrap();
            std::fs::write(path, &fresh).unwrap();
        }
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            committed, fresh,
            "{path} is out of date; rewrite it with\n  \
             UPDATE_OUTPUTS=1 RUSTFLAGS=\"--cfg loom\" cargo test -p concurrent_rust --release \
             --target-dir target/loom --lib testing_concurrent_code::loom_models"
        );
    }
}
