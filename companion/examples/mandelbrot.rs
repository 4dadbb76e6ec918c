//! Renders the chapter 6 view of the Mandelbrot set with rayon and writes it as a PNG.
//!
//! `cargo run --release -p concurrent_rust --example mandelbrot [FILE.png] [WIDTH HEIGHT]`
//!
//! Defaults: `mandelbrot.png`, 1000 × 600. The program also renders the image serially and
//! in two static bands, checks that all three agree pixel for pixel, and prints how long
//! each took on this run (one run, not a benchmark: see `benches/mandelbrot.rs`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use concurrent_rust::data_parallelism::bands::render_bands;
use concurrent_rust::data_parallelism::mandelbrot::{View, render_serial};
use concurrent_rust::data_parallelism::rows::render_rows;
use concurrent_rust::data_parallelism::show::write_png;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = PathBuf::from(args.first().map_or("mandelbrot.png", String::as_str));
    let size = |i: usize, default: usize| -> Result<usize, String> {
        match args.get(i) {
            None => Ok(default),
            Some(text) => match text.parse::<usize>() {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(format!("{text:?} is not a positive number of pixels")),
            },
        }
    };
    let (width, height) = match (size(1, 1000), size(2, 600)) {
        (Ok(w), Ok(h)) => (w, h),
        (Err(error), _) | (_, Err(error)) => {
            eprintln!("usage: mandelbrot [FILE.png] [WIDTH HEIGHT]: {error}");
            return ExitCode::FAILURE;
        }
    };
    let view = View::seahorse_valley(width, height);

    let start = Instant::now();
    let serial = render_serial(&view);
    println!("serial:        {:.1?}", start.elapsed());
    let start = Instant::now();
    let (bands, busy) = render_bands(&view, 2);
    println!(
        "2 bands:       {:.1?} (busy per thread {busy:.1?})",
        start.elapsed()
    );
    let start = Instant::now();
    let rows = render_rows(&view);
    println!(
        "rayon per row: {:.1?} on {} threads",
        start.elapsed(),
        rayon::current_num_threads()
    );
    if bands != serial || rows != serial {
        eprintln!("the parallel renderers disagree with the serial one");
        return ExitCode::FAILURE;
    }

    match write_png(&view, &path) {
        Ok(()) => {
            println!("wrote {} ({width}x{height})", path.display());
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("cannot write {}: {error}", path.display());
            ExitCode::FAILURE
        }
    }
}
