//! Shows the speedup plot, drawn from the committed bench results.

// ANCHOR: speedup
use concurrent_rust::data_parallelism::plot::{MANDELBROT_CSV, parse_bench_csv, speedup_svg};
use concurrent_rust::fixtures::show_svg;

pub fn main() {
    match parse_bench_csv(MANDELBROT_CSV).and_then(|rows| speedup_svg(&rows)) {
        Ok(svg) => show_svg(&svg),
        Err(error) => println!("cannot draw the bench results: {error}"),
    }
}
// ANCHOR_END: speedup

#[cfg(test)]
mod tests {
    use super::*;

    /// `main` draws the committed bench results: they parse, and the cell shows their
    /// plot, not the error line.
    #[cfg(not(loom))]
    #[test]
    fn main_shows_the_plot_of_the_committed_bench_results() {
        let rows = parse_bench_csv(MANDELBROT_CSV).expect("the committed bench results parse");
        assert!(!rows.is_empty());
        let output = crate::testing::run_in_child("data_parallelism::speedup");
        let expected = format!(
            "EVCXR_BEGIN_CONTENT image/svg+xml\n{}\nEVCXR_END_CONTENT\n",
            speedup_svg(&rows).unwrap()
        );
        assert!(output == expected, "main printed something else:\n{output}");
    }

    #[test]
    fn main_runs() {
        main();
    }
}
