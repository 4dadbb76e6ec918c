// The tests of exercise 10-catch-the-lost-update
use concurrent_rust::fixtures::within;
use std::time::Duration;

const RUNS: usize = 20;

#[test]
fn finds_the_lost_update_of_the_racy_counter_every_time() {
    let found = within(Duration::from_secs(5), || {
        (0..RUNS)
            .filter(|_| finds_lost_update(&RacyCounter::new(0)))
            .count()
    })
    .expect("finds_lost_update did not return on the racy counter within 5 s: a hang");
    assert_eq!(
        found, RUNS,
        "finds_lost_update found the racy counter's lost update in {found} runs of \
         {RUNS}: a helper that leaves the interleaving to luck misses it; hold each \
         thread in `between` until the other has read too"
    );
}

#[test]
fn finds_it_on_a_counter_that_has_counted_before() {
    let found = within(Duration::from_secs(5), || {
        (0..RUNS)
            .filter(|_| finds_lost_update(&RacyCounter::new(40)))
            .count()
    })
    .expect("finds_lost_update did not return on the racy counter within 5 s: a hang");
    assert_eq!(
        found, RUNS,
        "on a racy counter that starts at 40, finds_lost_update found the lost update \
         in {found} runs of {RUNS}: a counter under test need not be fresh, so compare \
         its count with what it was before the two increments (and force the \
         interleaving, as on a fresh one)"
    );
}

#[test]
fn a_correct_counter_is_never_reported() {
    let reported = within(Duration::from_secs(5), || {
        (0..RUNS)
            .filter(|run| {
                finds_lost_update(&AtomicCounter::new(if run % 2 == 0 { 0 } else { 40 }))
            })
            .count()
    })
    .expect(
        "finds_lost_update did not return on a fetch_add counter within 5 s: a hang; \
         that counter calls `between` once per increment too",
    );
    assert_eq!(
        reported, 0,
        "finds_lost_update reported a lost update on a fetch_add counter (half of the \
         runs start at 0, half at 40) in {reported} runs of {RUNS}: a helper that \
         reports a correct counter proves nothing about a wrong one"
    );
}

#[test]
fn does_not_hang_on_a_counter_that_locks_across_the_gap() {
    let reported = within(Duration::from_secs(5), || {
        [LockedCounter::new(0), LockedCounter::new(7)]
            .iter()
            .filter(|counter| finds_lost_update(*counter))
            .count()
    })
    .expect(
        "finds_lost_update did not return within 5 s on a counter that holds its lock \
         while it calls `between`: the second thread cannot reach `between` until the \
         first leaves it, so a rendezvous that waits for it without a limit (a plain \
         `Barrier`) deadlocks; give up after a patience",
    );
    assert_eq!(
        reported, 0,
        "finds_lost_update reported a lost update on a counter that increments under \
         a lock, which loses none"
    );
}
