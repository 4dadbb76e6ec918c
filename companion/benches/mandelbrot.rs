//! Chapter 6 — the Mandelbrot set: serial, static bands, and rayon per row.
//!
//! `cargo bench -p concurrent_rust --bench mandelbrot -- --warm-up-time 1 --measurement-time 3`
//!
//! * First, without criterion: the busy time of each thread, for two static bands and for
//!   rayon on a pool of two threads (the sum over five renders), printed as a table.
//! * `mandelbrot`: one 800×480 image of the chapter's view, rendered serially, in 1–4 static
//!   bands on as many threads, and by rayon per row on pools of 1–4 threads. Each
//!   configuration runs in the same bench run, so their ratios are comparable.
//!   `companion/benches/data/mandelbrot.csv` holds the medians the book plots.

use std::hint::black_box;
use std::time::Duration;

use concurrent_rust::data_parallelism::bands::render_bands;
use concurrent_rust::data_parallelism::mandelbrot::{View, render_serial};
use concurrent_rust::data_parallelism::rows::{render_rows, render_rows_timed};
use criterion::{BenchmarkId, Criterion, criterion_group};

const WIDTH: usize = 800;
const HEIGHT: usize = 480;

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

fn busy_time_report() {
    let view = View::seahorse_valley(WIDTH, HEIGHT);
    let two = pool(2);
    let mut bands = [Duration::ZERO; 2];
    let mut rows = [Duration::ZERO; 2];
    for _ in 0..5 {
        let (_, busy) = render_bands(&view, 2);
        for (total, time) in bands.iter_mut().zip(busy) {
            *total += time;
        }
        let (_, busy) = render_rows_timed(&view, &two);
        for (total, time) in rows.iter_mut().zip(busy) {
            *total += time;
        }
    }
    let ms = |times: [Duration; 2]| times.map(|time| format!("{:.1} ms", time.as_secs_f64() * 1e3));
    println!("busy time per thread, sum of 5 renders of {WIDTH}x{HEIGHT}:");
    println!("  static bands, 2 threads: {:?}", ms(bands));
    println!("  rayon per row, 2 threads: {:?}", ms(rows));
}

fn mandelbrot(c: &mut Criterion) {
    let view = View::seahorse_valley(WIDTH, HEIGHT);
    let mut group = c.benchmark_group("mandelbrot");
    group.sample_size(10);
    group.bench_function("serial", |b| b.iter(|| render_serial(black_box(&view))));
    for threads in 1..=4 {
        group.bench_with_input(BenchmarkId::new("bands", threads), &threads, |b, &n| {
            b.iter(|| render_bands(black_box(&view), n))
        });
        let pool = pool(threads);
        group.bench_with_input(BenchmarkId::new("rayon", threads), &threads, |b, _| {
            b.iter(|| pool.install(|| render_rows(black_box(&view))))
        });
    }
    group.finish();
}

criterion_group!(benches, mandelbrot);

fn main() {
    busy_time_report();
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
