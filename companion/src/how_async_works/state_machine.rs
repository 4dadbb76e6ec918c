//! What the compiler makes of an `async fn`: an enum with one variant per place the function
//! can be suspended, and a `poll` that runs from one of those places to the next.

// ANCHOR: async_fn
/// Awaits two countdowns, one after the other, and adds up their outputs.
pub async fn two_countdowns(first: usize, second: usize) -> usize {
    let a = Countdown::new(first).await;
    let b = Countdown::new(second).await;
    a + b
}
// ANCHOR_END: async_fn

// ANCHOR: by_hand
/// `two_countdowns` written out by hand: roughly the state machine the compiler generates.
/// Each variant holds what the function still needs at that point (its live variables),
/// and the future it is waiting on.
pub enum TwoCountdowns {
    /// Called, not yet polled: only the arguments.
    Unresumed { first: usize, second: usize },
    /// Suspended at the first `.await`.
    Suspend0 { countdown: Countdown, second: usize },
    /// Suspended at the second `.await`; `a` is live across it.
    Suspend1 { a: usize, countdown: Countdown },
    /// Finished: polling again is a bug in the caller.
    Returned,
}

impl TwoCountdowns {
    pub fn new(first: usize, second: usize) -> TwoCountdowns {
        TwoCountdowns::Unresumed { first, second }
    }
}

impl Future for TwoCountdowns {
    type Output = usize;

    fn poll(mut self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<usize> {
        // Every field is `Unpin` (a `Countdown` holds two numbers), so we may use the
        // enum as a plain `&mut`; the compiler's version cannot, as the page on `Pin` shows.
        let state = &mut *self;
        loop {
            match state {
                TwoCountdowns::Unresumed { first, second } => {
                    // The code before the first `.await`: create the future it awaits.
                    let countdown = Countdown::new(*first);
                    *state = TwoCountdowns::Suspend0 {
                        countdown,
                        second: *second,
                    };
                }
                TwoCountdowns::Suspend0 { countdown, second } => {
                    // `.await`: poll the inner future; if it is not ready, neither are we.
                    let Poll::Ready(a) = Pin::new(countdown).poll(context) else {
                        return Poll::Pending;
                    };
                    let countdown = Countdown::new(*second);
                    *state = TwoCountdowns::Suspend1 { a, countdown };
                }
                TwoCountdowns::Suspend1 { a, countdown } => {
                    let Poll::Ready(b) = Pin::new(countdown).poll(context) else {
                        return Poll::Pending;
                    };
                    let sum = *a + b;
                    *state = TwoCountdowns::Returned;
                    return Poll::Ready(sum);
                }
                TwoCountdowns::Returned => panic!("`TwoCountdowns` polled after it returned"),
            }
        }
    }
}
// ANCHOR_END: by_hand

// ANCHOR: side_by_side
/// Polls `future` until it is ready, printing every answer under `name`.
pub fn poll_and_print<F: Future<Output: std::fmt::Debug>>(name: &str, future: F) {
    let mut future = pin!(future);
    let mut context = Context::from_waker(Waker::noop());
    for n in 1.. {
        let poll = future.as_mut().poll(&mut context);
        println!("{name}, poll {n}: {poll:?}");
        if poll.is_ready() {
            return;
        }
    }
}

pub fn main() {
    poll_and_print("async fn", two_countdowns(1, 2));
    poll_and_print("by hand ", TwoCountdowns::new(1, 2));
}
// ANCHOR_END: side_by_side

use crate::how_async_works::futures::Countdown;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

#[cfg(test)]
mod tests {
    use super::*;

    /// Polls `future` to the end with a waker that does nothing (a `Countdown` needs none:
    /// it is ready after a fixed number of polls); returns its output and how many polls it took.
    fn output_and_polls<F: Future>(future: F) -> (F::Output, usize) {
        let mut future = pin!(future);
        let mut context = Context::from_waker(Waker::noop());
        for polls in 1..=1000 {
            if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
                return (output, polls);
            }
        }
        panic!("not ready after 1000 polls");
    }

    #[test]
    fn the_hand_written_state_machine_behaves_like_the_async_fn() {
        for first in 0..4 {
            for second in 0..4 {
                let generated = output_and_polls(two_countdowns(first, second));
                let by_hand = output_and_polls(TwoCountdowns::new(first, second));
                assert_eq!(by_hand, generated, "two_countdowns({first}, {second})");
                // Each countdown's output is its own number of polls; every `Pending` of
                // either one is a `Pending` of the whole, and the last poll finishes both.
                assert_eq!(generated, (first + second + 2, first + second + 1));
            }
        }
    }

    #[test]
    fn a_finished_state_machine_is_marked_returned() {
        let mut future = TwoCountdowns::new(0, 0);
        let mut context = Context::from_waker(Waker::noop());
        assert_eq!(Pin::new(&mut future).poll(&mut context), Poll::Ready(2));
        assert!(matches!(future, TwoCountdowns::Returned));
    }

    #[test]
    fn polling_a_finished_state_machine_panics() {
        let outcome = std::thread::spawn(|| {
            let mut future = TwoCountdowns::new(0, 0);
            let mut context = Context::from_waker(Waker::noop());
            let _ = Pin::new(&mut future).poll(&mut context);
            let _ = Pin::new(&mut future).poll(&mut context);
        })
        .join();
        assert!(outcome.is_err());
    }
}
