// Known-bad answer to exercise 03-in-order: an unbounded queue of items. The results are all
// right, but the caller pulls the whole iterator into the queue at once, however slow the
// workers are: no backpressure, and with a large input, all of it in memory.
// Fails: the_queue_holds_at_most_one_item_per_worker
// REPLACES channels
    let (item_sender, item_receiver) = unbounded::<(usize, T)>();
    let (result_sender, result_receiver) = unbounded::<(usize, R)>();
// END REPLACES
