//! Helpers shared by the tests and the notebooks: things a chapter needs but does not teach.

use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// A fresh directory under the system temp dir, removed (with its contents) on drop.
///
/// The course uses it to give examples real files to read. The name mixes the process id
/// and a counter, so tests running in parallel never share a directory.
#[derive(Debug)]
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// Creates a new empty directory whose name starts with `prefix`.
    pub fn new(prefix: &str) -> io::Result<TempDir> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let unique = NEXT.fetch_add(1, Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!(
            "concurrent-rust-{prefix}-{}-{unique}",
            std::process::id()
        ));
        fs::create_dir_all(&path)?;
        Ok(TempDir { path })
    }

    /// The directory's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `contents` to `name` inside the directory and returns the file's path.
    pub fn write(&self, name: &str, contents: impl AsRef<[u8]>) -> io::Result<PathBuf> {
        let file = self.path.join(name);
        fs::write(&file, contents)?;
        Ok(file)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: a leftover directory in /tmp is not worth a panic during unwinding.
        let _ = fs::remove_dir_all(&self.path);
    }
}

/// Encodes an 8-bit greyscale image (`pixels.len() == width * height`, row by row) as a PNG,
/// with the [`png`] crate. The Mandelbrot chapter writes and shows its images with it.
pub fn png_gray(width: usize, height: usize, pixels: &[u8]) -> Vec<u8> {
    assert_eq!(
        pixels.len(),
        width * height,
        "pixel count must be width * height"
    );
    let dimension = |n: usize| u32::try_from(n).expect("an image side fits in a u32");
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, dimension(width), dimension(height));
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::Eight);
    // Writing into a `Vec` cannot fail, and the sizes were checked above.
    let mut writer = encoder
        .write_header()
        .expect("a PNG header for a valid size");
    writer
        .write_image_data(pixels)
        .expect("width * height pixels");
    writer.finish().expect("the image is complete");
    png
}

/// Standard base64 (RFC 4648, with `=` padding), for handing binary data to Jupyter.
pub fn base64(bytes: &[u8]) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Shows a PNG inline in a notebook cell: evcxr displays whatever a cell prints between
/// `EVCXR_BEGIN_CONTENT image/png` and `EVCXR_END_CONTENT` as an image. Outside a
/// notebook it prints a line of base64.
pub fn show_png(png: &[u8]) {
    println!(
        "EVCXR_BEGIN_CONTENT image/png\n{}\nEVCXR_END_CONTENT",
        base64(png)
    );
}

/// Shows an SVG document inline in a notebook cell, the same way as [`show_png`].
pub fn show_svg(svg: &str) {
    println!("EVCXR_BEGIN_CONTENT image/svg+xml\n{svg}\nEVCXR_END_CONTENT");
}

/// `len` pseudo-random numbers from `seed` (xorshift64*): the same numbers on every run,
/// so tests and benches that sort or sum them are reproducible.
pub fn random_u64s(len: usize, seed: u64) -> Vec<u64> {
    let mut state = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..len)
        .map(|_| {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            state.wrapping_mul(0x2545_f491_4f6c_dd1d)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_files_and_removes_them_on_drop() {
        let dir = TempDir::new("fixture-test").unwrap();
        let file = dir.write("a.txt", "hello").unwrap();
        assert_eq!(fs::read_to_string(&file).unwrap(), "hello");
        let path = dir.path().to_path_buf();
        drop(dir);
        assert!(!path.exists(), "{} should be gone", path.display());
    }

    #[test]
    fn two_dirs_with_the_same_prefix_differ() {
        let a = TempDir::new("same").unwrap();
        let b = TempDir::new("same").unwrap();
        assert_ne!(a.path(), b.path());
    }
    #[test]
    fn base64_pads_like_rfc_4648() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"M"), "TQ==");
        assert_eq!(base64(b"Ma"), "TWE=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn png_holds_the_pixels_row_by_row() {
        let (width, height) = (300, 250);
        let pixels: Vec<u8> = (0..width * height).map(|i| (i % 251) as u8).collect();
        let png = png_gray(width, height, &pixels);
        let mut reader = png::Decoder::new(std::io::Cursor::new(png))
            .read_info()
            .unwrap();
        let mut decoded = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut decoded).unwrap();
        assert_eq!((frame.width, frame.height), (300, 250));
        assert_eq!(frame.color_type, png::ColorType::Grayscale);
        assert_eq!(frame.bit_depth, png::BitDepth::Eight);
        assert_eq!(&decoded[..frame.buffer_size()], &pixels[..]);
    }
}

/// `work` did not finish within `limit`.
#[derive(PartialEq, Eq)]
pub struct TimedOut {
    pub limit: Duration,
}

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "did not finish within {:?}: a hang or a deadlock",
            self.limit
        )
    }
}

/// Debug prints the sentence too, so that `.unwrap()` on a timeout says what happened.
impl fmt::Debug for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// Runs `work` on a thread of its own and waits at most `limit` for its result.
///
/// `within(limit, work).unwrap()` fails the test on a hang with "did not finish within
/// 10s: a hang or a deadlock"; `.expect("…")` says what the hang means; and
/// `.is_err()` asserts that something blocks. (A thread that hangs is left behind; the
/// test process ends anyway.) A panic in `work` is raised again here, with its own
/// payload, so it is not mistaken for a hang.
pub fn within<T: Send + 'static>(
    limit: Duration,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, TimedOut> {
    use std::sync::mpsc::{self, RecvTimeoutError};
    let (done, result) = mpsc::channel();
    let worker = std::thread::spawn(move || {
        let _ = done.send(work());
    });
    match result.recv_timeout(limit) {
        Ok(value) => Ok(value),
        Err(RecvTimeoutError::Timeout) => Err(TimedOut { limit }),
        Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Err(payload) => std::panic::resume_unwind(payload),
            Ok(()) => unreachable!("the worker sends its result before it returns"),
        },
    }
}
