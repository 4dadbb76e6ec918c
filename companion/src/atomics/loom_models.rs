//! loom models of the chapter's atomics, compiled only under `RUSTFLAGS="--cfg loom"`.
//! Each model calls the very functions the chapter shows (they import their atomics from
//! `concurrent_rust::sync`, which is loom here), in two or three loom threads, and asserts
//! what must hold in every interleaving. Five models are of deliberately wrong code, and
//! their tests assert that loom finds the bug, by the message of the panic it reports.

use crate::atomics::{
    cancel, counter, fences, ids, lock_loops, message, s1_minimal, s2_unsafe, s3_guard,
};

// ANCHOR: loom_counter
use concurrent_rust::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use concurrent_rust::sync::{Arc, thread};

pub fn counter_model() {
    loom::model(|| {
        let visits = Arc::new(AtomicU64::new(0));
        let other = {
            let visits = Arc::clone(&visits);
            thread::spawn(move || counter::record_visit(&visits))
        };
        let mine = counter::record_visit(&visits);
        let theirs = other.join().unwrap();
        let mut seen = [mine, theirs];
        seen.sort();
        assert_eq!(seen, [0, 1]); // each saw a different previous value
        assert_eq!(visits.load(Ordering::Relaxed), 2);
    });
}
// ANCHOR_END: loom_counter

// ANCHOR: loom_lost_update
/// WRONG: a load and a store are two atomic operations, not one.
pub fn racy_record_visit(visits: &AtomicU64) {
    let seen = visits.load(Ordering::Relaxed);
    visits.store(seen + 1, Ordering::Relaxed);
}

pub fn lost_update_model() {
    loom::model(|| {
        let visits = Arc::new(AtomicU64::new(0));
        let other = {
            let visits = Arc::clone(&visits);
            thread::spawn(move || racy_record_visit(&visits))
        };
        racy_record_visit(&visits);
        other.join().unwrap();
        assert_eq!(visits.load(Ordering::Relaxed), 2, "an update was lost");
    });
}
// ANCHOR_END: loom_lost_update

pub fn cancel_model() {
    loom::model(|| {
        // Worker 0 checks 0, 2, 4; worker 1 checks 1, 3, 5. Both 3 and 4 match.
        let is_match: fn(u64) -> bool = |n| n == 3 || n == 4;
        let found = Arc::new(AtomicBool::new(false));
        let other = {
            let found = Arc::clone(&found);
            thread::spawn(move || cancel::search_from(1, 2, 6, &found, is_match))
        };
        let mine = cancel::search_from(0, 2, 6, &found, is_match);
        let theirs = other.join().unwrap();
        // Whoever stops early, somebody found a match, and every answer is a match.
        assert!(mine.is_some() || theirs.is_some());
        assert!(mine.is_none_or(is_match) && theirs.is_none_or(is_match));
        assert!(found.load(Ordering::Relaxed));
    });
}

pub fn ids_model() {
    loom::model(|| {
        let next = Arc::new(AtomicU32::new(0));
        let other = {
            let next = Arc::clone(&next);
            thread::spawn(move || {
                std::iter::from_fn(|| ids::next_ticket(&next, 3)).collect::<Vec<_>>()
            })
        };
        let mut sold: Vec<u32> = std::iter::from_fn(|| ids::next_ticket(&next, 3)).collect();
        sold.extend(other.join().unwrap());
        sold.sort();
        assert_eq!(sold, [0, 1, 2]);
        assert_eq!(next.load(Ordering::Relaxed), 3);
    });
}

// ANCHOR: loom_message
pub fn message_model() {
    loom::model(|| {
        let mailbox = Arc::new(message::Mailbox::new());
        let producer = {
            let mailbox = Arc::clone(&mailbox);
            thread::spawn(move || mailbox.publish(42))
        };
        // loom tries both outcomes: the flag not yet set, or set, and then the data must
        // be there.
        if let Some(value) = mailbox.try_read() {
            assert_eq!(value, 42);
        }
        producer.join().unwrap();
    });
}
// ANCHOR_END: loom_message

