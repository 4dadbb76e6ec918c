//! The exercises: one file per exercise, `chNN_name.rs`, holding a tested solution.
//!
//! Each file is the single source of three things, which `cargo xtask gen` cuts from it
//! into `book/generated/exercises/NN-name/`:
//!
//! - the **starter** a learner begins from: the file without its `// SOLUTION` …
//!   `// END SOLUTION` blocks and without its tests, with each `// STARTER: code` line
//!   turned into `code` (signatures and `todo!()`s, so it always compiles);
//! - the **solution**: the file without the marker lines and without its tests;
//! - the **tests**: the body of its `mod tests`, which run on the solution here, on a
//!   learner's answer under `cargo xtask exercise NN-name`, and in the notebook through
//!   [`run_tests`].
//!
//! `cargo xtask check` (stage `exercises`) proves the tests are worth passing: the
//! solution passes them, the starter passes none, and every known-bad answer in
//! `companion/exercises/known-bad/NN-name/` (the solution with one or more named
//! `// SOLUTION name` blocks replaced by a plausible mistake) fails the tests it names.

pub mod ch01_threads_and_tasks;
pub mod ch02_word_count;
pub mod ch03_in_order;
pub mod ch03_thread_pool;
pub mod ch04_bounded_queue;
pub mod ch04_dining_philosophers;
pub mod ch05_id_allocator;
pub mod ch06_histogram;
pub mod ch07_countdown_latch;
// tokio leaves out its `net` module when built with `--cfg loom`.
#[cfg(not(loom))]
pub mod ch08_echo_server_with_a_limit;
pub mod ch09_speedup;
pub mod ch10_catch_the_lost_update;

use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex};

static HOOK_SWAP: Mutex<()> = Mutex::new(());

/// Runs each test, catching its panic, and prints one line per test: `✓ name`, or
/// `✗ name: what failed`. Returns how many passed.
///
/// This is how a notebook runs an exercise's tests (a notebook has no `cargo test`):
/// the generated tests cell defines the test functions and calls this with their names.
/// While it runs, panics are recorded instead of printed, so a failing test shows as one
/// line with its message.
pub fn run_tests(tests: &[(&str, fn())]) -> usize {
    // Two callers swapping the process's one hook at once could leave ours installed.
    let _one_at_a_time = HOOK_SWAP.lock().unwrap_or_else(|e| e.into_inner());
    let message: Arc<Mutex<Option<String>>> = Arc::default();
    let previous = panic::take_hook();
    let record = Arc::clone(&message);
    panic::set_hook(Box::new(move |info| {
        let text = if let Some(s) = info.payload().downcast_ref::<&str>() {
            (*s).to_string()
        } else if let Some(s) = info.payload().downcast_ref::<String>() {
            s.clone()
        } else {
            "a panic without a message".to_string()
        };
        let mut slot = record.lock().unwrap_or_else(|e| e.into_inner());
        // The first panic is the cause; a test thread's panic re-raised by `within`
        // must not replace it.
        slot.get_or_insert(text);
    }));
    let mut passed = 0;
    for (name, test) in tests {
        *message.lock().unwrap_or_else(|e| e.into_inner()) = None;
        match panic::catch_unwind(AssertUnwindSafe(test)) {
            Ok(()) => {
                passed += 1;
                println!("✓ {name}");
            }
            Err(_) => {
                let why = message
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .take()
                    .unwrap_or_else(|| "it panicked".to_string());
                println!("✗ {name}: {why}");
            }
        }
    }
    panic::set_hook(previous);
    println!("{passed} of {} tests pass", tests.len());
    passed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passes() {}
    fn fails() {
        assert_eq!(1 + 1, 3, "arithmetic is broken");
    }
    fn not_written_yet() {
        todo!("write the answer")
    }

    #[test]
    fn counts_the_passing_tests_and_keeps_going_after_a_failure() {
        let passed = run_tests(&[
            ("fails", fails),
            ("passes", passes),
            ("not_written_yet", not_written_yet),
            ("passes_again", passes),
        ]);
        assert_eq!(passed, 2);
    }

    #[test]
    fn restores_the_panic_hook_it_replaced() {
        // After `run_tests`, a panic goes to the hook that was there before. The hook
        // counts this thread's panics only: other tests run at the same time.
        let me = std::thread::current().id();
        let seen = Arc::new(Mutex::new(0));
        let count = Arc::clone(&seen);
        let previous = {
            let _swap = HOOK_SWAP.lock().unwrap();
            let previous = panic::take_hook();
            panic::set_hook(Box::new(move |_| {
                if std::thread::current().id() == me {
                    *count.lock().unwrap() += 1;
                }
            }));
            previous
        };
        run_tests(&[("fails", fails)]);
        assert_eq!(
            *seen.lock().unwrap(),
            0,
            "run_tests let a test's panic through"
        );
        let _ = panic::catch_unwind(|| panic!("after"));
        let _swap = HOOK_SWAP.lock().unwrap();
        panic::set_hook(previous);
        assert_eq!(
            *seen.lock().unwrap(),
            1,
            "run_tests did not restore the hook"
        );
    }
}
