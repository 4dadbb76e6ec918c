//! Publishing data through a flag: the classic message-passing example of memory ordering.
//! The producer writes the data, then sets `ready` with `Release`; a consumer that sees
//! `ready` with `Acquire` is guaranteed to see the data too.

// ANCHOR: message
use concurrent_rust::sync::atomic::{AtomicBool, AtomicU64, Ordering};

pub struct Mailbox {
    data: AtomicU64,
    ready: AtomicBool,
}

impl Mailbox {
    pub fn new() -> Mailbox {
        Mailbox {
            data: AtomicU64::new(0),
            ready: AtomicBool::new(false),
        }
    }

    pub fn publish(&self, value: u64) {
        self.data.store(value, Ordering::Relaxed);
        self.ready.store(true, Ordering::Release); // everything before this store...
    }

    pub fn try_read(&self) -> Option<u64> {
        if self.ready.load(Ordering::Acquire) {
            // ...is visible after a load that sees it.
            Some(self.data.load(Ordering::Relaxed))
        } else {
            None
        }
    }
}

impl Default for Mailbox {
    fn default() -> Mailbox {
        Mailbox::new()
    }
}
// ANCHOR_END: message

// ANCHOR: message_main
pub fn main() {
    let mailbox = Mailbox::new();
    let (received, polls) = std::thread::scope(|s| {
        let consumer = s.spawn(|| {
            let mut polls = 1_u64;
            loop {
                if let Some(value) = mailbox.try_read() {
                    return (value, polls);
                }
                polls += 1;
                concurrent_rust::sync::hint::spin_loop();
            }
        });
        s.spawn(|| mailbox.publish(42));
        consumer.join().unwrap()
    });
    println!("received {received} after {polls} polls");
}
// ANCHOR_END: message_main

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn a_consumer_that_sees_ready_sees_the_data() {
        for round in 1..=200_u64 {
            let mailbox = Arc::new(Mailbox::new());
            let producer = {
                let mailbox = Arc::clone(&mailbox);
                std::thread::spawn(move || mailbox.publish(round))
            };
            let value = within(Duration::from_secs(60), move || {
                loop {
                    if let Some(value) = mailbox.try_read() {
                        break value;
                    }
                    std::hint::spin_loop();
                }
            })
            .unwrap();
            assert_eq!(value, round);
            producer.join().unwrap();
        }
    }

    #[test]
    fn nothing_to_read_before_publish() {
        let mailbox = Mailbox::default();
        assert_eq!(mailbox.try_read(), None);
        mailbox.publish(7);
        assert_eq!(mailbox.try_read(), Some(7));
    }

    #[test]
    fn main_runs() {
        within(Duration::from_secs(60), main).unwrap();
    }
}
