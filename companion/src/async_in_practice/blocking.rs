//! What "blocking" does to a runtime: on a current-thread runtime, a task that blocks the
//! thread stops every other task; `spawn_blocking` moves the blocking call to tokio's
//! blocking pool, and the other tasks keep running.

// ANCHOR: blocking
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A task that ticks every millisecond until `stop` is set; returns how often it ticked.
async fn heartbeat(ticks: Arc<AtomicUsize>, stop: Arc<std::sync::atomic::AtomicBool>) {
    while !stop.load(Ordering::Relaxed) {
        ticks.fetch_add(1, Ordering::Relaxed);
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
}

/// On a current-thread runtime, runs a heartbeat next to a job that sleeps for `work`,
/// either on the runtime's thread (`blocking == true`) or on the blocking pool. Returns
/// how many ticks the heartbeat made while the job ran.
pub fn ticks_during(work: Duration, blocking: bool) -> usize {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime");
    runtime.block_on(async {
        let ticks = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let beat = tokio::spawn(heartbeat(Arc::clone(&ticks), Arc::clone(&stop)));
        tokio::task::yield_now().await; // let the heartbeat start
        let before = ticks.load(Ordering::Relaxed);
        if blocking {
            std::thread::sleep(work); // WRONG in async code: the thread can run nothing else
        } else {
            tokio::task::spawn_blocking(move || std::thread::sleep(work))
                .await
                .expect("the blocking job did not panic");
        }
        let during = ticks.load(Ordering::Relaxed) - before;
        stop.store(true, Ordering::Relaxed);
        beat.await.expect("the heartbeat did not panic");
        during
    })
}
// ANCHOR_END: blocking

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;

    #[test]
    fn a_blocking_sleep_stops_every_other_task_on_its_thread() {
        let during = within(Duration::from_secs(10), || {
            ticks_during(Duration::from_millis(200), true)
        })
        .unwrap();
        assert_eq!(
            during, 0,
            "the heartbeat ticked while the thread was blocked"
        );
    }

    #[test]
    fn spawn_blocking_leaves_the_runtime_free_for_other_tasks() {
        let during = within(Duration::from_secs(10), || {
            ticks_during(Duration::from_millis(200), false)
        })
        .unwrap();
        // 200 ticks at best; a loaded machine gets fewer, but never none.
        assert!(
            during > 0,
            "the heartbeat never ticked during spawn_blocking"
        );
    }
}
