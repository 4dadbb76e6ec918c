//! Helpers shared by the tests and the notebooks: things a chapter needs but does not teach.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

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

/// Encodes an 8-bit greyscale image (`pixels.len() == width * height`, row by row) as a PNG.
///
/// The image data is stored uncompressed (deflate "stored" blocks): the files are bigger
/// than a real encoder's, but the course needs no image crate, and every PNG reader
/// accepts them. The Mandelbrot chapter writes and shows its images with it.
pub fn png_gray(width: usize, height: usize, pixels: &[u8]) -> Vec<u8> {
    assert_eq!(
        pixels.len(),
        width * height,
        "pixel count must be width * height"
    );
    let mut raw = Vec::with_capacity((width + 1) * height);
    for row in pixels.chunks(width.max(1)).take(height) {
        raw.push(0); // filter type 0: the row as it is
        raw.extend_from_slice(row);
    }
    let mut zlib = vec![0x78, 0x01];
    let mut blocks = raw.chunks(65_535).peekable();
    if blocks.peek().is_none() {
        zlib.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    while let Some(block) = blocks.next() {
        zlib.push(u8::from(blocks.peek().is_none()));
        let len = block.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(block);
    }
    zlib.extend_from_slice(&adler32(&raw).to_be_bytes());

    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&(width as u32).to_be_bytes());
    ihdr.extend_from_slice(&(height as u32).to_be_bytes());
    ihdr.extend_from_slice(&[8, 0, 0, 0, 0]); // 8 bits, greyscale, deflate, no filter, no interlace

    let mut png = vec![0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &zlib[..]),
        (b"IEND", &[][..]),
    ] {
        png.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = png.len();
        png.extend_from_slice(kind);
        png.extend_from_slice(data);
        let crc = crc32(&png[start..]);
        png.extend_from_slice(&crc.to_be_bytes());
    }
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffff_u32;
    for &byte in bytes {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1_u32, 0_u32);
    for &byte in bytes {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    (b << 16) | a
}

/// Standard base64 (RFC 4648, with `=` padding), for handing binary data to Jupyter.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0_u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= group.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
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
    fn checksums_match_their_reference_values() {
        assert_eq!(crc32(b"IEND"), 0xae42_6082);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
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
        let (width, height) = (300, 250); // 75,250 bytes of image data: two stored blocks
        let pixels: Vec<u8> = (0..width * height).map(|i| (i % 251) as u8).collect();
        let png = png_gray(width, height, &pixels);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
        assert_eq!(&png[12..16], b"IHDR");
        assert_eq!(png[16..20], (width as u32).to_be_bytes());
        assert_eq!(png[20..24], (height as u32).to_be_bytes());
        assert_eq!(&png[png.len() - 8..], b"IEND\xae\x42\x60\x82");

        // Undo the stored blocks and the row filters: the pixels come back unchanged.
        let idat_len = u32::from_be_bytes(png[33..37].try_into().unwrap()) as usize;
        assert_eq!(&png[37..41], b"IDAT");
        let zlib = &png[41..41 + idat_len];
        let (mut at, mut raw) = (2, Vec::new());
        loop {
            let last = zlib[at] == 1;
            let len = u16::from_le_bytes([zlib[at + 1], zlib[at + 2]]) as usize;
            raw.extend_from_slice(&zlib[at + 5..at + 5 + len]);
            at += 5 + len;
            if last {
                break;
            }
        }
        assert_eq!(zlib[at..], adler32(&raw).to_be_bytes());
        let rows: Vec<u8> = raw
            .chunks(width + 1)
            .flat_map(|row| {
                assert_eq!(row[0], 0);
                row[1..].to_vec()
            })
            .collect();
        assert_eq!(rows, pixels);
    }
}
