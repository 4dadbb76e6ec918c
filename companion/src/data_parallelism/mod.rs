//! Chapter 6 — Data parallelism with rayon.
//!
//! Every listing of `book/06-data-parallelism.md`, in the book's order, with its tests
//! beside it:
//!
//! | file | what it shows |
//! |---|---|
//! | [`join`] | `rayon::join`: two closures that *may* run in parallel |
//! | [`par_iter`] | `par_iter`, `into_par_iter`, `map`/`filter`/`sum`/`collect`/`reduce`/`reduce_with` |
//! | [`fold`] | `fold` + `reduce`: one accumulator per piece of work |
//! | [`chunks_sort`] | `par_chunks` and `par_sort` |
//! | [`scope`] | `rayon::scope` and `spawn`: tasks that borrow from the caller |
//! | [`pool`] | the global pool, `ThreadPoolBuilder` and `install` |
//! | [`files`] | `process_files_in_parallel` with rayon: every error, named; panics caught |
//! | [`mandelbrot`] | the per-pixel work and the serial renderer |
//! | [`bands`] | the static split: one band of rows per thread, timed |
//! | [`rows`] | rayon, one task per row; busy time per pool thread |
//! | [`show`] | the picture, as a PNG shown inline in the notebook |
//! | [`work_stealing`] | busy time per thread, static bands against rayon |
//! | [`speedup`] | the speedup plot, drawn by [`plot`] from the bench results |
//! | [`sort`] | a parallel quicksort, with and without a sequential cutoff |
//! | [`tokio_bridge`] | rayon inside tokio without blocking the runtime |

pub mod bands;
pub mod chunks_sort;
pub mod files;
pub mod fold;
pub mod join;
pub mod mandelbrot;
pub mod par_iter;
pub mod plot;
pub mod pool;
pub mod rows;
pub mod scope;
pub mod show;
pub mod sort;
pub mod speedup;
pub mod tokio_bridge;
pub mod work_stealing;
