//! Chapter 5 — Atomics, globals, `Send` and `Sync`.
//!
//! Every listing of `book/05-atomics.md`, in the book's order, with its tests beside it:
//!
//! | file | what it shows |
//! |---|---|
//! | [`counter`] | `fetch_add`: a counter many threads update without losing a count |
//! | [`cancel`] | an `AtomicBool` cancellation flag (the example source note 002 mentions) |
//! | [`ids`] | a `compare_exchange` loop: an ID allocator that never overflows |
//! | [`message`] | `Release`/`Acquire`: publishing data through a flag |
//! | [`seqcst`] | `SeqCst`: the store-buffer example that `Acquire`/`Release` does not order |
//! | [`fences`] | `fence`: the store-buffer example with `Relaxed` and `fence(SeqCst)`; the `Arc`-drop pattern |
//! | [`s1_minimal`] | spin lock, stage 1: an `AtomicBool` that only one thread can set |
//! | [`lock_loops`] | two more lock loops: `swap`, and load-first (test-and-test-and-set) |
//! | [`s2_unsafe`] | spin lock, stage 2: it holds data, through `UnsafeCell` and `unsafe` |
//! | [`s3_guard`] | spin lock, stage 3: a guard makes it safe |
//! | [`globals`] | statics must be `Sync`: an atomic and a `Mutex<Vec<_>>` in statics; `static mut` |
//! | [`lazy`] | statics built at run time: `OnceLock` and `LazyLock` |
//! | [`const_fn`] | what a `const fn` can do today (shown in the appendix `book/const-fn.md`, not in the chapter) |
//! | [`send_sync`] | `Send` and `Sync`: `Rc`, `Cell`, `MutexGuard`, `PhantomData`, `unsafe impl` |
//!
//! The atomic examples import from [`crate::sync`], so `loom_models.rs` (compiled only
//! under `RUSTFLAGS="--cfg loom"`) checks the very same functions under every
//! interleaving. Statics cannot hold loom's atomics (their `new` is not `const`), so
//! [`globals`] and [`lazy`] are compiled only in normal builds.

pub mod cancel;
pub mod const_fn;
pub mod counter;
pub mod fences;
#[cfg(not(loom))]
pub mod globals;
pub mod ids;
#[cfg(not(loom))]
pub mod lazy;
#[cfg(all(test, not(loom)))]
mod lock_checks;
pub mod lock_loops;
pub mod message;
pub mod s1_minimal;
pub mod s2_unsafe;
pub mod s3_guard;
pub mod send_sync;
pub mod seqcst;

#[cfg(all(test, loom))]
mod loom_models;
