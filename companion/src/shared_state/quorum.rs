//! "Wait until a quorum of workers is ready": a count behind a `Mutex`, a `Condvar` that
//! every report wakes, and a waiter that gives up at a deadline and says how far it got.

// ANCHOR: quorum
use concurrent_rust::shared_state::errors::NoQuorum;
use std::time::Instant;

pub struct Quorum {
    needed: usize,
    ready: Mutex<usize>,
    changed: Condvar,
}

impl Quorum {
    pub fn new(needed: usize) -> Quorum {
        Quorum {
            needed,
            ready: Mutex::new(0),
            changed: Condvar::new(),
        }
    }

    pub fn report_ready(&self) {
        *self.ready.lock().unwrap() += 1;
        // Every waiter must re-check, not just one of them.
        self.changed.notify_all();
    }

    /// Waits until `needed` workers have reported; returns how many had, then.
    pub fn wait(&self, timeout: Duration) -> Result<usize, NoQuorum> {
        let deadline = Instant::now() + timeout;
        let mut ready = self.ready.lock().unwrap();
        while *ready < self.needed {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let (ready, needed) = (*ready, self.needed);
                return Err(NoQuorum {
                    ready,
                    needed,
                    waited: timeout,
                });
            }
            ready = self.changed.wait_timeout(ready, left).unwrap().0;
        }
        Ok(*ready)
    }
}

pub fn main() {
    let quorum = Quorum::new(3);
    thread::scope(|s| {
        for worker in 1..=5_u64 {
            let quorum = &quorum;
            s.spawn(move || {
                thread::sleep(Duration::from_millis(10 * worker)); // "starting up"
                quorum.report_ready();
            });
        }
        match quorum.wait(Duration::from_secs(5)) {
            Ok(ready) => println!("quorum: {ready} workers ready, starting"),
            Err(no_quorum) => println!("{no_quorum}"),
        }
    });
    let lonely = Quorum::new(2);
    lonely.report_ready();
    if let Err(no_quorum) = lonely.wait(Duration::from_millis(20)) {
        println!("{no_quorum}");
    }
}
// ANCHOR_END: quorum

// `Quorum` uses the `Mutex` and `Condvar` of the `crate::sync` shim, so that loom checks
// this very code (`loom_models.rs`). loom's `Condvar` has no `wait_timeout_while`, so the
// wait is written out as a loop.
use crate::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    #[test]
    fn the_waiter_wakes_once_enough_workers_report() {
        let quorum = Quorum::new(4);
        let ready = thread::scope(|s| {
            for _ in 0..6 {
                s.spawn(|| quorum.report_ready());
            }
            // Generous: a failure detector, not a timing assumption.
            quorum.wait(Duration::from_secs(20))
        });
        let ready = ready.expect("six workers reported, four were needed");
        assert!((4..=6).contains(&ready));
    }

    #[test]
    fn several_waiters_all_wake() {
        let quorum = Quorum::new(2);
        let outcomes: Vec<Result<usize, NoQuorum>> = thread::scope(|s| {
            let waiters: Vec<_> = (0..3)
                .map(|_| s.spawn(|| quorum.wait(Duration::from_secs(20))))
                .collect();
            s.spawn(|| quorum.report_ready());
            s.spawn(|| quorum.report_ready());
            waiters.into_iter().map(|w| w.join().unwrap()).collect()
        });
        assert_eq!(outcomes, vec![Ok(2), Ok(2), Ok(2)]);
    }

    #[test]
    fn the_last_report_wakes_every_waiter_long_before_its_timeout() {
        // Three waiters with a 6 s timeout. After a timeout `wait` still returns `Ok` if
        // the quorum is there, so the result alone cannot tell a wake-up from a timeout:
        // the time each waiter waited can. Without `notify_all` (or with `notify_one`)
        // some waiter sleeps through the last report and wakes only at its timeout.
        let quorum = Quorum::new(2);
        let all_started = std::sync::Barrier::new(4);
        let outcomes: Vec<(Result<usize, NoQuorum>, Duration)> = thread::scope(|s| {
            let waiters: Vec<_> = (0..3)
                .map(|_| {
                    s.spawn(|| {
                        all_started.wait();
                        let started = std::time::Instant::now();
                        (quorum.wait(Duration::from_secs(6)), started.elapsed())
                    })
                })
                .collect();
            all_started.wait();
            // The waiters are on their way into `wait`. Give them a moment to get there,
            // so that the reports wake them rather than find them not yet waiting. (Not
            // needed for the test to pass: a waiter that finds the quorum there returns
            // at once. Needed for it to catch a missing wake-up.)
            thread::sleep(Duration::from_millis(50));
            quorum.report_ready();
            quorum.report_ready();
            waiters.into_iter().map(|w| w.join().unwrap()).collect()
        });
        for (outcome, waited) in outcomes {
            assert_eq!(outcome, Ok(2));
            assert!(
                waited < Duration::from_secs(3),
                "a waiter waited {waited:?}: it slept through the reports until its timeout"
            );
        }
    }

    #[test]
    fn too_few_workers_is_an_error_that_says_how_many() {
        let quorum = Quorum::new(3);
        quorum.report_ready();
        quorum.report_ready();
        let err = quorum.wait(Duration::from_millis(20)).unwrap_err();
        assert_eq!(
            err,
            NoQuorum {
                ready: 2,
                needed: 3,
                waited: Duration::from_millis(20)
            }
        );
        assert_eq!(
            err.to_string(),
            "only 2 of the 3 workers needed were ready after 20ms"
        );
    }

    #[test]
    fn main_runs() {
        main();
    }
}
