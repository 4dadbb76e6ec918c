//! Exercise 7.1: A countdown latch.
//!
//! A `Latch` starts at a count; `count_down` takes one off, and `wait()` is a hand-written
//! future that is ready once the count is zero. Any number of tasks may wait: each waiter
//! keeps its latest waker in the latch, and the last `count_down` wakes every one of them.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
// SOLUTION
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::task::Waker;
// END SOLUTION

/// A count shared by clones: every clone counts down and waits on the same latch.
#[derive(Clone)]
pub struct Latch {
    // STARTER: // Your fields: for example the count and the waiters' wakers, behind one
    // STARTER: // `Arc<Mutex<…>>` that every clone and every `LatchWait` shares.
    // STARTER: _todo: (),
    // SOLUTION
    state: Arc<Mutex<LatchState>>,
    // END SOLUTION
}

// SOLUTION
struct LatchState {
    count: usize,
    /// The latest waker of each pending waiter, by the waiter's id.
    waiters: HashMap<u64, Waker>,
    next_id: u64,
}
// END SOLUTION

impl Latch {
    /// A latch that opens after `count` calls of `count_down` (at once if `count` is 0).
    pub fn new(count: usize) -> Latch {
        // STARTER: todo!("a latch at `count`, with no waiters yet")
        // SOLUTION
        Latch {
            state: Arc::new(Mutex::new(LatchState {
                count,
                waiters: HashMap::new(),
                next_id: 0,
            })),
        }
        // END SOLUTION
    }

    /// How many `count_down`s are still needed; 0 once the latch is open.
    pub fn count(&self) -> usize {
        // STARTER: todo!("the count now")
        // SOLUTION
        self.state.lock().unwrap().count
        // END SOLUTION
    }

    /// Takes one off the count (nothing happens once it is 0). The call that brings it to
    /// 0 wakes every pending waiter, after releasing the lock.
    pub fn count_down(&self) {
        // STARTER: todo!("count down; the last count down wakes every waiter")
        // SOLUTION count_down
        let waiters = {
            let mut state = self.state.lock().unwrap();
            if state.count == 0 {
                return;
            }
            state.count -= 1;
            if state.count > 0 {
                return;
            }
            std::mem::take(&mut state.waiters)
        };
        // The count is 0 before anyone is woken, and the lock is free: a woken task may
        // be polled at once, on another thread, and its poll takes the lock.
        for waker in waiters.into_values() {
            waker.wake();
        }
        // END SOLUTION
    }

    /// A future that is ready once the count is 0.
    pub fn wait(&self) -> LatchWait {
        // STARTER: todo!("a new waiter on this latch")
        // SOLUTION
        let mut state = self.state.lock().unwrap();
        let id = state.next_id;
        state.next_id += 1;
        LatchWait {
            state: Arc::clone(&self.state),
            id,
        }
        // END SOLUTION
    }
}

/// One waiter: the future `Latch::wait` returns.
pub struct LatchWait {
    // STARTER: // Your fields: the shared state, and what tells this waiter from the others.
    // STARTER: _todo: (),
    // SOLUTION
    state: Arc<Mutex<LatchState>>,
    id: u64,
    // END SOLUTION
}

impl Future for LatchWait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        // STARTER: todo!("Ready once the count is 0; otherwise keep the waker, then Pending")
        // SOLUTION register
        let mut state = self.state.lock().unwrap();
        if state.count == 0 {
            return Poll::Ready(());
        }
        // This waiter's *latest* waker replaces the one it left before: the future may
        // have moved to another task since its last poll.
        state.waiters.insert(self.id, context.waker().clone());
        Poll::Pending
        // END SOLUTION
    }
}

// SOLUTION
/// A waiter that is dropped (cancelled, in a `select!` that another branch won) takes its
/// waker out of the latch: nothing is left to wake, and nothing piles up.
impl Drop for LatchWait {
    fn drop(&mut self) {
        if let Ok(mut state) = self.state.lock() {
            state.waiters.remove(&self.id);
        }
    }
}
// END SOLUTION

