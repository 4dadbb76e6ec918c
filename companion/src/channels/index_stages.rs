//! The four jobs of the inverted-index pipeline, as plain single-threaded functions.
//!
//! From source note 002 (errata: `book/errata.md`), "Running the Pipeline": the note mentions "our inverted
//! index builder" but its heading is empty. An inverted index maps each word to the
//! documents that contain it (here, with how often), the data structure behind a search
//! engine. Reading a file reuses chapter 2's `read_text`, whose errors name the file.

// ANCHOR: index_stages
use std::collections::BTreeMap;
use std::path::PathBuf;

pub type WordCounts = BTreeMap<String, usize>;

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct InvertedIndex {
    /// word -> (document -> how many times the word occurs in it)
    pub words: BTreeMap<String, BTreeMap<PathBuf, usize>>,
}

/// Lower-cased runs of letters and digits: "Don't panic!" gives `don`, `t`, `panic`.
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

pub fn count_words(words: Vec<String>) -> WordCounts {
    let mut counts = WordCounts::new();
    for word in words {
        *counts.entry(word).or_insert(0) += 1;
    }
    counts
}

impl InvertedIndex {
    pub fn merge(&mut self, document: PathBuf, counts: WordCounts) {
        for (word, count) in counts {
            self.words
                .entry(word)
                .or_default()
                .insert(document.clone(), count);
        }
    }

    pub fn documents_with(&self, word: &str) -> Vec<&PathBuf> {
        self.words
            .get(word)
            .map(|documents| documents.keys().collect())
            .unwrap_or_default()
    }
}
// ANCHOR_END: index_stages

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokenize_lowercases_and_splits_on_punctuation() {
        assert_eq!(
            tokenize("Don't panic! Threads, THREADS… 2 cores"),
            vec!["don", "t", "panic", "threads", "threads", "2", "cores"]
        );
        assert!(tokenize(" ,.!? ").is_empty());
    }

    #[test]
    fn merge_keeps_a_count_per_document() {
        let mut index = InvertedIndex::default();
        index.merge("a.txt".into(), count_words(tokenize("send recv send")));
        index.merge("b.txt".into(), count_words(tokenize("send")));
        assert_eq!(index.words["send"][&PathBuf::from("a.txt")], 2);
        assert_eq!(index.words["send"][&PathBuf::from("b.txt")], 1);
        assert_eq!(index.documents_with("recv"), vec![&PathBuf::from("a.txt")]);
        assert!(index.documents_with("mutex").is_empty());
    }
}
