//! Exercise 5.1: An ID allocator that never repeats itself.
//!
//! `IdAllocator` hands out `u32` ids to any number of threads at once, without a lock, and
//! never the same id twice: every id from its first one up to and including `u32::MAX`,
//! and after that `None`, for good. A hook between reading the counter and claiming the id
//! lets the tests line two threads up in that gap. The full statement is in the book page.

// SOLUTION imports
use std::sync::atomic::{AtomicU64, Ordering};
// END SOLUTION

pub struct IdAllocator {
    // STARTER: // Your fields. What must the counter hold once every id is gone?
    // STARTER: _todo: (),
    // SOLUTION fields
    /// The next id to hand out, or `EXHAUSTED` once `u32::MAX` has been handed out:
    /// 2^32 + 1 states in all, one more than a `u32` has.
    next: AtomicU64,
    // END SOLUTION
}

// SOLUTION
/// One past the last id: a value no `u32` can hold.
const EXHAUSTED: u64 = u32::MAX as u64 + 1;
// END SOLUTION

impl IdAllocator {
    /// An allocator whose first id is 0.
    pub fn new() -> Self {
        IdAllocator::starting_at(0)
    }

    /// An allocator whose first id is `first` (the ids below it are kept for other uses).
    pub fn starting_at(first: u32) -> Self {
        // STARTER: todo!("a counter that starts at `first`")
        // SOLUTION new
        IdAllocator {
            next: AtomicU64::new(u64::from(first)),
        }
        // END SOLUTION
    }

    /// The next id, or `None` once every id up to `u32::MAX` has been handed out.
    pub fn next_id(&self) -> Option<u32> {
        self.next_id_with(|| {})
    }

    /// `next_id`, with a test seam: `after_read` is called each time this call has read
    /// the counter, before it tries to claim the id it read (for an answer that reads and
    /// claims in one step, once, just after that step).
    pub fn next_id_with(&self, mut after_read: impl FnMut()) -> Option<u32> {
        // STARTER: todo!("read, call `after_read`, claim what you read in one atomic step; None once every id is gone")
        // SOLUTION claim
        let mut current = self.next.load(Ordering::Relaxed);
        loop {
            after_read();
            if current == EXHAUSTED {
                return None; // and the counter stays where it is, for good
            }
            // `Relaxed` is enough: an id carries no data that other memory must agree with.
            match self.next.compare_exchange_weak(
                current,
                current + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(current as u32), // below EXHAUSTED, so it fits
                Err(actual) => current = actual,      // another thread claimed it: retry
            }
        }
        // END SOLUTION
    }
}

