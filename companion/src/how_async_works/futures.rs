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

// ANCHOR: signal
use std::sync::{Arc, Mutex};
use std::task::Waker;

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

/// WRONG, on purpose: `Pending` without keeping the waker, so nothing will ever wake the
/// task that awaits it.
pub struct ForgetfulPending;

impl Future for ForgetfulPending {
    type Output = ();

    fn poll(self: Pin<&mut Self>, _context: &mut Context<'_>) -> Poll<()> {
        Poll::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::how_async_works::executor::block_on;
    use crate::testing::within;
    use std::time::Duration;

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
    fn a_countdown_of_zero_is_ready_on_the_first_poll() {
        let polls = within(Duration::from_secs(10), || block_on(Countdown::new(0))).unwrap();
        assert_eq!(polls, 1);
    }
}
