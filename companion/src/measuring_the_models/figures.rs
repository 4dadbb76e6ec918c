//! Chapter 9's table and charts, drawn from the committed measurements:
//!
//! - `companion/benches/data/figures.csv`: criterion's median and the 95% confidence
//!   interval of that median, per iteration, for every bench in [`SUITE`];
//! - `companion/benches/data/idle_memory.csv`: what the `idle_memory` example printed;
//! - `companion/benches/data/machine.csv`: the machine and the time of the run.
//!
//! `cargo xtask figures --run` runs the benches and the example and writes those three
//! files (`cargo xtask figures` only re-reads criterion's last results); then
//! `UPDATE_FIGURES=1 cargo test -p concurrent_rust measuring_the_models::figures` redraws
//! the table the book includes (`book/generated/09-*.md`) and
//! the two SVG charts. The test fails when a committed drawing is not what the committed
//! data draws, so no figure in the chapter can drift from its measurement.

use crate::data_parallelism::plot::MAX_SERIAL_DRIFT;
use plotters::prelude::*;
use serde::Deserialize;
use std::collections::BTreeMap;

use crate::measured::Measurements;
pub use crate::measured::{Cost, FIGURES_CSV, MACHINE_CSV, duration, machine, three_digits};
pub const IDLE_CSV: &str = include_str!("../../benches/data/idle_memory.csv");

/// One row of the table: a criterion benchmark, what one iteration of it does, and how
/// many of the reported operations one iteration holds (the time is divided by it).
pub struct Entry {
    pub id: &'static str,
    pub what: &'static str,
    pub per_iteration: f64,
    pub bench: &'static str,
}

/// The measurements of the chapter, in the table's order. `cargo xtask figures` reads
/// exactly these ids from criterion's output (`xtask/src/figures.rs` lists the same).
pub const SUITE: &[Entry] = &[
    Entry {
        id: "spawn/thread::spawn",
        what: "start an OS thread and join it",
        per_iteration: 1.0,
        bench: "tasks",
    },
    Entry {
        id: "spawn/tokio::spawn",
        what: "spawn a tokio task and await it",
        per_iteration: 1.0,
        bench: "tasks",
    },
    Entry {
        id: "spawn/rayon::spawn",
        what: "`rayon::spawn` a job and receive its result",
        per_iteration: 1.0,
        bench: "tasks",
    },
    Entry {
        id: "context_switch/pinned_round_trip",
        what: "context switch, both threads on one core (half a round trip)",
        per_iteration: 2.0,
        bench: "context_switch",
    },
    Entry {
        id: "context_switch/unpinned_round_trip",
        what: "hand-off between threads on two cores (half a round trip)",
        per_iteration: 2.0,
        bench: "context_switch",
    },
    Entry {
        id: "ping_pong/std_mpsc",
        what: "request and reply between two threads, std `mpsc`",
        per_iteration: 1.0,
        bench: "tasks",
    },
    Entry {
        id: "ping_pong/crossbeam",
        what: "request and reply between two threads, crossbeam",
        per_iteration: 1.0,
        bench: "tasks",
    },
    Entry {
        id: "ping_pong/tokio_mpsc",
        what: "request and reply between two tasks, tokio `mpsc`",
        per_iteration: 1.0,
        bench: "tasks",
    },
    Entry {
        id: "channel_throughput/std channel",
        what: "one message in a stream of 10,000, std `channel()`",
        per_iteration: 10_000.0,
        bench: "channels",
    },
    Entry {
        id: "channel_throughput/crossbeam unbounded",
        what: "one message in a stream of 10,000, crossbeam `unbounded()`",
        per_iteration: 10_000.0,
        bench: "channels",
    },
    Entry {
        id: "counters/fetch_add/1",
        what: "an increment, `fetch_add`, one thread",
        per_iteration: 100_000.0,
        bench: "counters",
    },
    Entry {
        id: "counters/fetch_add/2",
        what: "an increment, `fetch_add`, two threads contending",
        per_iteration: 200_000.0,
        bench: "counters",
    },
    Entry {
        id: "counters/mutex/1",
        what: "an increment under a `Mutex`, one thread",
        per_iteration: 100_000.0,
        bench: "counters",
    },
    Entry {
        id: "counters/mutex/2",
        what: "an increment under a `Mutex`, two threads contending",
        per_iteration: 200_000.0,
        bench: "counters",
    },
    Entry {
        id: "counters/sharded/2",
        what: "an increment, one padded counter per thread, two threads",
        per_iteration: 200_000.0,
        bench: "counters",
    },
    Entry {
        id: "mandelbrot/serial",
        what: "a Mandelbrot image, serial",
        per_iteration: 1.0,
        bench: "mandelbrot",
    },
    Entry {
        id: "mandelbrot/bands/1",
        what: "the same image, one thread with one static band",
        per_iteration: 1.0,
        bench: "mandelbrot",
    },
    Entry {
        id: "mandelbrot/rayon/1",
        what: "the same image, rayon on one thread",
        per_iteration: 1.0,
        bench: "mandelbrot",
    },
    Entry {
        id: "mandelbrot/bands/2",
        what: "the same image, two threads with a static band each",
        per_iteration: 1.0,
        bench: "mandelbrot",
    },
    Entry {
        id: "mandelbrot/rayon/2",
        what: "the same image, rayon on two threads",
        per_iteration: 1.0,
        bench: "mandelbrot",
    },
];