impl Default for IdAllocator {
    fn default() -> Self {
        IdAllocator::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrent_rust::fixtures::within;
    use std::sync::{Condvar, Mutex};
    use std::thread;
    use std::time::Duration;

    const ID_LIMIT: Duration = Duration::from_secs(5);

    /// A meeting point for two threads that gives up: the first to arrive waits until the
    /// other arrives too, or for 200 ms (an answer that keeps the other thread out of the
    /// gap, with a lock, must still finish).
    struct Rendezvous {
        arrived: Mutex<usize>,
        both: Condvar,
    }

    impl Rendezvous {
        fn arrive(&self) {
            let mut arrived = self.arrived.lock().unwrap();
            *arrived += 1;
            self.both.notify_all();
            let _ = self
                .both
                .wait_timeout_while(arrived, Duration::from_millis(200), |n| *n < 2)
                .unwrap();
        }
    }

    /// `threads` threads each call `next_id` `calls` times; returns every id handed out,
    /// sorted, and how many calls returned `None`.
    fn race(allocator: IdAllocator, threads: usize, calls: usize) -> (Vec<u32>, usize) {
        let results: Vec<Option<u32>> = thread::scope(|s| {
            let handles: Vec<_> = (0..threads)
                .map(|_| s.spawn(|| (0..calls).map(|_| allocator.next_id()).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        let nones = results.iter().filter(|r| r.is_none()).count();
        let mut ids: Vec<u32> = results.into_iter().flatten().collect();
        ids.sort_unstable();
        (ids, nones)
    }

    #[test]
    fn ids_count_up_from_the_first_one() {
        let outcome = within(ID_LIMIT, || {
            let fresh = IdAllocator::new();
            let from_seven = IdAllocator::starting_at(7);
            (
                [fresh.next_id(), fresh.next_id(), fresh.next_id()],
                [from_seven.next_id(), from_seven.next_id()],
                IdAllocator::default().next_id(),
            )
        });
        let (fresh, from_seven, default) =
            outcome.expect("next_id did not return within 5 s on one thread: a hang");
        assert_eq!(
            fresh,
            [Some(0), Some(1), Some(2)],
            "a new allocator must hand out 0, 1, 2, … in order"
        );
        assert_eq!(
            from_seven,
            [Some(7), Some(8)],
            "an allocator starting at 7 must hand out 7, then 8"
        );
        assert_eq!(default, Some(0), "the default allocator starts at 0");
    }

    #[test]
    fn two_threads_that_read_at_once_still_get_different_ids() {
        // Each thread waits in its first `after_read` until the other has read too: both
        // have read the same counter before either claims an id.
        let outcome = within(ID_LIMIT, || {
            let allocator = IdAllocator::new();
            let rendezvous = Rendezvous {
                arrived: Mutex::new(0),
                both: Condvar::new(),
            };
            let got: Vec<(Option<u32>, usize)> = thread::scope(|s| {
                let handles: Vec<_> = (0..2)
                    .map(|_| {
                        s.spawn(|| {
                            let mut calls = 0;
                            let id = allocator.next_id_with(|| {
                                calls += 1;
                                if calls == 1 {
                                    rendezvous.arrive();
                                }
                            });
                            (id, calls)
                        })
                    })
                    .collect();
                handles.into_iter().map(|h| h.join().unwrap()).collect()
            });
            (got, allocator.next_id())
        });
        let (got, next) = outcome.expect("two threads calling next_id_with hung");
        assert!(
            got.iter().all(|&(_, calls)| calls >= 1),
            "next_id_with must call `after_read` after it reads the counter; yours did not, \
             so this test cannot line the two threads up"
        );
        let mut ids: Vec<Option<u32>> = got.iter().map(|&(id, _)| id).collect();
        ids.sort_unstable();
        assert_eq!(
            ids,
            [Some(0), Some(1)],
            "both threads read the counter before either claimed an id, and they did not get \
             0 and 1: claiming must be one atomic step that fails if the counter changed \
             since the read (a `load` and then a `store` hands out the same id twice)"
        );
        assert_eq!(
            next,
            Some(2),
            "after two ids were handed out, the next must be 2"
        );
    }

    #[test]
    fn many_threads_never_get_the_same_id() {
        let (ids, nones) = within(ID_LIMIT, || race(IdAllocator::new(), 4, 5_000))
            .expect("four threads calling next_id did not finish within 5 s: a hang");
        assert_eq!(
            nones, 0,
            "no id space ran out here, so no call may return None"
        );
        assert!(
            ids.iter().copied().eq(0..20_000),
            "4 threads took 5,000 ids each: they must be 0 to 19,999, each exactly once \
             ({} ids, {} distinct)",
            ids.len(),
            {
                let mut distinct = ids.clone();
                distinct.dedup();
                distinct.len()
            }
        );
    }

    #[test]
    fn the_last_id_is_handed_out_once_and_then_never_again() {
        let outcome = within(ID_LIMIT, || {
            let allocator = IdAllocator::starting_at(u32::MAX - 2);
            let last_three = [
                allocator.next_id(),
                allocator.next_id(),
                allocator.next_id(),
            ];
            let after: Vec<Option<u32>> = (0..1_000).map(|_| allocator.next_id()).collect();
            let only_one = IdAllocator::starting_at(u32::MAX);
            (last_three, after, [only_one.next_id(), only_one.next_id()])
        });
        let (last_three, after, only_one) =
            outcome.expect("next_id did not return within 5 s near u32::MAX: a hang");
        assert_eq!(
            last_three,
            [Some(u32::MAX - 2), Some(u32::MAX - 1), Some(u32::MAX)],
            "the last three ids are u32::MAX - 2, u32::MAX - 1 and u32::MAX itself: \
             u32::MAX is an id too, so the counter needs a value for \"all gone\" that is \
             not an id"
        );
        let handed_out: Vec<u32> = after.iter().flatten().copied().collect();
        assert!(
            handed_out.is_empty(),
            "after u32::MAX, every call must return None; yours handed out {:?} again: the \
             counter wrapped around (an atomic's fetch_add wraps silently, even in a debug \
             build)",
            &handed_out[..handed_out.len().min(5)]
        );
        assert_eq!(
            only_one,
            [Some(u32::MAX), None],
            "an allocator starting at u32::MAX has exactly one id to give"
        );
    }

    #[test]
    fn threads_racing_for_the_last_ids_share_all_of_them() {
        let (ids, nones) = within(ID_LIMIT, || {
            race(IdAllocator::starting_at(u32::MAX - 999), 4, 500)
        })
        .expect("four threads calling next_id near u32::MAX did not finish within 5 s: a hang");
        assert!(
            ids.iter().copied().eq(u32::MAX - 999..=u32::MAX),
            "4 threads made 2,000 calls for the last 1,000 ids: each of u32::MAX - 999 to \
             u32::MAX must be handed out exactly once, and nothing else (yours handed out {} \
             ids, from {:?} to {:?})",
            ids.len(),
            ids.first(),
            ids.last()
        );
        assert_eq!(
            nones, 1_000,
            "once the last id is gone, the remaining 1,000 calls must each return None"
        );
    }
}
