//! Chapter 6 — the Mandelbrot set: serial, static bands, and rayon per row.
//!
//! `cargo bench -p concurrent_rust --bench mandelbrot` (the bench sets its own warm-up and
//! measurement times; run it with nothing else on the machine).
//!
//! * First, without criterion: busy time per thread for two static bands and for rayon on
//!   a pool of two threads, over [`RENDERS`] renders of each, alternating. Each render's
//!   wall time is measured around the same call that reports the busy times, so the table
//!   it prints compares figures from the same iterations (a thread's busy time can never
//!   exceed the wall time of its render). It also writes them, as means per render in
//!   milliseconds, to `mandelbrot_busy_time.csv` in criterion's output directory
//!   (`$CARGO_TARGET_DIR/criterion/`), from which `cargo xtask figures` copies them into
//!   `companion/benches/data/mandelbrot_busy_time.csv` for the work-stealing page.
//! * `mandelbrot`: one 800×480 image of the chapter's view, rendered serially, in 1–4 static
//!   bands on as many threads, and by rayon per row on pools of 1–4 threads. An iteration
//!   takes 45–170 ms (45–94 ms on the course's VM, 2026-12-02), so criterion runs in flat sampling mode (the same number of
//!   iterations in every sample) with [`SAMPLES`] samples over [`MEASUREMENT`] per
//!   configuration. The configurations run one after the other, so a machine whose speed
//!   drifts during the run would skew their ratios: the serial renderer is measured first
//!   (`serial`) and again last (`serial_again`), and `cargo xtask figures`, which reads the
//!   results into `companion/benches/data/figures.csv` and from there writes
//!   `companion/benches/data/mandelbrot.csv` for the speedup plot (`measured::data_parallelism`),
//!   refuses a run whose two serial medians differ by more than 3%. Both files keep each
//!   median with criterion's 95% confidence interval for it.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use concurrent_rust::data_parallelism::bands::render_bands;
use concurrent_rust::data_parallelism::mandelbrot::{View, render_serial};
use concurrent_rust::data_parallelism::rows::{render_rows, render_rows_timed};
use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group};

const WIDTH: usize = 800;
const HEIGHT: usize = 480;
/// Renders per renderer in the busy-time report.
const RENDERS: u32 = 10;
/// Criterion samples per configuration.
const SAMPLES: usize = 20;
/// Measurement time per configuration: 20 samples of at least one iteration of up to
/// ~170 ms each need 3.4 s; 8 s gives the slowest configuration two or more iterations
/// per sample.
const MEASUREMENT: Duration = Duration::from_secs(8);

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

/// Runs `render` and returns its wall time and the busy time of each of its two threads.
fn timed(render: impl FnOnce() -> Vec<Duration>) -> (Duration, Vec<Duration>) {
    let start = Instant::now();
    let busy = render();
    (start.elapsed(), busy)
}

fn busy_time_report() {
    let view = View::seahorse_valley(WIDTH, HEIGHT);
    let two = pool(2);
    let mut bands = (Duration::ZERO, [Duration::ZERO; 2]);
    let mut rows = (Duration::ZERO, [Duration::ZERO; 2]);
    let add = |total: &mut (Duration, [Duration; 2]), (wall, busy): (Duration, Vec<Duration>)| {
        total.0 += wall;
        for (sum, time) in total.1.iter_mut().zip(busy) {
            // Busy time is measured inside the render, so it cannot exceed its wall time.
            assert!(time <= wall, "busy {time:?} > wall {wall:?}");
            *sum += time;
        }
    };
    for _ in 0..RENDERS {
        add(&mut bands, timed(|| render_bands(&view, 2).1));
        add(&mut rows, timed(|| render_rows_timed(&view, &two).1));
    }
    let mean_ms = |time: Duration| time.as_secs_f64() * 1e3 / f64::from(RENDERS);
    let ms = |time: Duration| format!("{:.0} ms", mean_ms(time));
    println!("mean per render of {WIDTH}x{HEIGHT} over {RENDERS} renders each, alternating:");
    let mut csv = String::from("renderer,threads,renders,wall_ms,busy_ms_1,busy_ms_2\n");
    for (name, renderer, (wall, busy)) in [
        ("static bands, 2 threads ", "bands", bands),
        ("rayon per row, 2 threads", "rayon", rows),
    ] {
        println!(
            "  {name}: wall {}, busy per thread [{}, {}]",
            ms(wall),
            ms(busy[0]),
            ms(busy[1])
        );
        csv.push_str(&format!(
            "{renderer},2,{RENDERS},{:.3},{:.3},{:.3}\n",
            mean_ms(wall),
            mean_ms(busy[0]),
            mean_ms(busy[1])
        ));
    }
    let path = criterion_home().join(BUSY_TIME_CSV);
    let written =
        std::fs::create_dir_all(criterion_home()).and_then(|()| std::fs::write(&path, csv));
    if let Err(error) = written {
        panic!("writing {}: {error}", path.display());
    }
}

/// The busy times' file, in criterion's output directory; `cargo xtask figures` reads it.
const BUSY_TIME_CSV: &str = "mandelbrot_busy_time.csv";

/// Where criterion writes its results: `$CRITERION_HOME`, else `$CARGO_TARGET_DIR/criterion`,
/// else the workspace's `target/criterion` (where `cargo xtask figures` looks for them).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        return PathBuf::from(home);
    }
    std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(
            || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target"),
            PathBuf::from,
        )
        .join("criterion")
}

fn mandelbrot(c: &mut Criterion) {
    let view = View::seahorse_valley(WIDTH, HEIGHT);
    let mut group = c.benchmark_group("mandelbrot");
    group
        .sampling_mode(SamplingMode::Flat)
        .sample_size(SAMPLES)
        .warm_up_time(Duration::from_secs(2))
        .measurement_time(MEASUREMENT);
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
    // The same serial renderer again, last: if the machine's speed drifted during the run,
    // the two serial medians differ, and the import refuses the run.
    group.bench_function("serial_again", |b| {
        b.iter(|| render_serial(black_box(&view)))
    });
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
