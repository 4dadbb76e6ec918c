//! When `main` returns, the process exits, and every thread still running is stopped
//! mid-stride: no destructors, no final `println!`.
//!
//! The program cannot run in a notebook (the kernel's `main` never returns), so the test
//! runs it in a child process: it re-runs this test binary, asking it for the single
//! ignored test `tests::child_runs_main`, and reads what the child printed.

// ANCHOR: main_exit
use std::thread;
use std::time::Duration;

pub fn main() {
    thread::spawn(|| {
        for step in 1..=100 {
            println!("background: step {step} of 100");
            thread::sleep(Duration::from_millis(100));
        }
        println!("background: finished");
    });

    thread::sleep(Duration::from_millis(250));
    println!("main: returning");
}
// ANCHOR_END: main_exit

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Output};
    use std::sync::mpsc;

    /// Runs `main` as the whole of a child process; see `main_exit_stops_the_spawned_thread`.
    #[test]
    #[ignore = "run in a child process by main_exit_stops_the_spawned_thread"]
    fn child_runs_main() {
        main();
    }

    fn run_child() -> Output {
        let exe = std::env::current_exe().unwrap();
        let (done, outcome) = mpsc::channel();
        thread::spawn(move || {
            let output = Command::new(exe)
                .args([
                    "--exact",
                    "threads::main_exit::tests::child_runs_main",
                    "--ignored",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .output();
            let _ = done.send(output);
        });
        // The child ends when its main returns (after ~250 ms); 60 s only detects a hang.
        outcome
            .recv_timeout(Duration::from_secs(60))
            .expect("child process did not exit")
            .expect("could not start the child process")
    }

    #[test]
    fn main_exit_stops_the_spawned_thread() {
        let output = run_child();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(output.status.success(), "child failed: {stdout}");
        assert!(stdout.contains("main: returning"), "{stdout}");
        // The background thread needs 10 s to finish; the process ends when `main` returns,
        // after 250 ms. (These two hold as long as the child exits within 9.75 s of that,
        // a margin wide enough for any machine that can run the tests at all.)
        assert!(!stdout.contains("background: finished"), "{stdout}");
        assert!(!stdout.contains("step 100 of 100"), "{stdout}");
    }
}
