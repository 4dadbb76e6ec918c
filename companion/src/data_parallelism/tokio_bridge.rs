//! Rayon inside tokio: hand the CPU-bound work to rayon, await its result, and never
//! block the runtime's threads while it runs.

// ANCHOR: tokio_bridge
use rayon::prelude::*;
use tokio::sync::oneshot;

pub async fn sum_of_squares_on_rayon(numbers: Vec<u64>) -> u64 {
    let (tx, rx) = oneshot::channel();
    rayon::spawn(move || {
        let sum = numbers.par_iter().map(|n| n * n).sum();
        // Err only if the receiver is gone (the awaiting task was cancelled): nothing to do.
        let _ = tx.send(sum);
    });
    rx.await.expect("rayon dropped the task without running it")
}

pub async fn sum_of_squares_blocking(numbers: Vec<u64>) -> u64 {
    tokio::task::spawn_blocking(move || numbers.par_iter().map(|n| n * n).sum())
        .await
        .expect("the blocking task panicked")
}

pub fn main() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let numbers: Vec<u64> = (1..=1_000).collect();
        let heartbeat = tokio::spawn(async {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
            "the runtime kept running other tasks"
        });
        let a = sum_of_squares_on_rayon(numbers.clone()).await;
        let b = sum_of_squares_blocking(numbers).await;
        println!("rayon::spawn + oneshot: {a}");
        println!("spawn_blocking:         {b}");
        println!("{}", heartbeat.await.unwrap());
    });
}
// ANCHOR_END: tokio_bridge

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn both_bridges_return_the_sum() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let numbers: Vec<u64> = (1..=1_000).collect();
        let expected: u64 = numbers.iter().map(|n| n * n).sum();
        assert_eq!(expected, 333_833_500);
        assert_eq!(
            runtime.block_on(sum_of_squares_on_rayon(numbers.clone())),
            expected
        );
        assert_eq!(runtime.block_on(sum_of_squares_blocking(numbers)), expected);
        assert_eq!(runtime.block_on(sum_of_squares_on_rayon(Vec::new())), 0);
    }

    /// On a one-thread runtime, the rayon job waits for a message that only another task
    /// of the same runtime sends. If awaiting the job blocked the runtime's thread, that
    /// task could never run: the job would time out and the test fail.
    #[test]
    fn awaiting_rayon_leaves_the_runtime_free() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let (go_tx, go_rx) = mpsc::channel::<()>();
            let (done_tx, done_rx) = oneshot::channel();
            rayon::spawn(move || {
                let got = go_rx.recv_timeout(Duration::from_secs(10)).is_ok();
                let _ = done_tx.send(got);
            });
            tokio::spawn(async move { go_tx.send(()).unwrap() });
            assert!(done_rx.await.unwrap(), "the runtime was blocked");
        });
    }

    #[test]
    fn main_runs() {
        main();
    }
}
