//! Rayon, one task per row: work stealing balances the bands' uneven cost.
//!
//! From source note 002 (errata: `book/errata.md`), "Revisiting the Mandelbrot Set": the idea ("a parallel
//! task for each row") is right; the note shows no code.

use super::mandelbrot::View;

// ANCHOR: rows
use rayon::prelude::*;

pub fn render_rows(view: &View) -> Vec<u8> {
    let mut pixels = vec![0; view.width * view.height];
    pixels
        .par_chunks_mut(view.width)
        .enumerate()
        .for_each(|(row, out)| view.render_row(row, out));
    pixels
}
// ANCHOR_END: rows

// ANCHOR: rows_timed
use rayon::ThreadPool;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

pub fn render_rows_timed(view: &View, pool: &ThreadPool) -> (Vec<u8>, Vec<Duration>) {
    let busy: Vec<AtomicU64> = (0..pool.current_num_threads())
        .map(|_| AtomicU64::new(0))
        .collect();
    let mut pixels = vec![0; view.width * view.height];
    pool.install(|| {
        pixels
            .par_chunks_mut(view.width)
            .enumerate()
            .for_each(|(row, out)| {
                let start = Instant::now();
                view.render_row(row, out);
                let nanos = start.elapsed().as_nanos() as u64;
                // Inside `install`, every closure runs on one of the pool's threads.
                let thread = rayon::current_thread_index().expect("a pool thread");
                busy[thread].fetch_add(nanos, Ordering::Relaxed);
            })
    });
    let busy = busy
        .into_iter()
        .map(|nanos| Duration::from_nanos(nanos.into_inner()))
        .collect();
    (pixels, busy)
}
// ANCHOR_END: rows_timed

#[cfg(test)]
mod tests {
    use super::super::mandelbrot::render_serial;
    use super::*;

    #[test]
    fn rayon_rows_render_exactly_the_serial_pixels() {
        for (width, height) in [(200, 120), (31, 17), (1, 1)] {
            let view = View::seahorse_valley(width, height);
            let serial = render_serial(&view);
            assert!(render_rows(&view) == serial, "{width}x{height}");
            let pool = rayon::ThreadPoolBuilder::new().build().unwrap();
            let (pixels, _) = render_rows_timed(&view, &pool);
            assert!(pixels == serial, "{width}x{height}, timed");
        }
    }

    #[test]
    fn one_busy_time_per_thread_of_the_pool_that_runs_it() {
        let view = View::seahorse_valley(200, 120);
        for threads in [1, 2, 3] {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap();
            let (pixels, busy) = render_rows_timed(&view, &pool);
            assert!(pixels == render_serial(&view));
            assert_eq!(busy.len(), threads);
            assert!(busy.iter().any(|time| !time.is_zero()));
        }
        // A pool of one: its one thread rendered every row, so its total is not zero.
        let one = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        assert!(!render_rows_timed(&view, &one).1[0].is_zero());
    }

    /// Thread 0 of a pool of two is held in a job of its own while the rows render, so
    /// thread 1 renders every row: the time must be charged to thread 1 and to no other.
    #[test]
    fn busy_time_is_charged_to_the_thread_that_rendered_the_rows() {
        use std::sync::mpsc;
        crate::testing::within(std::time::Duration::from_secs(20), || {
            let view = View::seahorse_valley(200, 120);
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(2)
                .build()
                .unwrap();
            let (held_tx, held_rx) = mpsc::channel();
            let (release_tx, release_rx) = mpsc::channel::<()>();
            let release_rx = std::sync::Mutex::new(release_rx);
            pool.spawn_broadcast(move |context| {
                // No unwrap here: a panic in a spawned rayon job aborts the test process.
                if context.index() == 0 {
                    let _ = held_tx.send(());
                    let _ = release_rx.lock().map(|release| release.recv());
                }
            });
            held_rx.recv().unwrap();
            let (pixels, busy) = render_rows_timed(&view, &pool);
            release_tx.send(()).unwrap();
            assert!(pixels == render_serial(&view));
            assert!(
                busy[0].is_zero(),
                "thread 0 was held, yet charged {:?}",
                busy[0]
            );
            assert!(
                !busy[1].is_zero(),
                "thread 1 rendered every row, yet charged nothing"
            );
        })
        .expect("the held thread or the render hung");
    }
}
