//! `cargo xtask figures [--run]`: the course's measurements, from the benches to the book.
//!
//! With `--run` it first runs every bench the book draws on ([`BENCHES`]) and
//! the `idle_memory` example, on a machine that should be otherwise idle, and records the
//! machine (`companion/benches/data/machine.csv`) and the example's samples
//! (`idle_memory.csv`). Then, with or without `--run`, it reads every result criterion
//! has left under the target directory (`criterion/**/new/{benchmark,estimates}.json`)
//! into `companion/benches/data/figures.csv`: the median per iteration and the 95%
//! confidence interval criterion gives for that median, and when it was measured. It
//! also copies the busy times per thread that the Mandelbrot bench writes beside them
//! (`criterion/mandelbrot_busy_time.csv`, not a criterion result) into
//! `companion/benches/data/mandelbrot_busy_time.csv`, stamped with when they were
//! measured. Then the companion tests `measured::` (every chapter's tables and inline
//! figures, and chapter 6's `mandelbrot.csv`, the speedup plot's data) and
//! `measuring_the_models::figures` (chapter 9's table and charts) redraw them from those
//! files (`UPDATE_FIGURES=1`), and the claims the prose makes about them are tested on
//! the new data; last, `data_parallelism::plot` redraws chapter 6's speedup plot from the
//! new `mandelbrot.csv` (`UPDATE_PLOTS=1`). The check does not run benches: its test
//! stage only verifies that the committed tables and charts are what the committed files
//! draw, and the claims hold.

use crate::run;
use anyhow::{Context, Result, bail};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Every bench whose results the book shows, with criterion's flags: chapter 2's threads,
/// chapter 3's channels, chapter 5's counters, chapter 6's Mandelbrot and sorting,
/// chapter 7's tasks, and chapter 9's context switch (chapter 9's table draws on several).
const BENCHES: &[(&str, &[&str])] = &[
    (
        "threads",
        &["--warm-up-time", "1", "--measurement-time", "3"],
    ),
    ("tasks", &["--warm-up-time", "1", "--measurement-time", "3"]),
    (
        "context_switch",
        &["--warm-up-time", "1", "--measurement-time", "3"],
    ),
    (
        "channels",
        &["--warm-up-time", "1", "--measurement-time", "3"],
    ),
    (
        "counters",
        &["--warm-up-time", "1", "--measurement-time", "3"],
    ),
    (
        "sorting",
        &["--warm-up-time", "1", "--measurement-time", "3"],
    ),
    // The Mandelbrot bench sets its own sample count and times; it runs last, and
    // measures its serial baseline first and last, so the steadiness check covers it.
    ("mandelbrot", &[]),
];

const DATA: &str = "companion/benches/data";

pub fn command(root: &Path, args: &[String]) -> Result<()> {
    let started = Instant::now();
    let run_benches = match args {
        [] => false,
        [flag] if flag == "--run" => true,
        _ => bail!("usage: cargo xtask figures [--run]"),
    };
    if run_benches {
        warn_if_busy()?;
        for (bench, flags) in BENCHES {
            let mut command = run::cargo(&[
                "bench",
                "--package",
                "concurrent_rust",
                "--bench",
                bench,
                "--",
            ]);
            command.args(*flags);
            run::run(root, &mut command)?;
        }
        record_idle_memory(root)?;
        record_machine(root)?;
    }
    let imported = import_criterion(root)?;
    println!("read {imported} criterion results into {DATA}/figures.csv");
    if import_busy_time(root)? {
        println!("copied the Mandelbrot bench's busy times into {DATA}/{BUSY_TIME_CSV}");
    } else {
        println!(
            "no {BUSY_TIME_CSV} beside criterion's results: {DATA}/{BUSY_TIME_CSV} is kept \
             (the Mandelbrot bench writes it)"
        );
    }
    redraw(
        root,
        "UPDATE_FIGURES",
        &["measured::", "measuring_the_models::figures"],
    )?;
    // `measured::` has rewritten chapter 6's mandelbrot.csv; the plot's own test, compiled
    // anew with it, redraws the speedup plot from it.
    redraw(root, "UPDATE_PLOTS", &["data_parallelism::plot"])?;
    println!(
        "figures done in {:.1} min",
        started.elapsed().as_secs_f64() / 60.0
    );
    Ok(())
}

