// The tests of exercise 09-speedup
fn measurement(median: f64, lo: f64, hi: f64) -> Measurement {
    Measurement { median, lo, hi }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * b.abs()
}

#[test]
fn the_range_divides_the_opposite_ends_of_the_intervals() {
    let one = measurement(90.0, 88.0, 92.0);
    let many = measurement(60.0, 55.0, 64.0);
    let speedup = speedup(one, many, 4)
        .expect("a speedup of about 1.5 on 4 logical CPUs is possible: it must not be refused");
    assert!(
        close(speedup.median, 90.0 / 60.0),
        "the median speedup is one.median / many.median = {}; yours is {}",
        90.0 / 60.0,
        speedup.median
    );
    assert!(
        close(speedup.least, 88.0 / 64.0) && close(speedup.most, 92.0 / 55.0),
        "the range must run from one.lo / many.hi = {} (the fastest single thread \
         against the slowest many) to one.hi / many.lo = {}; yours runs from {} to {}. \
         Dividing lo by lo and hi by hi gives a range that is too narrow",
        88.0 / 64.0,
        92.0 / 55.0,
        speedup.least,
        speedup.most
    );
    assert!(
        speedup.least <= speedup.median && speedup.median <= speedup.most,
        "the range must contain the median speedup: {} is not within {} to {}",
        speedup.median,
        speedup.least,
        speedup.most
    );
}

#[test]
fn a_least_speedup_above_the_cores_is_refused_with_its_figures() {
    let one = measurement(100.0, 100.0, 101.0);
    let many = measurement(48.0, 47.0, 49.0);
    match speedup(one, many, 2) {
        Ok(speedup) => panic!(
            "even the least speedup the intervals allow, 100 / 49, is above 2 logical \
             CPUs, a broken measurement; yours was accepted: {speedup:?}"
        ),
        Err(refused) => {
            assert_eq!(
                refused.logical_cpus, 2,
                "the refusal must name the machine's logical CPUs"
            );
            assert!(
                close(refused.least, 100.0 / 49.0),
                "the refusal must name the least speedup, one.lo / many.hi = {}; yours \
                 names {}",
                100.0 / 49.0,
                refused.least
            );
        }
    }
}

#[test]
fn a_median_above_the_cores_whose_range_reaches_below_is_noise_not_a_failure() {
    // The medians give 2.008, above 2 cores; the least speedup is 98 / 50 = 1.96.
    let one = measurement(100.0, 98.0, 102.0);
    let many = measurement(49.8, 49.0, 50.0);
    let result = speedup(one, many, 2);
    assert!(
        result.is_ok(),
        "a median speedup a hair above 2 cores whose range reaches down to 1.96 is a \
         linear speedup measured with noise, not a broken measurement; yours refused \
         it: {result:?}. Refuse only when the *least* speedup is above the cores"
    );
}

#[test]
fn a_least_speedup_exactly_at_the_cores_is_accepted() {
    // 100 / 50 is exactly 2.0 in floating point: a perfectly linear speedup.
    let one = measurement(100.0, 100.0, 102.0);
    let many = measurement(49.8, 49.0, 50.0);
    let result = speedup(one, many, 2);
    assert!(
        result.is_ok(),
        "a least speedup of exactly 2 on 2 logical CPUs is a linear speedup, which is \
         possible; refuse only a least speedup *above* the cores. Yours refused it: \
         {result:?}"
    );
    let on_four = speedup(
        measurement(100.0, 100.0, 100.0),
        measurement(25.0, 25.0, 25.0),
        4,
    );
    assert!(
        on_four.is_ok(),
        "exactly 4 times faster on 4 logical CPUs is possible; yours refused it: \
         {on_four:?}"
    );
}

#[test]
fn a_slowdown_is_a_speedup_below_one_not_an_error() {
    // Chapter 6's static bands on one thread: slower than the serial loop.
    let one = measurement(90.0, 89.0, 91.0);
    let many = measurement(95.0, 93.0, 96.0);
    let speedup = speedup(one, many, 2).expect("a slowdown is not refused");
    assert!(
        speedup.most < 1.0 && close(speedup.least, 89.0 / 96.0),
        "more threads that made it slower give a speedup below 1, from {} to {}; \
         yours: {speedup:?}",
        89.0 / 96.0,
        91.0 / 93.0
    );
}
