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
