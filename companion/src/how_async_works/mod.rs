//! Chapter 7: how async works, and tokio. A future is a state machine
//! that an executor polls; a waker is how a `Pending` future asks to be polled again.
//!
//! | module | what it shows |
//! |---|---|
//! | [`futures`] | futures written by hand: a countdown, a one-shot signal, and a wrong one that keeps no waker |
//! | [`state_machine`] | an `async fn` with two `.await`s, and the enum state machine it compiles to, written by hand |
//! | [`await_anywhere`] | `.await` in an `async fn`, an `async` block and an async closure |
//! | [`wakers`] | a waker that announces its wake-ups, kept by a signal and dropped by a forgetful future |
//! | [`executor`] | `block_on` and a minimal task queue whose wakers re-queue their tasks |
//! | [`pinning`] | a self-referential value broken by a move; pinning an async block with `pin!` and `Box::pin` |
//! | [`runtimes`] | `#[tokio::main]` by hand; where spawned tasks run; a `JoinHandle` reports a return, a panic, an abort |
//! | [`composition`] | `join!`, `try_join!`, `select!` and `JoinSet`, timed on the paused clock |
//! | [`sync_primitives`] | `tokio::sync`, one use each: mpsc, oneshot, broadcast and `Lagged`, watch, `Semaphore`, `Mutex` |
//! | [`cancellation`] | a dropped future never takes its next step; a task it spawned does |
//! | [`cancel_safety`] | `read_exact` in a `select!` loop loses a half-read record; a buffer kept outside the loop does not |
//! | [`shutdown`] | graceful shutdown: stop accepting, tell every task through a `CancellationToken`, abort the late ones at a deadline |

pub mod await_anywhere;
pub mod cancel_safety;
pub mod cancellation;
pub mod composition;
pub mod executor;
pub mod futures;
pub mod pinning;
pub mod runtimes;
// tokio leaves out its `net` module when built with `--cfg loom`, as the loom stage builds
// this crate; the files that use tokio's sockets are left out of that build with it.
#[cfg(not(loom))]
pub mod shutdown;
pub mod state_machine;
pub mod sync_primitives;
pub mod wakers;
