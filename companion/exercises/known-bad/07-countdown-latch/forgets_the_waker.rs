// Known-bad answer to exercise 07-countdown-latch: `poll` returns `Pending` without leaving
// its waker in the latch, as if `count_down` would somehow know whom to wake.
// Fails: a_waiter_is_woken_once_by_the_last_count_down, count_down_wakes_the_latest_waker_of_each_waiter, a_wait_moved_to_another_task_still_finishes, every_waiting_task_finishes_when_the_latch_opens, a_woken_waiter_finds_the_latch_open, waiters_on_worker_threads_are_woken_from_plain_threads
// REPLACES register
        let state = self.state.lock().unwrap();
        if state.count == 0 {
            return Poll::Ready(());
        }
        // Not open yet: the executor will poll again later.
        Poll::Pending
// END REPLACES
