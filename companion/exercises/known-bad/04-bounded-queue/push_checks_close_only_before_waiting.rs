// Known-bad answer to exercise 04-bounded-queue: `push` checks for a closed queue once, on
// the way in, and then waits for room only. A producer already asleep when the queue is
// closed is woken, finds the queue still full, and goes back to sleep for good.
// Fails: close_gives_back_the_item_of_every_waiting_producer
// REPLACES wait_while_full
        if state.closed {
            return Err(Closed(item));
        }
        state.waiting_producers += 1;
        while state.items.len() == self.capacity {
            state = self.not_full.wait(state).unwrap();
        }
        state.waiting_producers -= 1;
// END REPLACES
