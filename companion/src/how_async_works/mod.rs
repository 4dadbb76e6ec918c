//! Chapter 7: how async works, and tokio. A future is a state machine
//! that an executor polls; a waker is how a `Pending` future asks to be polled again.
//!
//! | module | what it shows |
//! |---|---|
//! | [`futures`] | futures written by hand: a countdown, a one-shot signal, and a wrong one that keeps no waker |
//! | [`cancellation`] | a dropped future never takes its next step; a task it spawned does |
//! | [`executor`] | `block_on` and a minimal task queue whose wakers re-queue their tasks |

pub mod cancellation;
pub mod executor;
pub mod futures;
