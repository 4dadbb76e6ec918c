// Known-bad answer to exercise 04-bounded-queue: `close` wakes one thread on each side with
// `notify_one`, as `push` and `pop` do. That is enough when one change makes room for one
// waiter; closing concerns every waiter, and the others sleep on.
// Fails: close_wakes_every_waiting_consumer, close_gives_back_the_item_of_every_waiting_producer
// REPLACES wake_every_waiter
        self.not_empty.notify_one();
        self.not_full.notify_one();
// END REPLACES
