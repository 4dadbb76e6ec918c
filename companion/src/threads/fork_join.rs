//! Fork-join over real files: split the list into chunks, give each chunk a thread, join
//! every thread, keep every summary and every error.
//!
//! From source note 002 (errata: `book/errata.md`), "spawn and join" and "Error Handling Across Threads":
//! `handle.join().unwrap()?` turns a worker's panic into a panic of the caller, and its `?`
//! returns at the first failing worker, dropping the other handles un-joined: those threads
//! keep running, and their errors are lost.

use super::gather::gather;

// ANCHOR: fork_join
use concurrent_rust::threads::chunks::split_into_chunks;
use concurrent_rust::threads::file_error::FileError;
use concurrent_rust::threads::summary::{FileSummary, summarize_file};
use std::path::{Path, PathBuf};
use std::thread;

pub type Job = fn(&Path) -> Result<FileSummary, FileError>;

pub fn process_files_in_parallel(
    files: Vec<PathBuf>,
    nthreads: usize,
    job: Job,
) -> Result<Vec<FileSummary>, Vec<FileError>> {
    // Fork: one thread per chunk. Keep each chunk's names, to report them if it panics.
    let mut workers = Vec::new();
    for worklist in split_into_chunks(files, nthreads) {
        let names = worklist.clone();
        let handle =
            thread::spawn(move || worklist.iter().map(|path| job(path)).collect::<Vec<_>>());
        workers.push((names, handle));
    }

    // Join: wait for every worker before looking at any result.
    let joined = workers
        .into_iter()
        .map(|(names, handle)| (names, handle.join()))
        .collect();

    let mut summaries = gather(joined)?;
    summaries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(summaries)
}
// ANCHOR_END: fork_join

// ANCHOR: fork_join_main
use concurrent_rust::fixtures::TempDir;

pub fn main() {
    let dir = TempDir::new("fork-join").unwrap();
    let mut files = vec![
        dir.write("spawn.txt", "spawn starts a thread\nit returns a handle\n")
            .unwrap(),
        dir.write("join.txt", "join waits\n").unwrap(),
        dir.write(
            "scope.txt",
            "scope joins for you\n\nand lets threads borrow\n",
        )
        .unwrap(),
    ];
    // One thread per core the OS lets this process use (1 if it cannot tell).
    let nthreads = thread::available_parallelism().map_or(1, |n| n.get());
    for summary in process_files_in_parallel(files.clone(), nthreads, summarize_file).unwrap() {
        let name = summary.path.file_name().unwrap().display();
        println!("{name}: {} lines, {} words", summary.lines, summary.words);
    }

    files.push(dir.path().join("missing.txt"));
    files.push(
        dir.write("logo.png", [0x89, 0x50, 0x4e, 0x47, 0xff])
            .unwrap(),
    );
    for error in process_files_in_parallel(files, nthreads, summarize_file).unwrap_err() {
        println!("error: {error}");
    }
}
// ANCHOR_END: fork_join_main

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use crate::testing::{panics_on_b, sample_files};
    use std::io;
    use std::time::Duration;

    fn names(paths: impl IntoIterator<Item = PathBuf>) -> Vec<String> {
        paths
            .into_iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn summaries_are_sorted_by_path_for_any_thread_count() {
        let dir = TempDir::new("fork-join-ok").unwrap();
        for nthreads in [1, 2, 3, 4, 8] {
            let summaries = process_files_in_parallel(sample_files(&dir), nthreads, summarize_file)
                .unwrap_or_else(|errors| panic!("{errors:?}"));
            let counts: Vec<_> = summaries.iter().map(|s| (s.lines, s.words)).collect();
            assert_eq!(
                counts,
                [(2, 2), (2, 6), (1, 3), (3, 3), (0, 0)],
                "{nthreads} threads"
            );
            assert_eq!(
                names(summaries.into_iter().map(|s| s.path)),
                ["a.txt", "b.txt", "c.txt", "d.txt", "e.txt"]
            );
        }
    }

    #[test]
    fn no_files_no_threads_no_summaries() {
        assert_eq!(
            process_files_in_parallel(Vec::new(), 4, summarize_file).unwrap(),
            []
        );
    }

    #[test]
    fn every_failing_file_is_reported_in_input_order() {
        let dir = TempDir::new("fork-join-errors").unwrap();
        let mut files = vec![dir.path().join("first-missing.txt")];
        files.extend(sample_files(&dir));
        files.push(dir.write("bad.bin", [0xc3, 0x28]).unwrap());
        files.push(dir.path().join("last-missing.txt"));

        // With 2 threads the two missing files land in different chunks.
        let errors = process_files_in_parallel(files, 2, summarize_file).unwrap_err();
        assert_eq!(errors.len(), 3, "{errors:?}");
        assert!(matches!(&errors[0], FileError::Read { path, source }
            if path.ends_with("first-missing.txt") && source.kind() == io::ErrorKind::NotFound));
        assert!(matches!(&errors[1], FileError::NotUtf8 { path, .. } if path.ends_with("bad.bin")));
        assert!(
            matches!(&errors[2], FileError::Read { path, .. } if path.ends_with("last-missing.txt"))
        );
        assert!(errors[2].to_string().contains("last-missing.txt"));
    }

    /// A per-file job that panics on `b.txt`; chapter 6's rayon tests use it too.
    #[test]
    fn a_panicking_worker_becomes_an_error_and_the_others_still_report() {
        let dir = TempDir::new("fork-join-panic").unwrap();
        let mut files = sample_files(&dir); // c, a, e, b, d
        files.push(dir.path().join("missing.txt"));
        // 3 threads: [c, a] [e, b] [d, missing]
        let errors = process_files_in_parallel(files, 3, panics_on_b).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        match &errors[0] {
            FileError::WorkerPanicked { files, message } => {
                assert_eq!(names(files.clone()), ["e.txt", "b.txt"]);
                assert!(message.starts_with("refusing to read") && message.ends_with("b.txt"));
            }
            other => panic!("expected the panic first, got {other:?}"),
        }
        assert!(
            matches!(&errors[1], FileError::Read { path, .. } if path.ends_with("missing.txt"))
        );
    }

    /// How many files, and threads, `every_worker_runs_at_the_same_time` uses.
    const MEETING: usize = 4;

    /// A job that waits on a barrier for one call per worker before it reads its file.
    /// `Job` is a `fn` pointer and captures nothing, so the barrier is a `static`.
    fn meet_the_others(path: &Path) -> Result<FileSummary, FileError> {
        static ALL_HERE: std::sync::Barrier = std::sync::Barrier::new(MEETING);
        ALL_HERE.wait();
        summarize_file(path)
    }

    #[test]
    fn every_worker_runs_at_the_same_time() {
        // One file per thread, and every job waits until all are running: a fork-join that
        // joined each worker before forking the next (join inside the loop) would wait
        // for ever on the first one, and `within` turns that into a failure.
        let dir = TempDir::new("fork-join-barrier").unwrap();
        let files: Vec<PathBuf> = sample_files(&dir).into_iter().take(MEETING).collect();
        let summaries = within(Duration::from_secs(10), move || {
            process_files_in_parallel(files, MEETING, meet_the_others)
        })
        .expect("the workers never all met: they did not run at the same time")
        .unwrap_or_else(|errors| panic!("{errors:?}"));
        assert_eq!(
            names(summaries.into_iter().map(|s| s.path)),
            ["a.txt", "b.txt", "c.txt", "e.txt"]
        );
    }

    #[test]
    fn main_runs() {
        main();
    }
}
