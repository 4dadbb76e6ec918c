//! Deadlock with channels: two threads that each wait for the other's message before
//! sending their own. Shown with `recv_timeout`, so it ends instead of hanging.
//!
//! From source note 002 (errata: `book/errata.md`), "Deadlock": the note says it is "possible to get
//! deadlock with channels" and that a pipeline is acyclic, but shows neither.

// ANCHOR: deadlock
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

/// Two players, each waiting for the other's move before making its own, each for at most
/// their own patience. Returns what each one's wait ended with.
pub fn polite_players(
    ada_patience: Duration,
    bob_patience: Duration,
) -> (
    Result<&'static str, RecvTimeoutError>,
    Result<&'static str, RecvTimeoutError>,
) {
    let (to_bob, bob_inbox) = mpsc::channel::<&'static str>();
    let (to_ada, ada_inbox) = mpsc::channel::<&'static str>();
    let ada = thread::spawn(move || {
        // On a timeout, `?` returns at once: Ada gives up and never sends.
        let heard = ada_inbox.recv_timeout(ada_patience)?;
        let _ = to_bob.send("your move");
        Ok(heard)
    });
    let bob = thread::spawn(move || {
        let heard = bob_inbox.recv_timeout(bob_patience)?;
        let _ = to_ada.send("your move");
        Ok(heard)
    });
    (ada.join().unwrap(), bob.join().unwrap())
}

pub fn main() {
    let (ada, bob) = polite_players(Duration::from_millis(50), Duration::from_millis(250));
    println!("ada waited and got {ada:?}");
    println!("bob waited and got {bob:?}");
}
// ANCHOR_END: deadlock

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn both_waits_fail_and_at_least_one_times_out() {
        // A player sends only after receiving, so nobody ever receives: both waits fail,
        // whatever the scheduling. Which error each sees does depend on it: the second
        // to give up may find the first one's sender already dropped (`Disconnected`).
        let patience = Duration::from_millis(20);
        let (ada, bob) = within(Duration::from_secs(10), move || {
            polite_players(patience, patience)
        })
        .unwrap();
        assert!(ada.is_err(), "{ada:?}");
        assert!(bob.is_err(), "{bob:?}");
        // At least one of them must have waited out its whole patience: the first to
        // give up can only have done so by timing out.
        assert!(
            ada == Err(RecvTimeoutError::Timeout) || bob == Err(RecvTimeoutError::Timeout),
            "{ada:?} {bob:?}"
        );
    }
}
