// Known-bad answer to exercise 09-speedup: it refuses when the median is above the cores, but a
// median a hair above them whose range reaches below is a linear speedup measured with noise.
// Fails: a_median_above_the_cores_whose_range_reaches_below_is_noise_not_a_failure, a_least_speedup_exactly_at_the_cores_is_accepted
// REPLACES refuse
    if one.median / many.median > logical_cpus as f64 {
// END REPLACES
