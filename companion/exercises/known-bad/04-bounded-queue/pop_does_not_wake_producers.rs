// Known-bad answer to exercise 04-bounded-queue: `pop` takes an item and notifies nobody,
// as if only consumers ever waited. A producer asleep on a full queue is never told that
// there is room now.
// Fails: push_waits_while_the_queue_is_full_and_pop_wakes_it
// REPLACES wake_a_producer
// END REPLACES
