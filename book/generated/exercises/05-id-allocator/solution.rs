use std::sync::atomic::{AtomicU64, Ordering};

pub struct IdAllocator {
    /// The next id to hand out, or `EXHAUSTED` once `u32::MAX` has been handed out:
    /// 2^32 + 1 states in all, one more than a `u32` has.
    next: AtomicU64,
}

/// One past the last id: a value no `u32` can hold.
const EXHAUSTED: u64 = u32::MAX as u64 + 1;

impl IdAllocator {
    /// An allocator whose first id is 0.
    pub fn new() -> Self {
        IdAllocator::starting_at(0)
    }

    /// An allocator whose first id is `first` (the ids below it are kept for other uses).
    pub fn starting_at(first: u32) -> Self {
        IdAllocator {
            next: AtomicU64::new(u64::from(first)),
        }
    }

    /// The next id, or `None` once every id up to `u32::MAX` has been handed out.
    pub fn next_id(&self) -> Option<u32> {
        self.next_id_with(|| {})
    }

    /// `next_id`, with a test seam: `after_read` is called each time this call has read
    /// the counter, before it tries to claim the id it read (for an answer that reads and
    /// claims in one step, once, just after that step).
    pub fn next_id_with(&self, mut after_read: impl FnMut()) -> Option<u32> {
        let mut current = self.next.load(Ordering::Relaxed);
        loop {
            after_read();
            if current == EXHAUSTED {
                return None; // and the counter stays where it is, for good
            }
            // `Relaxed` is enough: an id carries no data that other memory must agree with.
            match self.next.compare_exchange_weak(
                current,
                current + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(current as u32), // below EXHAUSTED, so it fits
                Err(actual) => current = actual,      // another thread claimed it: retry
            }
        }
    }
}

impl Default for IdAllocator {
    fn default() -> Self {
        IdAllocator::new()
    }
}
