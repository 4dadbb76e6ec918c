use crossbeam::channel::{bounded, unbounded};
use std::thread;

/// Runs `work` on every item, on `workers` threads that take the items from one shared
/// queue, and returns the results in the order of `items`.
///
/// The queue holds at most `workers` items: while every worker is busy and the queue is
/// full, `items` is not pulled any further. Panics if `workers` is 0, or if `work` panics.
pub fn map_in_order<T, R>(
    items: impl IntoIterator<Item = T>,
    workers: usize,
    work: impl Fn(T) -> R + Sync,
) -> Vec<R>
where
    T: Send,
    R: Send,
{
    assert!(workers > 0, "no worker would ever take an item");
    todo!("a bounded queue of numbered items, an unbounded channel of numbered results, `workers` scoped threads; then put the results back in order")
}
