//! `gather`: the last step of fork-join. Given each worker's file list and how its thread
//! ended, keep every value and every error; a panicked worker becomes an error that names
//! its files.
//!
//! From source note 002 (errata: `book/errata.md`), "Error Handling Across Threads": the note's
//! `handle.join().unwrap()?` panics on a worker panic and returns at the first error.

use super::panics::panic_message;

// ANCHOR: gather
use concurrent_rust::threads::file_error::FileError;

pub type Joined<T> = (
    Vec<std::path::PathBuf>,
    std::thread::Result<Vec<Result<T, FileError>>>,
);

pub fn gather<T>(joined: Vec<Joined<T>>) -> Result<Vec<T>, Vec<FileError>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for (files, outcome) in joined {
        match outcome {
            Ok(results) => {
                for result in results {
                    match result {
                        Ok(value) => values.push(value),
                        Err(error) => errors.push(error),
                    }
                }
            }
            Err(payload) => errors.push(FileError::WorkerPanicked {
                files,
                message: panic_message(&*payload),
            }),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(errors)
    }
}
// ANCHOR_END: gather

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn worker(files: &[&str], results: Vec<Result<u32, FileError>>) -> Joined<u32> {
        (files.iter().map(PathBuf::from).collect(), Ok(results))
    }

    fn missing(name: &str) -> FileError {
        FileError::Read {
            path: PathBuf::from(name),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        }
    }

    #[test]
    fn all_values_when_nothing_failed() {
        let joined = vec![
            worker(&["a", "b"], vec![Ok(1), Ok(2)]),
            worker(&["c"], vec![Ok(3)]),
        ];
        assert_eq!(gather(joined).unwrap(), [1, 2, 3]);
    }

    #[test]
    fn every_error_and_every_panic_is_kept_in_order() {
        let panicked =
            std::thread::spawn(|| -> Vec<Result<u32, FileError>> { panic!("disk on fire") });
        let joined = vec![
            worker(&["a", "b"], vec![Err(missing("a")), Ok(2)]),
            (
                vec![PathBuf::from("c"), PathBuf::from("d")],
                panicked.join(),
            ),
            worker(&["e"], vec![Err(missing("e"))]),
        ];
        let errors = gather(joined).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            shown,
            [
                "cannot read a: entity not found",
                "a worker panicked (disk on fire) while processing c, d",
                "cannot read e: entity not found",
            ]
        );
    }
}
