//! Globals built at run time: `OnceLock` is set once, by whoever comes first; `LazyLock`
//! runs its initializer on first use. Both are `Sync`, so they can be statics, and both
//! run one initializer at a time even when threads race for it. They differ when the
//! initializer panics: `OnceLock` stays empty and the next caller runs its own closure;
//! a `LazyLock` is poisoned for good, and every later access panics.

// ANCHOR: once_lock
use std::sync::OnceLock;

#[derive(Debug, PartialEq)]
pub struct Settings {
    pub workers: usize,
}

static SETTINGS: OnceLock<Settings> = OnceLock::new();

pub fn configure(workers: usize) -> Result<(), Settings> {
    SETTINGS.set(Settings { workers })
}

pub fn settings() -> &'static Settings {
    SETTINGS.get_or_init(|| Settings { workers: 4 })
}
// ANCHOR_END: once_lock

// ANCHOR: lazy_lock
use concurrent_rust::sync::atomic::{AtomicUsize, Ordering};
use std::collections::HashSet;
use std::sync::LazyLock;

pub static STOP_WORD_BUILDS: AtomicUsize = AtomicUsize::new(0);

static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    STOP_WORD_BUILDS.fetch_add(1, Ordering::Relaxed);
    println!("building the stop-word set (this runs once)");
    ["a", "an", "and", "the", "of", "to"].into_iter().collect()
});

pub fn content_words(text: &str) -> Vec<&str> {
    text.split_whitespace()
        .filter(|word| !STOP_WORDS.contains(word.to_lowercase().as_str()))
        .collect()
}

pub fn main() {
    println!("configure(2) -> {:?}", configure(2));
    println!("configure(8) -> {:?}", configure(8));
    println!("settings() -> {:?}", settings());
    let words = std::thread::scope(|s| {
        let first = s.spawn(|| content_words("the art of the thread"));
        let second = s.spawn(|| content_words("a join and a scope"));
        [first.join().unwrap(), second.join().unwrap()]
    });
    println!("{words:?}");
}
// ANCHOR_END: lazy_lock

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_set_at_most_once() {
        // Whatever ran first (this test's `configure` or another caller's `settings`), the
        // value never changes afterwards, and a second `configure` hands its value back.
        let _ = configure(8);
        let first = settings().workers;
        assert!([2, 4, 8].contains(&first), "{first}"); // set by this test, `main`, or the default
        assert_eq!(configure(16), Err(Settings { workers: 16 }));
        assert_eq!(settings().workers, first);
    }

    /// Four threads reach `STOP_WORDS` at the same moment (and the other tests of this
    /// file too, in the same process): its initializer ran exactly once.
    #[test]
    fn the_stop_word_set_is_built_once() {
        let start = std::sync::Barrier::new(4);
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| {
                    start.wait();
                    assert_eq!(content_words("the end"), ["end"]);
                });
            }
        });
        assert_eq!(STOP_WORD_BUILDS.load(Ordering::Relaxed), 1);
    }

    /// `OnceLock::get_or_init` whose closure panics leaves the cell empty: the next caller
    /// runs *its* closure, and the cell is set.
    #[test]
    fn a_once_lock_retries_after_a_panicking_initializer() {
        let cell: OnceLock<u32> = OnceLock::new();
        let first = std::thread::scope(|s| {
            s.spawn(|| *cell.get_or_init(|| panic!("no config file")))
                .join()
        });
        assert!(first.is_err());
        assert_eq!(cell.get(), None);
        assert_eq!(*cell.get_or_init(|| 7), 7);
        assert_eq!(cell.get(), Some(&7));
    }

    /// A `LazyLock` whose initializer panics is poisoned: the initializer never runs again,
    /// and every later access panics, saying so.
    #[test]
    fn a_lazy_lock_is_poisoned_for_good_by_a_panicking_initializer() {
        static RUNS: AtomicUsize = AtomicUsize::new(0);
        static FLAKY: LazyLock<u32> = LazyLock::new(|| {
            RUNS.fetch_add(1, Ordering::Relaxed);
            panic!("no config file")
        });
        let message = |attempt: std::thread::Result<u32>| {
            let payload = attempt.expect_err("the access panics");
            payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default()
        };
        let first = message(std::thread::spawn(|| *FLAKY).join());
        assert_eq!(first, "no config file");
        for _ in 0..2 {
            let later = message(std::thread::spawn(|| *FLAKY).join());
            assert!(later.contains("poisoned"), "{later}");
        }
        assert_eq!(RUNS.load(Ordering::Relaxed), 1, "the initializer ran again");
    }

    #[test]
    fn stop_words_are_skipped() {
        assert_eq!(
            content_words("The art of the Thread"),
            vec!["art", "Thread"]
        );
        assert_eq!(content_words(""), Vec::<&str>::new());
    }

    #[test]
    fn main_runs() {
        main();
    }
}
