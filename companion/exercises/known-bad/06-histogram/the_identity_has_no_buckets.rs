// Known-bad answer to exercise 06-histogram: `Vec::new` as `reduce`'s "empty" identity; zipping
// it with a piece's counts keeps nothing. The identity must be neutral: one zero per bucket.
// Fails: counts_match_a_sequential_count, in_a_pool_of_four_threads_every_piece_is_added, a_value_equal_to_a_bound_is_counted_in_that_bucket, no_values_still_gives_one_zero_per_bucket
// REPLACES combine
    per_piece.reduce(Vec::new, |mut total, part| {
        for (sum, count) in total.iter_mut().zip(part) {
            *sum += count;
        }
        total
    })
// END REPLACES
