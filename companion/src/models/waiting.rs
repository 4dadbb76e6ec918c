//! The same waiting job done by one OS thread per job, and by one async task per job on a
//! runtime that has a single thread.

// ANCHOR: wait_in_threads
use std::thread::{self, ThreadId};
use std::time::Duration;

/// Runs `jobs` jobs that each wait for `wait`, one OS thread per job.
/// Returns, for each job, its number and the thread that ran it.
pub fn wait_in_threads(jobs: usize, wait: Duration) -> Vec<(usize, ThreadId)> {
    thread::scope(|s| {
        let handles: Vec<_> = (0..jobs)
            .map(|job| {
                s.spawn(move || {
                    thread::sleep(wait);
                    (job, thread::current().id())
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
// ANCHOR_END: wait_in_threads

// ANCHOR: wait_in_tasks
/// Runs `jobs` jobs that each wait for `wait`, one tokio task per job, on whatever
/// runtime the caller is in.
pub async fn wait_in_tasks(jobs: usize, wait: Duration) -> Vec<(usize, ThreadId)> {
    let handles: Vec<_> = (0..jobs)
        .map(|job| {
            tokio::spawn(async move {
                tokio::time::sleep(wait).await;
                (job, thread::current().id())
            })
        })
        .collect();
    let mut done = Vec::with_capacity(jobs);
    for handle in handles {
        done.push(handle.await.unwrap());
    }
    done
}
// ANCHOR_END: wait_in_tasks

// ANCHOR: waiting_main
use concurrent_rust::models::os_threads::threads_in_process_during;
use std::collections::HashSet;

fn threads_used(done: &[(usize, ThreadId)]) -> usize {
    done.iter().map(|&(_, id)| id).collect::<HashSet<_>>().len()
}

pub fn main() {
    let (jobs, wait) = (1_000, Duration::from_millis(100));

    let start = std::time::Instant::now();
    let (done, os_threads) = threads_in_process_during(|| wait_in_threads(jobs, wait));
    println!(
        "{} jobs on {} OS threads took {:?}; {os_threads}",
        done.len(),
        threads_used(&done),
        start.elapsed()
    );

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .unwrap();
    let start = std::time::Instant::now();
    let (done, os_threads) =
        threads_in_process_during(|| runtime.block_on(wait_in_tasks(jobs, wait)));
    println!(
        "{} jobs as tasks on {} OS thread took {:?}; {os_threads}",
        done.len(),
        threads_used(&done),
        start.elapsed()
    );
}
// ANCHOR_END: waiting_main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_job_gets_its_own_thread() {
        let done = wait_in_threads(8, Duration::from_millis(1));
        let jobs: Vec<usize> = done.iter().map(|&(job, _)| job).collect();
        assert_eq!(jobs, (0..8).collect::<Vec<_>>());
        assert_eq!(threads_used(&done), 8);
    }

    /// The threads wait at the same time: twenty waits of half a second end well within
    /// 5 s, where the same jobs run one after another (each thread joined before the next
    /// is spawned) would need 10 s. The limit only detects that; it is not a measurement.
    #[test]
    fn the_threads_wait_at_the_same_time() {
        use crate::testing::within;
        let wait = Duration::from_millis(500);
        let start = std::time::Instant::now();
        let done = within(Duration::from_secs(5), move || wait_in_threads(20, wait))
            .expect("the jobs waited one after another, not at the same time");
        assert_eq!(done.len(), 20);
        assert!(start.elapsed() >= wait);
    }

    // A current-thread runtime runs every task on the thread that drives it: the tasks are
    // concurrent (they all wait at once) without any parallelism.
    #[tokio::test(start_paused = true)]
    async fn tasks_share_one_thread_and_wait_at_the_same_time() {
        let wait = Duration::from_secs(1);
        let start = tokio::time::Instant::now();
        let done = wait_in_tasks(1_000, wait).await;
        assert_eq!(start.elapsed(), wait);
        let jobs: Vec<usize> = done.iter().map(|&(job, _)| job).collect();
        assert_eq!(jobs, (0..1_000).collect::<Vec<_>>());
        assert_eq!(threads_used(&done), 1);
        assert_eq!(done[0].1, thread::current().id());
    }

    /// What every run of `main` prints, on any machine: a thousand jobs on a thousand
    /// threads, a thousand tasks on one, neither faster than one wait of 100 ms, and no
    /// thread started for the tasks.
    #[cfg(not(loom))]
    #[test]
    fn every_run_counts_the_jobs_and_the_threads_they_used() {
        use crate::testing::{assert_took_at_least, run_in_child};
        let output = run_in_child("models::waiting");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 2, "{output}");
        let wait = Duration::from_millis(100);
        let (threads, tasks) = (lines[0], lines[1]);
        let (timed, counts) = threads.split_once("; ").unwrap();
        assert_took_at_least(timed, "1000 jobs on 1000 OS threads took ", wait);
        assert!(counts.starts_with("threads in the process: "), "{output}");
        let (timed, counts) = tasks.split_once("; ").unwrap();
        assert_took_at_least(timed, "1000 jobs as tasks on 1 OS thread took ", wait);
        let numbers: Vec<usize> = counts
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        let [before, most_during] = numbers[..] else {
            panic!("{output}")
        };
        assert!(most_during <= before, "the tasks started threads: {output}");
    }

    #[test]
    fn main_runs() {
        main();
    }
}