#[derive(Debug, Clone, Deserialize)]
pub struct IdleRow {
    pub model: String,
    pub count: u64,
    pub rss_kib_before: u64,
    pub rss_kib_holding: u64,
    pub threads_holding: u64,
}

/// Every suite entry's cost per operation, from the figures CSV. An error names the
/// entry that is missing or the line that is wrong.
pub fn costs(csv: &str) -> Result<BTreeMap<&'static str, Cost>, String> {
    let measurements = Measurements::parse(csv)?;
    SUITE
        .iter()
        .map(|entry| Ok((entry.id, measurements.cost(entry.id, entry.per_iteration)?)))
        .collect()
}

pub fn idle_rows(csv: &str) -> Result<Vec<IdleRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(csv.as_bytes());
    let rows = reader
        .deserialize::<IdleRow>()
        .collect::<Result<Vec<_>, _>>()
        .map_err(|error| format!("idle_memory.csv: {error}"))?;
    if rows.is_empty() {
        return Err("idle_memory.csv has no samples".to_string());
    }
    Ok(rows)
}

/// The least-squares slope of added resident memory against the count, in KiB per unit.
pub fn kib_per_unit(rows: &[IdleRow], model: &str) -> Option<f64> {
    let points: Vec<(f64, f64)> = rows
        .iter()
        .filter(|r| r.model == model)
        .map(|r| {
            (
                r.count as f64,
                r.rss_kib_holding as f64 - r.rss_kib_before as f64,
            )
        })
        .collect();
    let n = points.len() as f64;
    let mean_x = points.iter().map(|p| p.0).sum::<f64>() / n;
    // Σ(x − x̄)(y − ȳ) is Σ(x − x̄)·y, since Σ(x − x̄) is 0: the mean of y is not needed.
    let covariance: f64 = points.iter().map(|(x, y)| (x - mean_x) * y).sum();
    let variance: f64 = points.iter().map(|(x, _)| (x - mean_x).powi(2)).sum();
    // No points (a NaN mean) or one count only: no slope.
    (variance > 0.0).then(|| covariance / variance)
}

