// Known-bad answer to exercise 09-speedup: the range divides lo by lo and hi by hi, which looks
// symmetrical, but the least ratio needs the largest divisor: too narrow, and it refuses wrongly.
// Fails: the_range_divides_the_opposite_ends_of_the_intervals, a_least_speedup_above_the_cores_is_refused_with_its_figures, a_least_speedup_exactly_at_the_cores_is_accepted, a_slowdown_is_a_speedup_below_one_not_an_error
// REPLACES range
    let least = one.lo / many.lo;
    let most = one.hi / many.hi;
// END REPLACES
