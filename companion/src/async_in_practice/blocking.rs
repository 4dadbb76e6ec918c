//! What "blocking" does to a runtime: on a current-thread runtime, a task that blocks the
//! thread stops every other task; `spawn_blocking` moves the blocking call to tokio's
//! blocking pool, and the other tasks keep running. `block_in_place` does the same on a
//! multi-thread runtime, and panics on a current-thread one.

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

// ANCHOR: block_in_place
/// On a multi-thread runtime with one worker, runs a heartbeat next to a task that sleeps
/// for `work` inside `block_in_place`. Returns how many ticks the heartbeat made meanwhile.
pub fn ticks_during_block_in_place(work: Duration) -> usize {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .expect("a multi-thread runtime");
    runtime.block_on(async {
        let ticks = Arc::new(AtomicUsize::new(0));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let beat = tokio::spawn(heartbeat(Arc::clone(&ticks), Arc::clone(&stop)));
        let counted = Arc::clone(&ticks);
        let job = tokio::spawn(async move {
            tokio::task::yield_now().await;
            counted.store(0, Ordering::Relaxed); // count from here
            // The worker hands its other tasks to a new worker thread, then blocks.
            tokio::task::block_in_place(|| std::thread::sleep(work));
            counted.load(Ordering::Relaxed)
        });
        let during = job.await.expect("the job did not panic");
        stop.store(true, Ordering::Relaxed);
        beat.await.expect("the heartbeat did not panic");
        during
    })
}

pub fn main() {
    let work = Duration::from_millis(100);
    println!(
        "std::thread::sleep on the runtime thread: {} ticks",
        ticks_during(work, true)
    );
    println!(
        "spawn_blocking:                           {} ticks",
        ticks_during(work, false)
    );
    println!(
        "block_in_place (multi-thread runtime):    {} ticks",
        ticks_during_block_in_place(work)
    );
}
// ANCHOR_END: block_in_place

#[cfg(all(test, not(loom)))] // `run_in_child` is not built under loom
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

    #[test]
    fn block_in_place_lets_the_other_tasks_of_a_multi_thread_runtime_run() {
        let during = within(Duration::from_secs(10), || {
            ticks_during_block_in_place(Duration::from_millis(200))
        })
        .unwrap();
        // A tick sleeps 1 ms, so 200 ms hold at most about 200; even a loaded machine
        // runs ten of them.
        assert!(
            (10..=250).contains(&during),
            "the heartbeat ticked {during} times during 200 ms of block_in_place"
        );
    }

    #[test]
    fn block_in_place_panics_on_a_current_thread_runtime() {
        let outcome = within(Duration::from_secs(10), || {
            std::thread::spawn(|| {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .build()
                    .unwrap();
                runtime.block_on(async { tokio::task::block_in_place(|| 42) })
            })
            .join()
        })
        .unwrap();
        let payload = outcome.expect_err("block_in_place returned on a current-thread runtime");
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or_default();
        assert_eq!(
            message,
            "can call blocking only when running on the multi-threaded runtime"
        );
    }

    #[test]
    fn main_prints_one_line_per_way_of_blocking() {
        let output = crate::testing::run_in_child("async_in_practice::blocking");
        assert!(
            output.contains("std::thread::sleep on the runtime thread: 0 ticks\n"),
            "{output}"
        );
        assert_eq!(output.lines().count(), 3, "{output}");
    }
}
