//! The synchronisation primitives the course's loom models use.
//!
//! Normal builds re-export `std`; builds with `RUSTFLAGS="--cfg loom"` re-export
//! [loom](https://docs.rs/loom)'s drop-in replacements, which let loom run a test under
//! every interleaving of its threads (up to `LOOM_MAX_PREEMPTIONS` preemptions).
//! Code that should be model-checked imports from here instead of `std`.
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