// ANCHOR: loom_relaxed
/// WRONG: the `Mailbox` with a `Relaxed` flag.
pub struct RelaxedMailbox {
    data: AtomicU64,
    ready: AtomicBool,
}

impl RelaxedMailbox {
    pub fn publish(&self, value: u64) {
        self.data.store(value, Ordering::Relaxed);
        self.ready.store(true, Ordering::Relaxed); // publishes nothing
    }

    pub fn try_read(&self) -> Option<u64> {
        if self.ready.load(Ordering::Relaxed) {
            Some(self.data.load(Ordering::Relaxed)) // may still read the old 0
        } else {
            None
        }
    }
}

pub fn relaxed_message_model() {
    loom::model(|| {
        let mailbox = Arc::new(RelaxedMailbox {
            data: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        });
        let producer = {
            let mailbox = Arc::clone(&mailbox);
            thread::spawn(move || mailbox.publish(42))
        };
        if let Some(value) = mailbox.try_read() {
            assert_eq!(value, 42, "saw the flag but not the data");
        }
        producer.join().unwrap();
    });
}
// ANCHOR_END: loom_relaxed

// ANCHOR: loom_spin_lock
use loom::cell::UnsafeCell;

pub fn spin_lock_model() {
    loom::model(|| {
        // loom's UnsafeCell records every access, so an access that is not ordered after
        // the previous holder's unlock fails the model as a data race.
        let lock = Arc::new(s3_guard::SpinLock::new(UnsafeCell::new(0_u32)));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                let guard = lock.lock();
                // Safety: the guard holds the lock, so no other access to the cell is live.
                guard.with_mut(|count| unsafe { *count += 1 })
            })
        };
        let guard = lock.lock();
        // Safety: as above, and the other thread's guard is gone before this one exists.
        guard.with_mut(|count| unsafe { *count += 1 });
        drop(guard);
        other.join().unwrap();
        let guard = lock.lock();
        // Safety: both writers have released the lock; this read holds it.
        assert_eq!(guard.with(|count| unsafe { *count }), 2);
    });
}
// ANCHOR_END: loom_spin_lock

/// The two calls of a lock without a guard (stages 1, the load-first loop and the wrong
/// `Relaxed` copy below), so that one model body checks all three.
pub trait RawLock {
    fn lock(&self);
    fn unlock(&self);
}

impl RawLock for s1_minimal::RawSpinLock {
    fn lock(&self) {
        s1_minimal::RawSpinLock::lock(self);
    }
    fn unlock(&self) {
        s1_minimal::RawSpinLock::unlock(self);
    }
}

impl RawLock for lock_loops::LoadFirstSpinLock {
    fn lock(&self) {
        lock_loops::LoadFirstSpinLock::lock(self);
    }
    fn unlock(&self) {
        lock_loops::LoadFirstSpinLock::unlock(self);
    }
}

/// Two threads each add one to a loom cell while holding `L`; every interleaving must
/// order the two writes (or loom reports a data race) and end at 2.
pub fn two_increments_under<L: RawLock + 'static>(new_lock: fn() -> L) {
    loom::model(move || {
        let lock = Arc::new((new_lock(), UnsafeCell::new(0_u32)));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                lock.0.lock();
                // Safety: the lock is held (for the `Relaxed` lock: held, but ordering
                // nothing, which is the bug loom must report).
                lock.1.with_mut(|count| unsafe { *count += 1 });
                lock.0.unlock();
            })
        };
        lock.0.lock();
        // Safety: as above.
        lock.1.with_mut(|count| unsafe { *count += 1 });
        lock.0.unlock();
        other.join().unwrap();
        // Safety: both threads are done.
        assert_eq!(lock.1.with(|count| unsafe { *count }), 2);
    });
}

pub fn raw_spin_lock_model() {
    two_increments_under(s1_minimal::RawSpinLock::new);
}

