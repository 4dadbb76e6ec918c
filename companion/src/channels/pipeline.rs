//! The inverted-index builder as a pipeline: one thread per stage, connected by bounded
//! channels, each stage built by one generic helper, [`stage`].
//!
//! Bad input does not stop the pipeline: an unreadable or non-UTF-8 document becomes a
//! [`FileError`] naming it, and the rest is indexed. A panicking stage drops its channel
//! ends, which ends every other stage in turn; `build_index` joins all four and reports
//! the panic as [`PipelineError::StagePanicked`].

use super::index_stages::{InvertedIndex, WordCounts, count_words, tokenize};
// ANCHOR: pipeline_types
use concurrent_rust::threads::file_error::FileError;

#[derive(Debug)]
pub struct IndexReport {
    pub index: InvertedIndex,
    /// Documents that could not be indexed, each error naming its file.
    pub errors: Vec<FileError>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipelineError {
    StagePanicked {
        stage: &'static str,
        message: String,
    },
}

use std::sync::mpsc::SyncSender;
use std::thread::{self, JoinHandle};

/// One stage, on a thread of its own: applies `work` to each item of `input` and sends
/// what it returns, if anything, to the next stage. It ends when its input ends, or when
/// the next stage is gone.
pub fn stage<I, O>(
    input: impl IntoIterator<Item = I> + Send + 'static,
    output: SyncSender<O>,
    mut work: impl FnMut(I) -> Option<O> + Send + 'static,
) -> JoinHandle<()>
where
    O: Send + 'static,
{
    thread::spawn(move || {
        for item in input {
            let Some(result) = work(item) else { continue };
            if output.send(result).is_err() {
                break; // the next stage is gone: stop
            }
        }
    })
}
// ANCHOR_END: pipeline_types

impl std::fmt::Display for PipelineError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PipelineError::StagePanicked { stage, message } => {
                write!(f, "the {stage} stage panicked: {message}")
            }
        }
    }
}

impl std::error::Error for PipelineError {}

// ANCHOR: pipeline
use concurrent_rust::threads::panics::panic_message;
use concurrent_rust::threads::summary::read_text;
use std::path::PathBuf;
use std::sync::mpsc;

/// How many items may wait between two stages.
pub const BUFFER: usize = 16;

pub fn build_index(paths: Vec<PathBuf>) -> Result<IndexReport, PipelineError> {
    build_index_with(paths, InvertedIndex::merge)
}

pub fn build_index_with(
    paths: Vec<PathBuf>,
    merge: fn(&mut InvertedIndex, PathBuf, WordCounts),
) -> Result<IndexReport, PipelineError> {
    let (texts, texts_out) = mpsc::sync_channel(BUFFER);
    let (tokens, tokens_out) = mpsc::sync_channel(BUFFER);
    let (counts, counts_out) = mpsc::sync_channel(BUFFER);
    let (bad, errors) = mpsc::channel(); // unbounded: read only after the joins

    let reader = stage(paths, texts, move |path: PathBuf| match read_text(&path) {
        Ok(text) => Some((path, text)),
        Err(error) => {
            let _ = bad.send(error); // cannot fail: `errors` outlives every stage
            None
        }
    });
    let tokenizer = stage(texts_out, tokens, |(path, text): (PathBuf, String)| {
        Some((path, tokenize(&text)))
    });
    let counter = stage(tokens_out, counts, |(path, words)| {
        Some((path, count_words(words)))
    });
    let merger = thread::spawn(move || {
        let mut index = InvertedIndex::default();
        for (path, word_counts) in counts_out {
            merge(&mut index, path, word_counts);
        }
        index
    });

    // Join all four before looking at any result, so no stage outlives this call.
    let panicked = |stage| {
        move |payload: Box<dyn std::any::Any + Send>| PipelineError::StagePanicked {
            stage,
            message: panic_message(&*payload),
        }
    };
    let read = reader.join().map_err(panicked("read"));
    let tokenized = tokenizer.join().map_err(panicked("tokenize"));
    let counted = counter.join().map_err(panicked("count"));
    let index = merger.join().map_err(panicked("merge"));
    read?;
    tokenized?;
    counted?;
    Ok(IndexReport {
        index: index?,
        errors: errors.try_iter().collect(),
    })
}
// ANCHOR_END: pipeline

