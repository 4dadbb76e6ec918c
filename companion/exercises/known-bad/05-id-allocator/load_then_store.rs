// Known-bad answer to exercise 05-id-allocator: a `load`, then a `store` of one more. Each is
// atomic, but they are two steps: a thread that reads between them reads the same counter,
// and both hand out the same id. It passes every test on one thread.
// Fails: two_threads_that_read_at_once_still_get_different_ids
// REPLACES claim
        let current = self.next.load(Ordering::Relaxed);
        after_read();
        if current == EXHAUSTED {
            return None;
        }
        self.next.store(current + 1, Ordering::Relaxed);
        Some(current as u32)
// END REPLACES