/// Runs the companion tests named by `filters` with `variable=1`, which makes them write
/// what they draw before they compare it with the committed files.
fn redraw(root: &Path, variable: &str, filters: &[&str]) -> Result<()> {
    let mut command = run::cargo(&["test", "--package", "concurrent_rust", "--lib", "--"]);
    command.args(filters).env(variable, "1");
    run::run(root, &mut command)
}

/// Benchmarks on a shared machine measure the other load too: say so before starting.
fn warn_if_busy() -> Result<()> {
    let loadavg = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let one_minute: f64 = loadavg
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    println!("load average over the last minute: {one_minute:.2}");
    if one_minute > 0.5 {
        println!(
            "warning: the machine is busy (load {one_minute:.2}); figures measured now include \
             the other load. Stop other builds and benches for figures worth quoting."
        );
    }
    Ok(())
}

fn record_idle_memory(root: &Path) -> Result<()> {
    let mut command = run::cargo(&[
        "run",
        "--release",
        "--quiet",
        "--package",
        "concurrent_rust",
        "--example",
        "idle_memory",
        "--",
    ]);
    command
        .args(["1000", "2000", "5000", "10000"])
        .current_dir(root);
    println!("$ cargo run --release --example idle_memory -- 1000 2000 5000 10000");
    let output = command
        .output()
        .context("could not start the idle_memory example")?;
    if !output.status.success() {
        bail!(
            "the idle_memory example failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    let path = root.join(DATA).join("idle_memory.csv");
    fs::write(&path, &output.stdout).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The facts a reader needs to compare their figures with these.
fn record_machine(root: &Path) -> Result<()> {
    let read = |path: &str| fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|line| line.strip_prefix("model name")?.split_once(':'))
        .map_or("unknown CPU".to_string(), |(_, name)| {
            name.trim().to_string()
        });
    let logical_cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = read("/proc/meminfo")
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|kib| kib.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or("unknown".to_string(), |kib| {
            format!("{:.0} GiB", kib / 1024.0 / 1024.0)
        });
    let os = read("/etc/os-release")
        .lines()
        .find_map(|line| line.strip_prefix("PRETTY_NAME="))
        .map_or("unknown OS".to_string(), |name| {
            name.trim_matches('"').to_string()
        });
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_string();
    let rustc = command_output(Command::new("rustc").arg("-V"))?;
    let measured = command_output(Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))?;
    let mut csv = String::from("key,value\n");
    for (key, value) in [
        ("cpu", cpu),
        ("logical_cpus", logical_cpus.to_string()),
        ("memory", memory),
        ("os", os),
        ("kernel", kernel),
        ("rustc", rustc),
        ("measured", measured),
    ] {
        csv.push_str(&format!("{key},\"{}\"\n", value.replace('"', "'")));
    }
    let path = root.join(DATA).join("machine.csv");
    fs::write(&path, csv).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

fn command_output(command: &mut Command) -> Result<String> {
    let output = command
        .output()
        .with_context(|| format!("could not run {command:?}"))?;
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_string())
}

#[derive(Deserialize)]
struct Benchmark {
    full_id: String,
}

#[derive(Deserialize)]
struct Interval {
    lower_bound: f64,
    upper_bound: f64,
}

#[derive(Deserialize)]
struct Estimate {
    point_estimate: f64,
    confidence_interval: Interval,
}

#[derive(Deserialize)]
struct Estimates {
    median: Estimate,
}

/// One criterion result: median, low and high bound of its 95% interval (nanoseconds per
/// iteration), and when it was measured (its `estimates.json`'s time, UTC).
type Measured = (f64, f64, f64, String);

/// Every `new/` result under the target directory's `criterion/`, by `full_id`.
fn criterion_results(criterion: &Path) -> Result<BTreeMap<String, Measured>> {
    let mut results = BTreeMap::new();
    let mut pending = vec![criterion.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(error) if dir == criterion => {
                bail!(
                    "no criterion results in {} ({error}): run `cargo xtask figures --run`",
                    criterion.display()
                )
            }
            Err(_) => continue,
        };
        for entry in entries {
            let path = entry?.path();
            if !path.is_dir() {
                continue;
            }
            if path.file_name().is_some_and(|name| name == "new") {
                let benchmark = path.join("benchmark.json");
                let estimates = path.join("estimates.json");
                if !(benchmark.is_file() && estimates.is_file()) {
                    continue;
                }
                let parse = |file: &PathBuf| -> Result<String> {
                    fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))
                };
                let id: Benchmark = serde_json::from_str(&parse(&benchmark)?)
                    .with_context(|| format!("parsing {}", benchmark.display()))?;
                let median: Estimates = serde_json::from_str(&parse(&estimates)?)
                    .with_context(|| format!("parsing {}", estimates.display()))?;
                let m = median.median;
                let written = fs::metadata(&estimates)?.modified()?;
                let seconds = written
                    .duration_since(std::time::UNIX_EPOCH)
                    .context("a file time before 1970")?
                    .as_secs();
                results.insert(
                    id.full_id,
                    (
                        m.point_estimate,
                        m.confidence_interval.lower_bound,
                        m.confidence_interval.upper_bound,
                        utc_minute(seconds),
                    ),
                );
            } else {
                pending.push(path);
            }
        }
    }
    Ok(results)
}

