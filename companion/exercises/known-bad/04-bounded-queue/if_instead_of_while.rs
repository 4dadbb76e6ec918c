// Known-bad answer to exercise 04-bounded-queue: `if` instead of `while` around the wait in
// `pop`. A wakeup only means "check again": another consumer may have taken the item before
// this one got the lock back, and then this one returns None on an open queue.
// Fails: many_producers_and_consumers_deliver_every_item_exactly_once
// REPLACES wait_while_empty
        state.waiting_consumers += 1;
        if state.items.is_empty() && !state.closed {
            state = self.not_empty.wait(state).unwrap();
        }
        state.waiting_consumers -= 1;
// END REPLACES
