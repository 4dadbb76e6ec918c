//! The Mandelbrot set, rendered one row at a time: the per-pixel work, and the serial
//! renderer every parallel one is checked against.
//!
//! source note 002 (errata: `book/errata.md`), "Revisiting the Mandelbrot Set", talks about this example
//! but shows no code.

// ANCHOR: mandelbrot
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    pub width: usize,
    pub height: usize,
    pub upper_left: (f64, f64),
    pub lower_right: (f64, f64),
}

pub const LIMIT: u32 = 255;

/// How many steps of z ← z² + c it takes |z| to exceed 2, or `None` if it stays within
/// 2 for `limit` steps (then c is taken to be in the set).
pub fn escape_time(c: (f64, f64), limit: u32) -> Option<u32> {
    let (mut re, mut im) = (0.0_f64, 0.0_f64);
    for step in 0..limit {
        if re * re + im * im > 4.0 {
            return Some(step);
        }
        (re, im) = (re * re - im * im + c.0, 2.0 * re * im + c.1);
    }
    None
}

impl View {
    pub fn point(&self, column: usize, row: usize) -> (f64, f64) {
        let (left, top) = self.upper_left;
        let (right, bottom) = self.lower_right;
        (
            left + column as f64 * (right - left) / self.width as f64,
            top - row as f64 * (top - bottom) / self.height as f64,
        )
    }

    /// Renders row `row` into `out` (`width` pixels): black in the set, lighter the
    /// faster a point escapes.
    pub fn render_row(&self, row: usize, out: &mut [u8]) {
        for (column, pixel) in out.iter_mut().enumerate() {
            *pixel = match escape_time(self.point(column, row), LIMIT) {
                None => 0,
                Some(steps) => 255 - steps as u8,
            };
        }
    }
}

impl View {
    pub fn seahorse_valley(width: usize, height: usize) -> View {
        View {
            width,
            height,
            upper_left: (-1.20, 0.35),
            lower_right: (-1.0, 0.20),
        }
    }
}

pub fn render_serial(view: &View) -> Vec<u8> {
    let mut pixels = vec![0; view.width * view.height];
    for (row, out) in pixels.chunks_mut(view.width).enumerate() {
        view.render_row(row, out);
    }
    pixels
}
// ANCHOR_END: mandelbrot

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_in_and_out_of_the_set() {
        assert_eq!(escape_time((0.0, 0.0), LIMIT), None);
        assert_eq!(escape_time((-1.0, 0.0), LIMIT), None);
        assert_eq!(escape_time((2.0, 2.0), LIMIT), Some(1));
        assert_eq!(escape_time((1.0, 0.0), LIMIT), Some(3));
    }

    /// The exact step at which points escape, including points off the real axis, where a
    /// wrong |z|² (`re + re`, `im + im`) escapes a step early or late. (-2 + i escapes at
    /// once: |z₁|² = 4 + 1 > 4. 1 + i after two steps: z₂ = 1 + 3i.)
    #[test]
    fn points_escape_at_the_step_the_formula_gives() {
        let expected = [
            ((-2.0, 1.0), Some(1)),
            ((1.0, 1.0), Some(2)),
            ((-1.5, 0.5), Some(3)),
            ((0.5, 0.5), Some(5)),
            ((0.4, -0.3), Some(15)),
            ((0.26, 0.0), Some(30)),
            ((0.25, 0.0), None),
        ];
        for (c, steps) in expected {
            assert_eq!(escape_time(c, LIMIT), steps, "c = {c:?}");
        }
    }

    #[test]
    fn the_corners_map_to_the_views_corners() {
        let view = View::seahorse_valley(200, 120);
        assert_eq!(view.point(0, 0), (-1.20, 0.35));
        let (re, im) = view.point(100, 60);
        assert!((re + 1.10).abs() < 1e-12 && (im - 0.275).abs() < 1e-12);
    }

    #[test]
    fn the_image_has_both_set_and_escaping_pixels() {
        let pixels = render_serial(&View::seahorse_valley(200, 120));
        assert_eq!(pixels.len(), 200 * 120);
        assert!(pixels.contains(&0));
        assert!(pixels.iter().any(|&p| p > 200));
    }
}
