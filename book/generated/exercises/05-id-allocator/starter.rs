pub struct IdAllocator {
    // Your fields. What must the counter hold once every id is gone?
    _todo: (),
}

impl IdAllocator {
    /// An allocator whose first id is 0.
    pub fn new() -> Self {
        IdAllocator::starting_at(0)
    }

    /// An allocator whose first id is `first` (the ids below it are kept for other uses).
    pub fn starting_at(first: u32) -> Self {
        todo!("a counter that starts at `first`")
    }

    /// The next id, or `None` once every id up to `u32::MAX` has been handed out.
    pub fn next_id(&self) -> Option<u32> {
        self.next_id_with(|| {})
    }

    /// `next_id`, with a test seam: `after_read` is called each time this call has read
    /// the counter, before it tries to claim the id it read (for an answer that reads and
    /// claims in one step, once, just after that step).
    pub fn next_id_with(&self, mut after_read: impl FnMut()) -> Option<u32> {
        todo!("read, call `after_read`, claim what you read in one atomic step; None once every id is gone")
    }
}

impl Default for IdAllocator {
    fn default() -> Self {
        IdAllocator::new()
    }
}
