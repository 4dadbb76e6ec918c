//! `thread::sleep` pauses the calling thread for *at least* the given duration, and lets
//! the scheduler run other threads meanwhile. Which thread prints first is up to the OS.
//!
//! From source note 003 (errata: `book/errata.md`), "Thread `spawn`": the note says `sleep` stops a thread
//! "for a specific duration"; the guarantee is only a lower bound, the thread may sleep longer.

// ANCHOR: sleep
use std::thread;
use std::time::Duration;

pub fn main() {
    let handle = thread::spawn(|| {
        for step in 1..=3 {
            println!("spawned thread: step {step}");
            thread::sleep(Duration::from_millis(20));
        }
    });

    for step in 1..=3 {
        println!("main thread:    step {step}");
        thread::sleep(Duration::from_millis(5));
    }

    handle.join().unwrap();
    println!("main thread:    joined");
}
// ANCHOR_END: sleep

#[cfg(test)]
mod tests {
    use super::*;

    /// What every run of `main` guarantees, however the scheduler interleaves the two
    /// threads: each thread prints its own three steps, in its own order, and the line
    /// `main` prints after the join comes after every line of the spawned thread.
    #[cfg(not(loom))]
    #[test]
    fn each_thread_prints_its_lines_in_order() {
        let output = crate::testing::run_in_child("threads::sleep");
        let of = |prefix: &str| -> Vec<&str> {
            output
                .lines()
                .filter(|line| line.starts_with(prefix))
                .collect()
        };
        assert_eq!(
            of("main thread:"),
            [
                "main thread:    step 1",
                "main thread:    step 2",
                "main thread:    step 3",
                "main thread:    joined"
            ],
            "{output}"
        );
        assert_eq!(
            of("spawned thread:"),
            [
                "spawned thread: step 1",
                "spawned thread: step 2",
                "spawned thread: step 3"
            ],
            "{output}"
        );
        assert_eq!(output.lines().count(), 7, "{output}");
        assert_eq!(
            output.lines().last(),
            Some("main thread:    joined"),
            "{output}"
        );
    }

    #[test]
    fn main_runs() {
        main();
    }
}
