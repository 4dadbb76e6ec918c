//! A minimal executor, to show what a runtime does: a queue of tasks, a waker that puts its
//! task back on the queue, and a loop that polls whatever is on the queue until no task is
//! left. Plus `block_on`, the one-future version that parks the calling thread.

// ANCHOR: block_on
use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::{Context, Poll, Wake, Waker};
use std::thread::{self, Thread};

/// Wakes a parked thread: the waker `block_on` hands to its future.
struct Unpark(Thread);

impl Wake for Unpark {
    fn wake(self: Arc<Self>) {
        self.0.unpark();
    }
}

/// Polls `future` on the calling thread until it is ready, parking the thread whenever the
/// future is `Pending` until its waker is called.
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let waker = Waker::from(Arc::new(Unpark(thread::current())));
    let mut context = Context::from_waker(&waker);
    loop {
        match future.as_mut().poll(&mut context) {
            Poll::Ready(output) => return output,
            // A spurious unpark only costs one more poll, so a loop is all it takes.
            Poll::Pending => thread::park(),
        }
    }
}
// ANCHOR_END: block_on

// ANCHOR: executor
use std::pin::Pin;
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, Sender};

type BoxedFuture = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A spawned future, and the queue its waker puts it back on.
struct Task {
    future: Mutex<Option<BoxedFuture>>,
    queue: Sender<Arc<Task>>,
}

impl Wake for Task {
    fn wake(self: Arc<Self>) {
        let queue = self.queue.clone();
        // The executor may be gone (it ended, or panicked): then nobody will poll, and
        // there is nothing to do.
        let _ = queue.send(self);
    }
}

pub struct Executor {
    ready: Receiver<Arc<Task>>,
    queue: Sender<Arc<Task>>,
}

impl Executor {
    pub fn new() -> Executor {
        let (queue, ready) = mpsc::channel();
        Executor { ready, queue }
    }

    /// Puts `future` on the queue; it runs when `run` polls it.
    pub fn spawn(&self, future: impl Future<Output = ()> + Send + 'static) {
        let task = Arc::new(Task {
            future: Mutex::new(Some(Box::pin(future))),
            queue: self.queue.clone(),
        });
        self.queue
            .send(task)
            .expect("the executor owns the receiver");
    }

    /// Polls queued tasks until every task has finished. A task that is `Pending` is
    /// polled again only after something calls its waker; until then its waker (held by
    /// whatever it waits for) keeps the queue open, so `run` waits for it.
    pub fn run(self) {
        let Executor { ready, queue } = self;
        drop(queue); // from now on, only tasks (through their wakers) can queue work
        for task in ready {
            let mut slot = task.future.lock().unwrap();
            let Some(mut future) = slot.take() else {
                continue; // finished already; a late wake-up
            };
            let waker = Waker::from(Arc::clone(&task));
            let mut context = Context::from_waker(&waker);
            if future.as_mut().poll(&mut context).is_pending() {
                *slot = Some(future); // wait for the waker to queue it again
            }
        }
    }
}
// ANCHOR_END: executor

impl Default for Executor {
    fn default() -> Executor {
        Executor::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::how_async_works::futures::{Countdown, Signal};
    use crate::testing::within;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    #[test]
    fn block_on_returns_what_the_async_block_returns() {
        let answer = within(Duration::from_secs(10), || block_on(async { 6 * 7 })).unwrap();
        assert_eq!(answer, 42);
    }

    #[test]
    fn block_on_polls_a_countdown_once_more_than_its_count() {
        let polls = within(Duration::from_secs(10), || block_on(Countdown::new(3))).unwrap();
        assert_eq!(polls, 4, "three Pending, then Ready");
    }

    #[test]
    fn two_tasks_that_wait_for_each_other_both_finish() {
        // Task `first` waits for a signal that only `second` sends, and `second` waits for
        // one that only `first` sends after its wait: run one task to the end before
        // starting the other, and neither finishes.
        let finished = Arc::new(AtomicUsize::new(0));
        let done = Arc::clone(&finished);
        within(Duration::from_secs(10), move || {
            let (ping, pong) = (Signal::new(), Signal::new());
            let executor = Executor::new();
            executor.spawn({
                let (ping, pong, done) = (ping.clone(), pong.clone(), Arc::clone(&done));
                async move {
                    ping.wait().await;
                    pong.set();
                    done.fetch_add(1, Ordering::Relaxed);
                }
            });
            executor.spawn(async move {
                ping.set();
                pong.wait().await;
                done.fetch_add(1, Ordering::Relaxed);
            });
            executor.run();
        })
        .unwrap();
        assert_eq!(finished.load(Ordering::Relaxed), 2);
    }

    #[test]
    fn run_returns_once_every_task_has_finished() {
        let count = Arc::new(AtomicUsize::new(0));
        let seen = Arc::clone(&count);
        within(Duration::from_secs(10), move || {
            let executor = Executor::new();
            for n in 1..=5 {
                let seen = Arc::clone(&seen);
                executor.spawn(async move {
                    let polls = Countdown::new(n).await;
                    seen.fetch_add(polls, Ordering::Relaxed);
                });
            }
            executor.run();
        })
        .unwrap();
        assert_eq!(count.load(Ordering::Relaxed), (2..=6).sum::<usize>());
    }

    #[test]
    fn a_task_whose_future_keeps_no_waker_never_resumes() {
        // `ForgetfulPending` returns `Pending` without keeping the waker. Nothing can ever
        // queue the task again, so when the waker is dropped the task is dropped with it,
        // unfinished, and `run` ends: the line after the `.await` never runs.
        let resumed = Arc::new(AtomicUsize::new(0));
        let flag = Arc::clone(&resumed);
        within(Duration::from_secs(10), move || {
            let executor = Executor::new();
            executor.spawn(async move {
                crate::how_async_works::futures::ForgetfulPending.await;
                flag.fetch_add(1, Ordering::Relaxed);
            });
            executor.run();
        })
        .unwrap();
        assert_eq!(resumed.load(Ordering::Relaxed), 0);
    }
}
