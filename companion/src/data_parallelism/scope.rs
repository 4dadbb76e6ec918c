//! `rayon::scope`: spawn any number of tasks that borrow from the caller.

// ANCHOR: scope
pub fn word_counts(documents: &[&str]) -> Vec<usize> {
    let mut counts = vec![0; documents.len()];
    rayon::scope(|s| {
        for (document, count) in documents.iter().zip(counts.iter_mut()) {
            s.spawn(move |_| *count = document.split_whitespace().count());
        }
    });
    counts
}

pub fn main() {
    let documents = [
        "rayon splits work",
        "every task may borrow from the caller",
        "scope waits for all of them",
    ];
    for (document, count) in documents.iter().zip(word_counts(&documents)) {
        println!("{count} words: {document}");
    }
}
// ANCHOR_END: scope

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_task_has_finished_when_scope_returns() {
        let texts: Vec<String> = (0..500).map(|i| "word ".repeat(i % 37)).collect();
        let documents: Vec<&str> = texts.iter().map(String::as_str).collect();
        let expected: Vec<usize> = (0..500).map(|i| i % 37).collect();
        assert_eq!(word_counts(&documents), expected);
        assert_eq!(word_counts(&[]), Vec::<usize>::new());
    }

    #[test]
    fn a_panicking_task_is_re_raised_by_scope_after_the_others_finish() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let finished = AtomicUsize::new(0);
        let outcome = std::panic::catch_unwind(|| {
            rayon::scope(|s| {
                for i in 0..8 {
                    let finished = &finished;
                    s.spawn(move |_| {
                        if i == 3 {
                            panic!("task {i} failed");
                        }
                        finished.fetch_add(1, Ordering::Relaxed);
                    });
                }
            })
        });
        let payload = outcome.unwrap_err();
        assert_eq!(
            crate::threads::panics::panic_message(&*payload),
            "task 3 failed"
        );
        assert_eq!(finished.load(Ordering::Relaxed), 7);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
