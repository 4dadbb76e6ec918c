//! Sharing read-only data between spawned threads with `Arc`: each worker gets its own
//! `Arc`, all pointing at one glossary; the last one dropped frees it.
//!
//! From source note 002 (errata: `book/errata.md`), "Sharing Immutable Data Across": the note says "There
//! won't be any data races, because data in an **Arc** is immutable". Not quite: `Arc<T>`
//! hands out only `&T`, so the data can change only through interior mutability
//! (`Arc<Mutex<T>>`, atomics), which is synchronised; races are ruled out because `Arc<T>`
//! is `Send` only when `T: Send + Sync`.

use super::gather::gather;
use super::glossary::{Glossary, TermHits, find_terms, sample_glossary};

// ANCHOR: glossary_arc
use concurrent_rust::threads::chunks::split_into_chunks;
use concurrent_rust::threads::file_error::FileError;
use std::path::PathBuf;
use std::sync::Arc;
use std::thread;

pub fn find_terms_in_parallel(
    files: Vec<PathBuf>,
    glossary: Arc<Glossary>,
    nthreads: usize,
) -> Result<Vec<TermHits>, Vec<FileError>> {
    let mut workers = Vec::new();
    for worklist in split_into_chunks(files, nthreads) {
        // Copies a pointer and bumps the reference count; the map is not copied.
        let glossary = Arc::clone(&glossary);
        let names = worklist.clone();
        let handle = thread::spawn(move || {
            worklist
                .iter()
                .map(|path| find_terms(path, &glossary))
                .collect::<Vec<_>>()
        });
        workers.push((names, handle));
    }
    let joined = workers
        .into_iter()
        .map(|(names, handle)| (names, handle.join()))
        .collect();
    let mut hits = gather(joined)?;
    hits.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(hits)
}
// ANCHOR_END: glossary_arc

// ANCHOR: glossary_arc_main
use concurrent_rust::fixtures::TempDir;

pub fn main() {
    let dir = TempDir::new("glossary-arc").unwrap();
    let files = vec![
        dir.write("ch1.txt", "A thread runs; join waits for the thread.")
            .unwrap(),
        dir.write("ch2.txt", "If it panics, join returns Err.")
            .unwrap(),
        dir.write("ch3.txt", "Share the glossary through an Arc.")
            .unwrap(),
    ];
    let glossary = Arc::new(sample_glossary());

    let hits = find_terms_in_parallel(files, Arc::clone(&glossary), 2).unwrap();
    for hit in hits {
        println!(
            "{}: {:?}",
            hit.path.file_name().unwrap().display(),
            hit.terms
        );
    }
    println!(
        "owners of the glossary now: {}",
        Arc::strong_count(&glossary)
    );
}
// ANCHOR_END: glossary_arc_main

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn arc_clone_shares_one_map() {
        let glossary = Arc::new(sample_glossary());
        let for_worker = Arc::clone(&glossary);
        assert!(Arc::ptr_eq(&glossary, &for_worker));
        assert_eq!(Arc::strong_count(&glossary), 2);
        drop(for_worker);
        assert_eq!(Arc::strong_count(&glossary), 1);
    }

    #[test]
    fn every_worker_sees_the_glossary_and_gives_it_back() {
        let dir = TempDir::new("glossary-arc-test").unwrap();
        let files = vec![
            dir.write("b.txt", "Join, then panic.").unwrap(),
            dir.write("a.txt", "thread thread THREAD").unwrap(),
            dir.write("c.txt", "nothing to see").unwrap(),
            dir.write("d.txt", "an Arc!").unwrap(),
        ];
        let glossary = Arc::new(sample_glossary());
        for nthreads in [1, 2, 4] {
            let hits =
                find_terms_in_parallel(files.clone(), Arc::clone(&glossary), nthreads).unwrap();
            let terms: Vec<_> = hits.iter().map(|hit| hit.terms.join(" ")).collect();
            assert_eq!(terms, ["thread", "join panic", "", "arc"]);
            assert!(hits.windows(2).all(|pair| pair[0].path < pair[1].path));
            // Every worker's clone was dropped when its thread ended; join waited for that.
            assert_eq!(Arc::strong_count(&glossary), 1);
        }
    }

    #[test]
    fn every_worker_holds_a_clone_of_the_one_arc() {
        // The files are pipes (see `glossary_scoped::tests::fifo`): each worker waits in
        // `open` until this test opens the other end, so the test can count the owners of
        // the caller's `Arc` while every worker is alive. A worker given a copy of the map
        // (`Arc::new((*glossary).clone())`) would not be one of them.
        use crate::testing::fifo;
        use std::io::Write;
        const WORKERS: usize = 3;
        let dir = TempDir::new("glossary-arc-fifo").unwrap();
        let files: Vec<PathBuf> = (0..WORKERS)
            .map(|i| fifo(&dir, &format!("{i}.txt")))
            .collect();
        let glossary = Arc::new(sample_glossary());
        let (owners, hits) = within(Duration::from_secs(10), {
            let glossary = Arc::clone(&glossary);
            move || {
                let search = thread::spawn({
                    let (files, glossary) = (files.clone(), Arc::clone(&glossary));
                    move || find_terms_in_parallel(files, glossary, WORKERS)
                });
                // Each open returns once a worker has opened that file to read it.
                let mut pipes: Vec<std::fs::File> = files
                    .iter()
                    .map(|file| std::fs::File::options().write(true).open(file).unwrap())
                    .collect();
                let owners = Arc::strong_count(&glossary);
                for pipe in &mut pipes {
                    pipe.write_all(b"thread").unwrap();
                }
                drop(pipes); // end of file for every worker
                (owners, search.join().unwrap())
            }
        })
        .expect("the workers did not open their files at the same time");
        // The test's `Arc`, this closure's clone, the argument of `find_terms_in_parallel`,
        // and one clone per worker.
        assert_eq!(owners, 3 + WORKERS);
        assert_eq!(hits.unwrap().len(), WORKERS);
        assert_eq!(Arc::strong_count(&glossary), 1);
    }

    #[test]
    fn errors_name_the_file_and_release_the_glossary() {
        let dir = TempDir::new("glossary-arc-errors").unwrap();
        let files = vec![
            dir.write("ok.txt", "thread").unwrap(),
            dir.path().join("nope.txt"),
        ];
        let glossary = Arc::new(sample_glossary());
        let errors = find_terms_in_parallel(files, Arc::clone(&glossary), 2).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].to_string().contains("nope.txt"), "{}", errors[0]);
        assert_eq!(Arc::strong_count(&glossary), 1);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
