// Known-bad answer to exercise 10-catch-the-lost-update: Listing 10.2's `Barrier` as it stands; on a
// counter that holds its lock across the hook the second thread never reaches it: a deadlock.
// Fails: does_not_hang_on_a_counter_that_locks_across_the_gap
// REPLACES rendezvous
    let both_read = std::sync::Barrier::new(2);
    let between = || {
        both_read.wait();
    };
// END REPLACES
