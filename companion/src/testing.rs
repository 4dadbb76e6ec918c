//! Test helpers that the tests of several chapters share, in one place (test builds only).
//!
//! - [`within`] (defined in [`crate::fixtures`], since exercise tests use it too): the one
//!   way a test bounds how long something may take, so that a hang or a deadlock fails the
//!   test instead of stopping the run.
//! - [`sample_files`] and [`panics_on_b`]: the files chapter 2's fork-join reads, which
//!   chapter 6's rayon version reads too.
//! - [`fifo`]: a named pipe, which only a reader running at the same time as its writer can
//!   read: the tool for proving that workers run in parallel.
//! - [`SetWhenDropped`]: a guard that records when the thread owning it has ended.
//! - [`check_concurrent_joins`]: what every chapter-3 `Lobby` must do, which chapter 4's
//!   `MutexLobby` is held to as well.
//! - [`run_in_child`] and [`assert_took_at_least`]: run a listing's program in a child
//!   process and read what it printed (implemented beside the registry, in `programs`).

use crate::channels::lobby::{Lobby, Player, join_from_threads};
use crate::fixtures::TempDir;
use crate::threads::file_error::FileError;
use crate::threads::summary::{FileSummary, summarize_file};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub use crate::fixtures::{TimedOut, within};
#[cfg(not(loom))]
pub(crate) use crate::programs::tests::{assert_took_at_least, run_in_child};

/// Five small files, written out of order so that sorting is visible:
/// `c, a, e, b, d`, with 3, 2, 0, 6 and 3 words.
pub fn sample_files(dir: &TempDir) -> Vec<PathBuf> {
    vec![
        dir.write("c.txt", "three words here\n").unwrap(),
        dir.write("a.txt", "one\ntwo\n").unwrap(),
        dir.write("e.txt", "").unwrap(),
        dir.write("b.txt", "a b c d\ne f\n").unwrap(),
        dir.write("d.txt", "x\ny\nz\n").unwrap(),
    ]
}

/// A job like `summarize_file` that panics on `b.txt`: a worker that fails.
pub fn panics_on_b(path: &Path) -> Result<FileSummary, FileError> {
    if path.ends_with("b.txt") {
        panic!("refusing to read {}", path.display());
    }
    summarize_file(path)
}

/// A named pipe `name` in `dir` (`mkfifo`). Opening it blocks until the other end is
/// opened too, so a test that writes pipes in an order only parallel readers can follow
/// proves that its readers run at the same time.
pub fn fifo(dir: &TempDir, name: &str) -> PathBuf {
    let path = dir.path().join(name);
    let status = std::process::Command::new("mkfifo")
        .arg(&path)
        .status()
        .expect("run mkfifo");
    assert!(status.success(), "mkfifo {}: {status}", path.display());
    path
}

/// Moved into a worker thread (in its closure or its iterator): when the worker drops it,
/// its last act, it waits a little, then sets the flag. The wait gives a worker that
/// nobody joins every chance to be caught still running; a `drop` that joins waits for
/// it anyway.
pub struct SetWhenDropped(pub Arc<AtomicBool>);

impl Drop for SetWhenDropped {
    fn drop(&mut self) {
        std::thread::sleep(Duration::from_millis(100));
        self.0.store(true, Ordering::SeqCst);
    }
}

/// `n` players named `player-000`, `player-001`, …
pub fn players(n: usize) -> Vec<Player> {
    (0..n).map(|i| Player(format!("player-{i:03}"))).collect()
}

/// What every `Lobby` must do when many threads join at once: each player ends up in
/// exactly one match or still waiting, every match is full, and `waiting` holds the
/// remainder.
pub fn check_concurrent_joins<L: Lobby + Sync>(lobby: &L, per_match: usize, n: usize) {
    let all = players(n);
    let matches = join_from_threads(lobby, all.clone(), 4);
    assert_eq!(matches.len(), n / per_match);
    assert!(matches.iter().all(|m| m.players.len() == per_match));
    let waiting = lobby.waiting();
    assert_eq!(waiting.len(), n % per_match);
    let mut seen: Vec<Player> = matches.into_iter().flat_map(|m| m.players).collect();
    seen.extend(waiting);
    seen.sort();
    assert_eq!(seen, all);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn within_returns_the_result_of_work_that_finishes() {
        assert_eq!(within(Duration::from_secs(10), || 6 * 7), Ok(42));
    }

    #[test]
    fn within_turns_a_hang_into_an_error_that_says_so() {
        let hang = within(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(5));
        });
        assert_eq!(
            hang,
            Err(TimedOut {
                limit: Duration::from_millis(50)
            })
        );
        assert_eq!(
            format!("{:?}", hang.unwrap_err()),
            "did not finish within 50ms: a hang or a deadlock"
        );
    }

    #[test]
    #[should_panic(expected = "inner panic")]
    fn within_raises_the_works_panic_again() {
        let _ = within(Duration::from_secs(10), || panic!("inner panic"));
    }

    #[test]
    fn set_when_dropped_sets_its_flag_on_drop_only() {
        let flag = Arc::new(AtomicBool::new(false));
        let guard = SetWhenDropped(Arc::clone(&flag));
        assert!(!flag.load(Ordering::SeqCst));
        drop(guard);
        assert!(flag.load(Ordering::SeqCst));
    }
}
