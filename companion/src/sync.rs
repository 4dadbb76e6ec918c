//! The synchronisation primitives the course's loom models use.
//!
//! Normal builds re-export `std`; builds with `RUSTFLAGS="--cfg loom"` re-export
//! [loom](https://docs.rs/loom)'s versions of the same API, which let loom run a test
//! under every distinct interleaving of its threads (bounded only where a model sets a
//! preemption bound).
//! Code that should be model-checked imports from here instead of `std`.
//!
//! They are not drop-in replacements in every respect: loom's `thread::spawn` has no
//! `Send` bound (so a loom model checks nothing about `Send` and `Sync`: compile-fail
//! checks do that), its `Condvar` has no spurious wake-ups and its `wait_timeout` never
//! times out, and it treats `SeqCst` loads and stores as `Acquire`/`Release` (while
//! modelling `fence(SeqCst)` faithfully).
//!
//! loom has no `thread::scope`; examples that borrow across threads stay on `std`.

#[cfg(loom)]
pub use loom::hint;
#[cfg(loom)]
pub use loom::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, atomic, mpsc};
#[cfg(loom)]
pub use loom::thread;

#[cfg(not(loom))]
pub use std::hint;
#[cfg(not(loom))]
pub use std::sync::{Arc, Condvar, Mutex, MutexGuard, RwLock, atomic, mpsc};
#[cfg(not(loom))]
pub use std::thread;
