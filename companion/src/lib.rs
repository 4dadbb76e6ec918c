//! # `concurrent_rust` — the tested code of *Concurrent Rust, tested*
//!
//! Every Rust snippet in the book and in the notebooks is a region of a file in this
//! crate, so `cargo test -p concurrent_rust` checks every one of them.
//!
//! One module per chapter, in the book's order; one small file per example, with its
//! tests beside it:
//!
//! <!-- generated: chapters (`cargo xtask gen`; edit xtask/src/facts.rs, not this) -->
//! | chapter | module | notebook |
//! |---|---|---|
//! | 1. How to use this course; concurrency and its models | [`models`] | `notebooks/01-models.ipynb` |
//! | 2. Threads | [`threads`] | `notebooks/02-threads.ipynb` |
//! | 3. Message passing | [`channels`] | `notebooks/03-channels.ipynb` |
//! | 4. Shared mutable state | [`shared_state`] | `notebooks/04-shared-state.ipynb` |
//! | 5. Atomics, globals, `Send` and `Sync` | [`atomics`] | `notebooks/05-atomics.ipynb` |
//! | 6. Data parallelism with rayon | [`data_parallelism`] | `notebooks/06-data-parallelism.ipynb` |
//! | 7. How async works, and tokio | [`how_async_works`] | `notebooks/07-how-async-works.ipynb` |
//! | 8. Async in practice | [`async_in_practice`] | `notebooks/08-async-in-practice.ipynb` |
//! | 9. Measuring the models on your own machine | [`measuring_the_models`] | `notebooks/09-measuring-the-models.ipynb` |
//! | 10. Testing concurrent code | [`testing_concurrent_code`] | `notebooks/10-testing-concurrent-code.ipynb` |
//! <!-- end generated: chapters -->
//!
//! [`fixtures`] holds the helpers that listings and notebooks share (a self-cleaning
//! temporary directory), `testing` (test builds only) the helpers that several chapters'
//! tests share, and [`sync`] is the shim that lets the same code run on
//! `std` or, under `RUSTFLAGS="--cfg loom"`, on the loom model checker.

// Lets code inside this crate say `concurrent_rust::threads::…`, exactly as a notebook
// cell (which sees this crate as a dependency) says it.
extern crate self as concurrent_rust;

pub mod async_in_practice;
pub mod atomics;
pub mod channels;
pub mod data_parallelism;
pub mod exercises;
pub mod fixtures;
pub mod how_async_works;
#[cfg(not(loom))]
pub mod measured;
#[cfg(not(loom))]
pub mod measuring_the_models;
pub mod models;
// The registry names modules that loom builds leave out (statics cannot hold loom's
// atomics), and the loom models do not print.
#[cfg(not(loom))]
pub mod programs;
pub mod shared_state;
pub mod sync;
#[cfg(test)]
mod testing;
pub mod testing_concurrent_code;
pub mod threads;
