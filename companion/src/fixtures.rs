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
}
