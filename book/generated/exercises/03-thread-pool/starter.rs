use crossbeam::channel;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread::{self, JoinHandle};

/// A job as the queue holds it: a closure to run once, on whichever worker takes it.
type BoxedJob = Box<dyn FnOnce() + Send + 'static>;

pub struct ThreadPool {
    // Your fields: for example the sending end of the job queue, and the
    // workers' handles.
    _todo: (),
}

impl ThreadPool {
    /// Starts `workers` threads that take jobs from one shared queue.
    ///
    /// Panics if `workers` is 0: a pool without workers would never run anything.
    pub fn new(workers: usize) -> ThreadPool {
        assert!(workers > 0, "a pool needs at least one worker");
        todo!("one job queue, and `workers` threads that each take jobs from it until it ends")
    }

    /// Queues `job` and returns at once, with the receiving end of a channel on which the
    /// job's answer will arrive. If the job panics, that receiver reports the channel's
    /// end instead (`RecvError`), and the pool carries on with its other jobs.
    pub fn submit<T, F>(&self, job: F) -> mpsc::Receiver<T>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        todo!("a reply channel per job; queue a `BoxedJob` that runs `job` and sends its answer")
    }
}

impl Drop for ThreadPool {
    /// Closes the queue, lets the workers run every job still in it, and returns once
    /// every worker has ended.
    fn drop(&mut self) {
        todo!("close the queue, then wait for every worker")
    }
}
