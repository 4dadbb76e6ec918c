//! The inverted-index builder as a pipeline: one thread per stage, connected by bounded
//! channels. Each stage records how many items it handled and how long it was busy.
//!
//! Bad input does not stop the pipeline: an unreadable or non-UTF-8 document becomes a
//! [`FileError`] naming it, and the rest is indexed. A panicking stage drops its channel
//! ends, which ends every other stage in turn; `build_index` joins all four and reports
//! the panic as [`PipelineError::StagePanicked`].

use super::index_stages::{InvertedIndex, WordCounts, count_words, tokenize};
// ANCHOR: pipeline_types
use concurrent_rust::threads::file_error::FileError;
use std::fmt;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageStats {
    pub stage: &'static str,
    pub items: usize,
    /// Time spent on the stage's own work, not waiting on its channels.
    pub busy: Duration,
}

impl StageStats {
    fn new(stage: &'static str) -> StageStats {
        StageStats {
            stage,
            items: 0,
            busy: Duration::ZERO,
        }
    }

    fn record(&mut self, started: Instant) {
        self.items += 1;
        self.busy += started.elapsed();
    }
}

#[derive(Debug)]
pub struct IndexReport {
    pub index: InvertedIndex,
    /// Documents that could not be indexed, each error naming its file.
    pub errors: Vec<FileError>,
    pub stages: Vec<StageStats>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PipelineError {
    StagePanicked {
        stage: &'static str,
        message: String,
    },
}

impl fmt::Display for PipelineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PipelineError::StagePanicked { stage, message } => {
                write!(f, "the {stage} stage panicked: {message}")
            }
        }
    }
}

impl std::error::Error for PipelineError {}
// ANCHOR_END: pipeline_types

// ANCHOR: pipeline
use concurrent_rust::threads::panics::panic_message;
use concurrent_rust::threads::summary::read_text;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

/// How many items may wait between two stages.
const BUFFER: usize = 16;

pub fn build_index(paths: Vec<PathBuf>) -> Result<IndexReport, PipelineError> {
    build_index_with(paths, tokenize)
}

