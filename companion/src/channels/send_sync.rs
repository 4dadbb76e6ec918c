//! `Send` and `Sync` for the two ends of a channel, checked by the compiler.
//!
//! * `Sender<T>` and `SyncSender<T>` are `Send` and `Sync` when `T: Send` (`Sender` has
//!   been `Sync` since Rust 1.72.0; before, each thread needed its own clone).
//! * `Receiver<T>` is `Send` when `T: Send`, and never `Sync`: one receiver, one thread
//!   at a time.
//! * crossbeam's `Sender<T>` and `Receiver<T>` are both `Send + Sync` when `T: Send`.
//!
//! `does_not_compile/share_receiver.rs` (E0277, checked by trybuild in
//! `tests/compile_fail.rs`): a `&Receiver` cannot go to another thread, because `Receiver` is
//! not `Sync`.

// ANCHOR: send_sync
use std::sync::mpsc::{Receiver, Sender, SyncSender};

fn is_send<T: Send>() {}
fn is_sync<T: Sync>() {}

pub fn channel_ends_are_thread_safe() {
    is_send::<Sender<String>>();
    is_sync::<Sender<String>>(); // since Rust 1.72.0
    is_send::<SyncSender<String>>();
    is_sync::<SyncSender<String>>();
    is_send::<Receiver<String>>(); // move it to a thread: yes; share it: no
    is_send::<crossbeam::channel::Receiver<String>>();
    is_sync::<crossbeam::channel::Receiver<String>>();
}
// ANCHOR_END: send_sync

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiler_agrees() {
        channel_ends_are_thread_safe();
    }
}
