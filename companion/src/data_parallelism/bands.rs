//! The static split: one horizontal band of rows per thread, each band timed.

use super::mandelbrot::View;

// ANCHOR: bands
use std::thread;
use std::time::{Duration, Instant};

pub fn render_bands(view: &View, nthreads: usize) -> (Vec<u8>, Vec<Duration>) {
    let mut pixels = vec![0; view.width * view.height];
    let rows_per_band = view.height.div_ceil(nthreads.max(1)).max(1);
    let busy = thread::scope(|s| {
        let workers: Vec<_> = pixels
            .chunks_mut(rows_per_band * view.width)
            .enumerate()
            .map(|(band, pixels)| {
                s.spawn(move || {
                    let start = Instant::now();
                    for (i, out) in pixels.chunks_mut(view.width).enumerate() {
                        view.render_row(band * rows_per_band + i, out);
                    }
                    start.elapsed()
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| worker.join().unwrap())
            .collect()
    });
    (pixels, busy)
}
// ANCHOR_END: bands

#[cfg(test)]
mod tests {
    use super::super::mandelbrot::render_serial;
    use super::*;

    #[test]
    fn bands_render_exactly_the_serial_pixels() {
        for (width, height) in [(200, 120), (31, 17), (1, 1)] {
            let view = View::seahorse_valley(width, height);
            let serial = render_serial(&view);
            for nthreads in [1, 2, 3, 4, 7] {
                let (pixels, busy) = render_bands(&view, nthreads);
                assert!(pixels == serial, "{width}x{height} on {nthreads} threads");
                // Bands of ceil(height / nthreads) rows: the last one may be short, and
                // with more threads than rows some threads get no band at all.
                let bands = height.div_ceil(height.div_ceil(nthreads));
                assert_eq!(busy.len(), bands, "one time per band");
                assert!(busy.len() <= nthreads);
            }
        }
    }
}
