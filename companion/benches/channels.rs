//! Chapter 3 — what a message costs, and what bounds a pipeline.
//!
//! `cargo bench -p concurrent_rust --bench channels -- --warm-up-time 1 --measurement-time 3`
//!
//! * `channel_throughput`: one thread sends 10,000 `u64`s, the bench thread receives them,
//!   through std's `channel()`, `sync_channel(64)` and `sync_channel(0)`, and through
//!   crossbeam's `unbounded()`, `bounded(64)` and `bounded(0)`. Wall-clock time.
//! * `channel_cpu_time` (Linux): the same sends through the four channels that buffer, but
//!   measured in CPU time, the process's (both threads', user and system), from
//!   `clock_gettime(CLOCK_PROCESS_CPUTIME_ID)`. A thread that spins while it waits uses
//!   CPU time that a thread asleep in the kernel does not: this is the other side of the
//!   wall-clock figures.
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
use criterion::measurement::Measurement;
use criterion::{
    BenchmarkGroup, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};

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

/// The four channels that buffer: std's `channel()` and `sync_channel(64)`, crossbeam's
/// `unbounded()` and `bounded(64)`, each carrying `MESSAGES` numbers.
fn buffered_channels<M: Measurement>(group: &mut BenchmarkGroup<'_, M>) {
    group.bench_function("std channel", |b| {
        b.iter(|| {
            let (tx, rx) = mpsc::channel();
            run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
        })
    });
    group.bench_function("std sync_channel(64)", |b| {
        b.iter(|| {
            let (tx, rx) = mpsc::sync_channel(64);
            run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
        })
    });
    group.bench_function("crossbeam unbounded", |b| {
        b.iter(|| {
            let (tx, rx) = crossbeam::channel::unbounded();
            run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
        })
    });
    group.bench_function("crossbeam bounded(64)", |b| {
        b.iter(|| {
            let (tx, rx) = crossbeam::channel::bounded(64);
            run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
        })
    });
}

fn channel_throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("channel_throughput");
    // Flat sampling: every sample runs the same number of iterations, so the slow
    // rendezvous channels keep the whole bench well under two minutes.
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.throughput(Throughput::Elements(MESSAGES));
    buffered_channels(&mut group);
    group.bench_function("std sync_channel(0)", |b| {
        b.iter(|| {
            let (tx, rx) = mpsc::sync_channel(0);
            run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
        })
    });
    group.bench_function("crossbeam bounded(0)", |b| {
        b.iter(|| {
            let (tx, rx) = crossbeam::channel::bounded(0);
            run(move |i| tx.send(i).unwrap(), || rx.recv().ok())
        })
    });
    group.finish();
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod cpu_time {
    use criterion::Throughput;
    use criterion::measurement::{Measurement, ValueFormatter};
    use std::time::Duration;

    /// `struct timespec` on 64-bit Linux: two `long`s.
    #[repr(C)]
    struct Timespec {
        tv_sec: i64,
        tv_nsec: i64,
    }

    const CLOCK_PROCESS_CPUTIME_ID: i32 = 2;

    unsafe extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }

    /// CPU time used so far by every thread of this process, user and system.
    fn process_cpu_time() -> Duration {
        let mut time = Timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // Safety: `clock_gettime` writes one `struct timespec` through its pointer and
        // keeps no copy of it. The pointer comes from a live, writable `Timespec`, whose
        // `repr(C)` layout (two 64-bit fields) is the C struct's on 64-bit Linux, and the
        // clock id is one Linux defines, so the call writes only inside `time`.
        let status = unsafe { clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &mut time) };
        assert_eq!(status, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID) failed");
        Duration::new(time.tv_sec as u64, time.tv_nsec as u32)
    }

    /// criterion measures with this instead of the wall clock.
    pub struct ProcessCpuTime;

    impl Measurement for ProcessCpuTime {
        type Intermediate = Duration;
        type Value = Duration;

        fn start(&self) -> Duration {
            process_cpu_time()
        }
        fn end(&self, started: Duration) -> Duration {
            process_cpu_time().saturating_sub(started)
        }
        fn add(&self, a: &Duration, b: &Duration) -> Duration {
            *a + *b
        }
        fn zero(&self) -> Duration {
            Duration::ZERO
        }
        fn to_f64(&self, value: &Duration) -> f64 {
            value.as_nanos() as f64
        }
        fn formatter(&self) -> &dyn ValueFormatter {
            &CpuFormatter
        }
    }

    /// Values are nanoseconds of CPU time; a throughput is shown as CPU time per element.
    struct CpuFormatter;

    fn scale(typical_ns: f64, values: &mut [f64]) -> usize {
        let (divisor, unit) = if typical_ns < 1e3 {
            (1.0, 0)
        } else if typical_ns < 1e6 {
            (1e3, 1)
        } else if typical_ns < 1e9 {
            (1e6, 2)
        } else {
            (1e9, 3)
        };
        for value in values {
            *value /= divisor;
        }
        unit
    }

    impl ValueFormatter for CpuFormatter {
        fn scale_values(&self, typical: f64, values: &mut [f64]) -> &'static str {
            ["ns CPU", "µs CPU", "ms CPU", "s CPU"][scale(typical, values)]
        }

        fn scale_throughputs(
            &self,
            typical: f64,
            throughput: &Throughput,
            values: &mut [f64],
        ) -> &'static str {
            let per = match *throughput {
                Throughput::Elements(n)
                | Throughput::ElementsAndBytes { elements: n, .. }
                | Throughput::Bytes(n)
                | Throughput::BytesDecimal(n)
                | Throughput::Bits(n) => n.max(1) as f64,
            };
            for value in values.iter_mut() {
                *value /= per;
            }
            ["ns CPU/elem", "µs CPU/elem", "ms CPU/elem", "s CPU/elem"]
                [scale(typical / per, values)]
        }

        fn scale_for_machines(&self, _values: &mut [f64]) -> &'static str {
            "ns"
        }
    }
}

/// The same sends as `channel_throughput`, measured in the process's CPU time.
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn channel_cpu_time(c: &mut Criterion<cpu_time::ProcessCpuTime>) {
    let mut group = c.benchmark_group("channel_cpu_time");
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(20);
    group.throughput(Throughput::Elements(MESSAGES));
    buffered_channels(&mut group);
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
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
criterion_group! {
    name = cpu;
    config = Criterion::default().with_measurement(cpu_time::ProcessCpuTime);
    targets = channel_cpu_time
}
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
criterion_main!(benches, cpu);
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
criterion_main!(benches);