/// Refuses a run that cannot be trusted, with chapter 6's rules: the Mandelbrot bench
/// measures the serial renderer first and again last, and the two medians may differ by
/// at most [`MAX_SERIAL_DRIFT`]; and no speedup of two threads over one thread of the same
/// code may lie wholly above the machine's logical CPUs, a broken measurement. (The
/// serial renderer is other code, so the speedups are taken against one thread of each.)
pub fn check_steady(figures: &str, logical_cpus: f64) -> Result<(), String> {
    let measurements = Measurements::parse(figures)?;
    let get = |id: &str| measurements.row(id);
    let (serial, again) = (
        get("mandelbrot/serial")?.median_ns,
        get("mandelbrot/serial_again")?.median_ns,
    );
    let drift = (again - serial).abs() / serial;
    if drift > MAX_SERIAL_DRIFT {
        return Err(format!(
            "the serial Mandelbrot median moved from {} to {} during the run ({:.1}%, more \
             than {:.0}%): the machine was not steady; run `cargo xtask figures --run` again",
            duration(serial),
            duration(again),
            drift * 100.0,
            MAX_SERIAL_DRIFT * 100.0
        ));
    }
    for (one, parallel) in [
        ("mandelbrot/bands/1", "mandelbrot/bands/2"),
        ("mandelbrot/rayon/1", "mandelbrot/rayon/2"),
    ] {
        // The least speedup the two intervals allow: if even that is above the number of
        // cores, no reading of the run is possible. (A median a little above it, with a
        // range that reaches below, is a linear speedup measured with noise.)
        let least = get(one)?.lo_ns / get(parallel)?.hi_ns;
        if least > logical_cpus {
            return Err(format!(
                "`{parallel}` is at least {least:.2}× faster than `{one}` on {logical_cpus} \
                 logical CPUs: above the physical limit, a broken measurement"
            ));
        }
    }
    Ok(())
}

/// The markdown the book includes: the machine, then one row per measurement, then the
/// ratios and the memory slopes the chapter discusses.
pub fn results_table(figures: &str, idle: &str, machine_csv: &str) -> Result<String, String> {
    let costs = costs(figures)?;
    let idle = idle_rows(idle)?;
    let facts = machine(machine_csv)?;
    let cpus: f64 = facts["logical_cpus"].parse().map_err(|_| {
        format!(
            "machine.csv: logical_cpus {:?} is not a number",
            facts["logical_cpus"]
        )
    })?;
    check_steady(figures, cpus)?;
    let mut out = format!(
        "Measured {} on {} ({} logical CPUs, {} of memory), {}, Linux {}, {}.\n\n",
        facts["measured"],
        facts["cpu"],
        facts["logical_cpus"],
        facts["memory"],
        facts["os"],
        facts["kernel"],
        facts["rustc"]
    );
    out.push_str(
        "| operation | median | 95% interval of the median | bench |\n|---|---|---|---|\n",
    );
    for entry in SUITE {
        let cost = costs[entry.id];
        out.push_str(&format!(
            "| {} | {} | {} to {} | `{}` (`benches/{}.rs`) |\n",
            entry.what,
            duration(cost.median),
            duration(cost.lo),
            duration(cost.hi),
            entry.id,
            entry.bench
        ));
    }
    let ratio = |a: &str, b: &str| {
        let (a, b) = (costs[a], costs[b]);
        format!(
            "{}× (from {}× to {}×)",
            three_digits(a.median / b.median),
            three_digits(a.lo / b.hi),
            three_digits(a.hi / b.lo)
        )
    };
    out.push_str("\n| ratio | value |\n|---|---|\n");
    out.push_str(&format!(
        "| thread start and join ÷ task spawn and await | {} |\n",
        ratio("spawn/thread::spawn", "spawn/tokio::spawn")
    ));
    out.push_str(&format!(
        "| unpinned hand-off ÷ pinned context switch | {} |\n",
        ratio(
            "context_switch/unpinned_round_trip",
            "context_switch/pinned_round_trip"
        )
    ));
    out.push_str(&format!(
        "| contended `Mutex` increment ÷ uncontended | {} |\n",
        ratio("counters/mutex/2", "counters/mutex/1")
    ));
    out.push_str(&format!(
        "| Mandelbrot speedup of static bands, two threads against one | {} |\n",
        ratio("mandelbrot/bands/1", "mandelbrot/bands/2")
    ));
    out.push_str(&format!(
        "| Mandelbrot speedup of rayon, two threads against one | {} |\n",
        ratio("mandelbrot/rayon/1", "mandelbrot/rayon/2")
    ));
    let counts: Vec<String> = {
        let mut counts: Vec<u64> = idle.iter().map(|r| r.count).collect();
        counts.sort();
        counts.dedup();
        counts.iter().map(u64::to_string).collect()
    };
    out.push_str(&format!(
        "\n| resident memory per idle unit (slope over {} units) | KiB |\n|---|---|\n",
        counts.join(", ")
    ));
    for (model, what) in [
        ("threads", "an idle OS thread (blocked in `Barrier::wait`)"),
        ("tasks", "an idle tokio task (awaiting a semaphore)"),
    ] {
        let slope = kib_per_unit(&idle, model)
            .ok_or_else(|| format!("idle_memory.csv: too few {model} samples"))?;
        out.push_str(&format!("| {what} | {} |\n", three_digits(slope)));
    }
    Ok(out)
}

