//! `tokio::sync`, one small use of each: mpsc, oneshot, broadcast (and `Lagged`), watch,
//! `Semaphore` and `Mutex`.

// ANCHOR: mpsc
/// Three producers send into a bounded channel; `recv` returns `None` once every sender
/// is gone, which ends the loop.
pub async fn mpsc_sum() -> u64 {
    let (tx, mut rx) = tokio::sync::mpsc::channel(4);
    for producer in 0..3u64 {
        let tx = tx.clone();
        tokio::spawn(async move {
            for i in 0..10 {
                // Waits (without blocking the thread) while the channel is full.
                tx.send(producer * 100 + i)
                    .await
                    .expect("the receiver is alive");
            }
        });
    }
    drop(tx);
    let mut sum = 0;
    while let Some(value) = rx.recv().await {
        sum += value;
    }
    sum
}
// ANCHOR_END: mpsc

// ANCHOR: oneshot
use tokio::sync::oneshot;

/// A request that carries its own reply channel: the usual way to get an answer back.
pub async fn ask_for_double(n: u64) -> u64 {
    let (reply, answer) = oneshot::channel();
    tokio::spawn(async move {
        let _ = reply.send(2 * n);
    });
    answer.await.expect("the task replied")
}
// ANCHOR_END: oneshot

// ANCHOR: broadcast
use tokio::sync::broadcast::{self, error::RecvError};

/// Every receiver sees every message, as long as it keeps up: this one falls behind a
/// channel of capacity 2 and is told how many messages it missed.
pub async fn a_slow_subscriber() -> Vec<Result<u32, RecvError>> {
    let (tx, mut rx) = broadcast::channel(2);
    for i in 1..=5 {
        tx.send(i).expect("a receiver exists");
    }
    drop(tx);
    let mut seen = Vec::new();
    loop {
        match rx.recv().await {
            Err(RecvError::Closed) => return seen,
            other => seen.push(other),
        }
    }
}
// ANCHOR_END: broadcast

// ANCHOR: watch
use tokio::sync::watch;

/// A watch channel holds one value: a receiver that looks late sees only the latest.
pub async fn latest_only() -> (u32, bool) {
    let (tx, mut rx) = watch::channel(0);
    for version in 1..=3 {
        tx.send(version).expect("a receiver exists");
    }
    let seen = *rx.borrow_and_update();
    // Nothing new since the look: `changed` would wait; the sender is dropped, so it errs.
    drop(tx);
    (seen, rx.changed().await.is_err())
}
// ANCHOR_END: watch

// ANCHOR: semaphore
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::sync::Semaphore;

/// Ten tasks, at most `limit` of them inside at once; returns the most seen inside.
pub async fn at_most(limit: usize) -> usize {
    let permits = Arc::new(Semaphore::new(limit));
    let inside = Arc::new(AtomicUsize::new(0));
    let most = Arc::new(AtomicUsize::new(0));
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..10 {
        let (permits, inside, most) = (permits.clone(), inside.clone(), most.clone());
        tasks.spawn(async move {
            let _permit = permits.acquire().await.expect("the semaphore is open");
            let now = inside.fetch_add(1, Ordering::SeqCst) + 1;
            most.fetch_max(now, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_millis(10)).await;
            inside.fetch_sub(1, Ordering::SeqCst);
        });
    }
    tasks.join_all().await;
    most.load(Ordering::SeqCst)
}
// ANCHOR_END: semaphore

// ANCHOR: async_mutex
/// tokio's `Mutex`: its guard may be held across an `.await`, and the task waiting for
/// the lock is suspended, not blocked.
pub async fn add_slowly(tasks: u64) -> u64 {
    let total = Arc::new(tokio::sync::Mutex::new(0));
    let mut set = tokio::task::JoinSet::new();
    for _ in 0..tasks {
        let total = Arc::clone(&total);
        set.spawn(async move {
            let mut guard = total.lock().await;
            let read = *guard;
            tokio::time::sleep(Duration::from_millis(1)).await;
            *guard = read + 1;
        });
    }
    set.join_all().await;
    *total.lock().await
}
// ANCHOR_END: async_mutex

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn mpsc_delivers_every_message_once() {
        let expected: u64 = (0..3u64)
            .map(|p| (0..10).map(|i| p * 100 + i).sum::<u64>())
            .sum();
        assert_eq!(mpsc_sum().await, expected);
    }

    #[tokio::test]
    async fn oneshot_brings_the_reply_back() {
        assert_eq!(ask_for_double(21).await, 42);
    }

    #[tokio::test]
    async fn a_lagging_broadcast_receiver_is_told_what_it_missed() {
        assert_eq!(
            a_slow_subscriber().await,
            [Err(RecvError::Lagged(3)), Ok(4), Ok(5)]
        );
    }

    #[tokio::test]
    async fn watch_keeps_only_the_latest_value() {
        assert_eq!(latest_only().await, (3, true));
    }

    #[tokio::test(start_paused = true)]
    async fn a_semaphore_bounds_how_many_are_inside() {
        assert_eq!(at_most(3).await, 3);
        assert_eq!(at_most(1).await, 1);
    }

    #[tokio::test(start_paused = true)]
    async fn a_guard_held_across_await_loses_no_update() {
        assert_eq!(add_slowly(20).await, 20);
    }
}
