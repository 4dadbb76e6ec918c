use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// A count shared by clones: every clone counts down and waits on the same latch.
#[derive(Clone)]
pub struct Latch {
    // Your fields: for example the count and the waiters' wakers, behind one
    // `Arc<Mutex<…>>` that every clone and every `LatchWait` shares.
    _todo: (),
}

impl Latch {
    /// A latch that opens after `count` calls of `count_down` (at once if `count` is 0).
    pub fn new(count: usize) -> Latch {
        todo!("a latch at `count`, with no waiters yet")
    }

    /// How many `count_down`s are still needed; 0 once the latch is open.
    pub fn count(&self) -> usize {
        todo!("the count now")
    }

    /// Takes one off the count (nothing happens once it is 0). The call that brings it to
    /// 0 wakes every pending waiter, after releasing the lock.
    pub fn count_down(&self) {
        todo!("count down; the last count down wakes every waiter")
    }

    /// A future that is ready once the count is 0.
    pub fn wait(&self) -> LatchWait {
        todo!("a new waiter on this latch")
    }
}

/// One waiter: the future `Latch::wait` returns.
pub struct LatchWait {
    // Your fields: the shared state, and what tells this waiter from the others.
    _todo: (),
}

impl Future for LatchWait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        todo!("Ready once the count is 0; otherwise keep the waker, then Pending")
    }
}
