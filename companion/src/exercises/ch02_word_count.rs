//! Exercise 2.1: A word count that loses nothing.
//!
//! Count the words of many files, each file on a scoped thread of its own, and add the
//! counts up. Every failure is reported, in the order of the files: a file that cannot be
//! read, a file that is not UTF-8 text, and a worker that panicked, as an error naming its
//! file. The full statement is in the book page.

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
    // STARTER: todo!("fork a scoped thread per file, join every one, then keep every count and every error")
    // SOLUTION
    let count = &count;
    // END SOLUTION
    // SOLUTION fork_and_join
    // Every thread is spawned (the first `collect`) before any is joined.
    let outcomes: Vec<thread::Result<Result<Counts, FileError>>> = thread::scope(|s| {
        let handles: Vec<_> = files
            .iter()
            .map(|path| s.spawn(move || count(path)))
            .collect();
        handles.into_iter().map(|handle| handle.join()).collect()
    });
    // END SOLUTION
    // SOLUTION
    let mut total = Counts::new();
    let mut errors = Vec::new();
    // The outcomes are in the order of the files, whichever thread finished first.
    for (path, outcome) in files.iter().zip(outcomes) {
        // END SOLUTION
        // SOLUTION keep_every_outcome
        match outcome {
            Ok(Ok(counts)) => add(&mut total, counts),
            Ok(Err(error)) => errors.push(error),
            Err(payload) => errors.push(FileError::WorkerPanicked {
                files: vec![path.clone()],
                message: panic_message(&*payload),
            }),
        }
        // END SOLUTION
        // SOLUTION
    }
    if errors.is_empty() {
        Ok(total)
    } else {
        Err(errors)
    }
    // END SOLUTION
}

// SOLUTION
fn add(total: &mut Counts, counts: Counts) {
    for (word, n) in counts {
        *total.entry(word).or_default() += n;
    }
}
// END SOLUTION

#[cfg(test)]
mod tests {
    use super::*;
    use concurrent_rust::fixtures::{TempDir, within};
    use std::any::Any;
    use std::io;
    use std::panic::{self, AssertUnwindSafe};
    use std::path::{Path, PathBuf};
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    /// How long a worker waits for the others at the meeting point before it gives up: far
    /// longer than starting a few threads takes.
    const PATIENCE: Duration = Duration::from_secs(2);

    /// A meeting point for `expected` workers that gives up after `PATIENCE`.
    struct Meeting {
        arrived: Mutex<usize>,
        changed: Condvar,
        expected: usize,
    }

    impl Meeting {
        fn new(expected: usize) -> Meeting {
            Meeting {
                arrived: Mutex::new(0),
                changed: Condvar::new(),
                expected,
            }
        }

        /// Waits until every worker has arrived; false if they did not within `PATIENCE`.
        fn all_here(&self) -> bool {
            let mut arrived = self.arrived.lock().unwrap();
            *arrived += 1;
            self.changed.notify_all();
            let (arrived, _) = self
                .changed
                .wait_timeout_while(arrived, PATIENCE, |n| *n < self.expected)
                .unwrap();
            *arrived >= self.expected
        }
    }

    /// A panic's message, as chapter 2's `panic_message` gets it out of the payload.
    fn message_of(payload: &(dyn Any + Send)) -> String {
        if let Some(message) = payload.downcast_ref::<&str>() {
            message.to_string()
        } else if let Some(message) = payload.downcast_ref::<String>() {
            message.clone()
        } else {
            "a panic payload that is not a string".to_string()
        }
    }

    fn counts(pairs: &[(&str, usize)]) -> Counts {
        pairs.iter().map(|&(w, n)| (w.to_string(), n)).collect()
    }

    /// The errors as a learner reads them: one line each.
    fn shown(errors: &[FileError]) -> Vec<String> {
        errors.iter().map(ToString::to_string).collect()
    }

    /// Runs `count_words` under a time limit, and turns a panic of the call itself into a
    /// failure that says so.
    fn run(
        files: Vec<PathBuf>,
        count: impl Fn(&Path) -> Result<Counts, FileError> + Sync + Send + 'static,
    ) -> Result<Counts, Vec<FileError>> {
        let outcome = within(Duration::from_secs(10), move || {
            panic::catch_unwind(AssertUnwindSafe(|| count_words(&files, count)))
        })
        .expect("count_words never returned: a hang");
        outcome.unwrap_or_else(|payload| {
            panic!(
                "count_words panicked instead of returning ({}): it must return Ok or Err, \
                 and a worker's panic must come back as a FileError::WorkerPanicked naming \
                 its file, not as a panic of the caller",
                message_of(&*payload)
            )
        })
    }

