//! Memory per idle thread and per idle task. `count` threads (or tokio tasks) start and
//! wait for a signal that comes only at the end; the process's resident memory (`VmRSS`)
//! is read before they start and while they all wait. Each sample should run in a fresh
//! process (the `idle_memory` example does that), since memory freed by one sample stays
//! with the allocator, and glibc keeps the stacks of ended threads for reuse.

// ANCHOR: idle
use concurrent_rust::async_in_practice::c10k::status_field;
use std::io;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Idle {
    Threads,
    Tasks,
}

/// One sample: resident memory (KiB) and thread count before the idle units started and
/// while all of them waited.
#[derive(Debug, Clone, PartialEq)]
pub struct IdleSample {
    pub model: Idle,
    pub count: usize,
    pub rss_kib_before: u64,
    pub rss_kib_holding: u64,
    pub threads_holding: u64,
}

/// How long the units may take to start before the sample gives up.
const START_LIMIT: Duration = Duration::from_secs(30);

/// Starts `count` idle threads, each blocked in `Barrier::wait`, and samples memory once
/// all have started; then releases and joins them.
pub fn idle_threads(count: usize) -> io::Result<IdleSample> {
    let rss_kib_before = status_field("VmRSS")?;
    let release = Arc::new(Barrier::new(count + 1));
    let started = Arc::new(AtomicUsize::new(0));
    let mut threads = Vec::with_capacity(count);
    for _ in 0..count {
        let (release, started) = (Arc::clone(&release), Arc::clone(&started));
        threads.push(std::thread::Builder::new().spawn(move || {
            started.fetch_add(1, Ordering::SeqCst);
            release.wait();
        })?);
    }
    let deadline = Instant::now() + START_LIMIT;
    while started.load(Ordering::SeqCst) < count {
        if Instant::now() > deadline {
            return Err(io::Error::other(
                "the idle threads did not all start in time",
            ));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    let sample = IdleSample {
        model: Idle::Threads,
        count,
        rss_kib_before,
        rss_kib_holding: status_field("VmRSS")?,
        threads_holding: status_field("Threads")?,
    };
    release.wait();
    for thread in threads {
        thread
            .join()
            .map_err(|_| io::Error::other("an idle thread panicked"))?;
    }
    Ok(sample)
}

/// Starts `count` idle tokio tasks on a current-thread runtime, each waiting for a permit
/// of a semaphore that has none, and samples memory once all have started; then gives the
/// permits and waits for every task.
pub fn idle_tasks(count: usize) -> io::Result<IdleSample> {
    let rss_kib_before = status_field("VmRSS")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let permits = Arc::new(tokio::sync::Semaphore::new(0));
        let started = Arc::new(AtomicUsize::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..count {
            let (permits, started) = (Arc::clone(&permits), Arc::clone(&started));
            tasks.spawn(async move {
                started.fetch_add(1, Ordering::SeqCst);
                let _permit = permits.acquire().await;
            });
        }
        // The tasks run when this one yields: once every one has started, all wait.
        let deadline = Instant::now() + START_LIMIT;
        while started.load(Ordering::SeqCst) < count {
            if Instant::now() > deadline {
                return Err(io::Error::other("the idle tasks did not all start in time"));
            }
            tokio::task::yield_now().await;
        }
        let sample = IdleSample {
            model: Idle::Tasks,
            count,
            rss_kib_before,
            rss_kib_holding: status_field("VmRSS")?,
            threads_holding: status_field("Threads")?,
        };
        permits.add_permits(count);
        while let Some(ended) = tasks.join_next().await {
            ended.map_err(|error| io::Error::other(format!("an idle task failed: {error}")))?;
        }
        Ok(sample)
    })
}

// ANCHOR_END: idle

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_threads_are_all_alive_at_the_sample_and_cost_memory() {
        let sample = idle_threads(64).unwrap();
        assert!(sample.threads_holding >= 65, "{sample:?}");
        assert!(sample.rss_kib_holding > sample.rss_kib_before, "{sample:?}");
    }

    #[test]
    fn idle_tasks_need_no_thread_each() {
        let sample = idle_tasks(2000).unwrap();
        assert_eq!(sample.count, 2000);
        // The test harness has a thread or two of its own, but not 2000.
        assert!(sample.threads_holding < 100, "{sample:?}");
    }
}
