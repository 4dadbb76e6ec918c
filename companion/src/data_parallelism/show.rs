//! The picture: render with rayon, check against the serial renderer, show it.

use super::mandelbrot::{View, render_serial};
use super::rows::render_rows;

// ANCHOR: show
use concurrent_rust::fixtures::{png_gray, show_png};

pub fn main() {
    let view = View::seahorse_valley(200, 120);
    let pixels = render_rows(&view);
    assert!(
        pixels == render_serial(&view),
        "rayon and serial pixels differ"
    );
    show_png(&png_gray(view.width, view.height, &pixels));
}
// ANCHOR_END: show

/// Renders `view` with rayon and writes it as a PNG: what `examples/mandelbrot.rs` runs.
pub fn write_png(view: &View, path: &std::path::Path) -> std::io::Result<()> {
    std::fs::write(path, png_gray(view.width, view.height, &render_rows(view)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::TempDir;

    /// `main` shows exactly one image: the rayon render of the view as a PNG, in the form
    /// evcxr displays, and that render equals the serial one (or `main` would panic).
    #[cfg(not(loom))]
    #[test]
    fn main_shows_the_rendered_view_as_one_png() {
        let output = crate::testing::run_in_child("data_parallelism::show");
        let view = View::seahorse_valley(200, 120);
        let png = png_gray(view.width, view.height, &render_serial(&view));
        let expected = format!(
            "EVCXR_BEGIN_CONTENT image/png\n{}\nEVCXR_END_CONTENT\n",
            crate::fixtures::base64(&png)
        );
        assert!(output == expected, "main printed something else:\n{output}");
    }

    #[test]
    fn main_runs() {
        main();
    }

    #[test]
    fn write_png_writes_the_rendered_image() {
        let dir = TempDir::new("mandelbrot-png").unwrap();
        let path = dir.path().join("m.png");
        let view = View::seahorse_valley(40, 24);
        write_png(&view, &path).unwrap();
        let png = std::fs::read(&path).unwrap();
        assert_eq!(png, png_gray(40, 24, &render_serial(&view)));
    }

    #[test]
    fn write_png_reports_an_unwritable_path() {
        let dir = TempDir::new("mandelbrot-png-bad").unwrap();
        let path = dir.path().join("no-such-dir").join("m.png");
        let error = write_png(&View::seahorse_valley(4, 3), &path).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::NotFound);
    }
}
