//! Watching wakers at work: a waker that announces every `wake`, handed to a `SignalWait`
//! (which keeps it) and to a `ForgetfulPending` (which does not).

// ANCHOR: wakers_main
use std::task::Wake;

/// A waker that says when it is woken.
struct Announce(&'static str);

impl Wake for Announce {
    fn wake(self: Arc<Self>) {
        println!("  the waker of `{}` is woken", self.0);
    }
}

pub fn main() {
    let signal = Signal::new();
    let mut wait = signal.wait();
    let waker = Waker::from(Arc::new(Announce("wait")));
    let mut context = Context::from_waker(&waker);
    // `SignalWait` is `Unpin`, so `Pin::new` can pin a plain `&mut` to it.
    println!("wait, poll 1: {:?}", Pin::new(&mut wait).poll(&mut context));
    println!("set the signal");
    signal.set();
    println!("wait, poll 2: {:?}", Pin::new(&mut wait).poll(&mut context));

    let waker = Waker::from(Arc::new(Announce("forgetful")));
    let mut context = Context::from_waker(&waker);
    let poll = Pin::new(&mut ForgetfulPending).poll(&mut context);
    println!("forgetful, poll 1: {poll:?}");
    drop(waker);
    println!("its waker is gone: nothing can ask for a second poll");
}
// ANCHOR_END: wakers_main

use crate::how_async_works::futures::{ForgetfulPending, Signal};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Waker};

#[cfg(test)]
mod tests {
    #[cfg(not(loom))]
    #[test]
    fn the_signal_is_woken_once_between_its_polls_and_the_forgetful_future_never() {
        let output = crate::testing::run_in_child("how_async_works::wakers");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(
            lines,
            [
                "wait, poll 1: Pending",
                "set the signal",
                "  the waker of `wait` is woken",
                "wait, poll 2: Ready(())",
                "forgetful, poll 1: Pending",
                "its waker is gone: nothing can ask for a second poll",
            ]
        );
    }
}
