//! Busy time per thread: the static split against rayon, on the same two threads.

use super::bands::render_bands;
use super::mandelbrot::View;
use super::rows::render_rows_timed;

// ANCHOR: work_stealing
use rayon::ThreadPoolBuilder;

pub fn main() {
    let view = View::seahorse_valley(400, 240);
    let (_, bands) = render_bands(&view, 2);
    let pool = ThreadPoolBuilder::new().num_threads(2).build().unwrap();
    let (_, rows) = render_rows_timed(&view, &pool);
    println!("two static bands, busy time per thread: {bands:.1?}");
    println!("rayon, one task per row, busy per thread: {rows:.1?}");
}
// ANCHOR_END: work_stealing

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_runs() {
        main();
    }

    /// What every run of `main` prints, on any machine: for each renderer one line with
    /// the busy time of each of its two threads. (How the times compare is measured, not
    /// guaranteed; the work each band holds is: `the_top_band_has_less_work_than_the_bottom_one`.)
    #[cfg(not(loom))]
    #[test]
    fn every_run_reports_two_busy_times_per_renderer() {
        let output = crate::testing::run_in_child("data_parallelism::work_stealing");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 2, "{output}");
        for (line, prefix) in lines.iter().zip([
            "two static bands, busy time per thread: [",
            "rayon, one task per row, busy per thread: [",
        ]) {
            assert!(line.starts_with(prefix), "{line:?}");
            let times = crate::programs::tests::durations_in(line);
            assert_eq!(times.len(), 2, "{line:?}");
        }
    }

    #[test]
    fn the_top_band_has_less_work_than_the_bottom_one() {
        // Counted in iterations, not measured in time: this is why the bands' times differ.
        let view = View::seahorse_valley(200, 120);
        let steps = |rows: std::ops::Range<usize>| -> u64 {
            rows.flat_map(|row| (0..view.width).map(move |column| (column, row)))
                .map(|(column, row)| {
                    let c = view.point(column, row);
                    u64::from(super::super::mandelbrot::escape_time(c, 255).unwrap_or(255))
                })
                .sum()
        };
        let (top, bottom) = (steps(0..60), steps(60..120));
        assert!(bottom > 2 * top, "top {top}, bottom {bottom}");
    }
}
