//! The four ways to receive: `recv`, `try_recv`, `recv_timeout`, and iterating; and
//! exactly when a receiver sees the end of the channel.

// ANCHOR: receiving
use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
use std::time::Duration;

pub fn main() {
    let (sender, receiver) = mpsc::channel::<&str>();
    let second_sender = sender.clone();

    println!("try_recv on an empty channel: {:?}", receiver.try_recv());
    sender.send("first").unwrap();
    println!("recv: {:?}", receiver.recv());

    drop(sender);
    // One clone is still alive, so the channel is empty, not finished.
    let waited = receiver.recv_timeout(Duration::from_millis(50));
    println!("recv_timeout with a live sender: {waited:?}");

    second_sender.send("last").unwrap();
    drop(second_sender);
    // Every sender is gone, but what they sent is still delivered.
    println!(
        "recv after the last sender is dropped: {:?}",
        receiver.recv()
    );
    println!("then: {:?}", receiver.try_recv());
    assert_eq!(receiver.try_recv(), Err(TryRecvError::Disconnected));
    assert_eq!(
        receiver.recv_timeout(Duration::from_millis(50)),
        Err(RecvTimeoutError::Disconnected)
    );
}
// ANCHOR_END: receiving

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::mpsc::RecvError;

    // `recv` and iteration wait for ever while a `Sender` lives: the tests that use them
    // run under `within`, so a surviving sender fails the test instead of hanging it.

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn empty_is_not_disconnected_while_a_clone_lives() {
        within(Duration::from_secs(10), empty_then_disconnected).unwrap();
    }

    fn empty_then_disconnected() {
        let (sender, receiver) = mpsc::channel::<u8>();
        let clone = sender.clone();
        drop(sender);
        assert_eq!(receiver.try_recv(), Err(TryRecvError::Empty));
        assert_eq!(
            receiver.recv_timeout(Duration::from_millis(10)),
            Err(RecvTimeoutError::Timeout)
        );
        drop(clone);
        assert_eq!(receiver.try_recv(), Err(TryRecvError::Disconnected));
        assert_eq!(receiver.recv(), Err(RecvError));
    }

    #[test]
    fn iteration_ends_only_after_every_sender_is_dropped_and_drains_the_buffer() {
        within(Duration::from_secs(10), iterate_until_every_sender_is_gone).unwrap();
    }

    fn iterate_until_every_sender_is_gone() {
        let (sender, receiver) = mpsc::channel();
        let senders: Vec<_> = (0..3).map(|_| sender.clone()).collect();
        drop(sender);
        for (i, s) in senders.iter().enumerate() {
            s.send(i).unwrap();
        }
        let mut senders = senders;
        senders.pop();
        senders.pop();
        // One sender left: the three values are there, then the channel is merely empty.
        let got: Vec<usize> = receiver.try_iter().collect();
        assert_eq!(got, vec![0, 1, 2]);
        assert_eq!(receiver.try_recv(), Err(TryRecvError::Empty));
        senders[0].send(3).unwrap();
        drop(senders);
        assert_eq!(receiver.iter().collect::<Vec<_>>(), vec![3]);
    }
}
