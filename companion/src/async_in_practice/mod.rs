//! Chapter 8: async in practice.
//!
//! | module | what it shows |
//! |---|---|
//! | [`actors`] | a tokio actor: a task owns its state, a cloneable handle sends it messages with `oneshot` replies; it ends with its last handle |
//! | [`c10k`] | C10k measured: `n` idle connections held by a thread each or a tokio task each, their memory and threads from `/proc/self/status` |
//! | [`blocking`] | a blocking call on a current-thread runtime stops every other task; `spawn_blocking` does not |
//! | [`pitfalls`] | a std `MutexGuard` must be gone before an `.await`; held across one on a single thread, it stops the task that asks for the lock |
//! | [`protocol`] | the sans-IO core of the chapter's servers: a key–value line protocol as a state machine, every bad input an error for its line |
//! | [`thread_server`] | the protocol's blocking shell: a thread per connection on `std::net`; one bad client never stops another |
//! | [`tokio_server`] | the same protocol in a tokio task per connection, with `timeout` for the idle client |

pub mod actors;
pub mod blocking;
// tokio leaves out its `net` module when built with `--cfg loom`, as the loom stage builds
// this crate; the files that use tokio's sockets are left out of that build with it.
#[cfg(not(loom))]
pub mod c10k;
pub mod pitfalls;
pub mod protocol;
pub mod thread_server;
#[cfg(not(loom))] // tokio's `net`, as above
pub mod tokio_server;
