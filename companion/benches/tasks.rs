//! Chapter 7 — what a task costs next to a thread, and what one message round trip costs
//! across the course's channels.
//!
//! `cargo bench -p concurrent_rust --bench tasks -- --warm-up-time 1 --measurement-time 3`
//!
//! * `spawn`: start one unit of work that returns a number, and wait for its result:
//!   `std::thread::spawn` + `join`; `tokio::spawn` + `.await` from a task of a 2-worker
//!   runtime built once, outside the timed loop; `rayon::spawn` with a std channel for the
//!   result (rayon's pool exists already).
//! * `ping_pong`: one request and its reply, between the bench's thread (or task) and a
//!   long-lived echo thread (or task), over std `mpsc`, crossbeam, tokio `mpsc`, and a tokio
//!   `oneshot` sent along with each request for the reply. The tokio loops run inside one
//!   `block_on` (the bench's thread is the requesting task; the echo task is on a worker).

use std::hint::black_box;
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

use criterion::{Criterion, criterion_group, criterion_main};

fn spawn(c: &mut Criterion) {
    let mut group = c.benchmark_group("spawn");
    group.bench_function("thread::spawn", |b| {
        b.iter(|| thread::spawn(|| black_box(7_u64)).join().unwrap())
    });
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    // Timed inside a task on the runtime, so that each iteration is one spawn and one
    // await between tasks, not a `block_on` from outside the runtime.
    group.bench_function("tokio::spawn", |b| {
        b.iter_custom(|iters| {
            runtime.block_on(async move {
                tokio::spawn(async move {
                    let start = Instant::now();
                    for _ in 0..iters {
                        tokio::spawn(async { black_box(7_u64) }).await.unwrap();
                    }
                    start.elapsed()
                })
                .await
                .unwrap()
            })
        })
    });
    group.bench_function("rayon::spawn", |b| {
        b.iter(|| {
            let (done, result) = mpsc::sync_channel(1);
            rayon::spawn(move || done.send(black_box(7_u64)).unwrap());
            result.recv().unwrap()
        })
    });
    group.finish();
}

fn ping_pong(c: &mut Criterion) {
    let mut group = c.benchmark_group("ping_pong");

    {
        let (to_echo, requests) = mpsc::channel::<u64>();
        let (to_bench, replies) = mpsc::channel::<u64>();
        let echo = thread::spawn(move || {
            for n in requests {
                to_bench.send(n).unwrap();
            }
        });
        group.bench_function("std_mpsc", |b| {
            b.iter(|| {
                to_echo.send(black_box(1)).unwrap();
                replies.recv().unwrap()
            })
        });
        drop(to_echo);
        echo.join().unwrap();
    }

    {
        let (to_echo, requests) = crossbeam::channel::unbounded::<u64>();
        let (to_bench, replies) = crossbeam::channel::unbounded::<u64>();
        let echo = thread::spawn(move || {
            for n in requests {
                to_bench.send(n).unwrap();
            }
        });
        group.bench_function("crossbeam", |b| {
            b.iter(|| {
                to_echo.send(black_box(1)).unwrap();
                replies.recv().unwrap()
            })
        });
        drop(to_echo);
        echo.join().unwrap();
    }

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .build()
        .unwrap();
    {
        let (to_echo, mut requests) = tokio::sync::mpsc::channel::<u64>(64);
        let (to_bench, mut replies) = tokio::sync::mpsc::channel::<u64>(64);
        let echo = runtime.spawn(async move {
            while let Some(n) = requests.recv().await {
                to_bench.send(n).await.unwrap();
            }
        });
        group.bench_function("tokio_mpsc", |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        to_echo.send(black_box(1)).await.unwrap();
                        replies.recv().await.unwrap();
                    }
                    start.elapsed()
                })
            })
        });
        drop(to_echo);
        runtime.block_on(echo).unwrap();
    }
    {
        type Request = (u64, tokio::sync::oneshot::Sender<u64>);
        let (to_echo, mut requests) = tokio::sync::mpsc::channel::<Request>(64);
        let echo = runtime.spawn(async move {
            while let Some((n, reply)) = requests.recv().await {
                let _ = reply.send(n);
            }
        });
        group.bench_function("tokio_oneshot_reply", |b| {
            b.iter_custom(|iters| {
                runtime.block_on(async {
                    let start = Instant::now();
                    for _ in 0..iters {
                        let (reply, answer) = tokio::sync::oneshot::channel();
                        to_echo.send((black_box(1), reply)).await.unwrap();
                        answer.await.unwrap();
                    }
                    start.elapsed()
                })
            })
        });
        drop(to_echo);
        runtime.block_on(echo).unwrap();
    }
    group.finish();
}

criterion_group!(benches, spawn, ping_pong);
criterion_main!(benches);
