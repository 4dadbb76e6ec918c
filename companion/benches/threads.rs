//! Chapter 2 — what a thread costs, and what fork-join over files buys.
//!
//! `cargo bench -p concurrent_rust --bench threads -- --warm-up-time 1 --measurement-time 3`
//!
//! * `start_and_join`: start one thread that returns a number, and wait for it, with
//!   `thread::spawn`, with `thread::scope`, and with `rayon::join` (which reuses the threads
//!   of rayon's pool instead of starting one).
//! * `fork_join_files`: `process_files_in_parallel` over 64 files of 10,000 words (57.5 kB) each,
//!   split across 1, 2 and 4 threads, against a plain loop on the calling thread, and
//!   against the same plain loop run on one freshly spawned (scoped) thread: that variant
//!   separates what a fresh thread costs the loop from what `process_files_in_parallel`
//!   adds (the clone of the list, the chunks, `gather`, the sort).

use std::hint::black_box;
use std::path::PathBuf;
use std::thread;

use concurrent_rust::fixtures::TempDir;
use concurrent_rust::threads::fork_join::process_files_in_parallel;
use concurrent_rust::threads::summary::summarize_file;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};

fn start_and_join(c: &mut Criterion) {
    let mut group = c.benchmark_group("start_and_join");
    group.bench_function("thread::spawn", |b| {
        b.iter(|| thread::spawn(|| black_box(7_u64)).join().unwrap())
    });
    group.bench_function("thread::scope", |b| {
        b.iter(|| thread::scope(|s| s.spawn(|| black_box(7_u64)).join().unwrap()))
    });
    group.bench_function("rayon::join", |b| {
        b.iter(|| rayon::join(|| black_box(7_u64), || black_box(8_u64)))
    });
    group.finish();
}

const FILES: usize = 64;
const WORDS_PER_FILE: usize = 10_000;

fn corpus(dir: &TempDir) -> Vec<PathBuf> {
    let words = [
        "fork", "join", "thread", "scope", "spawn", "handle", "panic", "arc",
    ];
    (0..FILES)
        .map(|i| {
            let text: String = (0..WORDS_PER_FILE)
                .map(|w| {
                    let sep = if w % 12 == 11 { "\n" } else { " " };
                    format!("{}{sep}", words[(i + w) % words.len()])
                })
                .collect();
            dir.write(&format!("file-{i:02}.txt"), text).unwrap()
        })
        .collect()
}

fn fork_join_files(c: &mut Criterion) {
    let dir = TempDir::new("bench-fork-join").unwrap();
    let files = corpus(&dir);
    let mut group = c.benchmark_group("fork_join_files");
    group.sample_size(30);
    group.bench_function("sequential", |b| {
        b.iter(|| {
            files
                .iter()
                .map(|path| summarize_file(path).unwrap())
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("sequential_in_a_spawned_thread", |b| {
        b.iter(|| {
            thread::scope(|s| {
                s.spawn(|| {
                    files
                        .iter()
                        .map(|path| summarize_file(path).unwrap())
                        .collect::<Vec<_>>()
                })
                .join()
                .unwrap()
            })
        })
    });
    for nthreads in [1, 2, 4] {
        group.bench_with_input(BenchmarkId::new("threads", nthreads), &nthreads, |b, &n| {
            b.iter(|| process_files_in_parallel(files.clone(), n, summarize_file).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, start_and_join, fork_join_files);
criterion_main!(benches);
