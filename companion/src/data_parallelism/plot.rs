//! The speedup plot: an SVG drawn from the bench results in `companion/benches/data/`.
//!
//! The book shows `book/images/06-mandelbrot-speedup.svg`; a test fails if that file is not
//! what [`speedup_svg`] draws from the committed CSV, so the two cannot drift apart. After
//! re-measuring, update the CSV and run
//! `UPDATE_PLOTS=1 cargo test -p concurrent_rust data_parallelism::plot` to redraw it.

use std::fmt::Write;

/// The bench results: criterion's median time per image, per thread count.
pub const MANDELBROT_CSV: &str = include_str!("../../benches/data/mandelbrot.csv");

/// One line of the CSV: times in milliseconds for one thread count.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchRow {
    pub threads: usize,
    pub serial_ms: f64,
    pub bands_ms: f64,
    pub rayon_ms: f64,
}

/// Parses `threads,serial_ms,bands_ms,rayon_ms` lines; `#` lines and the header are
/// skipped. An error names the line that is wrong.
pub fn parse_bench_csv(csv: &str) -> Result<Vec<BenchRow>, String> {
    let mut rows = Vec::new();
    for (number, line) in csv.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with("threads") {
            continue;
        }
        let bad = |what: &str| format!("line {}: {what}: {line:?}", number + 1);
        let fields: Vec<&str> = line.split(',').map(str::trim).collect();
        let [threads, serial, bands, rayon] = fields[..] else {
            return Err(bad("expected 4 fields"));
        };
        let time = |field: &str| match field.parse::<f64>() {
            Ok(ms) if ms > 0.0 && ms.is_finite() => Ok(ms),
            _ => Err(bad(&format!("{field:?} is not a positive time"))),
        };
        rows.push(BenchRow {
            threads: threads
                .parse()
                .map_err(|_| bad(&format!("{threads:?} is not a thread count")))?,
            serial_ms: time(serial)?,
            bands_ms: time(bands)?,
            rayon_ms: time(rayon)?,
        });
    }
    if rows.is_empty() {
        return Err("no data lines".to_string());
    }
    Ok(rows)
}

