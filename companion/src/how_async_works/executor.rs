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

// ANCHOR: executor_main
/// Four tasks on one thread: a hand-written future, an `async fn`, and two tasks that
/// each wait for the other.
pub fn main() {
    let executor = Executor::new();
    executor.spawn(async {
        let polls = Countdown::new(2).await;
        println!("countdown: ready after {polls} polls");
    });
    executor.spawn(async {
        println!("two_countdowns(1, 1) = {}", two_countdowns(1, 1).await);
    });
    let (ping, pong) = (Signal::new(), Signal::new());
    executor.spawn({
        let (ping, pong) = (ping.clone(), pong.clone());
        async move {
            println!("A: ping");
            ping.set();
            pong.wait().await;
            println!("A: got the pong");
        }
    });
    executor.spawn(async move {
        ping.wait().await;
        println!("B: got the ping, pong");
        pong.set();
    });
    executor.run();
    println!("run returned: every task has finished");
}
// ANCHOR_END: executor_main

use crate::how_async_works::futures::{Countdown, Signal};
use crate::how_async_works::state_machine::two_countdowns;

#[cfg(test)]
mod tests {
    use super::*;
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

    /// Two tasks hand a turn back and forth through one-shot signals, `ROUNDS` times:
    /// `ping` only ever runs after the previous `pong`, so the log alternates only if the
    /// executor switches between the tasks at each `.await`, all on the calling thread.
    #[test]
    fn ping_pong_alternates_between_two_tasks_on_one_thread() {
        const ROUNDS: usize = 5;
        let log = Arc::new(Mutex::new(Vec::new()));
        let record = Arc::clone(&log);
        let caller = within(Duration::from_secs(10), move || {
            let pings: Vec<Signal> = (0..ROUNDS).map(|_| Signal::new()).collect();
            let pongs: Vec<Signal> = (0..ROUNDS).map(|_| Signal::new()).collect();
            let executor = Executor::new();
            executor.spawn({
                let (pings, pongs, log) = (pings.clone(), pongs.clone(), Arc::clone(&record));
                async move {
                    for round in 0..ROUNDS {
                        let me = thread::current().id();
                        log.lock().unwrap().push((format!("ping {round}"), me));
                        pings[round].set();
                        pongs[round].wait().await;
                    }
                }
            });
            executor.spawn(async move {
                for round in 0..ROUNDS {
                    pings[round].wait().await;
                    let me = thread::current().id();
                    record.lock().unwrap().push((format!("pong {round}"), me));
                    pongs[round].set();
                }
            });
            executor.run();
            thread::current().id()
        })
        .unwrap();
        let log = log.lock().unwrap();
        let expected: Vec<String> = (0..ROUNDS)
            .flat_map(|round| [format!("ping {round}"), format!("pong {round}")])
            .collect();
        let events: Vec<&String> = log.iter().map(|(event, _)| event).collect();
        assert_eq!(events, expected.iter().collect::<Vec<_>>());
        assert!(
            log.iter().all(|(_, id)| *id == caller),
            "a task ran elsewhere"
        );
    }

    #[cfg(not(loom))]
    #[test]
    fn every_task_of_main_finishes_and_a_waits_for_b() {
        let output = crate::testing::run_in_child("how_async_works::executor");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 6, "{output}");
        let at = |line: &str| lines.iter().position(|l| *l == line).expect(line);
        assert!(at("A: ping") < at("B: got the ping, pong"));
        assert!(at("B: got the ping, pong") < at("A: got the pong"));
        at("countdown: ready after 3 polls");
        at("two_countdowns(1, 1) = 4");
        assert_eq!(lines[5], "run returned: every task has finished");
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
}