/// Published figures the chapter compares with, each with its source: a low and a high
/// end (equal when the source gives one number), in nanoseconds or KiB.
pub const PUBLISHED: &[(&str, f64, f64, &str)] = &[
    (
        "context_switch/pinned_round_trip",
        1200.0,
        1500.0,
        "Bendersky (2018), pinned, as usually quoted",
    ),
    (
        "context_switch/unpinned_round_trip",
        2200.0,
        2200.0,
        "Bendersky (2018), unpinned, as usually quoted",
    ),
];

/// jimblandy/context-switch's figures for memory per idle unit, in KiB: a thread (its
/// stack pages, without the kernel's own memory) and an async task.
pub const PUBLISHED_IDLE_KIB: &[(&str, f64, &str)] = &[
    (
        "threads",
        9.5,
        "jimblandy/context-switch, `thread-brigade` (about 10 KiB more in the kernel)",
    ),
    ("tasks", 0.4, "jimblandy/context-switch, `async-brigade`"),
];

/// The comparison table: this machine's figure against each published one, as a ratio.
pub fn comparison_table(figures: &str, idle: &str) -> Result<String, String> {
    let costs = costs(figures)?;
    let idle = idle_rows(idle)?;
    let mut out = String::from(
        "| measurement | this machine | published | ratio | source |\n|---|---|---|---|---|\n",
    );
    for (id, lo, hi, source) in PUBLISHED {
        let here = costs[id];
        let entry = SUITE.iter().find(|e| e.id == *id).expect("a suite id");
        let published = if lo == hi {
            duration(*lo)
        } else {
            format!("{} to {}", duration(*lo), duration(*hi))
        };
        let ratio = if lo == hi {
            format!("{}×", three_digits(here.median / lo))
        } else {
            format!(
                "{}× to {}×",
                three_digits(here.median / hi),
                three_digits(here.median / lo)
            )
        };
        out.push_str(&format!(
            "| {} | {} | {published} | {ratio} | {source} |\n",
            entry.what,
            duration(here.median)
        ));
    }
    for (model, kib, source) in PUBLISHED_IDLE_KIB {
        let here = kib_per_unit(&idle, model).ok_or_else(|| format!("too few {model} samples"))?;
        out.push_str(&format!(
            "| resident memory per idle {}, KiB | {} | {} | {}× | {source} |\n",
            if *model == "threads" {
                "thread"
            } else {
                "task"
            },
            three_digits(here),
            three_digits(*kib),
            three_digits(here / kib)
        ));
    }
    Ok(out)
}