pub fn unsafe_spin_lock_model() {
    loom::model(|| {
        let lock = Arc::new(s2_unsafe::UnsafeSpinLock::new(UnsafeCell::new(0_u32)));
        let other = {
            let lock = Arc::clone(&lock);
            thread::spawn(move || {
                // Safety: the lock is held until `unlock`, and the reference is not kept.
                lock.lock().with_mut(|count| unsafe { *count += 1 });
                // Safety: the `&mut` from `lock` is not used after this point.
                unsafe { lock.unlock() };
            })
        };
        // Safety: as above.
        lock.lock().with_mut(|count| unsafe { *count += 1 });
        // Safety: as above.
        unsafe { lock.unlock() };
        other.join().unwrap();
        // Safety: both threads are done.
        assert_eq!(lock.lock().with(|count| unsafe { *count }), 2);
    });
}

/// WRONG: stage 1's lock with `Relaxed` in place of `Acquire` and `Release`.
pub struct RelaxedSpinLock {
    locked: AtomicBool,
}

impl RelaxedSpinLock {
    pub fn lock(&self) {
        while self
            .locked
            .compare_exchange_weak(false, true, Ordering::Relaxed, Ordering::Relaxed)
            .is_err()
        {
            concurrent_rust::sync::hint::spin_loop();
        }
    }

    pub fn unlock(&self) {
        self.locked.store(false, Ordering::Relaxed);
    }
}

impl RawLock for RelaxedSpinLock {
    fn lock(&self) {
        RelaxedSpinLock::lock(self);
    }
    fn unlock(&self) {
        RelaxedSpinLock::unlock(self);
    }
}

pub fn relaxed_spin_lock_model() {
    two_increments_under(|| RelaxedSpinLock {
        locked: AtomicBool::new(false),
    });
}

pub fn load_first_spin_lock_model() {
    two_increments_under(lock_loops::LoadFirstSpinLock::new);
}

// ANCHOR: loom_store_buffer
/// WRONG: the store-buffer example with `Relaxed` accesses and no fence.
pub fn raise_then_look_unfenced(mine: &AtomicBool, theirs: &AtomicBool) -> bool {
    mine.store(true, Ordering::Relaxed);
    theirs.load(Ordering::Relaxed)
}

pub fn store_buffer_model(raise_then_look: fn(&AtomicBool, &AtomicBool) -> bool) {
    loom::model(move || {
        let flags = Arc::new((AtomicBool::new(false), AtomicBool::new(false)));
        let right = {
            let flags = Arc::clone(&flags);
            thread::spawn(move || raise_then_look(&flags.1, &flags.0))
        };
        let left_saw = raise_then_look(&flags.0, &flags.1);
        let right_saw = right.join().unwrap();
        assert!(
            left_saw || right_saw,
            "both threads missed the other's flag"
        );
    });
}
// ANCHOR_END: loom_store_buffer

pub fn countdown_model() {
    loom::model(|| {
        // Two workers, each with its own slot; the last to finish reads both.
        let shared = Arc::new((
            fences::Countdown::new(2),
            UnsafeCell::new(0_u32),
            UnsafeCell::new(0_u32),
        ));
        let other = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                // Safety: only this worker writes slot 2, before its `finish`.
                shared.2.with_mut(|slot| unsafe { *slot = 2 });
                shared.0.finish().then(|| read_slots(&shared.1, &shared.2))
            })
        };
        // Safety: only this worker writes slot 1, before its `finish`.
        shared.1.with_mut(|slot| unsafe { *slot = 1 });
        let mine = shared.0.finish().then(|| read_slots(&shared.1, &shared.2));
        let theirs = other.join().unwrap();
        match (mine, theirs) {
            (Some(slots), None) | (None, Some(slots)) => assert_eq!(slots, (1, 2)),
            both => panic!("not exactly one last worker: {both:?}"),
        }
    });
}

