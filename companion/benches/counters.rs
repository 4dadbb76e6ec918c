//! Chapter 5 — what a shared counter costs, five ways, and three spin-lock loops.
//!
//! `cargo bench -p concurrent_rust --bench counters -- --warm-up-time 1 --measurement-time 3`
//!
//! Each benchmark starts 1, 2 or 4 threads (with `thread::scope`) and has each of them add
//! 1 to a shared count `INCREMENTS` times; the reported time is for the whole run, thread
//! start-up included. The five counters:
//!
//! * `fetch_add`: one `AtomicU64`, `fetch_add(1, Relaxed)`;
//! * `mutex`: one `std::sync::Mutex<u64>`, locked for each increment;
//! * `rwlock_write`: one `std::sync::RwLock<u64>`, write-locked for each increment;
//! * `spin_lock`: the chapter's `SpinLock<u64>` (stage 3);
//! * `sharded`: one `AtomicU64` per thread, each on its own cache line
//!   (`crossbeam::utils::CachePadded`), summed at the end.
//!
//! A second group, `lock_loops`, runs the same increments under three raw spin locks that
//! differ only in their lock loop: `swap` (`SwapSpinLock`), `compare_exchange`
//! (`RawSpinLock`, stage 1) and load-first, test-and-test-and-set (`LoadFirstSpinLock`).
//! The count they protect is an `AtomicU64` read and written with `Relaxed` loads and
//! stores inside the lock, so a lock that let two threads in would lose increments, and the
//! `assert_eq!` after each run would fail.
//!
//! Each group takes 30 samples per figure (criterion's default is 100; 10 gave a spread of
//! 16% between two figures that run identical code). Criterion reports a confidence
//! interval for each figure: read it before comparing two.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, RwLock};
use std::thread;

use concurrent_rust::atomics::lock_loops::{LoadFirstSpinLock, SwapSpinLock};
use concurrent_rust::atomics::s1_minimal::RawSpinLock;
use concurrent_rust::atomics::s3_guard::SpinLock;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use crossbeam::utils::CachePadded;

const INCREMENTS: u64 = 100_000;
const SAMPLES: usize = 30;

fn on_threads(threads: usize, work: impl Fn(usize) + Sync) {
    thread::scope(|s| {
        for index in 0..threads {
            let work = &work;
            s.spawn(move || work(index));
        }
    });
}

fn counters(c: &mut Criterion) {
    let mut group = c.benchmark_group("counters");
    group.sample_size(SAMPLES);
    for threads in [1, 2, 4] {
        let total = threads as u64 * INCREMENTS;
        group.bench_with_input(BenchmarkId::new("fetch_add", threads), &threads, |b, &n| {
            b.iter(|| {
                let count = AtomicU64::new(0);
                on_threads(n, |_| {
                    for _ in 0..INCREMENTS {
                        count.fetch_add(1, Ordering::Relaxed);
                    }
                });
                assert_eq!(count.into_inner(), total);
            })
        });
        group.bench_with_input(BenchmarkId::new("mutex", threads), &threads, |b, &n| {
            b.iter(|| {
                let count = Mutex::new(0_u64);
                on_threads(n, |_| {
                    for _ in 0..INCREMENTS {
                        *count.lock().unwrap() += 1;
                    }
                });
                assert_eq!(count.into_inner().unwrap(), total);
            })
        });
        group.bench_with_input(
            BenchmarkId::new("rwlock_write", threads),
            &threads,
            |b, &n| {
                b.iter(|| {
                    let count = RwLock::new(0_u64);
                    on_threads(n, |_| {
                        for _ in 0..INCREMENTS {
                            *count.write().unwrap() += 1;
                        }
                    });
                    assert_eq!(count.into_inner().unwrap(), total);
                })
            },
        );
        group.bench_with_input(BenchmarkId::new("spin_lock", threads), &threads, |b, &n| {
            b.iter(|| {
                let count = SpinLock::new(0_u64);
                on_threads(n, |_| {
                    for _ in 0..INCREMENTS {
                        *count.lock() += 1;
                    }
                });
                assert_eq!(count.into_inner(), total);
            })
        });
        group.bench_with_input(BenchmarkId::new("sharded", threads), &threads, |b, &n| {
            b.iter(|| {
                let shards: Vec<CachePadded<AtomicU64>> = (0..n)
                    .map(|_| CachePadded::new(AtomicU64::new(0)))
                    .collect();
                on_threads(n, |index| {
                    let shard = &shards[index];
                    for _ in 0..INCREMENTS {
                        shard.fetch_add(1, Ordering::Relaxed);
                    }
                });
                let sum: u64 = shards
                    .iter()
                    .map(|shard| shard.load(Ordering::Relaxed))
                    .sum();
                assert_eq!(black_box(sum), total);
            })
        });
    }
    group.finish();
}

/// A raw spin lock: the three lock loops share this shape.
trait RawLock: Sync {
    fn acquire(&self);
    fn release(&self);
}

impl RawLock for SwapSpinLock {
    fn acquire(&self) {
        self.lock();
    }
    fn release(&self) {
        self.unlock();
    }
}

impl RawLock for RawSpinLock {
    fn acquire(&self) {
        self.lock();
    }
    fn release(&self) {
        self.unlock();
    }
}

impl RawLock for LoadFirstSpinLock {
    fn acquire(&self) {
        self.lock();
    }
    fn release(&self) {
        self.unlock();
    }
}

/// `threads` threads each add 1 to `count` `INCREMENTS` times, under `lock`.
fn increments_under(lock: &impl RawLock, threads: usize) -> u64 {
    let count = AtomicU64::new(0);
    on_threads(threads, |_| {
        for _ in 0..INCREMENTS {
            lock.acquire();
            // Not a `fetch_add`: only the lock keeps this load-then-store from losing updates.
            count.store(count.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
            lock.release();
        }
    });
    count.into_inner()
}

fn lock_loops(c: &mut Criterion) {
    let mut group = c.benchmark_group("lock_loops");
    group.sample_size(SAMPLES);
    for threads in [1, 2, 4] {
        let total = threads as u64 * INCREMENTS;
        group.bench_with_input(BenchmarkId::new("swap", threads), &threads, |b, &n| {
            b.iter(|| assert_eq!(increments_under(&SwapSpinLock::new(), n), total))
        });
        group.bench_with_input(
            BenchmarkId::new("compare_exchange", threads),
            &threads,
            |b, &n| b.iter(|| assert_eq!(increments_under(&RawSpinLock::new(), n), total)),
        );
        group.bench_with_input(
            BenchmarkId::new("load_first", threads),
            &threads,
            |b, &n| b.iter(|| assert_eq!(increments_under(&LoadFirstSpinLock::new(), n), total)),
        );
    }
    group.finish();
}

criterion_group!(benches, counters, lock_loops);
criterion_main!(benches);
