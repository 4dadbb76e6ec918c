//! Why a future must stay where it is once polled: a value that points into itself is
//! broken by a move, and an async block that borrows across an `.await` is such a value.
//! `pin!` and `Box::pin` are the two ways to promise it will not move.

// ANCHOR: self_ref
/// A value that points into itself: `first` is meant to hold the address of `numbers[0]`.
/// It can only be set once the value is where it will stay.
pub struct SelfRef {
    numbers: [i32; 3],
    first: *const i32,
}

impl SelfRef {
    pub fn new(numbers: [i32; 3]) -> SelfRef {
        SelfRef {
            numbers,
            first: std::ptr::null(),
        }
    }

    /// Points `first` at `numbers[0]`, at the address the value has now.
    pub fn point_into_itself(&mut self) {
        self.first = &self.numbers[0];
    }

    /// Whether `first` still points into this value. It only compares addresses: reading
    /// through `first` after a move would read memory the value has left.
    pub fn points_into_itself(&self) -> bool {
        std::ptr::eq(self.first, &self.numbers[0])
    }
}

pub fn main() {
    let mut value = SelfRef::new([1, 2, 3]);
    value.point_into_itself();
    println!("in place:             {}", value.points_into_itself());
    let moved = Box::new(value); // moves the value from the stack to the heap
    println!("after a move:         {}", moved.points_into_itself());
}
// ANCHOR_END: self_ref

// ANCHOR: pin_it
/// An async block that keeps a borrow of its own local across an `.await`: its state
/// machine holds `numbers` and a reference to `numbers[0]` side by side, like `SelfRef`.
// The listing is about the block itself: `async fn` would hide it.
#[allow(clippy::manual_async_fn)]
pub fn borrow_across_await() -> impl Future<Output = i32> {
    async {
        let numbers = [7, 8, 9];
        let first = &numbers[0];
        Countdown::new(1).await;
        *first
    }
}

/// Polls a pinned future until it is ready.
fn poll_to_end<F: Future>(mut future: Pin<&mut F>) -> F::Output {
    let mut context = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
    }
}

/// Pinned on the stack: `pin!` moves the future into a place the caller cannot name, and
/// hands out only a `Pin<&mut _>`, through which it cannot be moved again.
pub fn pinned_on_the_stack() -> i32 {
    let future = pin!(borrow_across_await());
    poll_to_end(future)
}

/// Pinned on the heap: `Box::pin` allocates the future once; the box can then be moved
/// around (into a task queue, say) while the future inside stays at its address.
pub fn pinned_in_a_box() -> i32 {
    let mut future = Box::pin(borrow_across_await());
    poll_to_end(future.as_mut())
}
// ANCHOR_END: pin_it

use crate::how_async_works::futures::Countdown;
use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_self_referential_value_no_longer_points_into_itself_after_a_move() {
        let mut value = SelfRef::new([1, 2, 3]);
        assert!(!value.points_into_itself(), "not set yet");
        value.point_into_itself();
        assert!(value.points_into_itself());
        // A heap allocation never overlaps the stack slot the value was moved out of.
        let moved = Box::new(value);
        assert!(!moved.points_into_itself(), "the pointer followed the move");
    }

    #[test]
    fn a_pinned_async_block_that_borrows_across_await_runs_to_the_end() {
        assert_eq!(pinned_on_the_stack(), 7);
        assert_eq!(pinned_in_a_box(), 7);
    }

    #[test]
    fn moving_a_pinned_box_leaves_the_future_where_it_is() {
        let mut future = Box::pin(borrow_across_await());
        let mut context = Context::from_waker(Waker::noop());
        assert!(future.as_mut().poll(&mut context).is_pending());
        let address = std::ptr::from_ref(&*future).addr();
        let mut queue = [future]; // the box moves; the future does not
        assert_eq!(std::ptr::from_ref(&*queue[0]).addr(), address);
        assert_eq!(queue[0].as_mut().poll(&mut context), Poll::Ready(7));
    }
}