fn read_slots(first: &UnsafeCell<u32>, second: &UnsafeCell<u32>) -> (u32, u32) {
    // Safety: called by the last worker only, after its `finish` returned `true`; the
    // other worker wrote its slot before its own `finish` (loom checks the ordering).
    unsafe { (first.with(|slot| *slot), second.with(|slot| *slot)) }
}

/// WRONG: `Countdown::finish` without the `Acquire` fence.
pub struct UnfencedCountdown {
    remaining: AtomicU32,
}

impl UnfencedCountdown {
    pub fn finish(&self) -> bool {
        self.remaining.fetch_sub(1, Ordering::Release) == 1
    }
}

pub fn unfenced_countdown_model() {
    loom::model(|| {
        let shared = Arc::new((
            UnfencedCountdown {
                remaining: AtomicU32::new(2),
            },
            UnsafeCell::new(0_u32),
            UnsafeCell::new(0_u32),
        ));
        let other = {
            let shared = Arc::clone(&shared);
            thread::spawn(move || {
                // Safety: (wrong) as in `countdown_model`, but nothing orders the read.
                shared.2.with_mut(|slot| unsafe { *slot = 2 });
                shared.0.finish().then(|| read_slots(&shared.1, &shared.2))
            })
        };
        // Safety: (wrong) as above.
        shared.1.with_mut(|slot| unsafe { *slot = 1 });
        shared.0.finish().then(|| read_slots(&shared.1, &shared.2));
        other.join().unwrap();
    });
}

mod tests {
    use super::*;

    /// Runs a model of wrong code and checks that loom failed it for the stated reason:
    /// its panic message contains `reason` (any other panic, say loom's "Model exceeded
    /// maximum number of branches", is not the bug this model is about).
    fn loom_finds(reason: &str, model: impl FnOnce() + std::panic::UnwindSafe) {
        let payload = std::panic::catch_unwind(model).expect_err("loom found no bug");
        let message = payload
            .downcast_ref::<String>()
            .map(String::as_str)
            .or_else(|| payload.downcast_ref::<&str>().copied())
            .unwrap_or("(a panic without a message)");
        assert!(
            message.contains(reason),
            "loom failed the model, but not with {reason:?}: {message}"
        );
    }

    #[test]
    fn fetch_add_loses_no_update() {
        counter_model();
    }

    #[test]
    fn loom_catches_the_lost_update() {
        loom_finds("an update was lost", lost_update_model);
    }

    #[test]
    fn a_match_is_always_reported() {
        cancel_model();
    }

    #[test]
    fn every_ticket_once_and_never_past_the_limit() {
        ids_model();
    }

    #[test]
    fn acquire_sees_what_release_published() {
        message_model();
    }

    #[test]
    fn loom_catches_the_relaxed_flag() {
        loom_finds("saw the flag but not the data", relaxed_message_model);
    }

    #[test]
    fn spin_lock_excludes_and_publishes() {
        spin_lock_model();
    }

    #[test]
    fn loom_catches_a_relaxed_spin_lock() {
        loom_finds("Causality violation", relaxed_spin_lock_model);
    }

    #[test]
    fn raw_spin_lock_excludes() {
        raw_spin_lock_model();
    }

    #[test]
    fn unsafe_spin_lock_excludes() {
        unsafe_spin_lock_model();
    }

    #[test]
    fn load_first_spin_lock_excludes() {
        load_first_spin_lock_model();
    }

    #[test]
    fn seqcst_fences_forbid_both_false() {
        store_buffer_model(fences::raise_then_look);
    }

    #[test]
    fn loom_finds_both_false_without_the_fences() {
        loom_finds("both threads missed the other's flag", || {
            store_buffer_model(raise_then_look_unfenced)
        });
    }

    #[test]
    fn the_last_worker_sees_every_slot() {
        countdown_model();
    }

    #[test]
    fn loom_catches_a_countdown_without_its_fence() {
        loom_finds("Causality violation", unfenced_countdown_model);
    }
}
