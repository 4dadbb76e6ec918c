//! Two mistakes with a `std::sync::Mutex` in async code. Holding its guard across an
//! `.await` in a spawned task does not compile (the future is not `Send`; the file in
//! `does_not_compile/` shows rustc's error): the fix is to let the guard go first. And on
//! one thread, a task that holds the lock while it awaits, and another task that then asks
//! for the lock, stop each other for ever. tokio's `Mutex` waits by awaiting instead.

// ANCHOR: scoped_guard
use std::sync::{Arc, Mutex};

/// Adds `amount` under the lock, then awaits: the guard lives only inside the block, so it
/// is gone before the `.await` and the future is `Send`.
pub async fn add_and_report(counter: Arc<Mutex<u64>>, amount: u64) -> u64 {
    let total = {
        let mut total = counter.lock().unwrap();
        *total += amount;
        *total
    }; // the guard is dropped here
    tokio::task::yield_now().await;
    total
}
// ANCHOR_END: scoped_guard

// ANCHOR: one_thread_deadlock
use std::sync::TryLockError;
use std::time::Duration;

/// What the second task saw when it asked for the lock.
#[derive(Debug, PartialEq, Eq)]
pub enum Asked {
    /// `lock()` would have blocked this thread, and with it the task holding the lock.
    WouldBlock,
    /// It got the lock and read this value.
    Got(u64),
}

fn one_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime")
}

/// The first task locks a std `Mutex` and sleeps holding it; meanwhile a second task on the
/// same thread asks for the lock. With `lock()` the thread would block for ever: the
/// sleeping holder can only wake up on this very thread. So the second task uses
/// `try_lock`, which reports what `lock()` would have done.
#[expect(clippy::await_holding_lock, reason = "the mistake this listing shows")]
pub fn std_lock_held_across_await() -> Asked {
    one_thread().block_on(async {
        let shared = Arc::new(Mutex::new(0_u64));
        let holder = shared.lock().unwrap(); // held across the sleep below
        let asker = tokio::spawn({
            let shared = Arc::clone(&shared);
            async move {
                match shared.try_lock() {
                    Ok(value) => Asked::Got(*value),
                    Err(TryLockError::WouldBlock) => Asked::WouldBlock,
                    Err(TryLockError::Poisoned(_)) => unreachable!("no task panicked"),
                }
            }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        drop(holder);
        asker.await.expect("the asker did not panic")
    })
}

/// The same two tasks with tokio's `Mutex`: the second task's `lock().await` waits by
/// giving the thread back, the holder wakes, writes 1 and lets go, and the second task
/// gets the lock and reads 1.
pub fn tokio_lock_held_across_await() -> Asked {
    one_thread().block_on(async {
        let shared = Arc::new(tokio::sync::Mutex::new(0_u64));
        let mut holder = shared.lock().await;
        let asker = tokio::spawn({
            let shared = Arc::clone(&shared);
            async move { Asked::Got(*shared.lock().await) }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        *holder = 1;
        drop(holder);
        asker.await.expect("the asker did not panic")
    })
}

pub fn main() {
    println!(
        "std Mutex held across .await:   the other task {:?}",
        std_lock_held_across_await()
    );
    println!(
        "tokio Mutex held across .await: the other task {:?}",
        tokio_lock_held_across_await()
    );
}
// ANCHOR_END: one_thread_deadlock

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;

    fn assert_send<T: Send>(_: &T) {}

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_scoped_guard_makes_a_send_future_and_no_update_is_lost() {
        let counter = Arc::new(Mutex::new(0));
        let future = add_and_report(Arc::clone(&counter), 1);
        assert_send(&future);
        drop(future);
        let tasks: Vec<_> = (1..=100)
            .map(|amount| tokio::spawn(add_and_report(Arc::clone(&counter), amount)))
            .collect();
        let mut seen = Vec::new();
        for task in tasks {
            seen.push(task.await.unwrap());
        }
        assert_eq!(*counter.lock().unwrap(), 5050);
        // Each task saw the total just after its own addition: all different, 5050 the last.
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 100);
        assert_eq!(seen.last(), Some(&5050));
    }

    #[test]
    fn a_std_lock_held_across_await_blocks_the_other_task_of_its_thread() {
        let asked = within(Duration::from_secs(10), std_lock_held_across_await).unwrap();
        assert_eq!(asked, Asked::WouldBlock);
    }

    #[test]
    fn a_tokio_lock_held_across_await_makes_the_other_task_wait_its_turn() {
        let asked = within(Duration::from_secs(10), tokio_lock_held_across_await).unwrap();
        assert_eq!(asked, Asked::Got(1));
    }
}
