//! The speedup plot: an SVG drawn with plotters from the bench results in
//! `companion/benches/data/mandelbrot.csv`.
//!
//! The CSV is written from criterion's own output, not by hand: after
//! `cargo bench -p concurrent_rust --bench mandelbrot`, the command
//! `UPDATE_PLOTS=from-criterion cargo test -p concurrent_rust data_parallelism::plot`
//! reads `$CARGO_TARGET_DIR/criterion/mandelbrot/*/new/estimates.json` (`target/` by
//! default), rewrites the CSV (each configuration's median and the 95% confidence interval
//! criterion gives for that median) and redraws `book/images/06-mandelbrot-speedup.svg`;
//! `UPDATE_PLOTS=1` only redraws. The bench measures the serial renderer first and again
//! last; the import refuses a run in which the two serial medians differ by more than
//! [`MAX_SERIAL_DRIFT`], since then the machine was not steady and no ratio of that run can
//! be trusted. A test fails if the committed SVG is not what [`speedup_svg`] draws from the
//! committed CSV, so the two cannot drift apart.

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

/// The bench results: criterion's median time per image, per thread count.
pub const MANDELBROT_CSV: &str = include_str!("../../benches/data/mandelbrot.csv");

/// How far apart (as a fraction) the serial medians measured at the start and at the end
/// of one bench run may be for the run to be imported.
pub const MAX_SERIAL_DRIFT: f64 = 0.03;

/// One line of the CSV: median times in milliseconds for one thread count, each with the
/// bounds of criterion's 95% confidence interval for that median (`_lo_ms`, `_hi_ms`;
/// empty for results recorded before the bounds were kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchRow {
    pub threads: usize,
    pub serial_ms: f64,
    pub serial_lo_ms: Option<f64>,
    pub serial_hi_ms: Option<f64>,
    pub bands_ms: f64,
    pub bands_lo_ms: Option<f64>,
    pub bands_hi_ms: Option<f64>,
    pub rayon_ms: f64,
    pub rayon_lo_ms: Option<f64>,
    pub rayon_hi_ms: Option<f64>,
}

/// A median and, when known, its confidence interval, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    pub median: f64,
    pub interval: Option<(f64, f64)>,
}

impl BenchRow {
    /// The serial, bands and rayon estimates of this row, in that order.
    pub fn estimates(&self) -> [Estimate; 3] {
        let estimate = |median, lo: Option<f64>, hi: Option<f64>| Estimate {
            median,
            interval: lo.zip(hi),
        };
        [
            estimate(self.serial_ms, self.serial_lo_ms, self.serial_hi_ms),
            estimate(self.bands_ms, self.bands_lo_ms, self.bands_hi_ms),
            estimate(self.rayon_ms, self.rayon_lo_ms, self.rayon_hi_ms),
        ]
    }
}

/// A speedup `serial / parallel` with the widest range the two intervals allow:
/// `serial_lo / parallel_hi` to `serial_hi / parallel_lo` (`None` if either is unknown).
pub fn speedup(serial: Estimate, parallel: Estimate) -> (f64, Option<(f64, f64)>) {
    let range = serial
        .interval
        .zip(parallel.interval)
        .map(|((s_lo, s_hi), (p_lo, p_hi))| (s_lo / p_hi, s_hi / p_lo));
    (serial.median / parallel.median, range)
}

/// Parses the CSV (a header line, `#` comment lines, one row per thread count). An error
/// names the line that is wrong.
pub fn parse_bench_csv(csv: &str) -> Result<Vec<BenchRow>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .trim(csv::Trim::All)
        .from_reader(csv.as_bytes());
    let mut rows = Vec::new();
    for row in reader.deserialize::<BenchRow>() {
        let row = row.map_err(|error| match error.position() {
            Some(at) => format!("line {}: {}", at.line(), describe(error.kind())),
            None => error.to_string(),
        })?;
        let names = ["serial", "bands", "rayon"];
        for (name, estimate) in names.into_iter().zip(row.estimates()) {
            let ms = estimate.median;
            if !(ms > 0.0 && ms.is_finite()) {
                return Err(format!(
                    "{name}_ms {ms} for {} threads is not a positive time",
                    row.threads
                ));
            }
            if let Some((lo, hi)) = estimate.interval
                && !(lo > 0.0 && lo <= ms && ms <= hi && hi.is_finite())
            {
                return Err(format!(
                    "{name} interval {lo}..{hi} for {} threads does not contain its median {ms}",
                    row.threads
                ));
            }
        }
        rows.push(row);
    }
    if rows.is_empty() {
        return Err("no data lines".to_string());
    }
    Ok(rows)
}

