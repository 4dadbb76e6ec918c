use std::sync::mpsc;
use std::thread;

fn main() {
    let (sender, receiver) = mpsc::channel::<u32>();
    thread::scope(|scope| {
        for _ in 0..2 {
            // Each worker would borrow the one receiver: `&Receiver` must be `Send`.
            scope.spawn(|| receiver.recv());
        }
        sender.send(1).unwrap();
        sender.send(2).unwrap();
    });
}
