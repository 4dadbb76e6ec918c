//! tokio's runtimes: `#[tokio::main]` written out by hand, where spawned tasks run, and what
//! a `JoinHandle` reports about a task that returned, panicked or was aborted.

// ANCHOR: by_hand
use std::future::Future;

/// What `#[tokio::main]` does with the body of an `async fn main`: build a multi-thread
/// runtime (one worker thread per CPU, with the I/O and time drivers enabled) and block the
/// calling thread on the future until it is done.
pub fn block_on_multi_thread<F: Future>(future: F) -> std::io::Result<F::Output> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(future))
}
// ANCHOR_END: by_hand

// ANCHOR: outcomes
use std::time::Duration;
use tokio::task::JoinError;

/// What became of a task, as awaiting its `JoinHandle` reports it.
pub fn describe(result: Result<u32, JoinError>) -> String {
    match result {
        Ok(value) => format!("returned {value}"),
        Err(error) if error.is_panic() => {
            let payload = error.into_panic();
            let message = payload.downcast_ref::<&str>().copied().unwrap_or("?");
            format!("panicked: {message}")
        }
        // A `JoinError` is one of two things: a panic, or a cancellation.
        Err(_) => String::from("was cancelled"),
    }
}

/// Three tasks: one returns, one panics, one is aborted while it sleeps.
pub async fn three_tasks() -> [String; 3] {
    let returns = tokio::spawn(async { 6 * 7 });
    let panics = tokio::spawn(async { panic!("the task failed") });
    let sleeps = tokio::spawn(async {
        tokio::time::sleep(Duration::from_secs(3600)).await;
        1
    });
    sleeps.abort();
    [
        describe(returns.await),
        describe(panics.await),
        describe(sleeps.await),
    ]
}
// ANCHOR_END: outcomes

// ANCHOR: runtimes_main
pub fn main() {
    let outcomes = block_on_multi_thread(three_tasks()).expect("a tokio runtime");
    for outcome in outcomes {
        println!("{outcome}");
    }
}
// ANCHOR_END: runtimes_main

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::runtime::{Handle, RuntimeFlavor};

    #[test]
    fn block_on_multi_thread_runs_spawned_tasks_on_worker_threads() {
        let caller = std::thread::current().id();
        let (flavor, worker) = block_on_multi_thread(async {
            let flavor = Handle::current().runtime_flavor();
            let worker = tokio::spawn(async {
                let thread = std::thread::current();
                (thread.id(), thread.name().map(String::from))
            })
            .await
            .unwrap();
            (flavor, worker)
        })
        .unwrap();
        assert_eq!(flavor, RuntimeFlavor::MultiThread);
        assert_ne!(worker.0, caller, "a spawned task runs on a worker thread");
        assert_eq!(worker.1.as_deref(), Some("tokio-rt-worker"));
    }

    /// The contrast: `#[tokio::test]` builds a current-thread runtime, whose tasks all run on
    /// the thread that called `block_on`.
    #[tokio::test]
    async fn a_current_thread_runtime_runs_its_tasks_on_the_calling_thread() {
        assert_eq!(
            Handle::current().runtime_flavor(),
            RuntimeFlavor::CurrentThread
        );
        let here = std::thread::current().id();
        let there = tokio::spawn(async { std::thread::current().id() })
            .await
            .unwrap();
        assert_eq!(there, here);
    }

    #[tokio::test(start_paused = true)]
    async fn a_panic_and_an_abort_come_back_as_join_errors() {
        assert_eq!(
            three_tasks().await,
            ["returned 42", "panicked: the task failed", "was cancelled"]
        );
    }

    #[test]
    fn main_runs() {
        main();
    }
}
