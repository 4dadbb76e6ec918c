// Known-bad answer to exercise 03-in-order: drops its own item Receiver but keeps the result
// Sender it made the workers' clones from. The workers end, but the results channel still
// has a Sender, so the loop over the results never ends: every call hangs.
// Fails: results_come_back_in_input_order_even_when_the_first_finishes_last, every_item_gives_exactly_one_result, the_queue_holds_at_most_one_item_per_worker, no_items_no_results
// REPLACES drop_own_ends
        drop(item_receiver);
// END REPLACES
