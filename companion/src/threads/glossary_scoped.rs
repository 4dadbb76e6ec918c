//! The glossary example with scoped threads: the workers borrow `&glossary` and slices of
//! the file list, so there is no `Arc` and no copy of the paths.

use super::gather::gather;
use super::glossary::{Glossary, TermHits, find_terms, sample_glossary};

// ANCHOR: glossary_scoped
use concurrent_rust::threads::file_error::FileError;
use std::path::PathBuf;
use std::thread;

pub fn find_terms_scoped(
    files: &[PathBuf],
    glossary: &Glossary,
    nthreads: usize,
) -> Result<Vec<TermHits>, Vec<FileError>> {
    let chunk_size = files.len().div_ceil(nthreads.max(1)).max(1);
    let joined = thread::scope(|s| {
        let workers: Vec<_> = files
            .chunks(chunk_size)
            .map(|worklist| {
                let handle = s.spawn(move || {
                    worklist
                        .iter()
                        .map(|path| find_terms(path, glossary))
                        .collect::<Vec<_>>()
                });
                (worklist, handle)
            })
            .collect();
        workers
            .into_iter()
            .map(|(worklist, handle)| (worklist.to_vec(), handle.join()))
            .collect()
    });
    let mut hits = gather(joined)?;
    hits.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(hits)
}
// ANCHOR_END: glossary_scoped

// ANCHOR: glossary_scoped_main
use concurrent_rust::fixtures::TempDir;

pub fn main() {
    let dir = TempDir::new("glossary-scoped").unwrap();
    let files = vec![
        dir.write("ch1.txt", "A thread runs; join waits for the thread.")
            .unwrap(),
        dir.write("ch2.txt", "If it panics, join returns Err.")
            .unwrap(),
    ];
    let glossary = sample_glossary();

    let hits = find_terms_scoped(&files, &glossary, 2).unwrap();
    for hit in hits {
        println!(
            "{}: {:?}",
            hit.path.file_name().unwrap().display(),
            hit.terms
        );
    }
    println!(
        "main still owns {} files and {} terms",
        files.len(),
        glossary.len()
    );
}
// ANCHOR_END: glossary_scoped_main

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fifo;
    use crate::testing::within;
    use crate::threads::glossary_arc::find_terms_in_parallel;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn scoped_and_arc_versions_agree() {
        let dir = TempDir::new("glossary-scoped-test").unwrap();
        let files = vec![
            dir.write("b.txt", "Join, then panic.").unwrap(),
            dir.write("a.txt", "thread thread THREAD").unwrap(),
            dir.write("c.txt", "nothing to see").unwrap(),
            dir.write("d.txt", "an Arc!").unwrap(),
            dir.write("e.txt", "arc join").unwrap(),
        ];
        let glossary = sample_glossary();
        let shared = Arc::new(sample_glossary());
        for nthreads in [0, 1, 2, 3, 4, 8] {
            let scoped = find_terms_scoped(&files, &glossary, nthreads).unwrap();
            let arc = find_terms_in_parallel(files.clone(), Arc::clone(&shared), nthreads).unwrap();
            assert_eq!(scoped, arc, "{nthreads} threads");
        }
        assert_eq!(files.len(), 5, "the caller still owns its files");
    }

    #[test]
    fn no_files_means_no_hits() {
        assert_eq!(find_terms_scoped(&[], &sample_glossary(), 4).unwrap(), []);
    }

    #[test]
    fn errors_name_the_file() {
        let dir = TempDir::new("glossary-scoped-errors").unwrap();
        let files = vec![
            dir.path().join("first.txt"),
            dir.write("ok.txt", "join").unwrap(),
            dir.write("bad.bin", [0xff]).unwrap(),
        ];
        let errors = find_terms_scoped(&files, &sample_glossary(), 2).unwrap_err();
        let shown: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(errors.len(), 2, "{shown:?}");
        assert!(
            shown[0].contains("first.txt") && shown[1].contains("bad.bin"),
            "{shown:?}"
        );
    }

    #[test]
    fn every_chunk_is_read_at_the_same_time() {
        // Three files, three threads, one file each. The files are pipes that this test
        // writes last one first: only workers that run at the same time can read them. A
        // version that joined each thread before spawning the next, or put every file in
        // one chunk, reads the first file first and waits for ever.
        let dir = TempDir::new("glossary-scoped-fifo").unwrap();
        let texts = ["a thread", "a join", "an arc"];
        let files: Vec<PathBuf> = (0..texts.len())
            .map(|i| fifo(&dir, &format!("{i}.txt")))
            .collect();
        let hits = within(Duration::from_secs(10), move || {
            thread::scope(|s| {
                let search = s.spawn(|| find_terms_scoped(&files, &sample_glossary(), 3));
                for (file, text) in files.iter().zip(texts).rev() {
                    std::fs::write(file, text).unwrap(); // waits until a worker opens it
                }
                search.join().unwrap()
            })
        })
        .expect("the workers did not read their files at the same time")
        .unwrap();
        let terms: Vec<_> = hits.iter().map(|hit| hit.terms.join(" ")).collect();
        assert_eq!(terms, ["thread", "join", "arc"]);
        drop(dir);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