/// Speedup over the serial renderer against the number of threads, for the static bands
/// and for rayon, as a self-contained SVG document.
pub fn speedup_svg(rows: &[BenchRow]) -> String {
    const W: f64 = 480.0;
    const H: f64 = 300.0;
    const LEFT: f64 = 50.0;
    const RIGHT: f64 = 20.0;
    const TOP: f64 = 30.0;
    const BOTTOM: f64 = 45.0;
    let max_threads = rows.iter().map(|r| r.threads).max().unwrap_or(1).max(2);
    let speedups = |r: &BenchRow| [r.serial_ms / r.bands_ms, r.serial_ms / r.rayon_ms];
    let top_speedup = rows
        .iter()
        .flat_map(speedups)
        .fold(2.0_f64, f64::max)
        .ceil()
        + 0.5;
    let x = |threads: f64| LEFT + (threads - 1.0) / (max_threads as f64 - 1.0) * (W - LEFT - RIGHT);
    let y = |speedup: f64| H - BOTTOM - speedup / top_speedup * (H - TOP - BOTTOM);

    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">"#
    );
    let _ = writeln!(svg, r#"<rect width="{W}" height="{H}" fill="white"/>"#);
    let _ = writeln!(
        svg,
        r#"<text x="{}" y="18" text-anchor="middle" font-size="14">Mandelbrot: speedup over the serial renderer</text>"#,
        W / 2.0
    );
    // Axes, ticks and grid.
    let (x0, y0) = (LEFT, H - BOTTOM);
    let _ = writeln!(
        svg,
        r#"<path d="M{x0} {TOP} V{y0} H{}" fill="none" stroke="black"/>"#,
        W - RIGHT
    );
    for threads in 1..=max_threads {
        let tx = x(threads as f64);
        let _ = writeln!(
            svg,
            r#"<text x="{tx:.1}" y="{:.1}" text-anchor="middle">{threads}</text>"#,
            y0 + 16.0
        );
    }
    let _ = writeln!(
        svg,
        r#"<text x="{:.1}" y="{:.1}" text-anchor="middle">threads</text>"#,
        (LEFT + W - RIGHT) / 2.0,
        H - 8.0
    );
    let mut tick = 0.0;
    while tick <= top_speedup {
        let ty = y(tick);
        let _ = writeln!(
            svg,
            r#"<text x="{:.1}" y="{:.1}" text-anchor="end">{tick:.1}×</text>"#,
            x0 - 6.0,
            ty + 4.0
        );
        let _ = writeln!(
            svg,
            r##"<path d="M{x0} {ty:.1} H{}" stroke="#ddd"/>"##,
            W - RIGHT
        );
        tick += 0.5;
    }
    let _ = writeln!(
        svg,
        r##"<path d="M{x0} {:.1} H{}" stroke="#888" stroke-dasharray="4 3"/>"##,
        y(2.0),
        W - RIGHT
    );
    let _ = writeln!(
        svg,
        r##"<text x="{:.1}" y="{:.1}" text-anchor="end" fill="#666">2 cores</text>"##,
        W - RIGHT - 4.0,
        y(2.0) - 5.0
    );
    // One polyline with dots per series.
    for (index, (name, colour)) in [("static bands", "#d95f02"), ("rayon, per row", "#1b5e9e")]
        .into_iter()
        .enumerate()
    {
        let points: Vec<(f64, f64)> = rows
            .iter()
            .map(|r| (x(r.threads as f64), y(speedups(r)[index])))
            .collect();
        let path: Vec<String> = points
            .iter()
            .map(|(px, py)| format!("{px:.1},{py:.1}"))
            .collect();
        let _ = writeln!(
            svg,
            r#"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"#,
            path.join(" ")
        );
        for (px, py) in &points {
            let _ = writeln!(
                svg,
                r#"<circle cx="{px:.1}" cy="{py:.1}" r="3.5" fill="{colour}"/>"#
            );
        }
        let ly = TOP + 12.0 + 18.0 * index as f64;
        let _ = writeln!(
            svg,
            r#"<path d="M{} {ly} h24" stroke="{colour}" stroke-width="2"/><text x="{}" y="{}">{name}</text>"#,
            x0 + 14.0,
            x0 + 44.0,
            ly + 4.0
        );
    }
    svg.push_str("</svg>\n");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    const SVG_PATH: &str = "../book/images/06-mandelbrot-speedup.svg";

    #[test]
    fn committed_svg_is_drawn_from_the_committed_csv() {
        let rows = parse_bench_csv(MANDELBROT_CSV).unwrap();
        let drawn = speedup_svg(&rows);
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(SVG_PATH);
        if std::env::var_os("UPDATE_PLOTS").is_some() {
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
    fn the_csv_has_one_line_per_thread_count() {
        let rows = parse_bench_csv(MANDELBROT_CSV).unwrap();
        let threads: Vec<usize> = rows.iter().map(|r| r.threads).collect();
        assert_eq!(threads, [1, 2, 3, 4]);
    }

    #[test]
    fn bad_lines_are_reported_by_number() {
        let error = parse_bench_csv("threads,serial_ms,bands_ms,rayon_ms\n1,2,3\n").unwrap_err();
        assert!(error.starts_with("line 2: expected 4 fields"), "{error}");
        let error = parse_bench_csv("# c\n1,2,x,4\n").unwrap_err();
        assert!(
            error.starts_with("line 2: \"x\" is not a positive time"),
            "{error}"
        );
        assert_eq!(
            parse_bench_csv("# only a comment\n").unwrap_err(),
            "no data lines"
        );
    }

    #[test]
    fn the_plot_has_a_point_per_row_and_series() {
        let rows = parse_bench_csv("1,100,100,100\n2,100,60,50\n").unwrap();
        let svg = speedup_svg(&rows);
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>\n"));
        assert_eq!(svg.matches("<circle").count(), 4);
        assert_eq!(svg.matches("<polyline").count(), 2);
    }
}
