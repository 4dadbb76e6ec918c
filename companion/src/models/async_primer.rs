//! A first look at futures: blocking against async waiting, joining, timeouts.
//!
//! Fixed from source note 004 (errata: `book/errata.md`), "Primer on Multithreading": its snippets called
//! `std::time::sleep` (the function is `std::thread::sleep`), declared `future_1` twice and
//! then used an undefined `future_2`, called the `futures::join!` macro as a function, and
//! dropped the `Result` of `timeout` unread.

// ANCHOR: blocking_wait
use std::time::Duration;

/// Blocks the calling OS thread: nothing else runs on it while it sleeps.
pub fn blocking_wait(how_long: Duration) {
    std::thread::sleep(how_long);
}

/// Suspends only this future: the thread is free to run other tasks meanwhile.
pub async fn async_wait(how_long: Duration) {
    tokio::time::sleep(how_long).await;
}
// ANCHOR_END: blocking_wait

// ANCHOR: join_two_sleeps
use tokio::time::Instant;

/// Two waits of `each`, awaited together; returns how long that took.
pub async fn two_sleeps_together(each: Duration) -> Duration {
    let start = Instant::now();
    let future_1 = async_wait(each);
    let future_2 = async_wait(each);
    tokio::join!(future_1, future_2);
    start.elapsed()
}
// ANCHOR_END: join_two_sleeps

// ANCHOR: timeout
use tokio::time::error::Elapsed;

/// A request handler that takes `work` to answer.
pub async fn handle_request(work: Duration) -> String {
    tokio::time::sleep(work).await;
    String::from("200 OK")
}

/// Gives the handler at most `limit`; past it, the handler is dropped (cancelled).
pub async fn with_deadline(work: Duration, limit: Duration) -> Result<String, Elapsed> {
    tokio::time::timeout(limit, handle_request(work)).await
}
// ANCHOR_END: timeout

// ANCHOR: primer_main
pub fn main() {
    let start = std::time::Instant::now();
    blocking_wait(Duration::from_millis(50));
    println!("blocking_wait took {:?}", start.elapsed());

    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let start = Instant::now();
        async_wait(Duration::from_millis(50)).await;
        println!("async_wait took {:?}", start.elapsed());

        let took = two_sleeps_together(Duration::from_millis(100)).await;
        println!("two 100 ms sleeps, joined, took {took:?}");

        let fast = Duration::from_millis(10);
        let slow = Duration::from_millis(500);
        let limit = Duration::from_millis(100);
        println!("fast request: {:?}", with_deadline(fast, limit).await);
        println!("slow request: {:?}", with_deadline(slow, limit).await);
    });
}
// ANCHOR_END: primer_main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocking_wait_blocks_for_at_least_the_duration() {
        let start = std::time::Instant::now();
        blocking_wait(Duration::from_millis(20));
        // `thread::sleep` may oversleep but never returns early.
        assert!(start.elapsed() >= Duration::from_millis(20));
    }

    #[tokio::test(start_paused = true)]
    async fn async_wait_takes_exactly_its_duration_on_the_paused_clock() {
        let start = Instant::now();
        async_wait(Duration::from_secs(1)).await;
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    #[tokio::test(start_paused = true)]
    async fn two_joined_sleeps_take_as_long_as_one() {
        let each = Duration::from_secs(1);
        assert_eq!(two_sleeps_together(each).await, each);
    }

    /// The same two futures awaited one after the other: `async_wait` is an `async fn`, so
    /// its future starts nothing, not even its timer, until it is polled, and the second
    /// wait begins when the first has ended.
    #[tokio::test(start_paused = true)]
    async fn the_same_waits_awaited_in_turn_take_twice_as_long() {
        let each = Duration::from_secs(1);
        let start = Instant::now();
        let future_1 = async_wait(each);
        let future_2 = async_wait(each);
        future_1.await;
        future_2.await;
        assert_eq!(start.elapsed(), 2 * each);
    }

    /// Why Listing 1.4 is built from `async_wait`: `tokio::time::sleep` fixes its deadline
    /// when it is called, so two `sleep`s created together end together even when they are
    /// awaited in turn, and would show nothing about `join!`.
    #[tokio::test(start_paused = true)]
    async fn a_tokio_sleep_starts_its_clock_when_called() {
        let each = Duration::from_secs(1);
        let start = Instant::now();
        let sleep_1 = tokio::time::sleep(each);
        let sleep_2 = tokio::time::sleep(each);
        sleep_1.await;
        sleep_2.await;
        assert_eq!(start.elapsed(), each);
    }

    /// What `blocking_wait` blocks: on a runtime with one thread, a task spawned before it
    /// cannot run until it returns, while `async_wait` lets the task run during the wait.
    #[test]
    fn blocking_wait_holds_the_thread_and_async_wait_frees_it() {
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let ran = Arc::new(AtomicBool::new(false));
            let task = tokio::spawn({
                let ran = Arc::clone(&ran);
                async move { ran.store(true, Ordering::SeqCst) }
            });
            blocking_wait(Duration::from_millis(10));
            assert!(
                !ran.load(Ordering::SeqCst),
                "the task ran during a blocking wait"
            );
            async_wait(Duration::from_millis(10)).await;
            assert!(
                ran.load(Ordering::SeqCst),
                "the task did not run during async_wait"
            );
            task.await.unwrap();
        });
    }

    #[tokio::test(start_paused = true)]
    async fn a_fast_request_answers_within_the_deadline() {
        let start = Instant::now();
        let answer = with_deadline(Duration::from_millis(10), Duration::from_secs(1)).await;
        assert_eq!(answer.as_deref(), Ok("200 OK"));
        assert_eq!(start.elapsed(), Duration::from_millis(10));
    }

    #[tokio::test(start_paused = true)]
    async fn a_slow_request_is_cut_off_at_the_deadline() {
        let start = Instant::now();
        let answer = with_deadline(Duration::from_secs(5), Duration::from_secs(1)).await;
        assert!(answer.is_err());
        assert_eq!(start.elapsed(), Duration::from_secs(1));
    }

    /// What every run of `main` prints, on any machine: these lines in this order, no wait
    /// shorter than it asked for, the fast request answered and the slow one cut off.
    #[cfg(not(loom))]
    #[test]
    fn every_run_waits_at_least_as_asked_and_cuts_off_the_slow_request() {
        use crate::testing::{assert_took_at_least, run_in_child};
        let output = run_in_child("models::async_primer");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 5, "{output}");
        let ms = Duration::from_millis;
        assert_took_at_least(lines[0], "blocking_wait took ", ms(50));
        assert_took_at_least(lines[1], "async_wait took ", ms(50));
        assert_took_at_least(lines[2], "two 100 ms sleeps, joined, took ", ms(100));
        assert_eq!(lines[3], r#"fast request: Ok("200 OK")"#);
        assert_eq!(lines[4], "slow request: Err(Elapsed(()))");
    }

    #[test]
    fn main_runs() {
        main();
    }
}
