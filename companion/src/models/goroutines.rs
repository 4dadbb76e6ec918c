//! The classic first goroutine program, in Rust: one function called directly, then run on
//! a spawned thread, and a closure on another; `main` joins both instead of sleeping for
//! a second and hoping. The threads' lines interleave differently from run to run.
//!
//! From source note 001 (errata: `book/errata.md`), "Coroutines": the Go version waits
//! with `time.Sleep(time.Second)`, which only usually outlasts its goroutines.

// ANCHOR: goroutines
use std::thread;

fn count_from(from: &str) {
    for i in 0..3 {
        println!("{from} : {i}");
    }
}

pub fn main() {
    count_from("direct");

    let counting = thread::spawn(|| count_from("thread"));
    let message = String::from("going");
    let saying = thread::spawn(move || println!("{message}"));

    // Joining waits exactly as long as the threads need: no less, no more.
    counting.join().unwrap();
    saying.join().unwrap();
    println!("done");
}
// ANCHOR_END: goroutines

#[cfg(test)]
mod tests {
    /// What every run guarantees: the `direct` lines first and in order, the spawned
    /// thread's three lines in their own order, `going` once, and `done` last, after both
    /// threads have printed everything.
    #[cfg(not(loom))]
    #[test]
    fn every_run_prints_every_line_and_done_comes_last() {
        let output = crate::testing::run_in_child("models::goroutines");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 8, "{output}");
        assert_eq!(
            lines[..3],
            ["direct : 0", "direct : 1", "direct : 2"],
            "{output}"
        );
        let of_thread: Vec<&str> = lines
            .iter()
            .copied()
            .filter(|l| l.starts_with("thread"))
            .collect();
        assert_eq!(
            of_thread,
            ["thread : 0", "thread : 1", "thread : 2"],
            "{output}"
        );
        assert_eq!(
            lines.iter().filter(|l| **l == "going").count(),
            1,
            "{output}"
        );
        assert_eq!(lines.last(), Some(&"done"), "{output}");
    }

    #[test]
    fn main_runs() {
        super::main();
    }
}