/// The threads-or-async table with its measured rows drawn from the data.
pub fn threads_or_async_table(figures: &str, idle: &str) -> Result<String, String> {
    let costs = costs(figures)?;
    let idle = idle_rows(idle)?;
    let slope = |model: &str| {
        kib_per_unit(&idle, model)
            .map(|kib| format!("{} KiB", three_digits(kib)))
            .ok_or_else(|| format!("too few {model} samples"))
    };
    let cost = |id: &str| duration(costs[id].median);
    let mut out =
        String::from("| | OS threads (std, rayon) | async tasks (tokio) |\n|---|---|---|\n");
    let rows = [
        (
            "start one and wait for it (measured)".to_string(),
            cost("spawn/thread::spawn"),
            cost("spawn/tokio::spawn"),
        ),
        (
            "resident memory while idle (measured)".to_string(),
            slope("threads")?,
            slope("tasks")?,
        ),
        (
            "a request and its reply (measured)".to_string(),
            format!("{} (std `mpsc`)", cost("ping_pong/std_mpsc")),
            format!("{} (tokio `mpsc`)", cost("ping_pong/tokio_mpsc")),
        ),
        (
            "who switches between them".to_string(),
            "the kernel, preemptively, at any instruction".to_string(),
            "the runtime, only at an `.await`".to_string(),
        ),
        (
            "large CPU-bound work".to_string(),
            "the right tool: one thread per core, or rayon".to_string(),
            "wrong on the runtime's threads: it blocks them; hand it to `spawn_blocking` or rayon"
                .to_string(),
        ),
        (
            "many waits at once (connections, timers)".to_string(),
            "a kernel thread and a stack each".to_string(),
            "the reason async exists".to_string(),
        ),
        (
            "cancelling one".to_string(),
            "only by asking it (a flag it checks)".to_string(),
            "drop it: it stops at its next `.await`, which every `.await` must be safe for"
                .to_string(),
        ),
        (
            "what spawned work must be".to_string(),
            "`Send + 'static` (or borrow with `thread::scope`)".to_string(),
            "`Send + 'static` on a multi-thread runtime, across every `.await`".to_string(),
        ),
        (
            "blocking calls".to_string(),
            "fine: only that thread waits".to_string(),
            "a hazard: they stall every task of that worker".to_string(),
        ),
        (
            "what it does to your API".to_string(),
            "nothing".to_string(),
            "`async fn` is a colour: callers must be async or run a runtime".to_string(),
        ),
    ];
    for (what, threads, tasks) in rows {
        out.push_str(&format!("| {what} | {threads} | {tasks} |\n"));
    }
    Ok(out)
}

/// The per-operation costs of the suite (without the Mandelbrot images) as dots with
/// their intervals, on a logarithmic axis.
pub fn costs_svg(figures: &str) -> Result<String, String> {
    let costs = costs(figures)?;
    let shown: Vec<(&Entry, Cost)> = SUITE
        .iter()
        .filter(|e| e.bench != "mandelbrot")
        .map(|e| (e, costs[e.id]))
        .collect();
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (640, 420)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let top = shown.iter().map(|(_, c)| c.hi).fold(1.0, f64::max) * 2.0;
            let bottom = shown.iter().map(|(_, c)| c.lo).fold(f64::MAX, f64::min) / 2.0;
            let mut chart = ChartBuilder::on(&root)
                .caption(
                    "What one operation costs (ns, log scale)",
                    ("sans-serif", 15),
                )
                .margin(12)
                .x_label_area_size(30)
                .y_label_area_size(60)
                .build_cartesian_2d(0..shown.len() as i32, (bottom..top).log_scale())?;
            chart
                .configure_mesh()
                .disable_x_mesh()
                .x_labels(shown.len())
                .x_label_formatter(&|i| format!("{}", i + 1))
                .x_desc("operation: the row of the same number in the table")
                .y_label_formatter(&|ns| duration(*ns))
                .light_line_style(WHITE)
                .bold_line_style(RGBColor(221, 221, 221))
                .draw()?;
            let colour = RGBColor(27, 94, 158);
            chart.draw_series(shown.iter().enumerate().map(|(i, (_, c))| {
                ErrorBar::new_vertical(i as i32, c.lo, c.median, c.hi, colour.stroke_width(1), 8)
            }))?;
            chart.draw_series(
                shown
                    .iter()
                    .enumerate()
                    .map(|(i, (_, c))| Circle::new((i as i32, c.median), 4, colour.filled())),
            )?;
            root.present()?;
            Ok(())
        };
        draw().map_err(|error| format!("drawing the costs chart: {error}"))?;
    }
    Ok(svg)
}

