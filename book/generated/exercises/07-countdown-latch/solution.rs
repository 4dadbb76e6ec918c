use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::task::Waker;

/// A count shared by clones: every clone counts down and waits on the same latch.
#[derive(Clone)]
pub struct Latch {
    state: Arc<Mutex<LatchState>>,
}

struct LatchState {
    count: usize,
    /// The latest waker of each pending waiter, by the waiter's id.
    waiters: HashMap<u64, Waker>,
    next_id: u64,
}

impl Latch {
    /// A latch that opens after `count` calls of `count_down` (at once if `count` is 0).
    pub fn new(count: usize) -> Latch {
        Latch {
            state: Arc::new(Mutex::new(LatchState {
                count,
                waiters: HashMap::new(),
                next_id: 0,
            })),
        }
    }

    /// How many `count_down`s are still needed; 0 once the latch is open.
    pub fn count(&self) -> usize {
        self.state.lock().unwrap().count
    }

    /// Takes one off the count (nothing happens once it is 0). The call that brings it to
    /// 0 wakes every pending waiter, after releasing the lock.
    pub fn count_down(&self) {
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
    }

    /// A future that is ready once the count is 0.
    pub fn wait(&self) -> LatchWait {
        let mut state = self.state.lock().unwrap();
        let id = state.next_id;
        state.next_id += 1;
        LatchWait {
            state: Arc::clone(&self.state),
            id,
        }
    }
}

/// One waiter: the future `Latch::wait` returns.
pub struct LatchWait {
    state: Arc<Mutex<LatchState>>,
    id: u64,
}

impl Future for LatchWait {
    type Output = ();

    fn poll(self: Pin<&mut Self>, context: &mut Context<'_>) -> Poll<()> {
        let mut state = self.state.lock().unwrap();
        if state.count == 0 {
            return Poll::Ready(());
        }
        // This waiter's *latest* waker replaces the one it left before: the future may
        // have moved to another task since its last poll.
        state.waiters.insert(self.id, context.waker().clone());
        Poll::Pending
    }
}

/// A waiter that is dropped (cancelled, in a `select!` that another branch won) takes its
/// waker out of the latch: nothing is left to wake, and nothing piles up.
impl Drop for LatchWait {
    fn drop(&mut self) {
        if let Ok(mut state) = self.state.lock() {
            state.waiters.remove(&self.id);
        }
    }
}
