// Known-bad answer to exercise 06-histogram: a bound treated as exclusive, like a `Range`'s end,
// so a value equal to a bound is counted one bucket up (and the last bound's among those above).
// Fails: counts_match_a_sequential_count, in_a_pool_of_four_threads_every_piece_is_added, a_value_equal_to_a_bound_is_counted_in_that_bucket
// REPLACES bucket
    let bucket_of = |value: u32| bounds.partition_point(|&bound| bound <= value);
// END REPLACES
