//! crossbeam-channel: both ends clone, so many workers can share one queue without a
//! `Mutex`; and `bounded(n)` is the same backpressure as std's `sync_channel(n)`.

// ANCHOR: crossbeam_workers
use crossbeam::channel::{bounded, unbounded};
use std::thread;

/// Runs `work` on each job, on `workers` threads that share one bounded queue, and
/// returns the results sorted (they arrive in whatever order the workers finish).
pub fn on_workers<T: Send, R: Send + Ord>(
    jobs: impl IntoIterator<Item = T>,
    workers: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R> {
    let (job_sender, job_receiver) = bounded::<T>(8);
    let (result_sender, result_receiver) = unbounded::<R>();
    thread::scope(|scope| {
        for _ in 0..workers {
            // A crossbeam Receiver is Clone: each worker gets its own handle.
            let (jobs, results, work) = (job_receiver.clone(), result_sender.clone(), &work);
            scope.spawn(move || {
                for job in jobs {
                    results.send(work(job)).unwrap();
                }
            });
        }
        // Only the workers' handles may keep the two channels open.
        drop(job_receiver);
        drop(result_sender);
        for job in jobs {
            // Blocks while 8 jobs are waiting; fails once every worker is gone.
            if job_sender.send(job).is_err() {
                break;
            }
        }
        drop(job_sender);
        let mut results: Vec<R> = result_receiver.iter().collect();
        results.sort();
        results
    })
}

pub fn main() {
    println!("{:?}", on_workers(0..10_u64, 3, |n| n * n));
}
// ANCHOR_END: crossbeam_workers

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Barrier};
    use std::time::Duration;

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn every_job_gives_exactly_one_result() {
        let results = within(Duration::from_secs(10), || {
            on_workers(0..1000_u64, 4, |n| n * n)
        })
        .unwrap();
        assert_eq!(results, (0..1000).map(|n| n * n).collect::<Vec<_>>());
    }

    #[test]
    fn every_worker_runs_at_the_same_time() {
        // Each job waits at a barrier until three jobs are there: three workers must be
        // taking jobs at once. With fewer threads the first wait never ends.
        let barrier = Barrier::new(3);
        let results = within(Duration::from_secs(10), move || {
            on_workers(0..30_u32, 3, |n| {
                barrier.wait();
                n
            })
        })
        .expect("fewer than three workers took jobs at once");
        assert_eq!(results, (0..30).collect::<Vec<_>>());
    }

    #[test]
    fn the_queue_holds_eight_jobs_and_then_the_producer_waits() {
        // The workers hold their first job until the gate opens (its sender is dropped);
        // meanwhile the producer can fill the queue, take one more job, and must wait.
        let pulled = Arc::new(AtomicUsize::new(0));
        let (gate_opener, gate) = bounded::<()>(0);
        let run = thread::spawn({
            let pulled = Arc::clone(&pulled);
            move || {
                let jobs = (0..100_u32).inspect(move |_| {
                    pulled.fetch_add(1, Ordering::SeqCst);
                });
                on_workers(jobs, 2, move |n| {
                    let _ = gate.recv(); // returns once the gate's sender is dropped
                    n
                })
            }
        });
        // However long we wait: 2 jobs held, 8 in the queue, 1 in the producer's hand. An
        // unbounded queue would take all 100 at once.
        thread::sleep(Duration::from_millis(300));
        let ahead = pulled.load(Ordering::SeqCst);
        drop(gate_opener);
        let results = within(Duration::from_secs(10), move || run.join().unwrap()).unwrap();
        assert!(ahead <= 2 + 8 + 1, "the producer took {ahead} jobs");
        assert_eq!(results, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn with_no_worker_the_producer_stops_instead_of_waiting() {
        // No worker holds a `Receiver`, so the first `send` fails: the call returns. Had
        // `on_workers` kept its own `job_receiver`, the ninth `send` would wait for ever.
        let results = within(Duration::from_secs(10), || on_workers(0..100_u32, 0, |n| n))
            .expect("the producer waited for workers that do not exist");
        assert!(results.is_empty());
    }

    #[test]
    fn no_jobs_no_results() {
        assert!(
            within(Duration::from_secs(10), || on_workers(0..0_u64, 2, |n| n))
                .unwrap()
                .is_empty()
        );
    }
}
