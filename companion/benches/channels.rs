//! Chapter 3 — what a message costs, and what bounds a pipeline.
//!
//! `cargo bench -p concurrent_rust --bench channels -- --warm-up-time 1 --measurement-time 3`
//!
//! * `channel_throughput`: one thread sends 10,000 `u64`s, the bench thread receives them,
//!   through std's `channel()`, `sync_channel(64)` and `sync_channel(0)`, and through
//!   crossbeam's `unbounded()`, `bounded(64)` and `bounded(0)`.
//! * `index_pipeline`: the inverted-index builder of `channels::pipeline` over 16 documents
//!   of 10,000 words each: each stage alone on the bench thread, all four stages one after
//!   the other on one thread, and `build_index` with one thread per stage.

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

use concurrent_rust::channels::index_stages::{InvertedIndex, count_words, tokenize};
use concurrent_rust::channels::pipeline::build_index;
use concurrent_rust::fixtures::TempDir;
use concurrent_rust::threads::summary::read_text;
use criterion::{Criterion, SamplingMode, Throughput, criterion_group, criterion_main};

const MESSAGES: u64 = 10_000;

/// Sends `MESSAGES` numbers from a spawned thread through `send`, receives them all here
/// with `recv`, and returns their sum (so nothing is optimised away).
fn run<S, R>(send: S, recv: R) -> u64
where
    S: Fn(u64) + Send,
    R: Fn() -> Option<u64>,
{
    thread::scope(|scope| {
        scope.spawn(move || {
            for i in 0..MESSAGES {
                send(black_box(i));
            }
        });
        let mut sum = 0;
        while let Some(value) = recv() {
            sum += value;
        }
        sum
    })
}

fn channel_throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("channel_throughput");
    // Flat sampling: every sample runs the same number of iterations, so the slow
    // rendezvous channels keep the whole bench well under two minutes.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.throughput(Throughput::Elements(MESSAGES));
    group.bench_function("std channel", |b| {
        b.iter(|| {
            let (tx, rx) = mpsc::channel();
            run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
        })
    });
    for capacity in [64, 0] {
        group.bench_function(format!("std sync_channel({capacity})"), |b| {
            b.iter(|| {
                let (tx, rx) = mpsc::sync_channel(capacity);
                run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
            })
        });
    }
    group.bench_function("crossbeam unbounded", |b| {
        b.iter(|| {
            let (tx, rx) = crossbeam::channel::unbounded();
            run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
        })
    });
    for capacity in [64, 0] {
        group.bench_function(format!("crossbeam bounded({capacity})"), |b| {
            b.iter(|| {
                let (tx, rx) = crossbeam::channel::bounded(capacity);
                run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
            })
        });
    }
    group.finish();
}

const DOCUMENTS: usize = 16;
const WORDS_PER_DOCUMENT: usize = 10_000;

fn corpus(dir: &TempDir) -> Vec<PathBuf> {
    let words = [
        "send", "recv", "channel", "Sender", "Receiver", "buffer", "pipeline", "stage", "thread",
        "select",
    ];
    (0..DOCUMENTS)
        .map(|d| {
            let text: String = (0..WORDS_PER_DOCUMENT)
                .map(|w| format!("{}{} ", words[(d * 7 + w * 3) % words.len()], w % 97))
                .collect();
            dir.write(&format!("doc-{d:02}.txt"), text).unwrap()
        })
        .collect()
}

fn index_pipeline(c: &mut Criterion) {
    let dir = TempDir::new("bench-pipeline").unwrap();
    let paths = corpus(&dir);
    let texts: Vec<String> = paths.iter().map(|p| read_text(p).unwrap()).collect();
    let tokens: Vec<Vec<String>> = texts.iter().map(|t| tokenize(t)).collect();
    let counts: Vec<_> = tokens.iter().map(|t| count_words(t.clone())).collect();

    let mut group = c.benchmark_group("index_pipeline");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.throughput(Throughput::Elements(DOCUMENTS as u64));
    group.bench_function("stage read", |b| {
        b.iter(|| {
            paths
                .iter()
                .map(|p| read_text(p).unwrap())
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("stage tokenize", |b| {
        b.iter(|| texts.iter().map(|t| tokenize(t)).collect::<Vec<_>>())
    });
    // The clones are set up outside the timed part: `iter_batched` times only the stage.
    group.bench_function("stage count", |b| {
        b.iter_batched(
            || tokens.clone(),
            |tokens| tokens.into_iter().map(count_words).collect::<Vec<_>>(),
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("stage merge", |b| {
        b.iter_batched(
            || counts.clone(),
            |counts| {
                let mut index = InvertedIndex::default();
                for (path, c) in paths.iter().zip(counts) {
                    index.merge(path.clone(), c);
                }
                index
            },
            criterion::BatchSize::LargeInput,
        )
    });
    group.bench_function("all stages, one thread", |b| {
        b.iter(|| {
            let mut index = InvertedIndex::default();
            for path in &paths {
                let text = read_text(path).unwrap();
                index.merge(path.clone(), count_words(tokenize(&text)));
            }
            index
        })
    });
    group.bench_function("build_index, thread per stage", |b| {
        b.iter(|| build_index(paths.clone()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, channel_throughput, index_pipeline);
criterion_main!(benches);
