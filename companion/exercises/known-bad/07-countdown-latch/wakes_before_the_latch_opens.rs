// Known-bad answer to exercise 07-countdown-latch: the last `count_down` wakes the waiters
// (outside the lock, as asked) before it brings the count to 0, so a task polled at once
// finds the latch still closed, registers again, and is never woken. (Now and then it also
// fails waiters_on_worker_threads_are_woken_from_plain_threads: that is this lost wakeup
// happening for real, when a worker polls the woken task inside the window.)
// Fails: a_woken_waiter_finds_the_latch_open
// REPLACES count_down
        let mut state = self.state.lock().unwrap();
        if state.count == 0 {
            return;
        }
        if state.count == 1 {
            // The last count: wake everyone, outside the lock, then open the latch.
            let waiters = std::mem::take(&mut state.waiters);
            drop(state);
            for waker in waiters.into_values() {
                waker.wake();
            }
            state = self.state.lock().unwrap();
        }
        state.count -= 1;
// END REPLACES
