use crossbeam::channel;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};

/// A job as the queue holds it: a closure to run once, on whichever worker takes it.
type BoxedJob = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    /// `None` once `drop` has closed the queue.
    jobs: Option<channel::Sender<BoxedJob>>,
    workers: Vec<JoinHandle<()>>,
}

impl ThreadPool {
    /// Starts `workers` threads that take jobs from one shared queue.
    ///
    /// Panics if `workers` is 0: a pool without workers would never run anything.
    pub fn new(workers: usize) -> ThreadPool {
        assert!(workers > 0, "a pool needs at least one worker");
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
    }

    /// Queues `job` and returns at once, with the receiving end of a channel on which the
    /// job's answer will arrive. If the job panics, that receiver reports the channel's
    /// end instead (`RecvError`), and the pool carries on with its other jobs.
    pub fn submit<T, F>(&self, job: F) -> mpsc::Receiver<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
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
    }
}

/// A worker: runs jobs until the queue has ended (every Sender dropped) and is empty.
fn work(queue: channel::Receiver<BoxedJob>) {
    for job in queue {
        // A panic unwinds only the job: its reply Sender is dropped on the way, so its
        // caller sees the channel end, and this worker goes on to the next job.
        let _ = panic::catch_unwind(AssertUnwindSafe(job));
    }
}

impl Drop for ThreadPool {
    /// Closes the queue, lets the workers run every job still in it, and returns once
    /// every worker has ended.
    fn drop(&mut self) {
        // First the queue's only Sender: each worker's loop ends once the queue is empty...
        drop(self.jobs.take());
        // ...so these joins return.
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}