#[cfg(test)]
mod tests {
    use super::*;
    use concurrent_rust::fixtures::within;
    use std::future::Future;
    use std::pin::Pin;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Mutex};
    use std::task::{Context, Poll, Wake, Waker};
    use std::time::Duration;

    /// A waker that counts how often it is woken.
    #[derive(Default)]
    struct WakeCount(AtomicUsize);

    impl Wake for WakeCount {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    fn counting_waker() -> (Arc<WakeCount>, Waker) {
        let count = Arc::new(WakeCount::default());
        let waker = Waker::from(Arc::clone(&count));
        (count, waker)
    }

    fn wakes(count: &WakeCount) -> usize {
        count.0.load(Ordering::SeqCst)
    }

    fn poll_once(wait: &mut LatchWait, waker: &Waker) -> Poll<()> {
        Pin::new(wait).poll(&mut Context::from_waker(waker))
    }

    /// Runs the async test on a current-thread runtime whose clock is paused: time jumps
    /// to the next timer whenever every task is waiting, so a task that is never woken
    /// makes a `timeout` fire at once instead of hanging the test.
    fn on_paused_tokio<F: Future<Output = ()>>(test: impl FnOnce() -> F + Send + 'static) {
        within(Duration::from_secs(5), move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .start_paused(true)
                .build()
                .unwrap()
                .block_on(test())
        })
        .expect(
            "the test's runtime hung: something blocks its thread (a lock held across a wake?)",
        );
    }

    #[test]
    fn the_count_goes_down_to_zero_and_stays_there() {
        let latch = Latch::new(3);
        assert_eq!(latch.count(), 3, "a new latch starts at its count");
        let mut seen = Vec::new();
        for _ in 0..4 {
            latch.count_down();
            seen.push(latch.count());
        }
        assert_eq!(
            seen,
            [2, 1, 0, 0],
            "each count_down takes one off, and an open latch stays at 0"
        );
        assert_eq!(Latch::new(0).count(), 0, "a latch of 0 is open at once");
    }

    #[test]
    fn wait_on_an_open_latch_is_ready_at_once() {
        let (count, waker) = counting_waker();
        let mut wait = Latch::new(0).wait();
        assert_eq!(
            poll_once(&mut wait, &waker),
            Poll::Ready(()),
            "a latch of 0 is open: its wait() must be Ready on the first poll"
        );
        let latch = Latch::new(2);
        latch.count_down();
        latch.count_down();
        let mut wait = latch.wait();
        assert_eq!(
            poll_once(&mut wait, &waker),
            Poll::Ready(()),
            "a latch counted down to 0 is open: a wait() made afterwards must be Ready at once"
        );
        assert_eq!(wakes(&count), 0, "a Ready poll has nothing to wake");
    }

    #[test]
    fn a_waiter_is_woken_once_by_the_last_count_down() {
        let (count, waker) = counting_waker();
        let latch = Latch::new(3);
        let mut wait = latch.wait();
        for left in [3, 2] {
            assert_eq!(
                poll_once(&mut wait, &waker),
                Poll::Pending,
                "the latch is at {left}: wait() must be Pending"
            );
            latch.count_down();
            assert_eq!(
                wakes(&count),
                0,
                "count_down woke the waiter although the count is not 0 yet"
            );
        }
        assert_eq!(poll_once(&mut wait, &waker), Poll::Pending);
        latch.count_down();
        assert_eq!(
            wakes(&count),
            1,
            "the last count_down must wake the pending waiter exactly once; 0 means the \
             waiter returned Pending without leaving its waker in the latch, and its task \
             would never be polled again"
        );
        assert_eq!(
            poll_once(&mut wait, &waker),
            Poll::Ready(()),
            "woken, the waiter must find the latch open"
        );
    }

    #[test]
    fn count_down_wakes_the_latest_waker_of_each_waiter() {
        let (first, first_waker) = counting_waker();
        let (latest, latest_waker) = counting_waker();
        let (other, other_waker) = counting_waker();
        let latch = Latch::new(1);
        let mut wait = latch.wait();
        let mut another = latch.wait();
        assert!(poll_once(&mut wait, &first_waker).is_pending());
        assert!(poll_once(&mut another, &other_waker).is_pending());
        // The same future polled again with a different waker: it moved to another task.
        assert!(poll_once(&mut wait, &latest_waker).is_pending());
        latch.count_down();
        assert_eq!(
            wakes(&latest),
            1,
            "the waiter's latest waker was not woken: a future polled with a new waker must \
             replace the old one, or the task that now owns it is never woken"
        );
        assert_eq!(
            wakes(&first),
            0,
            "a stale waker (one the future was polled with before) was woken"
        );
        assert_eq!(
            wakes(&other),
            1,
            "the other waiter was not woken: every waiter keeps a waker of its own"
        );
    }

    #[test]
    fn a_wait_moved_to_another_task_still_finishes() {
        on_paused_tokio(|| async {
            let latch = Latch::new(1);
            let mut wait = latch.wait();
            // The first task polls the wait once, with its own waker, then hands it on.
            let (hand_on, handed_on) = tokio::sync::oneshot::channel();
            tokio::spawn(async move {
                std::future::poll_fn(|context| {
                    assert!(Pin::new(&mut wait).poll(context).is_pending());
                    Poll::Ready(())
                })
                .await;
                let _ = hand_on.send(wait);
            });
            let mut wait = handed_on.await.expect("the first task hands the wait on");
            // The second task awaits it, and says when it has polled it the first time.
            let (polled, first_poll) = tokio::sync::oneshot::channel();
            let mut polled = Some(polled);
            let second = tokio::spawn(std::future::poll_fn(move |context| {
                let poll = Pin::new(&mut wait).poll(context);
                if let Some(polled) = polled.take() {
                    let _ = polled.send(());
                }
                poll
            }));
            first_poll.await.expect("the second task polls the wait");
            latch.count_down();
            tokio::time::timeout(Duration::from_secs(10), second)
                .await
                .expect(
                    "the task that awaited the moved wait() never finished: count_down must \
                     wake the waker the future was polled with last (the second task's), \
                     not the first one it saw",
                )
                .expect("the second task");
        });
    }

    #[test]
    fn every_waiting_task_finishes_when_the_latch_opens() {
        on_paused_tokio(|| async {
            let start = tokio::time::Instant::now();
            let latch = Latch::new(3);
            let mut waiters = Vec::new();
            for _ in 0..4 {
                let wait = latch.wait();
                waiters.push(tokio::spawn(async move {
                    wait.await;
                    start.elapsed()
                }));
            }
            let counter = latch.clone();
            tokio::spawn(async move {
                for _ in 0..3 {
                    tokio::time::sleep(Duration::from_secs(1)).await;
                    counter.count_down();
                }
            });
            for waiter in waiters {
                let waited = tokio::time::timeout(Duration::from_secs(60), waiter)
                    .await
                    .expect(
                        "a waiting task never finished after the latch opened: it was not \
                         woken (did every waiter leave its own waker in the latch?)",
                    )
                    .expect("a waiting task");
                assert_eq!(
                    waited,
                    Duration::from_secs(3),
                    "a waiter must finish when the third count_down opens the latch, at 3 s \
                     on the paused clock, not before"
                );
            }
        });
    }

    /// A waker that, when woken, looks at the latch, as a task polled at once on another
    /// thread would.
    struct LookWhenWoken {
        latch: Mutex<Option<Latch>>,
        counts_seen: Mutex<Vec<usize>>,
    }

    impl Wake for LookWhenWoken {
        fn wake(self: Arc<Self>) {
            let latch = self.latch.lock().unwrap().take();
            if let Some(latch) = latch {
                self.counts_seen.lock().unwrap().push(latch.count());
            }
        }
    }

    #[test]
    fn a_woken_waiter_finds_the_latch_open() {
        let seen = within(Duration::from_secs(5), || {
            let latch = Latch::new(2);
            let look = Arc::new(LookWhenWoken {
                latch: Mutex::new(Some(latch.clone())),
                counts_seen: Mutex::new(Vec::new()),
            });
            let waker = Waker::from(Arc::clone(&look));
            let mut wait = latch.wait();
            assert!(poll_once(&mut wait, &waker).is_pending());
            latch.count_down();
            latch.count_down();
            look.counts_seen.lock().unwrap().clone()
        })
        .expect(
            "count_down hung: it woke a waker while holding the latch's lock, and this \
             waker looks at the latch (take the wakers out, release the lock, then wake)",
        );
        assert!(
            !seen.is_empty(),
            "the last count_down did not wake the pending waiter"
        );
        assert_eq!(
            seen,
            [0],
            "when the waiter was woken, the latch must already be at 0: a task polled at \
             once would otherwise find it closed, return Pending, and never be woken again"
        );
    }

    #[test]
    fn a_dropped_wait_leaves_no_waker_behind() {
        let (count, waker) = counting_waker();
        let latch = Latch::new(1);
        let mut wait = latch.wait();
        assert!(poll_once(&mut wait, &waker).is_pending());
        drop(wait);
        assert_eq!(
            Arc::strong_count(&count),
            2,
            "a dropped wait() must take its waker out of the latch (only ours and our \
             waker's reference should be left), or a select! loop piles up wakers"
        );
        latch.count_down();
        assert_eq!(wakes(&count), 0, "the waker of a dropped wait() was woken");
    }

    #[test]
    fn waiters_on_worker_threads_are_woken_from_plain_threads() {
        within(Duration::from_secs(5), || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            let latch = Latch::new(4);
            let waiters: Vec<_> = (0..8).map(|_| runtime.spawn(latch.wait())).collect();
            let counters: Vec<_> = (0..4)
                .map(|_| {
                    let latch = latch.clone();
                    std::thread::spawn(move || latch.count_down())
                })
                .collect();
            for counter in counters {
                counter.join().unwrap();
            }
            runtime.block_on(async {
                for waiter in waiters {
                    tokio::time::timeout(Duration::from_secs(2), waiter)
                        .await
                        .expect(
                            "a task waiting on a worker thread was never woken by the \
                             count_downs from other threads",
                        )
                        .expect("a waiting task");
                }
            });
            assert_eq!(latch.count(), 0);
        })
        .expect("the waiters on worker threads hung: something blocks the runtime");
    }
}
