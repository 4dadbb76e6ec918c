//! Chapter 2 — Threads.
//!
//! Every listing of `book/02-threads.md`, in the book's order, with its tests beside it:
//!
//! | file | what it shows |
//! |---|---|
//! | [`spawn_join`] | `thread::spawn` returns a `JoinHandle<T>`; `join` hands back the closure's value |
//! | [`sleep`] | `thread::sleep` and output whose order depends on the scheduler |
//! | [`main_exit`] | when `main` returns, the process ends and unfinished threads with it |
//! | [`move_closure`] | why a spawned closure cannot borrow (E0373), and the `move` fix; `does_not_compile/rc_in_spawn.rs`: an `Rc` is not `Send` (E0277) |
//! | [`scoped`] | `thread::scope`: threads that may borrow from the caller |
//! | [`builder`] | `thread::Builder`: names and stack sizes |
//! | [`panics`] | a panic ends only its thread; `join` returns the payload; `scope` re-panics |
//! | [`chunks`] | `split_into_chunks`, the helper source note 002 left undefined (the book links to it) |
//! | [`file_error`] | `FileError`: every error names the file(s) it is about (the book links to it) |
//! | [`summary`] | the per-file job: read a file as text, count its lines and words (the book links to it) |
//! | [`gather`] | the end of fork-join: keep every value, every error, every panic |
//! | [`fork_join`] | `process_files_in_parallel`: fork, join every worker, keep every error |
//! | [`glossary`] | the glossary job: which terms of a read-only glossary does a file use? |
//! | [`glossary_arc`] | read-only data shared with `Arc` (source note 002's glossary example) |
//! | [`glossary_scoped`] | the same with scoped threads borrowing `&glossary` |
//!
//! The loom models (a lost update that loom finds and its `fetch_add` fix, the fork-join
//! sum, and the visibility that `join` guarantees) live in `loom_models.rs` and are
//! compiled only under `RUSTFLAGS="--cfg loom"` (see [`crate::sync`]).

pub mod builder;
pub mod chunks;
pub mod file_error;
pub mod fork_join;
pub mod gather;
pub mod glossary;
pub mod glossary_arc;
pub mod glossary_scoped;
pub mod main_exit;
pub mod move_closure;
pub mod panics;
pub mod scoped;
pub mod sleep;
pub mod spawn_join;
pub mod summary;

#[cfg(all(test, loom))]
mod loom_models;