// ANCHOR: pipeline_main
use concurrent_rust::fixtures::TempDir;

pub fn main() {
    let dir = TempDir::new("pipeline").unwrap();
    let paths = vec![
        dir.write("send.txt", "Send moves a value into the channel.")
            .unwrap(),
        dir.write("recv.txt", "Recv takes the value out of the channel.")
            .unwrap(),
        dir.write("latin1.txt", b"caf\xe9").unwrap(),
        dir.path().join("missing.txt"),
    ];
    let report = build_index(paths).unwrap();
    for word in ["channel", "value", "send"] {
        let names: Vec<_> = report
            .index
            .documents_with(word)
            .iter()
            .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        println!("{word:>8}: {}", names.join(", "));
    }
    for error in &report.errors {
        println!("skipped: {error}");
    }
}
// ANCHOR_END: pipeline_main

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{fifo, within};
    use std::collections::BTreeMap;
    use std::io::Write;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    fn corpus(dir: &TempDir, n: usize) -> Vec<PathBuf> {
        let words = ["send", "recv", "channel", "thread", "buffer"];
        (0..n)
            .map(|i| {
                // Document i holds word w, w + 1 times, when w + 1 divides i.
                let text: Vec<&str> = (0..words.len())
                    .filter(|w| i % (w + 1) == 0)
                    .flat_map(|w| std::iter::repeat_n(words[w], w + 1))
                    .collect();
                dir.write(&format!("doc-{i:03}.txt"), text.join(" "))
                    .unwrap()
            })
            .collect()
    }

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn the_index_matches_a_single_threaded_build() {
        let dir = TempDir::new("pipeline-corpus").unwrap();
        let paths = corpus(&dir, 60);
        let mut expected = InvertedIndex::default();
        for path in &paths {
            let text = std::fs::read_to_string(path).unwrap();
            expected.merge(path.clone(), count_words(tokenize(&text)));
        }
        let report = within(Duration::from_secs(10), move || build_index(paths))
            .unwrap()
            .unwrap();
        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!(report.index, expected);
        // Spot checks that do not depend on the reference build: every document has
        // "send" once; "recv" (word 1) is in the even documents, twice each.
        assert_eq!(report.index.words["send"].len(), 60);
        let recv: &BTreeMap<PathBuf, usize> = &report.index.words["recv"];
        assert_eq!(recv.len(), 30);
        assert!(recv.values().all(|&count| count == 2));
    }

    #[test]
    fn bad_documents_are_reported_by_name_and_the_rest_is_indexed() {
        let dir = TempDir::new("pipeline-bad").unwrap();
        let mut paths = corpus(&dir, 10);
        let latin1 = dir.write("latin1.txt", b"caf\xe9 send").unwrap();
        let missing = dir.path().join("missing.txt");
        paths.insert(3, latin1.clone());
        paths.insert(7, missing.clone());
        let report = within(Duration::from_secs(10), move || build_index(paths))
            .unwrap()
            .unwrap();

        assert_eq!(report.index.words["send"].len(), 10);
        assert!(!report.index.words["send"].contains_key(&latin1));
        assert_eq!(report.errors.len(), 2, "{:?}", report.errors);
        assert!(
            matches!(&report.errors[0], FileError::NotUtf8 { path, .. } if *path == latin1),
            "{:?}",
            report.errors
        );
        assert!(
            matches!(&report.errors[1], FileError::Read { path, .. } if *path == missing),
            "{:?}",
            report.errors
        );
        assert!(report.errors[1].to_string().contains("missing.txt"));
    }

    #[test]
    fn no_documents_is_an_empty_index() {
        let report = within(Duration::from_secs(10), || build_index(Vec::new()))
            .unwrap()
            .unwrap();
        assert!(report.index.words.is_empty());
        assert!(report.errors.is_empty());
    }

    #[test]
    fn the_error_names_the_stage_and_its_panic() {
        let error = PipelineError::StagePanicked {
            stage: "merge",
            message: "cannot merge a poisoned document".to_string(),
        };
        assert_eq!(
            error.to_string(),
            "the merge stage panicked: cannot merge a poisoned document"
        );
    }

    // The stage helper on its own.

    #[test]
    fn a_stage_sends_what_its_work_returns_and_skips_none() {
        let got = within(Duration::from_secs(10), || {
            let (output, next) = mpsc::sync_channel(BUFFER);
            let worker = stage(0..10, output, |i: u32| {
                i.is_multiple_of(2).then_some(i * 10)
            });
            let got: Vec<u32> = next.iter().collect();
            worker.join().unwrap();
            got
        })
        .unwrap();
        assert_eq!(got, [0, 20, 40, 60, 80]);
    }

    #[test]
    fn a_stage_stops_taking_input_once_the_next_stage_is_gone() {
        let taken = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&taken);
        within(Duration::from_secs(10), move || {
            let (output, next) = mpsc::sync_channel(BUFFER);
            let input = (0..1_000_000).inspect(move |_| {
                counter.fetch_add(1, Ordering::SeqCst);
            });
            let worker = stage(input, output, Some);
            assert_eq!(next.recv(), Ok(0));
            drop(next); // the next stage is gone
            worker.join().unwrap();
        })
        .unwrap();
        // The one received, a full buffer, and the one whose `send` failed. A stage that
        // ignored the failed `send`, or went on to the next item, would take them all.
        let taken = taken.load(Ordering::SeqCst);
        assert!(taken <= BUFFER + 2, "the stage took {taken} items");
    }

    // The whole pipeline, with a merge stage that the test holds. The documents are named
    // pipes, so the test can see how far the reader has got.

    /// How many pipes the reader has opened, and a `Condvar` to wait for a change.
    type Opened = (Mutex<usize>, Condvar);
    type Writer = thread::JoinHandle<()>;

    /// `n` named pipes in `dir`, and a thread that writes "send" into them in order. The
    /// reader's `read_text` of a pipe waits until the writer opens it; the writer counts
    /// the pipes opened so far.
    fn pipes_and_writer(dir: &TempDir, n: usize) -> (Vec<PathBuf>, Arc<Opened>, Writer) {
        let pipes: Vec<PathBuf> = (0..n)
            .map(|i| fifo(dir, &format!("doc-{i:03}.txt")))
            .collect();
        let opened = Arc::new((Mutex::new(0), Condvar::new()));
        let writer = thread::spawn({
            let (pipes, opened) = (pipes.clone(), Arc::clone(&opened));
            move || {
                for pipe in pipes {
                    // Returns once the other end is open for reading.
                    let mut file = std::fs::File::options().write(true).open(pipe).unwrap();
                    *opened.0.lock().unwrap() += 1;
                    opened.1.notify_all();
                    file.write_all(b"send").unwrap();
                } // closing the file ends the reader's `read_text`
            }
        });
        (pipes, opened, writer)
    }

    /// Once the pipeline has returned: opens the pipes the reader never opened, so the
    /// writer can finish, and joins it. Returns how many the reader had read. (Every pipe
    /// the reader opened, it read to the end, so the writer had counted it.)
    fn finish_the_writer(pipes: &[PathBuf], opened: &Opened, writer: Writer) -> usize {
        let read = *opened.0.lock().unwrap();
        for pipe in &pipes[read..] {
            std::fs::read(pipe).unwrap();
        }
        writer.join().unwrap();
        read
    }

    /// Waits until the reader has opened more than `at_least` pipes, or `limit` has passed.
    fn opened_after(opened: &Opened, at_least: usize, limit: Duration) -> usize {
        let (count, changed) = opened;
        *changed
            .wait_timeout_while(count.lock().unwrap(), limit, |opened| *opened <= at_least)
            .unwrap()
            .0
    }

    /// A gate a stage waits at until the test opens it (a `static`: `merge` is a `fn`).
    struct Gate(Mutex<bool>, Condvar);

    impl Gate {
        const fn new() -> Gate {
            Gate(Mutex::new(false), Condvar::new())
        }
        fn wait(&self) {
            let open = self.0.lock().unwrap();
            drop(self.1.wait_while(open, |open| !*open).unwrap());
        }
        fn open(&self) {
            *self.0.lock().unwrap() = true;
            self.1.notify_all();
        }
    }

    /// Every stage holds one item and every channel is full: the most the reader can be
    /// ahead of a merge stage that holds its first document.
    const MOST_IN_FLIGHT: usize = 3 * BUFFER + 4;

    static SLOW_MERGE: Gate = Gate::new();

    fn merge_after_the_gate(index: &mut InvertedIndex, path: PathBuf, counts: WordCounts) {
        SLOW_MERGE.wait();
        index.merge(path, counts);
    }

    #[test]
    fn at_most_three_buffers_of_documents_wait_for_a_stalled_merge() {
        let dir = TempDir::new("pipeline-bounded").unwrap();
        let n = 4 * BUFFER;
        let (pipes, opened, writer) = pipes_and_writer(&dir, n);
        let (ahead, report) = within(Duration::from_secs(20), move || {
            let pipeline = thread::spawn({
                let pipes = pipes.clone();
                move || build_index_with(pipes, merge_after_the_gate)
            });
            // The merge stage holds its first document. The reader can then read one
            // document per full channel and one per stage, and no more, however long we
            // wait; with larger buffers it would read on. A second is plenty for 64 pipes.
            let ahead = opened_after(&opened, MOST_IN_FLIGHT, Duration::from_secs(1));
            SLOW_MERGE.open();
            // The pipeline first: if it failed, the writer waits for a reader.
            let report = pipeline.join().unwrap();
            finish_the_writer(&pipes, &opened, writer);
            (ahead, report)
        })
        .unwrap();
        assert!(
            ahead <= MOST_IN_FLIGHT,
            "the reader opened {ahead} documents while the merge stage held the first"
        );
        assert_eq!(report.unwrap().index.words["send"].len(), n);
    }

    static POISONED_MERGE: Gate = Gate::new();

    fn merge_and_panic(_: &mut InvertedIndex, _: PathBuf, _: WordCounts) {
        POISONED_MERGE.wait();
        panic!("cannot merge a poisoned document");
    }

    #[test]
    fn a_panicking_stage_ends_the_pipeline_with_an_error_not_a_hang() {
        let dir = TempDir::new("pipeline-panic").unwrap();
        let n = 4 * BUFFER;
        let (pipes, opened, writer) = pipes_and_writer(&dir, n);
        let (result, read) = within(Duration::from_secs(20), move || {
            let pipeline = thread::spawn({
                let pipes = pipes.clone();
                move || build_index_with(pipes, merge_and_panic)
            });
            // Wait until every channel is full, so that the reader is blocked in `send`
            // (give it a moment to get there) when the merge stage dies.
            let full = opened_after(&opened, MOST_IN_FLIGHT - 1, Duration::from_secs(10));
            assert_eq!(full, MOST_IN_FLIGHT);
            thread::sleep(Duration::from_millis(50));
            POISONED_MERGE.open();
            let result = pipeline.join().unwrap();
            (result, finish_the_writer(&pipes, &opened, writer))
        })
        .expect("a panicking stage hung the pipeline");
        assert_eq!(
            result.unwrap_err(),
            PipelineError::StagePanicked {
                stage: "merge",
                message: "cannot merge a poisoned document".to_string(),
            }
        );
        // Each stage stopped at its first failed `send`, the reader too: a stage that went
        // on would have drained its input, and the reader would have read all 64.
        assert!(
            read <= MOST_IN_FLIGHT,
            "the reader read {read} of {n} documents"
        );
    }
}
