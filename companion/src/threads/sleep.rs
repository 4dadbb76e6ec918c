//! `thread::sleep` pauses the calling thread for *at least* the given duration, and lets
//! the scheduler run other threads meanwhile. Which thread prints first is up to the OS.
//!
//! From `shared/seeds/003_….txt`, "Thread `spawn`": the note says `sleep` stops a thread
//! "for a specific duration"; the guarantee is only a lower bound, the thread may sleep longer.

// ANCHOR: sleep
use std::thread;
use std::time::Duration;

pub fn main() {
    let handle = thread::spawn(|| {
        for step in 1..=3 {
            println!("spawned thread: step {step}");
            thread::sleep(Duration::from_millis(5));
        }
    });

    for step in 1..=3 {
        println!("main thread:    step {step}");
        thread::sleep(Duration::from_millis(5));
    }

    handle.join().unwrap();
}
// ANCHOR_END: sleep

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[test]
    fn sleep_lasts_at_least_the_duration() {
        let start = Instant::now();
        thread::sleep(Duration::from_millis(20));
        assert!(start.elapsed() >= Duration::from_millis(20));
    }

    #[test]
    fn main_runs() {
        main();
    }
}
