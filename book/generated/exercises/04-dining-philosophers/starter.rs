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
    todo!("one thread per philosopher; forks picked up in an order that cannot deadlock")
}
