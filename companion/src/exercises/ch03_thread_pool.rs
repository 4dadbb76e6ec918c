//! Exercise 3.1: A thread pool that finishes its work.
//!
//! A fixed set of worker threads takes jobs from one shared queue. Each job's answer comes
//! back on a channel of its own; a job that panics loses only its own answer. Dropping the
//! pool closes the queue, lets the workers run every job still in it, and returns once
//! every worker has ended. The full statement is in the book page.

use crossbeam::channel;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};

/// A job as the queue holds it: a closure to run once, on whichever worker takes it.
type BoxedJob = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    // STARTER: // Your fields: for example the sending end of the job queue, and the
    // STARTER: // workers' handles.
    // STARTER: _todo: (),
    // SOLUTION
    /// `None` once `drop` has closed the queue.
    jobs: Option<channel::Sender<BoxedJob>>,
    workers: Vec<JoinHandle<()>>,
    // END SOLUTION
}

impl ThreadPool {
    /// Starts `workers` threads that take jobs from one shared queue.
    ///
    /// Panics if `workers` is 0: a pool without workers would never run anything.
    pub fn new(workers: usize) -> ThreadPool {
        assert!(workers > 0, "a pool needs at least one worker");
        // STARTER: todo!("one job queue, and `workers` threads that each take jobs from it until it ends")
        // SOLUTION
        let (jobs, queue) = channel::unbounded::<BoxedJob>();
        let workers = (0..workers)
            .map(|_| {
                // A crossbeam Receiver is Clone: every worker takes from the same queue.
                let queue = queue.clone();
                thread::spawn(move || work(queue))
            })
            .collect();
        ThreadPool {
            jobs: Some(jobs),
            workers,
        }
        // END SOLUTION
    }

    /// Queues `job` and returns at once, with the receiving end of a channel on which the
    /// job's answer will arrive. If the job panics, that receiver reports the channel's
    /// end instead (`RecvError`), and the pool carries on with its other jobs.
    pub fn submit<T, F>(&self, job: F) -> mpsc::Receiver<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        // STARTER: todo!("a reply channel per job; queue a `BoxedJob` that runs `job` and sends its answer")
        // SOLUTION
        let (reply, answer) = mpsc::channel();
        let job: BoxedJob = Box::new(move || {
            // An error means the caller dropped its Receiver: nobody wants the answer.
            let _ = reply.send(job());
        });
        self.jobs
            .as_ref()
            .expect("set until drop")
            .send(job)
            .expect("every worker has stopped: none is left to take the job");
        answer
        // END SOLUTION
    }
}

// SOLUTION
/// A worker: runs jobs until the queue has ended (every Sender dropped) and is empty.
fn work(queue: channel::Receiver<BoxedJob>) {
    for job in queue {
        // END SOLUTION
        // SOLUTION survive_a_panic
        // A panic unwinds only the job: its reply Sender is dropped on the way, so its
        // caller sees the channel end, and this worker goes on to the next job.
        let _ = panic::catch_unwind(AssertUnwindSafe(job));
        // END SOLUTION
        // SOLUTION
    }
}
// END SOLUTION

