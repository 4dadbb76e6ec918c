//! Sequential against concurrent awaiting, measured.
//!
//! Fixed from source note 001 (errata: `book/errata.md`), "Coroutines": its "In Rust this would look like"
//! block was Kotlin in Rust clothes (`async fn doSomethingUsefulTwo(): Int`, `delay`,
//! `executor::spawn`) and did not compile; this is the same program in real Rust and tokio.

// ANCHOR: useful
use std::time::Duration;

/// How long each piece of "useful work" waits.
pub const WORK: Duration = Duration::from_millis(100);

pub async fn do_something_useful_one() -> u32 {
    tokio::time::sleep(WORK).await; // stands in for a network call
    13
}

pub async fn do_something_useful_two() -> u32 {
    tokio::time::sleep(WORK).await;
    29
}
// ANCHOR_END: useful

// ANCHOR: sequential
use tokio::time::Instant;

pub async fn sequential() -> (u32, Duration) {
    let start = Instant::now();
    let one = do_something_useful_one().await;
    let two = do_something_useful_two().await;
    (one + two, start.elapsed())
}
// ANCHOR_END: sequential

// ANCHOR: concurrent_join
pub async fn concurrent_join() -> (u32, Duration) {
    let start = Instant::now();
    let (one, two) = tokio::join!(do_something_useful_one(), do_something_useful_two());
    (one + two, start.elapsed())
}
// ANCHOR_END: concurrent_join

// ANCHOR: concurrent_spawn
pub async fn concurrent_spawn() -> (u32, Duration) {
    let start = Instant::now();
    let one = tokio::spawn(do_something_useful_one());
    let two = tokio::spawn(do_something_useful_two());
    let answer = one.await.unwrap() + two.await.unwrap();
    (answer, start.elapsed())
}
// ANCHOR_END: concurrent_spawn

// ANCHOR: looks_concurrent
/// Creates both futures first, then awaits them in turn. Nothing runs until it is
/// awaited, so this is as sequential as `sequential`.
pub async fn looks_concurrent() -> (u32, Duration) {
    let start = Instant::now();
    let one = do_something_useful_one();
    let two = do_something_useful_two();
    let answer = one.await + two.await;
    (answer, start.elapsed())
}
// ANCHOR_END: looks_concurrent

// ANCHOR: useful_main
pub fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let (answer, took) = sequential().await;
        println!("sequential:         the answer is {answer}, took {took:?}");
        let (answer, took) = concurrent_join().await;
        println!("tokio::join!:       the answer is {answer}, took {took:?}");
        let (answer, took) = concurrent_spawn().await;
        println!("tokio::spawn:       the answer is {answer}, took {took:?}");
        let (answer, took) = looks_concurrent().await;
        println!("futures made early: the answer is {answer}, took {took:?}");
    });
}
// ANCHOR_END: useful_main

#[cfg(test)]
mod tests {
    use super::*;

    // The paused clock makes time virtual: every sleep finishes the instant nothing else
    // can run, and the elapsed times below are exact.
    #[tokio::test(start_paused = true)]
    async fn sequential_takes_the_sum_of_the_waits() {
        assert_eq!(sequential().await, (42, 2 * WORK));
    }

    #[tokio::test(start_paused = true)]
    async fn join_waits_for_both_at_once() {
        assert_eq!(concurrent_join().await, (42, WORK));
    }

    #[tokio::test(start_paused = true)]
    async fn spawned_tasks_wait_at_once() {
        assert_eq!(concurrent_spawn().await, (42, WORK));
    }

    #[tokio::test(start_paused = true)]
    async fn creating_futures_early_does_not_make_them_concurrent() {
        assert_eq!(looks_concurrent().await, (42, 2 * WORK));
    }

    /// What every run of `main` prints, on any machine: the four versions in order, each
    /// with the answer 42, and none faster than its waits allow (two in a row take at
    /// least 2 × WORK, two at once at least WORK).
    #[cfg(not(loom))]
    #[test]
    fn every_run_prints_the_answer_and_no_version_beats_its_waits() {
        use crate::testing::{assert_took_at_least, run_in_child};
        let output = run_in_child("models::useful_work");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 4, "{output}");
        let expected = [
            ("sequential:        ", 2 * WORK),
            ("tokio::join!:      ", WORK),
            ("tokio::spawn:      ", WORK),
            ("futures made early:", 2 * WORK),
        ];
        for (line, (label, at_least)) in lines.iter().zip(expected) {
            let prefix = format!("{label} the answer is 42, took ");
            assert_took_at_least(line, &prefix, at_least);
        }
    }

    #[test]
    fn main_runs() {
        main();
    }
}
