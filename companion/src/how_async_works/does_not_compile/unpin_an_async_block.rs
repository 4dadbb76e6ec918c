// Polls an async block through `Pin::new`, which only accepts types that are `Unpin`: the
// state machine of an `async` block may point into itself, so it is not.
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Waker};

fn main() {
    let mut future = async {
        let numbers = [1, 2, 3];
        let first = &numbers[0]; // a reference into the future's own state...
        tokio::task::yield_now().await; // ...kept across a suspension point
        *first
    };
    let mut context = Context::from_waker(Waker::noop());
    let _ = Pin::new(&mut future).poll(&mut context);
}
