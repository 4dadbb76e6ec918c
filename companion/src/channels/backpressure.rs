//! Backpressure with `sync_channel(n)`: a producer may run at most `n` values ahead of its
//! consumer; `send` blocks when the buffer is full. `sync_channel(0)` is a rendezvous:
//! every `send` waits for a `recv`.
//!
//! From source note 002 (errata: `book/errata.md`), "Channel Features and Performance": the note explains
//! backpressure with Unix pipes but shows no code.

// ANCHOR: backpressure
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// Sends `count` numbers through `sync_channel(capacity)` to a slow consumer. At each
/// receive, the consumer notes how far ahead of it the producer has got; returns the
/// largest lead it saw.
pub fn largest_lead(capacity: usize, count: usize) -> usize {
    let (sender, receiver) = mpsc::sync_channel::<usize>(capacity);
    let sent = Arc::new(AtomicUsize::new(0));
    let producer = {
        let sent = Arc::clone(&sent);
        thread::spawn(move || {
            for i in 0..count {
                sender.send(i).unwrap();
                sent.fetch_add(1, Ordering::SeqCst);
            }
        })
    };
    let mut received = 0;
    let mut lead = 0;
    for value in receiver {
        assert_eq!(value, received);
        received += 1;
        thread::sleep(Duration::from_millis(1)); // a slow consumer
        lead = lead.max(sent.load(Ordering::SeqCst).saturating_sub(received));
    }
    producer.join().unwrap();
    lead
}

pub fn main() {
    for capacity in [0, 1, 4] {
        let lead = largest_lead(capacity, 40);
        println!("sync_channel({capacity}): the producer was at most {lead} ahead");
    }
}
// ANCHOR_END: backpressure

// ANCHOR: try_send
use std::sync::mpsc::TrySendError;

pub fn fill_the_buffer() -> Vec<Result<(), TrySendError<&'static str>>> {
    let (sender, receiver) = mpsc::sync_channel(2);
    let results = ["one", "two", "three"]
        .into_iter()
        .map(|word| sender.try_send(word))
        .collect();
    drop(receiver);
    results
}
// ANCHOR_END: try_send

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn main_runs() {
        within(Duration::from_secs(20), main).unwrap();
    }

    #[test]
    fn the_producer_never_gets_more_than_capacity_ahead() {
        // `send` number k can only return once k - capacity values have been taken, and
        // the consumer is the only one taking: so sent <= received + capacity, always.
        for capacity in [0, 1, 3] {
            let lead = within(Duration::from_secs(20), move || largest_lead(capacity, 30)).unwrap();
            assert!(lead <= capacity, "capacity {capacity}, lead {lead}");
        }
    }

    #[test]
    fn the_producer_does_run_ahead_when_the_buffer_has_room() {
        // The other side of the bound: with room in the buffer, `send` does not wait for
        // the consumer. Over 30 values that each take the consumer a millisecond, a lead of
        // 0 would mean the producer never once got a value into a free slot.
        let lead = within(Duration::from_secs(20), || largest_lead(3, 30)).unwrap();
        assert!(lead >= 1, "the producer never got ahead of the consumer");
    }

    #[test]
    fn an_unbounded_channel_has_no_such_limit() {
        // The same measurement on `channel()`: the producer finishes before the consumer
        // takes the second value, because nothing ever blocks it. Checked without timing:
        // the producer is joined first, then every value is still there.
        // Under `within`: were the channel bounded, the producer would block and never be
        // joined, and that must be a failure, not a hang.
        let waiting = within(Duration::from_secs(10), || {
            let (sender, receiver) = mpsc::channel();
            thread::spawn(move || {
                for i in 0..1000 {
                    sender.send(i).unwrap();
                }
            })
            .join()
            .unwrap();
            receiver.try_iter().count()
        })
        .expect("the producer blocked: the channel is bounded");
        assert_eq!(waiting, 1000);
    }

    #[test]
    fn try_send_reports_full_instead_of_blocking() {
        let results = fill_the_buffer();
        assert_eq!(results[0], Ok(()));
        assert_eq!(results[1], Ok(()));
        assert_eq!(results[2], Err(TrySendError::Full("three")));
    }

    #[test]
    fn a_rendezvous_send_returns_only_once_received() {
        let (sender, receiver) = mpsc::sync_channel::<u8>(0);
        assert_eq!(sender.try_send(1), Err(TrySendError::Full(1)));
        drop(receiver);
        assert_eq!(sender.try_send(2), Err(TrySendError::Disconnected(2)));
    }
}