/// Added resident memory against the number of idle units, for threads and for tasks.
pub fn idle_memory_svg(idle: &str) -> Result<String, String> {
    let rows = idle_rows(idle)?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (560, 340)).into_drawing_area();
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            root.fill(&WHITE)?;
            let max_count = rows.iter().map(|r| r.count).max().unwrap_or(1) as f64;
            let added =
                |r: &IdleRow| (r.rss_kib_holding.saturating_sub(r.rss_kib_before)) as f64 / 1024.0;
            let top = rows.iter().map(added).fold(1.0, f64::max) * 1.1;
            let mut chart = ChartBuilder::on(&root)
                .caption(
                    "Resident memory added by idle threads and tasks",
                    ("sans-serif", 15),
                )
                .margin(12)
                .x_label_area_size(35)
                .y_label_area_size(50)
                .build_cartesian_2d(0.0..max_count * 1.05, 0.0..top)?;
            chart
                .configure_mesh()
                .x_desc("idle units")
                .y_desc("MiB added")
                .light_line_style(WHITE)
                .bold_line_style(RGBColor(221, 221, 221))
                .draw()?;
            for (model, name, colour) in [
                ("threads", "OS threads", RGBColor(217, 95, 2)),
                ("tasks", "tokio tasks", RGBColor(27, 94, 158)),
            ] {
                let mut points: Vec<(f64, f64)> = rows
                    .iter()
                    .filter(|r| r.model == model)
                    .map(|r| (r.count as f64, added(r)))
                    .collect();
                points.sort_by(|a, b| a.0.total_cmp(&b.0));
                chart
                    .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?
                    .label(name)
                    .legend(move |(x, y)| {
                        PathElement::new([(x, y), (x + 24, y)], colour.stroke_width(2))
                    });
                chart.draw_series(
                    points
                        .into_iter()
                        .map(|p| Circle::new(p, 3, colour.filled())),
                )?;
            }
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperLeft)
                .background_style(WHITE)
                .border_style(RGBColor(136, 136, 136))
                .draw()?;
            root.present()?;
            Ok(())
        };
        draw().map_err(|error| format!("drawing the memory chart: {error}"))?;
    }
    Ok(svg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    const TABLE: &str = "../book/generated/09-results.md";
    const COMPARISON: &str = "../book/generated/09-comparison.md";
    const THREADS_OR_ASYNC: &str = "../book/generated/09-threads-or-async.md";
    const COSTS_SVG: &str = "../book/images/09-costs.svg";
    const IDLE_SVG: &str = "../book/images/09-idle-memory.svg";

    fn companion(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    /// The committed table and charts are what the committed data draws;
    /// `UPDATE_FIGURES=1` redraws them first.
    #[test]
    fn the_committed_table_and_charts_are_what_the_committed_data_draws() {
        // Read the data from disk, not from the `include_str!` copies, so that a run that
        // `cargo xtask figures` just rewrote is drawn from the new files.
        let read = |path: &str| std::fs::read_to_string(companion(path)).unwrap();
        let (figures, idle, machine) = (
            read("benches/data/figures.csv"),
            read("benches/data/idle_memory.csv"),
            read("benches/data/machine.csv"),
        );
        let drawn = [
            (TABLE, results_table(&figures, &idle, &machine).unwrap()),
            (COMPARISON, comparison_table(&figures, &idle).unwrap()),
            (
                THREADS_OR_ASYNC,
                threads_or_async_table(&figures, &idle).unwrap(),
            ),
            (COSTS_SVG, costs_svg(&figures).unwrap()),
            (IDLE_SVG, idle_memory_svg(&idle).unwrap()),
        ];
        let update = std::env::var("UPDATE_FIGURES").is_ok_and(|v| v == "1");
        for (path, fresh) in drawn {
            let path = companion(path);
            if update {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(&path, &fresh).unwrap();
            }
            let committed = std::fs::read_to_string(&path).unwrap_or_default();
            assert!(
                committed == fresh,
                "{} is not what the committed data draws; run\n  \
                 UPDATE_FIGURES=1 cargo test -p concurrent_rust measuring_the_models::figures",
                path.display()
            );
        }
    }

    const FIGURES: &str = "id,median_ns,lo_ns,hi_ns\n\
        spawn/thread::spawn,50000,48000,52000\n";

    #[test]
    fn a_missing_measurement_is_named() {
        let error = costs(FIGURES).unwrap_err();
        assert!(error.contains("no `spawn/tokio::spawn`"), "{error}");
    }

    #[test]
    fn an_interval_that_misses_its_median_is_refused() {
        let error = costs("id,median_ns,lo_ns,hi_ns\nspawn/thread::spawn,5,6,7\n").unwrap_err();
        assert!(error.contains("spawn/thread::spawn: interval"), "{error}");
        // A time of zero is no measurement either.
        let error = costs("id,median_ns,lo_ns,hi_ns\nspawn/thread::spawn,5,0,7\n").unwrap_err();
        assert!(error.contains("spawn/thread::spawn: interval"), "{error}");
    }

    #[test]
    fn costs_are_divided_by_the_operations_in_one_iteration() {
        let mut csv = String::from("id,median_ns,lo_ns,hi_ns\n");
        for entry in SUITE {
            csv.push_str(&format!("{},{},{},{}\n", entry.id, 1000.0, 900.0, 1100.0));
        }
        let costs = costs(&csv).unwrap();
        assert_eq!(costs["context_switch/pinned_round_trip"].median, 500.0);
        assert_eq!(costs["counters/mutex/2"].hi, 1100.0 / 200_000.0);
        assert_eq!(costs["spawn/thread::spawn"].lo, 900.0);
    }

    /// Every table and chart can be drawn from a complete set of data.
    #[test]
    fn a_complete_run_draws_every_table_and_chart() {
        let mut figures = String::from("id,median_ns,lo_ns,hi_ns\n");
        for (i, entry) in SUITE.iter().enumerate() {
            let ns = 100.0 * (i + 1) as f64 * entry.per_iteration;
            figures.push_str(&format!("{},{},{},{}\n", entry.id, ns, 0.9 * ns, 1.1 * ns));
        }
        // The serial image measured again at the end, as steady as at the start.
        let serial = 100.0
            * (SUITE
                .iter()
                .position(|e| e.id == "mandelbrot/serial")
                .unwrap()
                + 1) as f64;
        figures.push_str(&format!(
            "mandelbrot/serial_again,{serial},{serial},{serial}\n"
        ));
        let idle = "model,count,rss_kib_before,rss_kib_holding,threads_holding\n\
                    threads,1000,3000,12000,1001\nthreads,2000,3000,21000,2001\n\
                    tasks,1000,3000,3500,1\ntasks,2000,3000,4000,1\n";
        let machine = "key,value\ncpu,\"A CPU\"\nlogical_cpus,2\nmemory,24 GiB\n\
                       os,Debian\nkernel,6.1\nrustc,rustc 1.95.0\nmeasured,2026-12-02 21:00 UTC\n";
        let table = results_table(&figures, idle, machine).unwrap();
        assert!(
            table.starts_with("Measured 2026-12-02 21:00 UTC on A CPU (2 logical CPUs"),
            "{table}"
        );
        assert!(
            table.contains("| start an OS thread and join it | 100 ns | 90.0 ns to 110 ns |"),
            "{table}"
        );
        assert!(
            table.contains("| an idle OS thread (blocked in `Barrier::wait`) | 9.00 |"),
            "{table}"
        );
        assert!(
            table.contains("| an idle tokio task (awaiting a semaphore) | 0.50 |"),
            "{table}"
        );
        let comparison = comparison_table(&figures, idle).unwrap();
        assert!(comparison.contains("| 0.95× |"), "{comparison}");
        let threads_or_async = threads_or_async_table(&figures, idle).unwrap();
        assert!(
            threads_or_async.contains("| start one and wait for it (measured) | 100 ns | 200 ns |"),
            "{threads_or_async}"
        );
        for svg in [costs_svg(&figures).unwrap(), idle_memory_svg(idle).unwrap()] {
            assert!(svg.starts_with("<svg"), "{svg}");
        }
    }

    fn mandelbrot(serial: f64, again: f64, rayon: f64) -> String {
        format!(
            "id,median_ns,lo_ns,hi_ns\nmandelbrot/serial,{serial},{serial},{serial}\n\
             mandelbrot/serial_again,{again},{again},{again}\n\
             mandelbrot/bands/1,{serial},{serial},{serial}\nmandelbrot/bands/2,{serial},{serial},{serial}\n\
             mandelbrot/rayon/1,100,100,100\nmandelbrot/rayon/2,{rayon},{rayon},{rayon}\n"
        )
    }

    #[test]
    fn a_run_whose_serial_baseline_drifted_is_refused() {
        assert_eq!(check_steady(&mandelbrot(100.0, 102.0, 55.0), 2.0), Ok(()));
        // Exactly the limit is still steady (3 ÷ 100 is the f64 nearest 0.03, as is the
        // limit): the rule refuses more than 3%.
        assert_eq!(check_steady(&mandelbrot(100.0, 103.0, 55.0), 2.0), Ok(()));
        let error = check_steady(&mandelbrot(100.0, 104.0, 55.0), 2.0).unwrap_err();
        assert!(error.contains("(4.0%, more than 3%)"), "{error}");
    }

    #[test]
    fn a_speedup_wholly_above_the_cores_is_refused() {
        assert_eq!(check_steady(&mandelbrot(100.0, 100.0, 50.0), 2.0), Ok(()));
        let error = check_steady(&mandelbrot(100.0, 100.0, 49.0), 2.0).unwrap_err();
        assert!(
            error.contains("`mandelbrot/rayon/2` is at least 2.04× faster"),
            "{error}"
        );
        // A median above the limit whose range reaches below it is noise, not a failure.
        let noisy = "id,median_ns,lo_ns,hi_ns\nmandelbrot/serial,100,99,101\n\
                     mandelbrot/serial_again,100,99,101\nmandelbrot/bands/1,100,99,101\n\
                     mandelbrot/bands/2,60,59,61\nmandelbrot/rayon/1,100,98,102\n\
                     mandelbrot/rayon/2,49.8,49,50\n";
        assert_eq!(check_steady(noisy, 2.0), Ok(()));
        // Exactly linear at the low end of the range is possible, so it is not refused.
        let linear = noisy.replace("rayon/1,100,98,102", "rayon/1,100,100,102");
        assert_eq!(check_steady(&linear, 2.0), Ok(()));
    }

    #[test]
    fn the_memory_slope_ignores_the_fixed_cost() {
        let csv = "model,count,rss_kib_before,rss_kib_holding,threads_holding\n\
                   tasks,1000,2000,2800,1\ntasks,2000,2000,3300,1\ntasks,4000,2000,4300,1\n";
        let rows = idle_rows(csv).unwrap();
        let slope = kib_per_unit(&rows, "tasks").unwrap();
        assert!((slope - 0.5).abs() < 1e-9, "{slope}");
        assert_eq!(kib_per_unit(&rows, "threads"), None);
        let one_count = "model,count,rss_kib_before,rss_kib_holding,threads_holding\n\
                         tasks,1000,2000,2800,1\ntasks,1000,2000,2900,1\n";
        assert_eq!(kib_per_unit(&idle_rows(one_count).unwrap(), "tasks"), None);
    }

    #[test]
    fn a_machine_without_its_date_is_refused() {
        let error = machine("key,value\ncpu,x\n").unwrap_err();
        assert!(error.contains("no `logical_cpus`"), "{error}");
    }
}