/// The part of a csv error worth showing after its line number.
fn describe(kind: &csv::ErrorKind) -> String {
    match kind {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} fields, expected {expected_len}"),
        csv::ErrorKind::Deserialize { err, .. } => err.to_string(),
        other => format!("{other:?}"),
    }
}

/// Speedup over the serial renderer against the number of threads, for the static bands
/// and for rayon, as an SVG document.
pub fn speedup_svg(rows: &[BenchRow]) -> Result<String, String> {
    let mut svg = String::new();
    draw_speedup(rows, SVGBackend::with_string(&mut svg, (480, 300)))
        .map_err(|error| format!("drawing the speedup plot: {error}"))?;
    Ok(svg)
}

fn draw_speedup<'svg>(
    rows: &[BenchRow],
    backend: SVGBackend<'svg>,
) -> Result<(), Box<dyn std::error::Error + 'svg>> {
    let root = backend.into_drawing_area();
    root.fill(&WHITE)?;
    let max_threads = rows.iter().map(|r| r.threads).max().unwrap_or(1).max(2) as u32;
    // For each row, the bands' and rayon's speedup, each with its range when known.
    let speedups = |r: &BenchRow| {
        let [serial, bands, rayon] = r.estimates();
        [speedup(serial, bands), speedup(serial, rayon)]
    };
    let top = rows
        .iter()
        .flat_map(speedups)
        .map(|(point, range)| range.map_or(point, |(_, hi)| hi.max(point)))
        .fold(2.0_f64, f64::max)
        .ceil()
        + 0.5;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Mandelbrot: speedup over the serial renderer",
            ("sans-serif", 15),
        )
        .margin(12)
        .x_label_area_size(35)
        .y_label_area_size(45)
        .build_cartesian_2d(1..max_threads, 0.0..top)?;
    chart
        .configure_mesh()
        .x_labels(max_threads as usize)
        .x_desc("threads")
        .y_desc("speedup")
        .y_labels((top * 2.0) as usize + 1)
        .y_label_formatter(&|speedup| format!("{speedup:.1}×"))
        .disable_x_mesh()
        .light_line_style(WHITE)
        .bold_line_style(RGBColor(221, 221, 221))
        .draw()?;
    // The machine has two cores: a speedup above 2 would be a broken measurement.
    let grey = RGBColor(136, 136, 136);
    chart
        .draw_series(DashedLineSeries::new(
            [(1, 2.0), (max_threads, 2.0)],
            4,
            3,
            grey.into(),
        ))?
        .label("2 cores")
        .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], grey));
    let series = [
        ("static bands", RGBColor(217, 95, 2)),
        ("rayon, per row", RGBColor(27, 94, 158)),
    ];
    for (index, (name, colour)) in series.into_iter().enumerate() {
        let points: Vec<(u32, f64)> = rows
            .iter()
            .map(|r| (r.threads as u32, speedups(r)[index].0))
            .collect();
        // The error bar spans the speedups the two confidence intervals allow.
        chart.draw_series(rows.iter().filter_map(|r| {
            let (point, range) = speedups(r)[index];
            range.map(|(lo, hi)| {
                ErrorBar::new_vertical(r.threads as u32, lo, point, hi, colour.stroke_width(1), 8)
            })
        }))?;
        chart
            .draw_series(LineSeries::new(points.clone(), colour.stroke_width(2)))?
            .label(name)
            .legend(move |(x, y)| PathElement::new([(x, y), (x + 24, y)], colour.stroke_width(2)));
        chart.draw_series(
            points
                .into_iter()
                .map(|p| Circle::new(p, 3, colour.filled())),
        )?;
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerRight)
        .background_style(WHITE)
        .border_style(grey)
        .draw()?;
    root.present()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::{Path, PathBuf};

    const SVG_PATH: &str = "../book/images/06-mandelbrot-speedup.svg";
    const CSV_PATH: &str = "benches/data/mandelbrot.csv";

    fn companion(path: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
    }

    /// Where `cargo bench --bench mandelbrot` leaves criterion's results.
    fn criterion_output() -> PathBuf {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map_or_else(|| companion("../target"), PathBuf::from);
        target.join("criterion/mandelbrot")
    }

    /// Reads one configuration's median and the 95% confidence interval of that median
    /// from criterion's output, in milliseconds.
    fn criterion_estimate(output: &Path, benchmark: &str) -> Result<Estimate, String> {
        let path = output.join(benchmark).join("new/estimates.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e} (run the bench first)", path.display()))?;
        let estimates: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        let median = &estimates["median"];
        let ms = |value: &serde_json::Value, what: &str| {
            value
                .as_f64()
                .map(|ns| ns / 1e6)
                .ok_or_else(|| format!("{}: no median.{what}", path.display()))
        };
        let interval = &median["confidence_interval"];
        Ok(Estimate {
            median: ms(&median["point_estimate"], "point_estimate")?,
            interval: Some((
                ms(&interval["lower_bound"], "confidence_interval.lower_bound")?,
                ms(&interval["upper_bound"], "confidence_interval.upper_bound")?,
            )),
        })
    }

    /// The CSV, from criterion's output for 1 to 4 threads. Fails if the serial renderer,
    /// measured first and again last, drifted by more than [`MAX_SERIAL_DRIFT`].
    fn csv_from_criterion(output: &Path) -> Result<String, String> {
        let serial = criterion_estimate(output, "serial")?;
        let again = criterion_estimate(output, "serial_again")?;
        let drift = (again.median - serial.median).abs() / serial.median;
        if drift > MAX_SERIAL_DRIFT {
            return Err(format!(
                "the serial median moved from {:.2} ms to {:.2} ms during the run ({:.1}%): \
                 the machine was not idle; run the bench again",
                serial.median,
                again.median,
                drift * 100.0
            ));
        }
        let mut writer = csv::Writer::from_writer(Vec::new());
        for threads in 1..=4 {
            let bands = criterion_estimate(output, &format!("bands/{threads}"))?;
            let rayon = criterion_estimate(output, &format!("rayon/{threads}"))?;
            let row = BenchRow {
                threads,
                serial_ms: serial.median,
                serial_lo_ms: serial.interval.map(|(lo, _)| lo),
                serial_hi_ms: serial.interval.map(|(_, hi)| hi),
                bands_ms: bands.median,
                bands_lo_ms: bands.interval.map(|(lo, _)| lo),
                bands_hi_ms: bands.interval.map(|(_, hi)| hi),
                rayon_ms: rayon.median,
                rayon_lo_ms: rayon.interval.map(|(lo, _)| lo),
                rayon_hi_ms: rayon.interval.map(|(_, hi)| hi),
            };
            writer.serialize(row).map_err(|e| e.to_string())?;
        }
        let rows = String::from_utf8(writer.into_inner().map_err(|e| e.to_string())?)
            .expect("csv writes UTF-8");
        let (again_lo, again_hi) = again.interval.unwrap_or((f64::NAN, f64::NAN));
        let header = format!(
            "# Mandelbrot, 800x480 pixels of View::seahorse_valley: criterion's median time per image, in ms,\n\
             # with the bounds (_lo_ms, _hi_ms) of criterion's 95% confidence interval for that median.\n\
             # Written from criterion/mandelbrot/*/new/estimates.json by\n\
             #   UPDATE_PLOTS=from-criterion cargo test -p concurrent_rust data_parallelism::plot\n\
             # after\n\
             #   cargo bench -p concurrent_rust --bench mandelbrot\n\
             # on {}, {}.\n\
             # The serial renderer, measured again at the end of the run: {:.2} ms ({again_lo:.2} to {again_hi:.2}).\n",
            this_machine(),
            now_utc(),
            again.median,
        );
        Ok(format!("{header}{rows}"))
    }

    /// "a 2-core x86_64 machine (CPU model)", from what the OS says.
    fn this_machine() -> String {
        let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
        let model = std::fs::read_to_string("/proc/cpuinfo")
            .ok()
            .and_then(|info| {
                info.lines()
                    .find_map(|l| l.strip_prefix("model name"))
                    .map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_string())
            })
            .unwrap_or_else(|| "unknown CPU".to_string());
        format!(
            "a {cores}-core {} machine ({model})",
            std::env::consts::ARCH
        )
    }

    fn now_utc() -> String {
        std::process::Command::new("date")
            .args(["-u", "+%Y-%m-%d %H:%M UTC"])
            .output()
            .ok()
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .map_or_else(|| "an unknown date".to_string(), |s| s.trim().to_string())
    }

    #[test]
    fn committed_svg_is_drawn_from_the_committed_csv() {
        let update = std::env::var("UPDATE_PLOTS").ok();
        let csv = if update.as_deref() == Some("from-criterion") {
            let csv = csv_from_criterion(&criterion_output()).unwrap();
            std::fs::write(companion(CSV_PATH), &csv).unwrap();
            csv
        } else {
            MANDELBROT_CSV.to_string()
        };
        let drawn = speedup_svg(&parse_bench_csv(&csv).unwrap()).unwrap();
        let path = companion(SVG_PATH);
        if update.is_some() {
            std::fs::write(&path, &drawn).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == drawn,
            "{} is stale: run `UPDATE_PLOTS=1 cargo test -p concurrent_rust data_parallelism::plot`",
            path.display()
        );
    }

    /// Writes a fake criterion output: each benchmark's median, with an interval of
    /// ±1 ms around it.
    fn fake_criterion_output(benchmarks: &[(String, f64)]) -> crate::fixtures::TempDir {
        let output = crate::fixtures::TempDir::new("criterion-output").unwrap();
        for (benchmark, ms) in benchmarks {
            let ns = |ms: f64| ms * 1e6;
            let json = format!(
                r#"{{"mean":{{"point_estimate":1.0}},"median":{{"confidence_interval":{{"confidence_level":0.95,"lower_bound":{},"upper_bound":{}}},"point_estimate":{},"standard_error":1.0}}}}"#,
                ns(ms - 1.0),
                ns(ms + 1.0),
                ns(*ms)
            );
            std::fs::create_dir_all(output.path().join(benchmark).join("new")).unwrap();
            output
                .write(&format!("{benchmark}/new/estimates.json"), &json)
                .unwrap();
        }
        output
    }

    fn benchmarks(serial_again_ms: f64) -> Vec<(String, f64)> {
        let mut benchmarks = vec![
            ("serial".to_string(), 150.0),
            ("serial_again".to_string(), serial_again_ms),
        ];
        for threads in 1..=4 {
            benchmarks.push((format!("bands/{threads}"), 100.0 + threads as f64));
            benchmarks.push((format!("rayon/{threads}"), 50.0 + threads as f64));
        }
        benchmarks
    }

    #[test]
    fn the_csv_is_written_from_criterions_medians_and_their_intervals() {
        let output = fake_criterion_output(&benchmarks(152.0));
        let csv = csv_from_criterion(output.path()).unwrap();
        assert!(csv.contains("measured again at the end of the run: 152.00 ms (151.00 to 153.00)"));
        let rows = parse_bench_csv(&csv).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[2],
            BenchRow {
                threads: 3,
                serial_ms: 150.0,
                serial_lo_ms: Some(149.0),
                serial_hi_ms: Some(151.0),
                bands_ms: 103.0,
                bands_lo_ms: Some(102.0),
                bands_hi_ms: Some(104.0),
                rayon_ms: 53.0,
                rayon_lo_ms: Some(52.0),
                rayon_hi_ms: Some(54.0),
            }
        );
        let missing = crate::fixtures::TempDir::new("no-criterion-output").unwrap();
        let error = csv_from_criterion(missing.path()).unwrap_err();
        assert!(error.contains("serial/new/estimates.json"), "{error}");
    }

    #[test]
    fn a_run_whose_serial_median_drifted_is_refused() {
        // 150 ms at the start, 155 ms at the end: 3.3%, more than MAX_SERIAL_DRIFT.
        let output = fake_criterion_output(&benchmarks(155.0));
        let error = csv_from_criterion(output.path()).unwrap_err();
        assert!(error.contains("from 150.00 ms to 155.00 ms"), "{error}");
        // 144 ms at the end: 4% faster, refused as well.
        let output = fake_criterion_output(&benchmarks(144.0));
        assert!(csv_from_criterion(output.path()).is_err());
        // 3% exactly, either way, is still accepted.
        for again in [145.5, 154.5] {
            let output = fake_criterion_output(&benchmarks(again));
            assert!(csv_from_criterion(output.path()).is_ok(), "{again}");
        }
    }

    #[test]
    fn a_speedups_range_comes_from_both_intervals() {
        let estimate = |median, lo, hi| Estimate {
            median,
            interval: Some((lo, hi)),
        };
        let (point, range) = speedup(estimate(100.0, 98.0, 102.0), estimate(50.0, 49.0, 51.0));
        assert_eq!(point, 2.0);
        assert_eq!(range, Some((98.0 / 51.0, 102.0 / 49.0)));
        let unknown = Estimate {
            median: 50.0,
            interval: None,
        };
        assert_eq!(speedup(estimate(100.0, 98.0, 102.0), unknown), (2.0, None));
    }

    #[test]
    fn the_csv_has_one_line_per_thread_count() {
        let rows = parse_bench_csv(MANDELBROT_CSV).unwrap();
        let threads: Vec<usize> = rows.iter().map(|r| r.threads).collect();
        assert_eq!(threads, [1, 2, 3, 4]);
    }

    const HEADER: &str = "threads,serial_ms,serial_lo_ms,serial_hi_ms,bands_ms,bands_lo_ms,bands_hi_ms,rayon_ms,rayon_lo_ms,rayon_hi_ms\n";

    #[test]
    fn bad_lines_are_reported_by_number() {
        let error = parse_bench_csv(&format!("{HEADER}1,2,,,3\n")).unwrap_err();
        assert_eq!(error, "line 2: 5 fields, expected 10");
        let error = parse_bench_csv(&format!("# c\n{HEADER}1,2,,,x,,,4,,\n")).unwrap_err();
        assert!(
            error.starts_with("line 3: field 4: ") && error.contains("float"),
            "{error}"
        );
        let error = parse_bench_csv(&format!("{HEADER}1,2,,,0,,,4,,\n")).unwrap_err();
        assert_eq!(error, "bands_ms 0 for 1 threads is not a positive time");
        let error = parse_bench_csv(&format!("{HEADER}1,2,,,3,,,4,4.5,5\n")).unwrap_err();
        assert_eq!(
            error,
            "rayon interval 4.5..5 for 1 threads does not contain its median 4"
        );
        for interval in ["0,5", "3,inf"] {
            let error = parse_bench_csv(&format!("{HEADER}1,2,,,3,,,4,{interval}\n")).unwrap_err();
            assert!(error.starts_with("rayon interval"), "{interval}: {error}");
        }
        // An interval may be as narrow as its median.
        assert!(parse_bench_csv(&format!("{HEADER}1,2,2,2,3,3,3,4,4,4\n")).is_ok());
        assert_eq!(
            parse_bench_csv(&format!("# only a comment\n{HEADER}")).unwrap_err(),
            "no data lines"
        );
    }

    #[test]
    fn the_plot_has_a_point_per_row_and_series_and_an_error_bar_per_known_interval() {
        let rows = parse_bench_csv(&format!(
            "{HEADER}1,100,,,100,,,100,,\n2,100,99,101,80,79,81,60,59,61\n"
        ))
        .unwrap();
        let svg = speedup_svg(&rows).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        for name in ["static bands", "rayon, per row", "2 cores", "threads"] {
            assert!(svg.contains(name), "no {name:?} in the plot");
        }
        let no_intervals =
            parse_bench_csv(&format!("{HEADER}1,100,,,100,,,100,,\n2,100,,,80,,,60,,\n")).unwrap();
        let without = speedup_svg(&no_intervals).unwrap();
        assert_eq!(
            without.matches("<circle").count(),
            4,
            "one point per row and series"
        );
        // An error bar is three lines (the bar and its two whiskers) and a dot at the
        // median: two bars, both at 2 threads.
        assert_eq!(svg.matches("<circle").count(), 6);
        assert_eq!(
            svg.matches("<line").count() - without.matches("<line").count(),
            6,
            "{svg}"
        );
    }
}
