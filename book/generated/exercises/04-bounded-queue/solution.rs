use std::collections::VecDeque;
use std::sync::{Condvar, Mutex};

/// What `push` returns on a closed queue: the item it was given, handed back.
#[derive(Debug, PartialEq, Eq)]
pub struct Closed<T>(pub T);

pub struct ClosableQueue<T> {
    capacity: usize,
    state: Mutex<State<T>>,
    not_empty: Condvar,
    not_full: Condvar,
}

/// Everything the threads share, under one lock, so that every check and every change of
/// it is one critical section.
struct State<T> {
    items: VecDeque<T>,
    closed: bool,
    waiting_producers: usize,
    waiting_consumers: usize,
}

impl<T> ClosableQueue<T> {
    /// An open, empty queue with room for `capacity` items. Panics if `capacity` is 0.
    pub fn new(capacity: usize) -> Self {
        assert!(capacity > 0, "a bounded queue needs room for an item");
        ClosableQueue {
            capacity,
            state: Mutex::new(State {
                items: VecDeque::with_capacity(capacity),
                closed: false,
                waiting_producers: 0,
                waiting_consumers: 0,
            }),
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        }
    }

    /// Adds `item` at the back, waiting while the queue is full. On a closed queue, or
    /// once the queue is closed during the wait, gives the item back: `Err(Closed(item))`.
    pub fn push(&self, item: T) -> Result<(), Closed<T>> {
        let mut state = self.state.lock().unwrap();
        // Counted under the same lock that `wait` releases: a thread that reads the count
        // sees this producer either not yet here or already asleep.
        state.waiting_producers += 1;
        while state.items.len() == self.capacity && !state.closed {
            state = self.not_full.wait(state).unwrap();
        }
        state.waiting_producers -= 1;
        if state.closed {
            return Err(Closed(item));
        }
        state.items.push_back(item);
        drop(state);
        self.not_empty.notify_one();
        Ok(())
    }

    /// Takes the item at the front, waiting while the queue is empty and open. Items pushed
    /// before `close` are still handed out after it; `None` means the queue is closed and
    /// empty, so a consumer can stop.
    pub fn pop(&self) -> Option<T> {
        let mut state = self.state.lock().unwrap();
        state.waiting_consumers += 1;
        while state.items.is_empty() && !state.closed {
            state = self.not_empty.wait(state).unwrap();
        }
        state.waiting_consumers -= 1;
        // Empty here only if closed: then `None` is the answer.
        let item = state.items.pop_front();
        drop(state);
        if item.is_some() {
            self.not_full.notify_one();
        }
        item
    }

    /// Closes the queue for good and wakes every thread waiting in `push` or `pop`.
    /// Closing a closed queue does nothing.
    pub fn close(&self) {
        self.state.lock().unwrap().closed = true;
        // Every waiter must see the change, on both sides: `notify_all`, twice.
        self.not_empty.notify_all();
        self.not_full.notify_all();
    }

    /// How many threads are waiting in `push` for room right now.
    pub fn waiting_producers(&self) -> usize {
        self.state.lock().unwrap().waiting_producers
    }

    /// How many threads are waiting in `pop` for an item right now.
    pub fn waiting_consumers(&self) -> usize {
        self.state.lock().unwrap().waiting_consumers
    }
}
