use std::sync::Mutex;
use std::thread;

/// Seats `philosophers` philosophers (at least 2) at a round table: philosopher `i` has
/// fork `i` on one side and fork `(i + 1) % philosophers` on the other. Each philosopher
/// is a thread of its own and eats `meals` meals; `dine` returns when all have finished.
///
/// For each meal, a philosopher picks up its two forks one at a time, calls
/// `after_first_fork(i)` once it holds the first and before it reaches for the second,
/// calls `eat(i, [first, second])` while it holds both, and puts both down afterwards.
pub fn dine(
    philosophers: usize,
    meals: usize,
    after_first_fork: impl Fn(usize) + Sync,
    eat: impl Fn(usize, [usize; 2]) + Sync,
) {
    assert!(philosophers >= 2, "a table needs two forks for one meal");
    // A fork guards no data: holding its lock is holding the fork.
    let forks: Vec<Mutex<()>> = (0..philosophers).map(|_| Mutex::new(())).collect();
    thread::scope(|s| {
        for i in 0..philosophers {
            let (forks, after_first_fork, eat) = (&forks, &after_first_fork, &eat);
            s.spawn(move || {
                let (left, right) = (i, (i + 1) % philosophers);
                // One order for every thread, as in Listing 4.14: the lower number first.
                // Philosopher n - 1 reaches for fork 0 first, so no cycle of waiting
                // philosophers can close around the table.
                let (first, second) = (left.min(right), left.max(right));
                for _ in 0..meals {
                    // Named guards (`_first`, not `_`) live to the end of the meal.
                    let _first = forks[first].lock().unwrap();
                    after_first_fork(i);
                    let _second = forks[second].lock().unwrap();
                    eat(i, [first, second]);
                    // The guards drop here: both forks go back on the table.
                }
            });
        }
    });
}
