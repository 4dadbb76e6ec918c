// Known-bad answer to exercise 06-histogram: the combining step adds, then returns the right-hand
// piece's counts instead of the sum, so each combination of two pieces keeps only one side.
// Fails: counts_match_a_sequential_count, in_a_pool_of_four_threads_every_piece_is_added, a_value_equal_to_a_bound_is_counted_in_that_bucket, no_values_still_gives_one_zero_per_bucket
// REPLACES combine
    per_piece.reduce(
        || vec![0; buckets],
        |mut total, part| {
            for (sum, count) in total.iter_mut().zip(&part) {
                *sum += count;
            }
            part
        },
    )
// END REPLACES
