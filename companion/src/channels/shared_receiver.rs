//! Many consumers on one std channel: put the single `Receiver` behind `Arc<Mutex<…>>`.
//!
//! From source note 002 (errata: `book/errata.md`), "Multiconsumer Channels Using Mutexes". Two defects:
//! `fn next(&mutself)` is a syntax error (a space is missing in `&mut self`), and
//! `#[derive(Clone)]` on `SharedReceiver<T>` only implements `Clone` *when `T: Clone`*,
//! although cloning an `Arc` never needs to clone a `T`: the type cannot be cloned for
//! the very jobs it is meant to share. Here `Clone` is written by hand.
//!
//! `does_not_compile/derived_clone.rs` (E0599, checked by trybuild in
//! `tests/compile_fail.rs`) shows the defect: the derived `Clone` requires `T: Clone`, so a
//! receiver of non-`Clone` jobs cannot be cloned.

// ANCHOR: shared_receiver
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};

pub struct SharedReceiver<T>(Arc<Mutex<Receiver<T>>>);

// Not derived: `#[derive(Clone)]` would add the bound `T: Clone`.
impl<T> Clone for SharedReceiver<T> {
    fn clone(&self) -> Self {
        SharedReceiver(Arc::clone(&self.0))
    }
}

impl<T> Iterator for SharedReceiver<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        // One consumer at a time waits in `recv`; the others wait for the lock.
        let guard = self.0.lock().unwrap();
        guard.recv().ok()
    }
}

pub fn shared_channel<T>() -> (Sender<T>, SharedReceiver<T>) {
    let (sender, receiver) = mpsc::channel();
    (sender, SharedReceiver(Arc::new(Mutex::new(receiver))))
}
// ANCHOR_END: shared_receiver

// ANCHOR: shared_receiver_main
use std::thread;

/// A job is not `Clone`: it is meant to be done exactly once.
#[derive(Debug, PartialEq, Eq)]
pub struct Job(pub u32);

/// Three workers share one queue of jobs; returns, per worker, the jobs it did.
pub fn share_jobs(jobs: u32) -> Vec<Vec<u32>> {
    let (sender, receiver) = shared_channel::<Job>();
    let workers: Vec<_> = (0..3)
        .map(|_| {
            let queue = receiver.clone();
            thread::spawn(move || queue.map(|Job(n)| n).collect::<Vec<u32>>())
        })
        .collect();
    drop(receiver);
    for n in 0..jobs {
        sender.send(Job(n)).unwrap();
    }
    drop(sender); // every worker's loop ends once the queue is empty
    workers
        .into_iter()
        .map(|worker| worker.join().unwrap())
        .collect()
}

pub fn main() {
    for (worker, done) in share_jobs(12).iter().enumerate() {
        println!("worker {worker} did jobs {done:?}");
    }
}
// ANCHOR_END: shared_receiver_main

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
    fn every_job_is_done_exactly_once() {
        let per_worker = within(Duration::from_secs(10), || share_jobs(500)).unwrap();
        assert_eq!(per_worker.len(), 3);
        // Each worker takes jobs in queue order, whichever jobs it gets.
        for done in &per_worker {
            assert!(done.is_sorted(), "{done:?}");
        }
        let mut all: Vec<u32> = per_worker.concat();
        all.sort();
        assert_eq!(all, (0..500).collect::<Vec<_>>());
    }

    #[test]
    fn a_receiver_of_non_clone_jobs_clones() {
        let (next, rest) = within(Duration::from_secs(10), || {
            let (sender, first) = shared_channel::<Job>();
            let mut second = first.clone();
            sender.send(Job(7)).unwrap();
            drop(sender);
            (second.next(), first.count())
        })
        .unwrap();
        assert_eq!(next, Some(Job(7)));
        assert_eq!(rest, 0);
    }
}
