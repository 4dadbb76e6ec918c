//! Chapter 1 — How to use this course; concurrency, parallelism and the models.
//!
//! Every listing of `book/01-models.md`, in the book's order, with its tests beside it:
//!
//! | file | what it shows |
//! |---|---|
//! | [`shared_memory`] | threads share statics, heap and each other's stacks; each has its own stack and thread-locals (fixes source note 000) |
//! | [`goroutines`] | the goroutine example of source note 001 in Rust: a function called directly, then on a thread, joined instead of a sleep |
//! | [`async_primer`] | blocking against async sleep, `tokio::join!` of two sleeps, `tokio::time::timeout` (fixes the primer of source note 004) |
//! | [`useful_work`] | the Kotlin coroutine example of source note 001 in Rust: sequential, `join!`, `spawn`, and futures created early that still run in sequence |
//! | [`waiting`] | the same waiting job on one OS thread per job and as one task per job on a current-thread runtime |
//! | [`os_threads`] | a helper of [`waiting`]: how many OS threads the process has while some work runs |
//!
//! The timed tests run on tokio's paused clock (`#[tokio::test(start_paused = true)]`), so
//! the durations they assert are exact and cost no real time.

pub mod async_primer;
pub mod goroutines;
pub mod os_threads;
pub mod shared_memory;
pub mod useful_work;
pub mod waiting;
