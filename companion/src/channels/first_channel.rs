//! A first channel: one thread sends owned values, another receives them, and what `send`
//! returns when nobody is listening any more.
//!
//! From source note 003 (errata: `book/errata.md`), "Message Passing between threads": the note says "A
//! channel is **closed** if either the transmitter or receiver is dropped". Closer: the
//! *receiver* sees the end only after every `Sender` (clones included) is dropped and the
//! buffered values are taken; a sender sees it as soon as the one `Receiver` is dropped.

// ANCHOR: first_channel
use std::sync::mpsc;
use std::thread;

pub fn main() {
    let (sender, receiver) = mpsc::channel::<String>();
    let producer = thread::spawn(move || {
        for chapter in ["threads", "channels", "shared state"] {
            let title = format!("Chapter: {chapter}");
            // `send` takes `title` by value: from here on it belongs to the channel.
            sender.send(title).unwrap();
        }
    });
    for title in receiver {
        println!("received {title:?}");
    }
    producer.join().unwrap();
}
// ANCHOR_END: first_channel

// ANCHOR: send_error
use std::sync::mpsc::SendError;

pub fn send_to_nobody() -> Result<(), SendError<Vec<u8>>> {
    let (sender, receiver) = mpsc::channel::<Vec<u8>>();
    drop(receiver);
    let megabyte = vec![0_u8; 1 << 20];
    sender.send(megabyte)
}
// ANCHOR_END: send_error

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    // A loop over a `Receiver` waits for ever if a `Sender` survives: every test that
    // receives runs under `within`, so that such a bug fails instead of hanging.

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn one_sender_arrives_in_order() {
        let got = within(Duration::from_secs(10), || {
            let (sender, receiver) = mpsc::channel();
            let producer = thread::spawn(move || {
                for i in 0..1000 {
                    sender.send(i).unwrap();
                }
            });
            let got: Vec<i32> = receiver.iter().collect();
            producer.join().unwrap();
            got
        })
        .unwrap();
        assert_eq!(got, (0..1000).collect::<Vec<_>>());
    }

    #[test]
    fn send_to_a_dropped_receiver_gives_the_value_back() {
        let SendError(returned) = send_to_nobody().unwrap_err();
        assert_eq!(returned.len(), 1 << 20);
    }

    #[test]
    fn sending_moves_the_heap_buffer_without_copying_it() {
        let (address, received) = within(Duration::from_secs(10), || {
            let (sender, receiver) = mpsc::channel::<Vec<u8>>();
            let buffer = vec![7_u8; 1 << 20];
            let address = buffer.as_ptr() as usize;
            thread::spawn(move || sender.send(buffer).unwrap())
                .join()
                .unwrap();
            (address, receiver.recv().unwrap())
        })
        .unwrap();
        assert_eq!(received.as_ptr() as usize, address);
    }
}
