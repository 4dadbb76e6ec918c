//! Chapter 4 — Shared mutable state.
//!
//! Every listing of `book/04-shared-state.md`, in the book's order, with its tests beside it:
//!
//! | file | what it shows |
//! |---|---|
//! | [`database`] | `Mutex::lock`, the `MutexGuard`, and the end of a critical section |
//! | [`database_arc`] | source note 000's `Database` behind `Arc<Mutex<_>>`, shared by ten threads |
//! | [`guard`] | the guard is a smart pointer: `Deref`, `DerefMut`, `drop` unlocks |
//! | [`exclusive`] | `get_mut` and `into_inner`: no lock needed when ownership proves exclusivity |
//! | [`interior`] | `&` vs `&mut`; `Arc<Vec<_>>` cannot be pushed to (E0596); run-time exclusivity |
//! | [`check_then_act`] | a race condition without a data race, and its fix |
//! | [`box_office`] | the fixed `buy` at work: two seats, four buyers |
//! | [`lobby`] | a game lobby as a `Mutex`-protected queue (compare chapter 3's channel version) |
//! | [`relock`] | deadlock 1: locking a mutex the thread already holds; the fix |
//! | [`lock_order`] | deadlock 2: two locks in opposite orders; the fix by lock ordering |
//! | [`poison`] | a panic while holding the lock; `into_inner`, `clear_poison` |
//! | [`rwlock`] | `RwLock`: many readers or one writer |
//! | [`bounded_queue`] | a blocking bounded queue on `Mutex` + two `Condvar`s |
//! | [`quorum`] | waiting for a quorum of workers with `wait_timeout`, a deadline and `notify_all` |
//! | [`barrier`] | `Barrier`: rounds that start together |
//! | [`errors`] | the listings' error types (`SoldOut`, `TransferError`, `NoQuorum`), kept out of the listings |
//!
//! The loom models (lock ordering, a condition-variable hand-off) live in `loom_models.rs`
//! and are compiled only under `RUSTFLAGS="--cfg loom"` (see [`crate::sync`]).

pub mod barrier;
pub mod bounded_queue;
pub mod box_office;
pub mod check_then_act;
pub mod database;
pub mod database_arc;
pub mod errors;
pub mod exclusive;
pub mod guard;
pub mod interior;
pub mod lobby;
pub mod lock_order;
pub mod poison;
pub mod quorum;
pub mod relock;
pub mod rwlock;

#[cfg(all(test, loom))]
mod loom_models;
