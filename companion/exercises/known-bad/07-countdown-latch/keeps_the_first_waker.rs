// Known-bad answer to exercise 07-countdown-latch: each waiter stores a waker only on its
// first `Pending` and keeps it, to save a clone per poll; once the future has moved to
// another task, the latch wakes a task that no longer owns it.
// Fails: count_down_wakes_the_latest_waker_of_each_waiter, a_wait_moved_to_another_task_still_finishes
// REPLACES register
        let mut state = self.state.lock().unwrap();
        if state.count == 0 {
            return Poll::Ready(());
        }
        // Register once: the waker is already there from the first poll.
        let id = self.id;
        state
            .waiters
            .entry(id)
            .or_insert_with(|| context.waker().clone());
        Poll::Pending
// END REPLACES
