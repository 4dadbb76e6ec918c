// Known-bad answer to exercise 10-catch-the-lost-update: two threads, an empty hook; whether both
// read before either writes is luck, and the first thread is usually done before the second starts.
// Fails: finds_the_lost_update_of_the_racy_counter_every_time, finds_it_on_a_counter_that_has_counted_before
// REPLACES rendezvous
    let between = || {};
// END REPLACES
