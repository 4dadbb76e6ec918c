//! crossbeam-channel: both ends clone, so many workers can share one queue without a
//! `Mutex`; and `bounded(n)` is the same backpressure as std's `sync_channel(n)`.

// ANCHOR: crossbeam_workers
use crossbeam::channel::{bounded, unbounded};
use std::thread;

/// Squares `0..jobs` on `workers` threads that share one bounded queue, and returns the
/// results sorted (they arrive in whatever order the workers finish).
pub fn square_on_workers(jobs: u64, workers: usize) -> Vec<u64> {
    let (job_sender, job_receiver) = bounded::<u64>(8);
    let (result_sender, result_receiver) = unbounded::<u64>();
    thread::scope(|scope| {
        for _ in 0..workers {
            // A crossbeam Receiver is Clone: each worker gets its own handle.
            let jobs = job_receiver.clone();
            let results = result_sender.clone();
            scope.spawn(move || {
                for n in jobs {
                    results.send(n * n).unwrap();
                }
            });
        }
        drop(result_sender);
        for n in 0..jobs {
            job_sender.send(n).unwrap(); // blocks while 8 jobs are already waiting
        }
        drop(job_sender);
        let mut results: Vec<u64> = result_receiver.iter().collect();
        results.sort();
        results
    })
}

pub fn main() {
    println!("{:?}", square_on_workers(10, 3));
}
// ANCHOR_END: crossbeam_workers

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn every_job_gives_exactly_one_result() {
        let results = within(Duration::from_secs(10), || square_on_workers(1000, 4)).unwrap();
        assert_eq!(results, (0..1000).map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn the_queue_holds_eight_jobs_and_the_ninth_waits_for_a_worker() {
        // No workers: nobody ever takes a job off the queue. Eight fit, so the call
        // returns (with no results)...
        assert!(
            within(Duration::from_secs(10), || square_on_workers(8, 0))
                .unwrap()
                .is_empty()
        );
        // ...but the ninth `send` blocks for as long as nobody receives: the call never
        // returns. (An unbounded queue would take all nine and return at once; the blocked
        // thread is left behind, and ends with the test process.)
        let ninth = within(Duration::from_millis(500), || square_on_workers(9, 0));
        assert!(
            ninth.is_err(),
            "nine jobs went into a queue bounded at eight"
        );
    }

    #[test]
    fn no_jobs_no_results() {
        assert!(
            within(Duration::from_secs(10), || square_on_workers(0, 2))
                .unwrap()
                .is_empty()
        );
    }
}
