//! Fan-in: many threads send into clones of one `Sender`, one thread collects.
//!
//! From source note 000 (errata: `book/errata.md`), "Multi Producer Single Consumer (mpsc)": the note's
//! snippet does not compile (`sentences` is never defined and the statements sit outside
//! any function), never joins its threads, and prints in arrival order, which changes from
//! run to run. Here each result carries the index of its sentence, every thread is joined,
//! and the results are put back in input order.

// ANCHOR: fan_in
use std::sync::mpsc;
use std::thread;

pub fn reverse_all(sentences: Vec<String>) -> Vec<String> {
    reverse_all_with(sentences, |sentence| sentence.chars().rev().collect())
}

/// Runs `reverse` on each sentence, each on a thread of its own; returns the results in
/// input order.
pub fn reverse_all_with(sentences: Vec<String>, reverse: fn(&str) -> String) -> Vec<String> {
    let (sender, receiver) = mpsc::channel::<(usize, String)>();
    let mut handles = Vec::new();
    for (index, sentence) in sentences.into_iter().enumerate() {
        let sender = sender.clone();
        handles.push(thread::spawn(move || {
            sender.send((index, reverse(&sentence))).unwrap();
        }));
    }
    // Our own sender: without this drop, the loop below would wait forever.
    drop(sender);

    let mut results: Vec<(usize, String)> = receiver.iter().collect();
    for handle in handles {
        handle.join().unwrap();
    }
    results.sort_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, sentence)| sentence).collect()
}

pub fn main() {
    let sentences = vec![
        "a channel moves values".to_string(),
        "the receiver owns them".to_string(),
        "mpsc means many senders".to_string(),
    ];
    for reversed in reverse_all(sentences) {
        println!("{reversed}");
    }
}
// ANCHOR_END: fan_in

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::{Condvar, Mutex};
    use std::time::Duration;

    // Every test goes through `within`: without `drop(sender)`, `reverse_all` would wait
    // for ever, and that must be a failure, not a hang.

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn results_come_back_in_input_order_whatever_the_arrival_order() {
        let sentences: Vec<String> = (0..50).map(|i| format!("sentence number {i}")).collect();
        let expected: Vec<String> = sentences
            .iter()
            .map(|s| s.chars().rev().collect())
            .collect();
        assert_eq!(
            within(Duration::from_secs(10), move || reverse_all(sentences)).unwrap(),
            expected
        );
    }

    // Forcing an arrival order: the first sentence's worker sends only after every other
    // worker has sent and ended. A thread's thread-local values are dropped when it exits,
    // after its closure (and so its `send`) has returned; the guard below counts those
    // exits. (Statics, because `reverse` is a `fn` pointer.)
    static EXITED: Mutex<Vec<usize>> = Mutex::new(Vec::new());
    static AN_EXIT: Condvar = Condvar::new();

    struct CountsItsThreadsExit(usize);

    impl Drop for CountsItsThreadsExit {
        fn drop(&mut self) {
            EXITED.lock().unwrap().push(self.0);
            AN_EXIT.notify_all();
        }
    }

    thread_local! {
        static EXIT_GUARD: std::cell::OnceCell<CountsItsThreadsExit> =
            const { std::cell::OnceCell::new() };
    }

    const FORCED: usize = 8;

    /// Sentence `i` is the number `i`. Worker 0 waits until the other workers have exited.
    fn reverse_with_the_first_last(sentence: &str) -> String {
        let index: usize = sentence.parse().unwrap();
        if index == 0 {
            let exited = EXITED.lock().unwrap();
            let exited = AN_EXIT
                .wait_while(exited, |exited| exited.len() < FORCED - 1)
                .unwrap();
            drop(exited);
        }
        EXIT_GUARD.with(|guard| {
            guard.get_or_init(|| CountsItsThreadsExit(index));
        });
        sentence.chars().rev().collect()
    }

    #[test]
    fn results_are_in_input_order_even_when_the_first_sentence_arrives_last() {
        EXITED.lock().unwrap().clear();
        let sentences: Vec<String> = (0..FORCED).map(|i| i.to_string()).collect();
        let expected = sentences.clone(); // one digit: reversed, the same
        let reversed = within(Duration::from_secs(10), move || {
            reverse_all_with(sentences, reverse_with_the_first_last)
        })
        .expect("the forced arrival order deadlocked");
        // The arrival order really differed from the input order: sentence 0's worker
        // exited last, and it sent after every other worker had sent.
        let exits = EXITED.lock().unwrap().clone();
        assert_eq!(exits.len(), FORCED, "{exits:?}");
        assert_eq!(exits.last(), Some(&0), "{exits:?}");
        assert_eq!(reversed, expected, "results out of input order");
    }

    #[test]
    fn multibyte_characters_are_reversed_whole() {
        assert_eq!(
            within(Duration::from_secs(10), || reverse_all(vec![
                "añb€".to_string()
            ]))
            .unwrap(),
            vec!["€bña"]
        );
    }

    #[test]
    fn no_sentences_no_threads_no_hang() {
        assert!(
            within(Duration::from_secs(10), || reverse_all(Vec::new()))
                .unwrap()
                .is_empty()
        );
    }
}