    #[test]
    fn counts_every_word_of_every_file() {
        let dir = TempDir::new("ex-word-count").unwrap();
        let files = vec![
            dir.write("spawn.txt", "Spawn a thread\nand join the thread\n")
                .unwrap(),
            dir.write("scope.txt", "a scope joins every thread")
                .unwrap(),
            dir.write("empty.txt", "").unwrap(),
        ];
        let total = run(files, count_file).unwrap_or_else(|errors| {
            panic!(
                "three readable text files, yet errors: {:?}",
                shown(&errors)
            )
        });
        assert_eq!(
            total,
            counts(&[
                ("a", 2),
                ("and", 1),
                ("every", 1),
                ("join", 1),
                ("joins", 1),
                ("scope", 1),
                ("spawn", 1),
                ("the", 1),
                ("thread", 3),
            ]),
            "the counts of all three files added up (left: yours)"
        );
        assert_eq!(
            run(Vec::new(), count_file).ok(),
            Some(Counts::new()),
            "no files: no words, and no error"
        );
    }

    #[test]
    fn every_failing_file_is_reported_in_input_order() {
        let dir = TempDir::new("ex-word-count-errors").unwrap();
        let files = vec![
            dir.path().join("first-missing.txt"),
            dir.write("good.txt", "fine words").unwrap(),
            dir.write("latin1.txt", b"caf\xe9").unwrap(),
            dir.write("also-good.txt", "more words").unwrap(),
            dir.path().join("last-missing.txt"),
        ];
        let errors = run(files, count_file)
            .expect_err("three of the five files cannot be counted, yet count_words returned Ok");
        assert_eq!(
            errors.len(),
            3,
            "three files fail (two missing, one not UTF-8) and every one must be reported, \
             not only the first; yours reported {:?}",
            shown(&errors)
        );
        let in_order = matches!(&errors[0], FileError::Read { path, source }
                if path.ends_with("first-missing.txt") && source.kind() == io::ErrorKind::NotFound)
            && matches!(&errors[1], FileError::NotUtf8 { path, .. } if path.ends_with("latin1.txt"))
            && matches!(&errors[2], FileError::Read { path, .. } if path.ends_with("last-missing.txt"));
        assert!(
            in_order,
            "the errors must be, in the order of the files: first-missing.txt cannot be read, \
             latin1.txt is not UTF-8, last-missing.txt cannot be read; yours: {:?}",
            shown(&errors)
        );
    }

    #[test]
    fn a_panicking_worker_is_an_error_naming_its_file() {
        let dir = TempDir::new("ex-word-count-panic").unwrap();
        let files = vec![
            dir.write("a.txt", "one two").unwrap(),
            dir.write("b.txt", "three").unwrap(),
            dir.path().join("missing.txt"),
        ];
        let panics_on_b = |path: &Path| {
            if path.ends_with("b.txt") {
                panic!("refusing to count {}", path.display());
            }
            count_file(path)
        };
        let errors = run(files, panics_on_b).expect_err(
            "the worker for b.txt panicked and missing.txt does not exist, yet count_words \
             returned Ok: a panicked worker was dropped silently",
        );
        assert_eq!(
            errors.len(),
            2,
            "two errors: the worker for b.txt panicked, and missing.txt cannot be read; \
             yours: {:?}",
            shown(&errors)
        );
        match &errors[0] {
            FileError::WorkerPanicked { files, message } => {
                assert!(
                    files.len() == 1 && files[0].ends_with("b.txt"),
                    "the panicked worker's error must name its file, b.txt; yours names \
                     {files:?}"
                );
                assert!(
                    message.starts_with("refusing to count") && message.ends_with("b.txt"),
                    "the panicked worker's error must carry its panic message, `refusing to \
                     count …/b.txt`; yours carries {message:?} (the payload is in a Box: \
                     downcast what is inside it)"
                );
            }
            other => panic!(
                "the first error must be the panic of the worker for b.txt, the first failing \
                 file; yours is `{other}`"
            ),
        }
        assert!(
            matches!(&errors[1], FileError::Read { path, .. } if path.ends_with("missing.txt")),
            "the second error must be that missing.txt cannot be read; yours is `{}`",
            errors[1]
        );
    }

    #[test]
    fn every_file_is_counted_at_the_same_time() {
        // Each job waits until the jobs of all three files have started: only workers that
        // run at the same time get past it.
        let dir = TempDir::new("ex-word-count-meeting").unwrap();
        let files: Vec<PathBuf> = ["x.txt", "y.txt", "z.txt"]
            .into_iter()
            .map(|name| dir.write(name, "meet").unwrap())
            .collect();
        let meeting = Meeting::new(files.len());
        let meet_then_count = move |path: &Path| {
            assert!(
                meeting.all_here(),
                "the workers never all met: the files were counted one after another, not \
                 at the same time"
            );
            count_file(path)
        };
        let total = run(files, meet_then_count).unwrap_or_else(|errors| {
            panic!(
                "the workers did not all run at the same time: {:?}",
                shown(&errors)
            )
        });
        assert_eq!(total, counts(&[("meet", 3)]));
    }
}
