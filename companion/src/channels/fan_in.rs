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
    let (sender, receiver) = mpsc::channel::<(usize, String)>();
    let mut handles = Vec::new();
    for (index, sentence) in sentences.into_iter().enumerate() {
        let sender = sender.clone();
        handles.push(thread::spawn(move || {
            let reversed: String = sentence.chars().rev().collect();
            sender.send((index, reversed)).unwrap();
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

    #[test]
    fn results_are_in_input_order_even_when_the_first_sentence_arrives_last() {
        // The first sentence is long enough to keep its thread busy far longer than it
        // takes to start the other eight and reverse their one word each, so its result
        // arrives after theirs: without the sort it would come out last.
        let mut sentences = vec!["long ".repeat(400_000)];
        sentences.extend((1..=8).map(|i| format!("word{i}")));
        let expected: Vec<String> = sentences
            .iter()
            .map(|s| s.chars().rev().collect())
            .collect();
        let reversed = within(Duration::from_secs(20), move || reverse_all(sentences)).unwrap();
        assert!(reversed == expected, "results out of input order");
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