impl Drop for ThreadPool {
    /// Closes the queue, lets the workers run every job still in it, and returns once
    /// every worker has ended.
    fn drop(&mut self) {
        // STARTER: todo!("close the queue, then wait for every worker")
        // SOLUTION close_then_join
        // First the queue's only Sender: each worker's loop ends once the queue is empty...
        drop(self.jobs.take());
        // ...so these joins return.
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        // END SOLUTION
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrent_rust::fixtures::within;
    use std::panic::{self, AssertUnwindSafe};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::sync::{Arc, Condvar, Mutex};
    use std::thread;
    use std::time::Duration;

    /// How long a test waits for an answer, or a job for the others, before it gives up:
    /// far longer than a right answer needs.
    const PATIENCE: Duration = Duration::from_secs(2);

    /// How long `drop` must go on waiting while its jobs are held.
    const HOLD: Duration = Duration::from_millis(200);

    /// A meeting point for `expected` jobs that gives up after `PATIENCE`.
    struct Meeting {
        arrived: Mutex<usize>,
        changed: Condvar,
        expected: usize,
    }

    impl Meeting {
        /// Waits until every job has arrived; false if they did not within `PATIENCE`.
        fn all_here(&self) -> bool {
            let mut arrived = self.arrived.lock().unwrap();
            *arrived += 1;
            self.changed.notify_all();
            let (arrived, _) = self
                .changed
                .wait_timeout_while(arrived, PATIENCE, |n| *n < self.expected)
                .unwrap();
            *arrived >= self.expected
        }
    }

    #[test]
    fn every_answer_arrives_on_its_own_receiver() {
        let answers = within(Duration::from_secs(5), || {
            let pool = ThreadPool::new(3);
            let receivers: Vec<_> = (0..50_u64).map(|n| pool.submit(move || n * n)).collect();
            receivers
                .into_iter()
                .map(|answer| answer.recv_timeout(PATIENCE))
                .collect::<Vec<_>>()
        })
        .expect("fifty small jobs on three workers never finished: a hang (in drop?)");
        let expected: Vec<_> = (0..50_u64).map(|n| Ok(n * n)).collect();
        assert_eq!(
            answers, expected,
            "job n answers n * n, and each answer must arrive on the Receiver that submit \
             returned for that job (left: what yours received)"
        );
    }

    #[test]
    fn workers_run_jobs_at_the_same_time() {
        let met = within(Duration::from_secs(10), || {
            let pool = ThreadPool::new(3);
            let meeting = Arc::new(Meeting {
                arrived: Mutex::new(0),
                changed: Condvar::new(),
                expected: 3,
            });
            let receivers: Vec<_> = (0..3)
                .map(|_| {
                    let meeting = Arc::clone(&meeting);
                    pool.submit(move || meeting.all_here())
                })
                .collect();
            receivers
                .into_iter()
                .map(|answer| answer.recv_timeout(PATIENCE * 2))
                .collect::<Vec<_>>()
        })
        .expect("three jobs on three workers never finished: a hang (in drop?)");
        assert_eq!(
            met,
            [Ok(true), Ok(true), Ok(true)],
            "three jobs that wait for each other must all meet on a pool of three workers: \
             each worker takes a job of its own, and the three run at the same time"
        );
    }

    #[test]
    fn a_panicking_job_loses_only_its_own_answer() {
        let (lost, after) = within(Duration::from_secs(10), || {
            let pool = ThreadPool::new(1);
            let boom = pool.submit(|| -> u32 { panic!("a job that panics on purpose") });
            let lost = boom.recv_timeout(PATIENCE);
            let after = panic::catch_unwind(AssertUnwindSafe(|| {
                pool.submit(|| 7_u32).recv_timeout(PATIENCE)
            }))
            .unwrap_or(Err(RecvTimeoutError::Disconnected));
            (lost, after)
        })
        .expect("a pool whose job panicked never finished: a hang (in drop?)");
        assert_eq!(
            lost,
            Err(RecvTimeoutError::Disconnected),
            "a job that panics has no answer: its Receiver must report the channel's end, \
             not wait (and not receive anything)"
        );
        assert_eq!(
            after,
            Ok(7),
            "after a job panicked, the pool's only worker must still take the next job and \
             answer it: a panic must end the job, not the worker"
        );
    }

    #[test]
    fn drop_waits_for_every_queued_job() {
        let pool = ThreadPool::new(2);
        let done = Arc::new(AtomicUsize::new(0));
        // Every job waits at this gate until `open` is dropped: six jobs, two workers, so
        // two jobs are running and four are still queued when the pool is dropped.
        let (open, gate) = crossbeam::channel::bounded::<()>(0);
        for _ in 0..6 {
            let (gate, done) = (gate.clone(), Arc::clone(&done));
            // Nobody wants these answers: the jobs must run all the same.
            drop(pool.submit(move || {
                let _ = gate.recv();
                done.fetch_add(1, Ordering::SeqCst);
            }));
        }
        let (dropping, started) = mpsc::channel();
        let (dropped, returned) = mpsc::channel();
        let dropper = {
            let done = Arc::clone(&done);
            thread::spawn(move || {
                let _ = dropping.send(());
                drop(pool);
                let _ = dropped.send(done.load(Ordering::SeqCst));
            })
        };
        let _ = started.recv_timeout(PATIENCE);
        // The jobs are held: drop must not return yet.
        let early = returned.recv_timeout(HOLD);
        drop(open);
        assert!(
            early.is_err(),
            "drop(pool) returned while its six jobs were still held ({} of 6 had run): drop \
             must wait for every queued job, by joining the workers",
            early.unwrap_or_default()
        );
        let finished = within(Duration::from_secs(5), move || returned.recv())
            .expect(
                "drop(pool) never returned once its jobs were let go: the workers wait for \
                 more jobs until the queue is closed, so drop must close the queue before it \
                 joins them",
            )
            .expect("the thread that dropped the pool panicked");
        assert_eq!(
            finished, 6,
            "when drop(pool) returns, every job submitted before it must have run, the four \
             still queued included"
        );
        dropper.join().unwrap();
    }

    #[test]
    fn dropping_an_idle_pool_returns() {
        within(Duration::from_secs(5), || drop(ThreadPool::new(4))).expect(
            "dropping a pool with no jobs never returned: its workers wait for jobs until the \
             queue is closed, so drop must close the queue before it joins them",
        );
    }
}
