//! Fences: an ordering without an operation of its own.
//!
//! - The store-buffer example with `Relaxed` accesses and a `fence(SeqCst)` between each
//!   thread's store and load: the fences restore what `SeqCst` accesses gave Listing 5.6,
//!   and loom, which models `SeqCst` *fences* (not `SeqCst` accesses), checks it.
//! - The `Arc`-drop pattern: every owner's `fetch_sub(1, Release)`, and an
//!   `fence(Acquire)` only in the one that brought the count to zero, which then sees
//!   everything every other owner did before it let go.

// ANCHOR: fenced_store_buffer
use concurrent_rust::sync::atomic::{AtomicBool, AtomicUsize, Ordering, fence};

pub fn raise_then_look(mine: &AtomicBool, theirs: &AtomicBool) -> bool {
    mine.store(true, Ordering::Relaxed);
    fence(Ordering::SeqCst); // all SeqCst fences fall into one order
    theirs.load(Ordering::Relaxed)
}
// ANCHOR_END: fenced_store_buffer

// ANCHOR: countdown
/// Counts down the workers still running; the last one to finish is told so.
pub struct Countdown {
    remaining: AtomicUsize,
}

impl Countdown {
    pub fn new(workers: usize) -> Countdown {
        Countdown {
            remaining: AtomicUsize::new(workers),
        }
    }

    /// Returns `true` to the caller that finished last, which then sees everything the
    /// other workers wrote before their own `finish`.
    pub fn finish(&self) -> bool {
        if self.remaining.fetch_sub(1, Ordering::Release) != 1 {
            return false; // others are still running
        }
        fence(Ordering::Acquire); // pairs with every earlier `Release` decrement
        true
    }
}
// ANCHOR_END: countdown

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::Barrier;
    use std::sync::atomic::AtomicU64;
    use std::time::Duration;

    #[test]
    fn at_least_one_fenced_thread_sees_the_other_flag() {
        for _ in 0..500 {
            let (left, right) = (AtomicBool::new(false), AtomicBool::new(false));
            let seen = std::thread::scope(|s| {
                let a = s.spawn(|| raise_then_look(&left, &right));
                let b = s.spawn(|| raise_then_look(&right, &left));
                (a.join().unwrap(), b.join().unwrap())
            });
            assert_ne!(seen, (false, false));
            assert!(left.into_inner() && right.into_inner());
        }
    }

    /// Four workers each write their own slot and finish at the same moment: exactly one is
    /// told it was last, and it sees all four slots written.
    #[test]
    fn exactly_one_worker_is_last_and_sees_every_slot() {
        within(Duration::from_secs(30), || {
            for _ in 0..200 {
                let countdown = Countdown::new(4);
                let slots: Vec<AtomicU64> = (0..4).map(|_| AtomicU64::new(0)).collect();
                let start = Barrier::new(4);
                let last: Vec<Option<Vec<u64>>> = std::thread::scope(|s| {
                    let handles: Vec<_> = (0..4)
                        .map(|index| {
                            let (countdown, slots, start) = (&countdown, &slots, &start);
                            s.spawn(move || {
                                start.wait();
                                slots[index].store(index as u64 + 1, Ordering::Relaxed);
                                countdown.finish().then(|| {
                                    slots
                                        .iter()
                                        .map(|slot| slot.load(Ordering::Relaxed))
                                        .collect()
                                })
                            })
                        })
                        .collect();
                    handles.into_iter().map(|h| h.join().unwrap()).collect()
                });
                let told: Vec<_> = last.into_iter().flatten().collect();
                assert_eq!(told, vec![vec![1, 2, 3, 4]], "exactly one is last");
            }
        })
        .unwrap();
    }
}
