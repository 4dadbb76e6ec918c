//! The speedup plot: an SVG drawn with plotters from the bench results in
//! `companion/benches/data/mandelbrot.csv`.
//!
//! The CSV is written from criterion's own output, not by hand: after
//! `cargo bench -p concurrent_rust --bench mandelbrot`, the command
//! `UPDATE_PLOTS=from-criterion cargo test -p concurrent_rust data_parallelism::plot`
//! reads `target/criterion/mandelbrot/*/new/estimates.json`, rewrites the CSV (each
//! configuration's median) and redraws `book/images/06-mandelbrot-speedup.svg`;
//! `UPDATE_PLOTS=1` only redraws. A test fails if the committed SVG is not what
//! [`speedup_svg`] draws from the committed CSV, so the two cannot drift apart.

use plotters::prelude::*;
use serde::{Deserialize, Serialize};

/// The bench results: criterion's median time per image, per thread count.
pub const MANDELBROT_CSV: &str = include_str!("../../benches/data/mandelbrot.csv");

/// One line of the CSV: median times in milliseconds for one thread count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BenchRow {
    pub threads: usize,
    pub serial_ms: f64,
    pub bands_ms: f64,
    pub rayon_ms: f64,
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
        for (name, ms) in [
            ("serial_ms", row.serial_ms),
            ("bands_ms", row.bands_ms),
            ("rayon_ms", row.rayon_ms),
        ] {
            if !(ms > 0.0 && ms.is_finite()) {
                return Err(format!(
                    "{name} {ms} for {} threads is not a positive time",
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
    let speedups = |r: &BenchRow| [r.serial_ms / r.bands_ms, r.serial_ms / r.rayon_ms];
    let top = rows
        .iter()
        .flat_map(speedups)
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
            .map(|r| (r.threads as u32, speedups(r)[index]))
            .collect();
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
    const CRITERION_OUTPUT: &str = "../target/criterion/mandelbrot";

    /// Reads one configuration's median from criterion's output, in milliseconds.
    fn criterion_median_ms(output: &Path, benchmark: &str) -> Result<f64, String> {
        let path = output.join(benchmark).join("new/estimates.json");
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("{}: {e} (run the bench first)", path.display()))?;
        let estimates: serde_json::Value =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        estimates["median"]["point_estimate"]
            .as_f64()
            .map(|ns| ns / 1e6)
            .ok_or_else(|| format!("{}: no median.point_estimate", path.display()))
    }

    /// The CSV, from criterion's output for 1 to 4 threads.
    fn csv_from_criterion(output: &Path) -> Result<String, String> {
        let serial_ms = criterion_median_ms(output, "serial")?;
        let mut writer = csv::Writer::from_writer(Vec::new());
        for threads in 1..=4 {
            let row = BenchRow {
                threads,
                serial_ms,
                bands_ms: criterion_median_ms(output, &format!("bands/{threads}"))?,
                rayon_ms: criterion_median_ms(output, &format!("rayon/{threads}"))?,
            };
            writer.serialize(row).map_err(|e| e.to_string())?;
        }
        let rows = String::from_utf8(writer.into_inner().map_err(|e| e.to_string())?)
            .expect("csv writes UTF-8");
        let header = format!(
            "# Mandelbrot, 800x480 pixels of View::seahorse_valley: criterion's median time per image, in ms.\n\
             # Written from target/criterion/mandelbrot/*/new/estimates.json by\n\
             #   UPDATE_PLOTS=from-criterion cargo test -p concurrent_rust data_parallelism::plot\n\
             # after\n\
             #   cargo bench -p concurrent_rust --bench mandelbrot -- --warm-up-time 1 --measurement-time 3\n\
             # on {}, {}.\n",
            this_machine(),
            now_utc()
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
            let csv = csv_from_criterion(&companion(CRITERION_OUTPUT)).unwrap();
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

    #[test]
    fn the_csv_is_written_from_criterions_medians() {
        let output = crate::fixtures::TempDir::new("criterion-output").unwrap();
        let mut benchmarks = vec![("serial".to_string(), 150.0)];
        for threads in 1..=4 {
            benchmarks.push((format!("bands/{threads}"), 100.0 + threads as f64));
            benchmarks.push((format!("rayon/{threads}"), 50.0 + threads as f64));
        }
        for (benchmark, ms) in &benchmarks {
            let json = format!(
                r#"{{"mean":{{"point_estimate":1.0}},"median":{{"point_estimate":{}}}}}"#,
                ms * 1e6
            );
            std::fs::create_dir_all(output.path().join(benchmark).join("new")).unwrap();
            output
                .write(&format!("{benchmark}/new/estimates.json"), &json)
                .unwrap();
        }
        let rows = parse_bench_csv(&csv_from_criterion(output.path()).unwrap()).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[2],
            BenchRow {
                threads: 3,
                serial_ms: 150.0,
                bands_ms: 103.0,
                rayon_ms: 53.0
            }
        );
        let missing = crate::fixtures::TempDir::new("no-criterion-output").unwrap();
        let error = csv_from_criterion(missing.path()).unwrap_err();
        assert!(error.contains("serial/new/estimates.json"), "{error}");
    }

    #[test]
    fn the_csv_has_one_line_per_thread_count() {
        let rows = parse_bench_csv(MANDELBROT_CSV).unwrap();
        let threads: Vec<usize> = rows.iter().map(|r| r.threads).collect();
        assert_eq!(threads, [1, 2, 3, 4]);
    }

    const HEADER: &str = "threads,serial_ms,bands_ms,rayon_ms\n";

    #[test]
    fn bad_lines_are_reported_by_number() {
        let error = parse_bench_csv(&format!("{HEADER}1,2,3\n")).unwrap_err();
        assert_eq!(error, "line 2: 3 fields, expected 4");
        let error = parse_bench_csv(&format!("# c\n{HEADER}1,2,x,4\n")).unwrap_err();
        assert!(
            error.starts_with("line 3: field 2: ") && error.contains("float"),
            "{error}"
        );
        let error = parse_bench_csv(&format!("{HEADER}1,2,0,4\n")).unwrap_err();
        assert_eq!(error, "bands_ms 0 for 1 threads is not a positive time");
        assert_eq!(
            parse_bench_csv(&format!("# only a comment\n{HEADER}")).unwrap_err(),
            "no data lines"
        );
    }

    #[test]
    fn the_plot_has_a_point_per_row_and_series() {
        let rows = parse_bench_csv(&format!("{HEADER}1,100,100,100\n2,100,60,50\n")).unwrap();
        let svg = speedup_svg(&rows).unwrap();
        assert!(svg.starts_with("<svg") && svg.trim_end().ends_with("</svg>"));
        assert_eq!(svg.matches("<circle").count(), 4);
        for name in ["static bands", "rayon, per row", "2 cores", "threads"] {
            assert!(svg.contains(name), "no {name:?} in the plot");
        }
    }
}
