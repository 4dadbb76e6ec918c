//! Globals built at run time: `OnceLock` is set once, by whoever comes first; `LazyLock`
//! runs its initializer on first use. Both are `Sync`, so they can be statics, and both
//! guarantee the initialization happens exactly once even when threads race for it.

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
use std::collections::HashSet;
use std::sync::LazyLock;

static STOP_WORDS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
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
