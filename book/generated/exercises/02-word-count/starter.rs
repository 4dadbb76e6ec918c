use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::thread;

pub use concurrent_rust::threads::file_error::FileError;
use concurrent_rust::threads::panics::panic_message;
use concurrent_rust::threads::summary::read_text;

/// How many times each word occurs, by word (lower-cased).
pub type Counts = BTreeMap<String, usize>;

/// The job for one file: its words, split at whitespace and lower-cased, counted.
pub fn count_file(path: &Path) -> Result<Counts, FileError> {
    let text = read_text(path)?;
    let mut counts = Counts::new();
    for word in text.split_whitespace() {
        *counts.entry(word.to_lowercase()).or_default() += 1;
    }
    Ok(counts)
}

/// Runs `count` on every file, each on a scoped thread of its own, all at the same time,
/// and adds the counts up. If any file fails, returns every error instead, in the order of
/// `files`; a worker that panicked is a `FileError::WorkerPanicked` that names its file
/// and carries the panic's message.
pub fn count_words<F>(files: &[PathBuf], count: F) -> Result<Counts, Vec<FileError>>
where
    F: Fn(&Path) -> Result<Counts, FileError> + Sync,
{
    todo!("fork a scoped thread per file, join every one, then keep every count and every error")
}
