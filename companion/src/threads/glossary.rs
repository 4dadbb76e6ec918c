//! The glossary job: which glossary terms does a file use? The glossary is large and
//! read-only, so every worker should share one copy.
//!
//! From source note 002 (errata: `book/errata.md`), "Sharing Immutable Data Across": the note's
//! `GigabyteMap` and `process_files(worklist, &glossary)` are never defined; a glossary is
//! a `HashMap` from term to definition, and the job returns the terms each file uses.

// ANCHOR: glossary
use concurrent_rust::threads::file_error::FileError;
use concurrent_rust::threads::summary::read_text;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

pub type Glossary = HashMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TermHits {
    pub path: PathBuf,
    pub terms: Vec<String>,
}

pub fn find_terms(path: &Path, glossary: &Glossary) -> Result<TermHits, FileError> {
    let text = read_text(path)?;
    let mut terms: Vec<String> = text
        .split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|word| glossary.contains_key(word))
        .collect();
    terms.sort();
    terms.dedup();
    Ok(TermHits {
        path: path.to_path_buf(),
        terms,
    })
}

pub fn sample_glossary() -> Glossary {
    [
        ("thread", "an independent path of execution in a process"),
        ("join", "wait for a thread to finish and take its result"),
        ("panic", "unwind the current thread"),
        ("arc", "a reference-counted pointer that threads can share"),
    ]
    .into_iter()
    .map(|(term, definition)| (term.to_string(), definition.to_string()))
    .collect()
}
// ANCHOR_END: glossary

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::TempDir;

    #[test]
    fn finds_each_term_once_ignoring_case_and_punctuation() {
        let dir = TempDir::new("glossary").unwrap();
        let file = dir
            .write(
                "notes.txt",
                "A Thread may panic. Join the thread!\nNo arcs.",
            )
            .unwrap();
        let hits = find_terms(&file, &sample_glossary()).unwrap();
        assert_eq!(hits.terms, ["join", "panic", "thread"]);
        assert_eq!(hits.path, file);
    }

    #[test]
    fn a_missing_file_is_an_error_naming_it() {
        let dir = TempDir::new("glossary-missing").unwrap();
        let missing = dir.path().join("gone.txt");
        let error = find_terms(&missing, &sample_glossary()).unwrap_err();
        assert!(matches!(&error, FileError::Read { path, .. } if path == &missing));
    }
}
