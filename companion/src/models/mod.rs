//! Chapter 1 — How to use this course; concurrency, parallelism and the models.
//!
//! The chapter is mostly ideas; its code shows the few of them that a program can show:
//!
//! - [`shared_memory`]: what the threads of one process share (the static, the heap, the
//!   parent's stack) and what each has for itself (its stack, its thread-locals).
//! - [`waiting`]: one thread per waiting job against one async task per waiting job, and a
//!   current-thread runtime as concurrency without parallelism.
//! - [`useful_work`]: the Kotlin coroutine example of `shared/seeds/001_…txt` as real Rust:
//!   sequential against concurrent awaiting, measured.
//! - [`async_primer`]: the async primer of `shared/seeds/004_…txt`, fixed: blocking against
//!   async sleep, joining two sleeps, a timeout.

pub mod async_primer;
pub mod shared_memory;
pub mod useful_work;
pub mod waiting;
