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
    let count = &count;
    // Every thread is spawned (the first `collect`) before any is joined.
    let outcomes: Vec<thread::Result<Result<Counts, FileError>>> = thread::scope(|s| {
        let handles: Vec<_> = files
            .iter()
            .map(|path| s.spawn(move || count(path)))
            .collect();
        handles.into_iter().map(|handle| handle.join()).collect()
    });
    let mut total = Counts::new();
    let mut errors = Vec::new();
    // The outcomes are in the order of the files, whichever thread finished first.
    for (path, outcome) in files.iter().zip(outcomes) {
        match outcome {
            Ok(Ok(counts)) => add(&mut total, counts),
            Ok(Err(error)) => errors.push(error),
            Err(payload) => errors.push(FileError::WorkerPanicked {
                files: vec![path.clone()],
                message: panic_message(&*payload),
            }),
        }
    }
    if errors.is_empty() {
        Ok(total)
    } else {
        Err(errors)
    }
}

fn add(total: &mut Counts, counts: Counts) {
    for (word, n) in counts {
        *total.entry(word).or_default() += n;
    }
}
