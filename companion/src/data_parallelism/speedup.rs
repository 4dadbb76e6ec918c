//! Shows the speedup plot, drawn from the committed bench results.

// ANCHOR: speedup
use concurrent_rust::data_parallelism::plot::{MANDELBROT_CSV, parse_bench_csv, speedup_svg};
use concurrent_rust::fixtures::show_svg;

pub fn main() {
    match parse_bench_csv(MANDELBROT_CSV) {
        Ok(rows) => show_svg(&speedup_svg(&rows)),
        Err(error) => println!("cannot read the bench results: {error}"),
    }
}
// ANCHOR_END: speedup

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_runs() {
        main();
    }
}