/// Where criterion leaves its results: `$CARGO_TARGET_DIR/criterion`, or `target/criterion`.
fn criterion_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("criterion")
}

/// The busy times per thread that `benches/mandelbrot.rs` measures before its criterion
/// part, and writes under this name in criterion's directory.
const BUSY_TIME_CSV: &str = "mandelbrot_busy_time.csv";

/// The columns the bench writes.
const BUSY_TIME_HEADER: &str = "renderer,threads,renders,wall_ms,busy_ms_1,busy_ms_2";

/// Copies the bench's busy times into the data directory, with a header and each line
/// stamped with when the bench wrote the file. `false` if the bench has not written one.
fn import_busy_time(root: &Path) -> Result<bool> {
    let source = criterion_dir(root).join(BUSY_TIME_CSV);
    let Ok(text) = fs::read_to_string(&source) else {
        return Ok(false);
    };
    let seconds = fs::metadata(&source)?
        .modified()?
        .duration_since(std::time::UNIX_EPOCH)
        .context("a file time before 1970")?
        .as_secs();
    let csv = busy_time_csv(&text, &utc_minute(seconds))
        .with_context(|| format!("reading {}", source.display()))?;
    let path = root.join(DATA).join(BUSY_TIME_CSV);
    fs::write(&path, csv).with_context(|| format!("writing {}", path.display()))?;
    Ok(true)
}

/// The committed busy-time file: the bench's lines with a `measured_utc` column.
fn busy_time_csv(bench_csv: &str, measured: &str) -> Result<String> {
    let mut lines = bench_csv.lines().filter(|line| !line.trim().is_empty());
    if lines.next() != Some(BUSY_TIME_HEADER) {
        bail!("its header is not `{BUSY_TIME_HEADER}`: rebuild and rerun the Mandelbrot bench");
    }
    let mut csv = String::from(
        "# Written by `cargo xtask figures` from what the Mandelbrot bench\n\
         # (companion/benches/mandelbrot.rs) measured before its criterion part: the mean per\n\
         # render, over `renders` renders of each renderer alternating, of the render's wall\n\
         # time and of each of its two threads' busy time, in milliseconds, and when it was\n\
         # measured (UTC). Do not edit.\n",
    );
    csv.push_str(&format!("{BUSY_TIME_HEADER},measured_utc\n"));
    let mut rows = 0;
    for line in lines {
        if line.split(',').count() != BUSY_TIME_HEADER.split(',').count() {
            bail!("`{line}` does not have the header's columns");
        }
        csv.push_str(&format!("{line},{measured}\n"));
        rows += 1;
    }
    if rows == 0 {
        bail!("it has no busy times");
    }
    Ok(csv)
}

fn import_criterion(root: &Path) -> Result<usize> {
    let results = criterion_results(&criterion_dir(root))?;
    let mut csv = String::from(
        "# Written by `cargo xtask figures` from criterion's output: median and 95% interval\n\
         # of the median, in nanoseconds per iteration, and when each was measured (UTC).\n\
         # Do not edit.\n\
         id,median_ns,lo_ns,hi_ns,measured_utc\n",
    );
    for (id, (median, lo, hi, measured)) in &results {
        let quoted = if id.contains(',') || id.contains('"') {
            format!("\"{}\"", id.replace('"', "\"\""))
        } else {
            id.clone()
        };
        csv.push_str(&format!(
            "{quoted},{median:.3},{lo:.3},{hi:.3},{measured}\n"
        ));
    }
    let path = root.join(DATA).join("figures.csv");
    fs::write(&path, csv).with_context(|| format!("writing {}", path.display()))?;
    Ok(results.len())
}

