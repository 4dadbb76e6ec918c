// Known-bad answer to exercise 03-in-order: bounds the results channel too, as if every
// channel needed backpressure. Nobody receives a result until every item is queued, so once
// the results channel is full the workers wait in `send`, stop taking items, the queue fills,
// and the caller waits in `send` as well: a deadlock as soon as there are enough items.
// Fails: every_item_gives_exactly_one_result, the_queue_holds_at_most_one_item_per_worker
// REPLACES channels
    let (item_sender, item_receiver) = bounded::<(usize, T)>(workers);
    let (result_sender, result_receiver) = bounded::<(usize, R)>(workers);
// END REPLACES
