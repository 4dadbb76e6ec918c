//! Rayon inside tokio: hand the CPU-bound work to rayon, await its result, and never
//! block the runtime's threads while it runs.

use super::par_iter::sum_of_squares;

// ANCHOR: tokio_bridge
use tokio::sync::oneshot;

pub async fn on_rayon<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        // Err only if the receiver is gone (the awaiting task was cancelled): nothing to do.
        let _ = tx.send(job());
    });
    rx.await.expect("rayon dropped the job without running it")
}

pub async fn on_blocking_pool<T: Send + 'static>(job: impl FnOnce() -> T + Send + 'static) -> T {
    tokio::task::spawn_blocking(job)
        .await
        .expect("the blocking job panicked")
}

pub fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let numbers: Vec<u64> = (1..=1_000).collect();
        let copy = numbers.clone();
        let a = on_rayon(move || sum_of_squares(&copy)).await;
        let b = on_blocking_pool(move || sum_of_squares(&numbers)).await;
        println!("rayon::spawn + oneshot: {a}");
        println!("spawn_blocking:         {b}");
    });
}
// ANCHOR_END: tokio_bridge

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn both_bridges_return_the_jobs_value() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let numbers: Vec<u64> = (1..=1_000).collect();
        let copy = numbers.clone();
        let sum = runtime.block_on(on_rayon(move || sum_of_squares(&copy)));
        assert_eq!(sum, 333_833_500);
        let sum = runtime.block_on(on_blocking_pool(move || sum_of_squares(&numbers)));
        assert_eq!(sum, 333_833_500);
        assert_eq!(runtime.block_on(on_rayon(|| sum_of_squares(&[]))), 0);
    }

    /// On a runtime with one thread, the job waits for a message that only another task of
    /// the same runtime sends. If `bridge` ran the job on the runtime's thread (or blocked
    /// that thread until the job was done), that task could not run: the job would give up
    /// after its timeout and return `false`.
    fn the_runtime_stays_free_while(bridge: fn(Job) -> BoxFuture) {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        let got_the_message = within(Duration::from_secs(20), move || {
            runtime.block_on(async {
                let (go_tx, go_rx) = mpsc::channel::<()>();
                // Err only if the job gave up waiting: the assertion below reports that.
                tokio::spawn(async move { go_tx.send(()).ok() });
                bridge(Box::new(move || {
                    go_rx.recv_timeout(Duration::from_secs(5)).is_ok()
                }))
                .await
            })
        })
        .expect("the bridge hung");
        assert!(
            got_the_message,
            "the job ran while the runtime's thread was blocked"
        );
    }

    type Job = Box<dyn FnOnce() -> bool + Send>;
    type BoxFuture = std::pin::Pin<Box<dyn std::future::Future<Output = bool>>>;

    #[test]
    fn awaiting_on_rayon_leaves_the_runtime_free() {
        the_runtime_stays_free_while(|job| Box::pin(on_rayon(job)));
    }

    #[test]
    fn awaiting_on_the_blocking_pool_leaves_the_runtime_free() {
        the_runtime_stays_free_while(|job| Box::pin(on_blocking_pool(job)));
    }

    #[test]
    fn main_runs() {
        main();
    }
}
