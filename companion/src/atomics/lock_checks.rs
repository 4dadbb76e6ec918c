//! What every spin lock of the chapter must do, as test helpers shared by the lock files
//! (test builds only). A lock is given as three plain functions, so that stage 1, the two
//! other lock loops and stage 2 are held to the same checks. Each check runs under
//! [`within`], so a lock that never unlocks fails the test instead of spinning forever.

use crate::testing::within;
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, Barrier};
use std::time::Duration;

/// Four threads, released together by a barrier, enter the lock 10,000 times each and
/// stay inside for a few spin-loop hints; no thread ever finds another inside.
pub(crate) fn assert_one_thread_at_a_time<L: Send + Sync + 'static>(
    new: fn() -> L,
    lock: fn(&L),
    unlock: fn(&L),
) {
    within(Duration::from_secs(30), move || {
        let raw = new();
        let inside = AtomicU32::new(0);
        let entries = AtomicU32::new(0);
        let start = Barrier::new(4);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    start.wait();
                    for _ in 0..10_000 {
                        lock(&raw);
                        assert_eq!(
                            inside.fetch_add(1, Ordering::SeqCst),
                            0,
                            "two threads inside"
                        );
                        for _ in 0..20 {
                            std::hint::spin_loop(); // a critical section long enough to overlap
                        }
                        entries.fetch_add(1, Ordering::Relaxed);
                        inside.fetch_sub(1, Ordering::SeqCst);
                        unlock(&raw);
                    }
                });
            }
        });
        assert_eq!(entries.into_inner(), 40_000);
    })
    .expect("a waiting thread never got the lock: does `unlock` unlock?");
}

/// While this thread holds the lock, a waiter that has started its `lock` call does not
/// get through (checked after it had 100 ms to get through wrongly); after `unlock` it
/// does, and unlocks again.
pub(crate) fn assert_a_waiter_waits_for_unlock<L: Send + Sync + 'static>(
    new: fn() -> L,
    lock: fn(&L),
    unlock: fn(&L),
) {
    let raw = Arc::new(new());
    let started = Arc::new(AtomicBool::new(false));
    let got_in = Arc::new(AtomicBool::new(false));
    lock(&raw);
    let waiter = {
        let (raw, started, got_in) = (Arc::clone(&raw), Arc::clone(&started), Arc::clone(&got_in));
        std::thread::spawn(move || {
            started.store(true, Ordering::SeqCst);
            lock(&raw);
            got_in.store(true, Ordering::SeqCst);
            unlock(&raw);
        })
    };
    while !started.load(Ordering::SeqCst) {
        std::thread::yield_now();
    }
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        !got_in.load(Ordering::SeqCst),
        "the waiter got in while the lock was held"
    );
    unlock(&raw);
    within(Duration::from_secs(10), move || waiter.join().unwrap())
        .expect("the waiter never got the lock after `unlock`");
    assert!(got_in.load(Ordering::SeqCst));
    within(Duration::from_secs(10), move || lock(&raw))
        .expect("the waiter's `unlock` left the lock held");
}
