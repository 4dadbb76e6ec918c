//! Chapter 3 — Message passing.
//!
//! Every listing of `book/03-channels.md`, in the book's order, with its tests beside it:
//!
//! | file | what it shows |
//! |---|---|
//! | [`first_channel`] | `mpsc::channel`, `send` moves a value, `SendError` gives it back |
//! | [`receiving`] | `recv`, `try_recv`, `recv_timeout`, iteration; when the channel ends |
//! | [`fan_in`] | many senders, one receiver, results put back in input order |
//! | [`index_stages`] | the inverted index's jobs as plain functions |
//! | [`pipeline`] | the inverted-index builder: one thread per stage, bad input, panics |
//! | [`backpressure`] | `sync_channel(n)`: a producer at most `n` ahead; `sync_channel(0)` |
//! | [`off_thread`] | `OffThreadExt`: any iterator on a worker thread, joined and stoppable |
//! | [`shared_receiver`] | many consumers with `Arc<Mutex<Receiver>>`, and the derive pitfall |
//! | [`crossbeam_workers`] | crossbeam's cloneable `Receiver`, `bounded` and `unbounded` |
//! | [`select`] | `select!`: wait on several channels at once |
//! | [`lobby`] | a thread that owns state and answers requests; the `Lobby` trait |
//! | [`deadlock`] | a cycle of threads waiting on each other, caught by `recv_timeout` |
//! | [`send_sync`] | which channel ends are `Send` and `Sync` |

pub mod backpressure;
pub mod crossbeam_workers;
pub mod deadlock;
pub mod fan_in;
pub mod first_channel;
pub mod index_stages;
pub mod lobby;
pub mod off_thread;
pub mod pipeline;
pub mod receiving;
pub mod select;
pub mod send_sync;
pub mod shared_receiver;

#[cfg(test)]
pub(crate) mod tests {
    use std::thread;
    use std::time::Duration;

    /// [`crate::fixtures::within`] for tests that only want the value: fails the test if
    /// `f` takes longer than `seconds` (a hang or a deadlock), and re-raises its panic.
    pub fn within<T: Send + 'static>(seconds: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
        crate::fixtures::within(Duration::from_secs(seconds), f)
            .unwrap_or_else(|| panic!("did not finish within {seconds} s: a hang or a deadlock"))
    }

    #[test]
    #[should_panic(expected = "did not finish within 1 s")]
    fn within_turns_a_hang_into_a_failure() {
        within(1, || thread::sleep(Duration::from_secs(5)));
    }

    #[test]
    #[should_panic(expected = "inner panic")]
    fn within_re_raises_a_panic() {
        within(1, || panic!("inner panic"));
    }
}
