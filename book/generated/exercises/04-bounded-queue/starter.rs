use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// What `push` returns on a closed queue: the item it was given, handed back.
#[derive(Debug, PartialEq, Eq)]
pub struct Closed<T>(pub T);

pub struct ClosableQueue<T> {
    // Your fields: for example, everything the threads share under one `Mutex`,
    // and one `Condvar` for each condition a thread can wait for.
    _todo: std::marker::PhantomData<T>,
}

impl<T> ClosableQueue<T> {
    /// An open, empty queue with room for `capacity` items. Panics if `capacity` is 0.
    pub fn new(capacity: usize) -> Self {
        todo!("an open, empty queue with room for `capacity` items")
    }

    /// Adds `item` at the back, waiting while the queue is full. On a closed queue, or
    /// once the queue is closed during the wait, gives the item back: `Err(Closed(item))`.
    pub fn push(&self, item: T) -> Result<(), Closed<T>> {
        todo!("wait while full and open; give the item back once closed; wake a consumer")
    }

    /// Takes the item at the front, waiting while the queue is empty and open. Items pushed
    /// before `close` are still handed out after it; `None` means the queue is closed and
    /// empty, so a consumer can stop.
    pub fn pop(&self) -> Option<T> {
        todo!("wait while empty and open; drain after close, then None; wake a producer")
    }

    /// Closes the queue for good and wakes every thread waiting in `push` or `pop`.
    /// Closing a closed queue does nothing.
    pub fn close(&self) {
        todo!("mark the queue closed and wake every waiting thread")
    }

    /// How many threads are waiting in `push` for room right now.
    pub fn waiting_producers(&self) -> usize {
        todo!("the number of producers asleep in `push`")
    }

    /// How many threads are waiting in `pop` for an item right now.
    pub fn waiting_consumers(&self) -> usize {
        todo!("the number of consumers asleep in `pop`")
    }
}
