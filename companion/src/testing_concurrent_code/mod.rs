//! Chapter 10: testing concurrent code. Assertions that hold in every interleaving, forcing
//! the interleaving a test needs, and what loom's preemption bound costs and finds.
//!
//! | module | what it shows |
//! |---|---|
//! | [`gate`] | a lost update that a barrier makes certain, and that without it is luck |
//! | [`toolchain`] | a stable compiler refuses `-Z` options, so the sanitizers and Miri need nightly |
//! | `loom_models` (only under `--cfg loom`) | one model explored under preemption bounds 0 to 3 and without a bound: iterations, and whether a bug that needs two preemptions is found |

pub mod gate;
#[cfg(all(test, loom))]
mod loom_models;
pub mod toolchain;