pub fn build_index_with(
    paths: Vec<PathBuf>,
    tokenizer: fn(&str) -> Vec<String>,
) -> Result<IndexReport, PipelineError> {
    let (texts, texts_out) = mpsc::sync_channel::<(PathBuf, String)>(BUFFER);
    let (tokens, tokens_out) = mpsc::sync_channel::<(PathBuf, Vec<String>)>(BUFFER);
    let (counts, counts_out) = mpsc::sync_channel::<(PathBuf, WordCounts)>(BUFFER);

    let reader = thread::spawn(move || {
        let mut stats = StageStats::new("read");
        let mut errors = Vec::new();
        for path in paths {
            let started = Instant::now();
            let text = read_text(&path);
            stats.record(started);
            match text {
                Ok(text) => {
                    if texts.send((path, text)).is_err() {
                        break; // the next stage is gone: stop reading
                    }
                }
                Err(error) => errors.push(error),
            }
        }
        (stats, errors)
    });

    let tokenizer = thread::spawn(move || {
        let mut stats = StageStats::new("tokenize");
        for (path, text) in texts_out {
            let started = Instant::now();
            let words = tokenizer(&text);
            stats.record(started);
            if tokens.send((path, words)).is_err() {
                break;
            }
        }
        stats
    });

    let counter = thread::spawn(move || {
        let mut stats = StageStats::new("count");
        for (path, words) in tokens_out {
            let started = Instant::now();
            let word_counts = count_words(words);
            stats.record(started);
            if counts.send((path, word_counts)).is_err() {
                break;
            }
        }
        stats
    });

    let merger = thread::spawn(move || {
        let mut stats = StageStats::new("merge");
        let mut index = InvertedIndex::default();
        for (path, word_counts) in counts_out {
            let started = Instant::now();
            index.merge(path, word_counts);
            stats.record(started);
        }
        (stats, index)
    });

    // Join all four before looking at any result, so no stage outlives this call.
    let panicked = |stage| {
        move |payload: Box<dyn std::any::Any + Send>| PipelineError::StagePanicked {
            stage,
            message: panic_message(&*payload),
        }
    };
    let reader = reader.join().map_err(panicked("read"));
    let tokenizer = tokenizer.join().map_err(panicked("tokenize"));
    let counter = counter.join().map_err(panicked("count"));
    let merger = merger.join().map_err(panicked("merge"));

    let (read_stats, errors) = reader?;
    let tokenize_stats = tokenizer?;
    let count_stats = counter?;
    let (merge_stats, index) = merger?;
    Ok(IndexReport {
        index,
        errors,
        stages: vec![read_stats, tokenize_stats, count_stats, merge_stats],
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
    for stage in &report.stages {
        println!(
            "{:>8}: {} items in {:?}",
            stage.stage, stage.items, stage.busy
        );
    }
}
// ANCHOR_END: pipeline_main

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::fifo;
    use crate::testing::within;
    use std::collections::BTreeMap;
    use std::io::Write;
    use std::sync::{Arc, Condvar, Mutex};
    use std::time::Duration;

    fn corpus(dir: &TempDir, n: usize) -> Vec<PathBuf> {
        let words = ["send", "recv", "channel", "thread", "buffer"];
        (0..n)
            .map(|i| {
                // Document i contains word w (i % (w + 1) == 0 times...) deterministically.
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
        main();
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
    fn every_stage_counts_every_document() {
        let dir = TempDir::new("pipeline-stats").unwrap();
        let paths = corpus(&dir, 25);
        let report = within(Duration::from_secs(10), move || build_index(paths))
            .unwrap()
            .unwrap();
        let names: Vec<_> = report.stages.iter().map(|s| s.stage).collect();
        assert_eq!(names, ["read", "tokenize", "count", "merge"]);
        assert!(
            report.stages.iter().all(|s| s.items == 25),
            "{:?}",
            report.stages
        );
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
        assert_eq!(report.stages[0].items, 12);
        assert_eq!(report.stages[1].items, 10);
    }

    fn tokenize_but_panic_on_poison(text: &str) -> Vec<String> {
        if text.contains("poison") {
            panic!("cannot tokenize a poisoned document");
        }
        tokenize(text)
    }

    #[test]
    fn a_panicking_stage_ends_the_pipeline_with_an_error_not_a_hang() {
        let dir = TempDir::new("pipeline-panic").unwrap();
        // Far more documents than the buffers hold, so the reader is blocked in `send`
        // when the tokenizer dies, and must notice.
        let mut paths = corpus(&dir, 200);
        paths.insert(5, dir.write("poison.txt", "poison").unwrap());
        let result = within(Duration::from_secs(10), move || {
            build_index_with(paths, tokenize_but_panic_on_poison)
        })
        .unwrap();
        assert_eq!(
            result.unwrap_err(),
            PipelineError::StagePanicked {
                stage: "tokenize",
                message: "cannot tokenize a poisoned document".to_string(),
            }
        );
    }

    #[test]
    fn the_error_names_the_stage_and_its_panic() {
        let error = PipelineError::StagePanicked {
            stage: "tokenize",
            message: "cannot tokenize a poisoned document".to_string(),
        };
        assert_eq!(
            error.to_string(),
            "the tokenize stage panicked: cannot tokenize a poisoned document"
        );
    }

    /// How many pipes the reader has opened, and a `Condvar` to wait for a change.
    type Opened = (Mutex<usize>, Condvar);
    type Writer = thread::JoinHandle<()>;

    /// `n` named pipes in `dir` (see `glossary_scoped::tests::fifo`), and a thread that
    /// writes "send" into them in order. The reader's `read_text` of a pipe waits until the
    /// writer opens it; the writer counts the pipes opened so far, so the test can see how
    /// far the reader has got.
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

    static GATE_OPEN: Mutex<bool> = Mutex::new(false);
    static GATE: Condvar = Condvar::new();

    /// A tokenizer that waits until the test opens the gate (a `static`: the stage is a
    /// `fn` pointer).
    fn tokenize_after_the_gate(text: &str) -> Vec<String> {
        let mut open = GATE_OPEN.lock().unwrap();
        while !*open {
            open = GATE.wait(open).unwrap();
        }
        tokenize(text)
    }

    #[test]
    fn the_reader_stays_at_most_one_buffer_ahead_of_a_stalled_tokenizer() {
        let dir = TempDir::new("pipeline-bounded").unwrap();
        let n = 3 * BUFFER;
        let (pipes, opened, writer) = pipes_and_writer(&dir, n);
        let (ahead, report) = within(Duration::from_secs(20), move || {
            let pipeline = thread::spawn(move || build_index_with(pipes, tokenize_after_the_gate));
            // The tokenizer holds its first document. With `sync_channel(BUFFER)` the reader
            // can then fill the buffer and read one more document, which it cannot send:
            // BUFFER + 2 opened, and no more, however long we wait. An unbounded channel
            // lets it read all `n` at once; a second is plenty for 48 tiny pipes.
            let (count, changed) = &*opened;
            let ahead = *changed
                .wait_timeout_while(count.lock().unwrap(), Duration::from_secs(1), |opened| {
                    *opened < n
                })
                .unwrap()
                .0;
            *GATE_OPEN.lock().unwrap() = true;
            GATE.notify_all();
            writer.join().unwrap();
            (ahead, pipeline.join().unwrap().unwrap())
        })
        .unwrap();
        assert!(
            ahead <= BUFFER + 2,
            "the reader opened {ahead} documents while the tokenizer held the first"
        );
        assert_eq!(report.index.words["send"].len(), n);
    }

    fn tokenize_nothing(_: &str) -> Vec<String> {
        panic!("this tokenizer gives up at once")
    }

    #[test]
    fn the_reader_stops_reading_when_the_tokenizer_is_gone() {
        let dir = TempDir::new("pipeline-reader-stops").unwrap();
        let n = 3 * BUFFER;
        let (pipes, opened, writer) = pipes_and_writer(&dir, n);
        let (read, rest) = within(Duration::from_secs(20), move || {
            let result = build_index_with(pipes.clone(), tokenize_nothing);
            assert!(
                matches!(
                    result,
                    Err(PipelineError::StagePanicked {
                        stage: "tokenize",
                        ..
                    })
                ),
                "{result:?}"
            );
            // Every stage is joined: the reader has opened all it will ever open, and the
            // writer waits for someone to open the next pipe. Open the rest ourselves.
            let read = *opened.0.lock().unwrap();
            for pipe in &pipes[read..] {
                std::fs::read(pipe).unwrap();
            }
            writer.join().unwrap();
            (read, n - read)
        })
        .unwrap();
        // The tokenizer took one document; the reader could fill the buffer, then read one
        // more whose `send` failed, and stop. A reader that ignored the failed `send` would
        // have read all 48.
        assert!(
            read <= BUFFER + 2,
            "the reader read {read} documents, {rest} left"
        );
    }

    #[test]
    fn no_documents_is_an_empty_index() {
        let report = within(Duration::from_secs(10), || build_index(Vec::new()))
            .unwrap()
            .unwrap();
        assert!(report.index.words.is_empty());
        assert!(report.stages.iter().all(|s| s.items == 0));
    }
}
