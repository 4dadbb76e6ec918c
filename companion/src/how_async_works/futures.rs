//! Futures written by hand: what an `async fn` compiles to, one `poll` at a time.

// ANCHOR: countdown
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// Ready after `remaining` polls that return `Pending`; its output is how many times it was
/// polled. Each `Pending` wakes its own task at once, so an executor polls it again.
pub struct Countdown {
    remaining: usize,
    polls: usize,
}

impl Countdown {
    pub fn new(count: usize) -> Countdown {
        Countdown {
            remaining: count,
            polls: 0,
        }
    }
}

impl Future for Countdown {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<usize> {
        self.polls += 1;
        if self.remaining == 0 {
            return Poll::Ready(self.polls);
        }
        self.remaining -= 1;
        // Not ready yet, but it will be: ask to be polled again.
        context.waker().wake_by_ref();
        Poll::Pending
    }
}
// ANCHOR_END: countdown

// ANCHOR: poll_by_hand
use std::pin::pin;
use std::task::Waker;

/// Polls a countdown by hand, the way an executor would, and prints every answer.
pub fn main() {
    let mut countdown = pin!(Countdown::new(3));
    // A waker that does nothing: this loop polls again anyway.
    let mut context = Context::from_waker(Waker::noop());
    for n in 1.. {
        let poll = countdown.as_mut().poll(&mut context);
        println!("poll {n}: {poll:?}");
        if poll.is_ready() {
            break;
        }
    }
}
// ANCHOR_END: poll_by_hand

// ANCHOR: signal
use std::sync::{Arc, Mutex};

/// A one-shot signal between tasks: `wait` is a future that is ready once `set` has been
/// called. The waiting task's waker is kept until then, so `set` can wake it.
#[derive(Clone, Default)]
pub struct Signal {
    state: Arc<Mutex<SignalState>>,
}

#[derive(Default)]
struct SignalState {
    set: bool,
    waiter: Option<Waker>,
}

impl Signal {
    pub fn new() -> Signal {
        Signal::default()
    }

    pub fn set(&self) {
        let mut state = self.state.lock().unwrap();
        state.set = true;
        if let Some(waker) = state.waiter.take() {
            waker.wake();
        }
    }

    pub fn wait(&self) -> SignalWait {
        SignalWait {
            state: Arc::clone(&self.state),
        }
    }
}

pub struct SignalWait {
    state: Arc<Mutex<SignalState>>,
}

impl Future for SignalWait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.lock().unwrap();
        if state.set {
            return Poll::Ready(());
        }
        // Keep the *latest* waker: a task may be polled with a different one each time.
        state.waiter = Some(context.waker().clone());
        Poll::Pending
    }
}
// ANCHOR_END: signal

// ANCHOR: forgetful
/// WRONG, on purpose: `Pending` without keeping the waker, so nothing will ever wake the
/// task that awaits it.
pub struct ForgetfulPending;

impl Future for ForgetfulPending {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _context: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}
// ANCHOR_END: forgetful

#[cfg(test)]
mod tests {
    use super::*;
    use crate::how_async_works::executor::{Executor, block_on};
    use crate::testing::within;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::task::Wake;
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

    #[test]
    fn a_countdown_is_pending_count_times_and_wakes_its_waker_each_time() {
        for count in 0..5 {
            let (wakes, waker) = counting_waker();
            let mut context = Context::from_waker(&waker);
            let mut countdown = Countdown::new(count);
            for _ in 0..count {
                assert!(Pin::new(&mut countdown).poll(&mut context).is_pending());
            }
            assert_eq!(
                Pin::new(&mut countdown).poll(&mut context),
                Poll::Ready(count + 1)
            );
            assert_eq!(
                wakes.0.load(Ordering::SeqCst),
                count,
                "one wake per Pending"
            );
        }
    }

    #[test]
    fn a_countdown_of_zero_is_ready_on_the_first_poll() {
        let polls = within(Duration::from_secs(10), || block_on(Countdown::new(0))).unwrap();
        assert_eq!(polls, 1);
    }

    #[test]
    fn a_waiting_signal_keeps_the_waker_and_set_wakes_it() {
        let (wakes, waker) = counting_waker();
        let mut context = Context::from_waker(&waker);
        let signal = Signal::new();
        let mut wait = signal.wait();
        assert!(Pin::new(&mut wait).poll(&mut context).is_pending());
        assert_eq!(
            Arc::strong_count(&wakes),
            3,
            "ours, the waker's, the signal's"
        );
        assert_eq!(wakes.0.load(Ordering::SeqCst), 0);
        signal.set();
        assert_eq!(wakes.0.load(Ordering::SeqCst), 1, "set woke the waiter");
        assert_eq!(Pin::new(&mut wait).poll(&mut context), Poll::Ready(()));
    }

    #[test]
    fn set_wakes_the_latest_waker_only() {
        let (first, first_waker) = counting_waker();
        let (latest, latest_waker) = counting_waker();
        let signal = Signal::new();
        let mut wait = signal.wait();
        let mut context = Context::from_waker(&first_waker);
        assert!(Pin::new(&mut wait).poll(&mut context).is_pending());
        let mut context = Context::from_waker(&latest_waker);
        assert!(Pin::new(&mut wait).poll(&mut context).is_pending());
        signal.set();
        assert_eq!(first.0.load(Ordering::SeqCst), 0, "a stale waker was woken");
        assert_eq!(
            latest.0.load(Ordering::SeqCst),
            1,
            "the latest waker was not woken"
        );
    }

    #[test]
    fn a_signal_set_before_the_wait_is_ready_at_once() {
        let signal = Signal::new();
        signal.set();
        within(Duration::from_secs(10), move || block_on(signal.wait())).unwrap();
    }

    #[test]
    fn a_signal_set_from_another_thread_wakes_the_waiter() {
        let signal = Signal::new();
        let setter = signal.clone();
        within(Duration::from_secs(10), move || {
            let waiting = std::thread::spawn(move || block_on(signal.wait()));
            // The waiter has registered (or will find the flag set): either way it ends.
            std::thread::sleep(Duration::from_millis(20));
            setter.set();
            waiting.join().unwrap();
        })
        .unwrap();
    }

    #[test]
    fn forgetful_pending_drops_the_waker_it_was_given() {
        let (wakes, waker) = counting_waker();
        let mut context = Context::from_waker(&waker);
        assert!(
            Pin::new(&mut ForgetfulPending)
                .poll(&mut context)
                .is_pending()
        );
        assert_eq!(Arc::strong_count(&wakes), 2, "only ours and the waker's");
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
                ForgetfulPending.await;
                flag.fetch_add(1, Ordering::Relaxed);
            });
            executor.run();
        })
        .unwrap();
        assert_eq!(resumed.load(Ordering::Relaxed), 0);
    }
}
