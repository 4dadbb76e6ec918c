//! Chapter 6 — when parallelism does not pay: sorting with and without a sequential
//! cutoff, and the cost of one `rayon::join`.
//!
//! `cargo bench -p concurrent_rust --bench sorting -- --warm-up-time 1 --measurement-time 3`
//!
//! * `sort/N`: N pseudo-random `u64`s sorted by `slice::sort_unstable`, by the chapter's
//!   `par_quicksort` with a cutoff of 4,096 elements and without one, and by rayon's
//!   `par_sort_unstable`, for N from 1,000 to 1,000,000. The input is copied before each
//!   sort (criterion's `iter_batched`), and the copy is not timed.
//! * `partition/1000000`: the quicksort's top-level three-way partition alone, over the
//!   same million `u64`s: the part of `par_quicksort` that one thread runs before any
//!   parallelism starts.
//! * `join`: one `rayon::join` of two closures that do nothing, called from a thread
//!   outside the pool, from a thread of a pool of two (whose other thread, idle, is
//!   trying to steal: the figure includes those steals), and from the thread of a pool of
//!   one (nobody can steal: the cost of pushing `b` and popping it back).

use std::hint::black_box;
use std::time::Instant;

use concurrent_rust::data_parallelism::sort::{CUTOFF, NO_CUTOFF, par_quicksort, partition};
use concurrent_rust::fixtures::random_u64s;
use criterion::{BatchSize, BenchmarkId, Criterion, criterion_group, criterion_main};
use rayon::prelude::*;

fn sort(c: &mut Criterion) {
    let mut group = c.benchmark_group("sort");
    group.sample_size(10);
    for len in [1_000, 10_000, 100_000, 1_000_000] {
        let input = random_u64s(len, 42);
        let mut run = |name: &str, sort: fn(&mut [u64])| {
            group.bench_with_input(BenchmarkId::new(name, len), &input, |b, input| {
                b.iter_batched_ref(|| input.clone(), |v| sort(v), BatchSize::LargeInput)
            });
        };
        run("sort_unstable", |v| v.sort_unstable());
        run("par_quicksort_cutoff", |v| par_quicksort(v, CUTOFF));
        run("par_quicksort_no_cutoff", |v| par_quicksort(v, NO_CUTOFF));
        run("par_sort_unstable", |v| v.par_sort_unstable());
    }
    group.finish();
}

fn top_level_partition(c: &mut Criterion) {
    let mut group = c.benchmark_group("partition");
    group.sample_size(10);
    let len = 1_000_000;
    let input = random_u64s(len, 42);
    group.bench_with_input(BenchmarkId::from_parameter(len), &input, |b, input| {
        b.iter_batched_ref(
            || input.clone(),
            |v| {
                let (less, greater) = partition(v);
                black_box((less.len(), greater.len()))
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

fn join(c: &mut Criterion) {
    let mut group = c.benchmark_group("join");
    group.bench_function("from_outside_the_pool", |b| {
        b.iter(|| rayon::join(|| black_box(1_u64), || black_box(2_u64)))
    });
    for (name, threads) in [("inside_the_pool", 2), ("inside_a_pool_of_one", 1)] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(name, |b| {
            b.iter_custom(|iters| {
                pool.install(|| {
                    let start = Instant::now();
                    for _ in 0..iters {
                        rayon::join(|| black_box(1_u64), || black_box(2_u64));
                    }
                    start.elapsed()
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, sort, top_level_partition, join);
criterion_main!(benches);
