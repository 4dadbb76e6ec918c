//! Piping any iterator through a channel: `iter.off_thread()` runs the iterator on a
//! worker thread, so producing items and consuming them overlap.
//!
//! From source note 002 (errata: `book/errata.md`), "Piping Almost Any Iterator to a Channel": the note
//! returns a bare `mpsc::IntoIter` and drops the worker's `JoinHandle`, so the worker is
//! never joined and a panic inside the iterator looks exactly like a normal end — the
//! consumer silently gets fewer items. Here the returned `OffThread` owns the handle: at
//! the end of the items it joins the worker and re-raises its panic, and dropping it early
//! disconnects the channel (so the worker's next `send` fails and it stops) and joins it.

// ANCHOR: off_thread
use std::sync::mpsc::{self, Receiver};
use std::thread::{self, JoinHandle};

pub trait OffThreadExt: Iterator {
    /// Runs this iterator's `next()` calls on a separate worker thread, at most
    /// `OFF_THREAD_BUFFER` items ahead of the consumer.
    fn off_thread(self) -> OffThread<Self::Item>;
}

pub const OFF_THREAD_BUFFER: usize = 1024;

pub struct OffThread<T> {
    receiver: Option<Receiver<T>>,
    worker: Option<JoinHandle<()>>,
}

impl<I> OffThreadExt for I
where
    I: Iterator + Send + 'static,
    I::Item: Send + 'static,
{
    fn off_thread(self) -> OffThread<I::Item> {
        let (sender, receiver) = mpsc::sync_channel(OFF_THREAD_BUFFER);
        let worker = thread::spawn(move || {
            for item in self {
                if sender.send(item).is_err() {
                    break; // the consumer dropped the OffThread: stop producing
                }
            }
        });
        OffThread {
            receiver: Some(receiver),
            worker: Some(worker),
        }
    }
}

impl<T> Iterator for OffThread<T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        let item = self.receiver.as_ref()?.recv().ok();
        if item.is_none() {
            // The worker dropped its sender: it has finished, or it panicked.
            self.receiver = None;
            if let Some(worker) = self.worker.take()
                && let Err(payload) = worker.join()
            {
                std::panic::resume_unwind(payload);
            }
        }
        item
    }
}

impl<T> Drop for OffThread<T> {
    fn drop(&mut self) {
        drop(self.receiver.take()); // the worker's next `send` now fails
        if let Some(worker) = self.worker.take() {
            // A panic here would be lost anyway (we may be unwinding already);
            // consuming to the end is how to see it.
            let _ = worker.join();
        }
    }
}
// ANCHOR_END: off_thread

// ANCHOR: off_thread_main
use concurrent_rust::fixtures::TempDir;
use concurrent_rust::threads::summary::read_text;

pub fn main() {
    let dir = TempDir::new("off-thread").unwrap();
    let paths: Vec<_> = (1..=3)
        .map(|i| {
            let text = format!("chapter {i} ").repeat(i);
            dir.write(&format!("chapter-{i}.txt"), text).unwrap()
        })
        .collect();
    // Reading happens on the worker while this loop counts words.
    for text in paths.into_iter().map(|path| read_text(&path)).off_thread() {
        let words = text.map(|text| text.split_whitespace().count());
        println!("{words:?}");
    }
}
// ANCHOR_END: off_thread_main

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{SetWhenDropped, within};
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn yields_every_item_in_order() {
        let items: Vec<u32> =
            within(Duration::from_secs(10), || (0..5000).off_thread().collect()).unwrap();
        assert_eq!(items, (0..5000).collect::<Vec<_>>());
    }

    #[test]
    fn dropping_the_consumer_early_stops_the_worker() {
        let produced = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&produced);
        // An endless iterator: only a stopped worker lets `drop` (which joins it) return.
        let taken = within(Duration::from_secs(10), move || {
            let mut numbers = (0_u64..)
                .inspect(move |_| {
                    counter.fetch_add(1, Ordering::SeqCst);
                })
                .off_thread();
            let first: Vec<u64> = numbers.by_ref().take(3).collect();
            drop(numbers);
            first
        })
        .unwrap();
        assert_eq!(taken, vec![0, 1, 2]);
        // Joined: the count is final. At most the 3 taken, a full buffer, and the one
        // item whose `send` failed.
        let produced = produced.load(Ordering::SeqCst);
        assert!(
            (3..=3 + OFF_THREAD_BUFFER + 1).contains(&produced),
            "{produced}"
        );
    }

    #[test]
    fn dropping_the_consumer_returns_only_after_the_worker_has_ended() {
        let ended = Arc::new(AtomicBool::new(false));
        let guard = SetWhenDropped(Arc::clone(&ended));
        let ended_at_drop = within(Duration::from_secs(10), move || {
            let mut numbers = (0_u64..)
                .inspect(move |_| {
                    let _in_the_worker = &guard;
                })
                .off_thread();
            assert_eq!(numbers.next(), Some(0));
            drop(numbers);
            ended.load(Ordering::SeqCst)
        })
        .unwrap();
        assert!(
            ended_at_drop,
            "`drop` returned while the worker was still running"
        );
    }

    #[test]
    fn a_panic_in_the_iterator_reaches_the_consumer() {
        let outcome = within(Duration::from_secs(10), || {
            std::panic::catch_unwind(|| {
                (0..10)
                    .map(|i| {
                        if i == 7 {
                            panic!("item {i} is broken")
                        } else {
                            i
                        }
                    })
                    .off_thread()
                    .count()
            })
        })
        .unwrap();
        let payload = outcome.unwrap_err();
        assert_eq!(
            crate::threads::panics::panic_message(&*payload),
            "item 7 is broken"
        );
    }
}