/// `YYYY-MM-DD HH:MM` for a time in seconds since 1970 (UTC), without a date library:
/// the civil-from-days conversion of Howard Hinnant's `chrono`-compatible algorithms.
fn utc_minute(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let minute_of_day = (seconds % 86_400) / 60;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        minute_of_day / 60,
        minute_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_times_become_utc_minutes() {
        assert_eq!(utc_minute(0), "1970-01-01 00:00");
        // `date -u -d @1796250900`: Wed Dec  2 22:35:00 UTC 2026.
        assert_eq!(utc_minute(1_796_250_900), "2026-12-02 22:35");
        // A leap day, and the last minute of a year.
        assert_eq!(utc_minute(951_782_400), "2000-02-29 00:00");
        assert_eq!(utc_minute(1_704_067_199), "2023-12-31 23:59");
    }

    #[test]
    fn every_new_result_is_read_with_its_full_id_and_median() {
        let dir = std::env::temp_dir().join(format!("xtask-figures-{}", std::process::id()));
        let new = dir.join("criterion/spawn/thread__spawn/new");
        fs::create_dir_all(&new).unwrap();
        fs::write(
            new.join("benchmark.json"),
            r#"{"full_id":"spawn/thread::spawn"}"#,
        )
        .unwrap();
        fs::write(
            new.join("estimates.json"),
            r#"{"median":{"point_estimate":53812.5,"confidence_interval":{"lower_bound":52200.0,"upper_bound":55400.0}}}"#,
        )
        .unwrap();
        // A `base/` result (the run before) is not read.
        let base = dir.join("criterion/spawn/thread__spawn/base");
        fs::create_dir_all(&base).unwrap();
        fs::write(base.join("benchmark.json"), r#"{"full_id":"old"}"#).unwrap();
        let results = criterion_results(&dir.join("criterion")).unwrap();
        fs::remove_dir_all(&dir).unwrap();
        let results: Vec<_> = results.into_iter().collect();
        assert_eq!(results.len(), 1);
        let (id, (median, lo, hi, measured)) = &results[0];
        assert_eq!(
            (id.as_str(), *median, *lo, *hi),
            ("spawn/thread::spawn", 53812.5, 52200.0, 55400.0)
        );
        assert_eq!(measured.len(), "2026-12-02 21:55".len(), "{measured}");
    }

    #[test]
    fn the_busy_times_are_copied_with_when_they_were_measured() {
        let bench = format!("{BUSY_TIME_HEADER}\nbands,2,10,84.1,11.2,83.0\nrayon,2,10,51,50,48\n");
        let csv = busy_time_csv(&bench, "2026-12-02 21:58").unwrap();
        assert!(
            csv.starts_with("# Written by `cargo xtask figures`"),
            "{csv}"
        );
        assert!(
            csv.contains(&format!("\n{BUSY_TIME_HEADER},measured_utc\n")),
            "{csv}"
        );
        assert!(csv.ends_with(
            "bands,2,10,84.1,11.2,83.0,2026-12-02 21:58\nrayon,2,10,51,50,48,2026-12-02 21:58\n"
        ));
        let old = busy_time_csv("threads,wall\n1,2\n", "x").unwrap_err();
        assert!(old.to_string().contains("header"), "{old}");
        let short = busy_time_csv(&format!("{BUSY_TIME_HEADER}\nbands,2\n"), "x").unwrap_err();
        assert!(short.to_string().contains("columns"), "{short}");
        assert!(busy_time_csv(&format!("{BUSY_TIME_HEADER}\n"), "x").is_err());
    }

    #[test]
    fn no_criterion_directory_says_what_to_run() {
        let error = criterion_results(Path::new("/nonexistent/criterion")).unwrap_err();
        assert!(
            error.to_string().contains("cargo xtask figures --run"),
            "{error}"
        );
    }
}
