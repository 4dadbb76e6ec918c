//! `process_files_in_parallel` with rayon: every file is a task, every error is kept and
//! names its file, a panicking job becomes an error instead of a crash.
//!
//! From source note 002 (errata: `book/errata.md`), "Rayon": the note's version (named
//! `process_files_in_paralle`) returns `io::Result<()>` and combines the results with
//! `.reduce_with(|r1, r2| if r1.is_err() { r1 } else { r2 })`, which keeps one error,
//! throws every other away, and names no file; a panicking `process_file` panics the caller.

// ANCHOR: files
use concurrent_rust::threads::file_error::FileError;
use concurrent_rust::threads::panics::panic_message;
use concurrent_rust::threads::summary::FileSummary;
use rayon::prelude::*;
use std::panic;
use std::path::{Path, PathBuf};

pub fn process_files_in_parallel(
    files: &[PathBuf],
    job: fn(&Path) -> Result<FileSummary, FileError>,
) -> Result<Vec<FileSummary>, Vec<FileError>> {
    let results: Vec<Result<FileSummary, FileError>> = files
        .par_iter()
        .map(|path| {
            panic::catch_unwind(|| job(path)).unwrap_or_else(|payload| {
                Err(FileError::WorkerPanicked {
                    files: vec![path.clone()],
                    message: panic_message(&*payload),
                })
            })
        })
        .collect();

    let (summaries, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if errors.is_empty() {
        Ok(summaries.into_iter().map(Result::unwrap).collect())
    } else {
        Err(errors.into_iter().map(Result::unwrap_err).collect())
    }
}
// ANCHOR_END: files

// ANCHOR: files_main
use concurrent_rust::fixtures::TempDir;
use concurrent_rust::threads::summary::summarize_file;

pub fn main() {
    let dir = TempDir::new("rayon-files").unwrap();
    let mut files = vec![
        dir.write("join.txt", "join runs two closures\n").unwrap(),
        dir.write("steal.txt", "idle threads\nsteal work\n")
            .unwrap(),
    ];
    for summary in process_files_in_parallel(&files, summarize_file).unwrap() {
        let name = summary.path.file_name().unwrap().display();
        println!("{name}: {} lines, {} words", summary.lines, summary.words);
    }

    files.push(dir.path().join("missing.txt"));
    files.push(
        dir.write("logo.png", [0x89, 0x50, 0x4e, 0x47, 0xff])
            .unwrap(),
    );
    for error in process_files_in_parallel(&files, summarize_file).unwrap_err() {
        println!("error: {error}");
    }
}
// ANCHOR_END: files_main

// ANCHOR: first_error
pub fn summaries_or_some_error(files: &[PathBuf]) -> Result<Vec<FileSummary>, FileError> {
    files.par_iter().map(|path| summarize_file(path)).collect()
}
// ANCHOR_END: first_error

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    // The same fixtures as the threads chapter's fork-join tests.
    use crate::testing::{panics_on_b, sample_files};

    fn name(path: &Path) -> String {
        path.file_name().unwrap().to_string_lossy().into_owned()
    }

    #[test]
    fn summaries_come_back_in_input_order() {
        let dir = TempDir::new("rayon-files-ok").unwrap();
        let summaries = process_files_in_parallel(&sample_files(&dir), summarize_file)
            .unwrap_or_else(|errors| panic!("{errors:?}"));
        let seen: Vec<_> = summaries
            .iter()
            .map(|s| (name(&s.path), s.lines, s.words))
            .collect();
        let expected = [("c.txt", 1, 3), ("a.txt", 2, 2), ("e.txt", 0, 0)];
        assert_eq!(seen.len(), 5);
        for (got, want) in seen.iter().zip(expected) {
            assert_eq!((got.0.as_str(), got.1, got.2), want);
        }
        assert_eq!((seen[3].0.as_str(), seen[4].0.as_str()), ("b.txt", "d.txt"));
        assert_eq!(process_files_in_parallel(&[], summarize_file).unwrap(), []);
    }

    #[test]
    fn every_failing_file_is_reported_by_name_in_input_order() {
        let dir = TempDir::new("rayon-files-errors").unwrap();
        let mut files = vec![dir.path().join("first-missing.txt")];
        files.extend(sample_files(&dir));
        files.push(dir.write("bad.bin", [0xc3, 0x28]).unwrap());
        files.push(dir.path().join("last-missing.txt"));

        let errors = process_files_in_parallel(&files, summarize_file).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(matches!(&errors[0], FileError::Read { path, source }
            if path.ends_with("first-missing.txt") && source.kind() == io::ErrorKind::NotFound));
        assert!(matches!(&errors[1], FileError::NotUtf8 { path, .. } if path.ends_with("bad.bin")));
        assert!(errors[2].to_string().contains("last-missing.txt"));
    }

    #[test]
    fn a_panicking_job_becomes_an_error_naming_its_one_file() {
        let dir = TempDir::new("rayon-files-panic").unwrap();
        let mut files = sample_files(&dir);
        files.push(dir.path().join("missing.txt"));
        let errors = process_files_in_parallel(&files, panics_on_b).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        match &errors[0] {
            FileError::WorkerPanicked { files, message } => {
                assert_eq!(files.len(), 1);
                assert!(files[0].ends_with("b.txt"));
                assert!(message.starts_with("refusing to read") && message.ends_with("b.txt"));
            }
            other => panic!("expected the panic first, got {other:?}"),
        }
        assert!(
            matches!(&errors[1], FileError::Read { path, .. } if path.ends_with("missing.txt"))
        );
    }

    #[test]
    fn collecting_into_result_returns_one_of_the_errors() {
        let dir = TempDir::new("rayon-files-first").unwrap();
        let mut files = sample_files(&dir);
        assert_eq!(summaries_or_some_error(&files).unwrap().len(), 5);

        files.insert(2, dir.path().join("one-missing.txt"));
        files.push(dir.path().join("other-missing.txt"));
        // Which of the two is not specified: only that it is one of them.
        match summaries_or_some_error(&files).unwrap_err() {
            FileError::Read { path, .. } => {
                let name = name(&path);
                assert!(name == "one-missing.txt" || name == "other-missing.txt");
            }
            other => panic!("expected a read error, got {other:?}"),
        }
    }

    #[test]
    fn main_runs() {
        main();
    }
}
