//! Cancellation is dropping a future: whatever it would have done after the `.await` it was
//! suspended at never happens. What it started elsewhere (a spawned task) is not dropped.

// ANCHOR: steps
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts its steps in `done`: one before a sleep of `pause`, one after it.
pub async fn two_steps(done: Arc<AtomicUsize>, pause: Duration) {
    done.fetch_add(1, Ordering::Relaxed);
    tokio::time::sleep(pause).await;
    done.fetch_add(1, Ordering::Relaxed);
}
// ANCHOR_END: steps

// ANCHOR: cut_off
/// Runs `two_steps` under a deadline of `limit`, and returns how many steps were done
/// once the deadline has passed and the pause would have ended too.
pub async fn cut_off(pause: Duration, limit: Duration) -> usize {
    let done = Arc::new(AtomicUsize::new(0));
    // `Err(Elapsed)` if the limit came first: the future was dropped then.
    let _ = tokio::time::timeout(limit, two_steps(Arc::clone(&done), pause)).await;
    // Wait past the end of the pause: a future that still existed would have finished now.
    tokio::time::sleep(pause).await;
    done.load(Ordering::Relaxed)
}
// ANCHOR_END: cut_off

// ANCHOR: spawned_survives
/// The same deadline around a future that *spawned* `two_steps`: dropping the `JoinHandle`
/// detaches the task; it is not cancelled, and finishes both steps.
pub async fn spawned_task_survives(pause: Duration, limit: Duration) -> usize {
    let done = Arc::new(AtomicUsize::new(0));
    let spawner = {
        let done = Arc::clone(&done);
        async move {
            let task = tokio::spawn(two_steps(done, pause));
            task.await.unwrap();
        }
    };
    let result = tokio::time::timeout(limit, spawner).await;
    assert!(result.is_err(), "the deadline passed first");
    tokio::time::sleep(pause).await;
    done.load(Ordering::Relaxed)
}
// ANCHOR_END: spawned_survives

#[cfg(test)]
mod tests {
    use super::*;

    const PAUSE: Duration = Duration::from_secs(10);
    const LIMIT: Duration = Duration::from_secs(1);

    // ANCHOR: contrast
    #[tokio::test(start_paused = true)]
    async fn a_cancelled_future_never_takes_its_second_step() {
        assert_eq!(cut_off(PAUSE, LIMIT).await, 1);
        // The contrast: with a limit longer than the pause, both steps are done.
        assert_eq!(cut_off(PAUSE, 2 * PAUSE).await, 2);
    }
    // ANCHOR_END: contrast

    #[tokio::test(start_paused = true)]
    async fn a_task_spawned_by_a_cancelled_future_runs_to_the_end() {
        assert_eq!(spawned_task_survives(PAUSE, LIMIT).await, 2);
    }

    #[tokio::test(start_paused = true)]
    async fn another_task_runs_while_one_sleeps() {
        // On a current-thread runtime: if `two_steps` blocked the thread in its pause,
        // the other task could not count until it was over.
        let done = Arc::new(AtomicUsize::new(0));
        let sleeper = tokio::spawn(two_steps(Arc::clone(&done), PAUSE));
        let start = tokio::time::Instant::now();
        let counter = Arc::clone(&done);
        tokio::spawn(async move { counter.fetch_add(10, Ordering::Relaxed) })
            .await
            .unwrap();
        assert_eq!(
            start.elapsed(),
            Duration::ZERO,
            "the other task ran at once"
        );
        assert_eq!(done.load(Ordering::Relaxed), 11);
        sleeper.await.unwrap();
        assert_eq!(done.load(Ordering::Relaxed), 12);
    }
}
