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
    // Each item travels with its index, so its result can be put back in its place.
    let (item_sender, item_receiver) = bounded::<(usize, T)>(workers);
    // Unbounded: nobody receives a result until every item is queued.
    let (result_sender, result_receiver) = unbounded::<(usize, R)>();
    thread::scope(|s| {
        for _ in 0..workers {
            let (queue, results, work) = (item_receiver.clone(), result_sender.clone(), &work);
            s.spawn(move || {
                for (index, item) in queue {
                    if results.send((index, work(item))).is_err() {
                        break;
                    }
                }
            });
        }
        // Only the workers' clones may keep the two channels open.
        drop(item_receiver);
        drop(result_sender);
        for numbered in items.into_iter().enumerate() {
            // Waits while the queue is full; fails only if every worker is gone.
            if item_sender.send(numbered).is_err() {
                break;
            }
        }
        drop(item_sender);
        // The results arrive in whatever order the workers finish: sort them back.
        let mut results: Vec<(usize, R)> = result_receiver.iter().collect();
        results.sort_by_key(|&(index, _)| index);
        results.into_iter().map(|(_, result)| result).collect()
    })
}
