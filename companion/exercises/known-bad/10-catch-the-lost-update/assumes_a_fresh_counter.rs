// Known-bad answer to exercise 10-catch-the-lost-update: checks that the count is 2, as on a fresh
// counter; a correct counter that had counted before does not end at 2, and is reported.
// Fails: a_correct_counter_is_never_reported, does_not_hang_on_a_counter_that_locks_across_the_gap
// REPLACES compare
    counter.get() != 2
// END REPLACES
