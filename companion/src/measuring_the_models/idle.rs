//! Memory per idle thread and per idle task. `count` threads (or tokio tasks) start and
//! wait for a signal that comes only at the end; the process's resident memory (`VmRSS`)
//! is read before they start and while they all wait. Each sample should run in a fresh
//! process (the `idle_memory` example does that), since memory freed by one sample stays
//! with the allocator, and glibc keeps the stacks of ended threads for reuse.

// ANCHOR: idle
use concurrent_rust::async_in_practice::c10k::status_field;
use std::io;
use std::sync::{Arc, Barrier};

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

/// Starts `count` idle threads, samples memory once every one of them has started (the
/// first barrier opens only then), then releases them (the second) and joins them.
pub fn idle_threads(count: usize) -> io::Result<IdleSample> {
    let rss_kib_before = status_field("VmRSS")?;
    let all_waiting = Arc::new(Barrier::new(count + 1));
    let release = Arc::new(Barrier::new(count + 1));
    let mut threads = Vec::with_capacity(count);
    for _ in 0..count {
        let (all_waiting, release) = (Arc::clone(&all_waiting), Arc::clone(&release));
        // A thread that cannot start makes this an error; those already started stay
        // blocked until the process ends, which the `idle_memory` example's child does.
        threads.push(std::thread::Builder::new().spawn(move || {
            all_waiting.wait();
            release.wait();
        })?);
    }
    all_waiting.wait();
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

/// Starts `count` idle tokio tasks on a current-thread runtime, samples memory once every
/// one has started (a barrier), each on its way to wait for a permit of a semaphore that
/// has none, then gives the permits and waits for every task.
pub fn idle_tasks(count: usize) -> io::Result<IdleSample> {
    let rss_kib_before = status_field("VmRSS")?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let all_waiting = Arc::new(tokio::sync::Barrier::new(count + 1));
        let permits = Arc::new(tokio::sync::Semaphore::new(0));
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..count {
            let (all_waiting, permits) = (Arc::clone(&all_waiting), Arc::clone(&permits));
            tasks.spawn(async move {
                all_waiting.wait().await;
                let _permit = permits.acquire().await;
            });
        }
        // The tasks run while this one waits at the barrier, which opens only when every
        // task has reached it: all have started, and each goes on to wait for a permit.
        all_waiting.wait().await;
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
