//! The per-file job of the fork-join example: read a file as text, count its lines and words.
//!
//! From source note 002 (errata: `book/errata.md`), "spawn and join": the note's `process_files` is never
//! shown and returns `io::Result<()>`, throwing the work away; here each file yields a
//! summary the caller can check.

use super::file_error::FileError;

// ANCHOR: summary
use std::fs;
use std::path::{Path, PathBuf};

pub fn read_text(path: &Path) -> Result<String, FileError> {
    let bytes = fs::read(path).map_err(|source| FileError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    String::from_utf8(bytes).map_err(|source| FileError::NotUtf8 {
        path: path.to_path_buf(),
        source,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    pub path: PathBuf,
    pub lines: usize,
    pub words: usize,
}

pub fn summarize_file(path: &Path) -> Result<FileSummary, FileError> {
    let text = read_text(path)?;
    Ok(FileSummary {
        path: path.to_path_buf(),
        lines: text.lines().count(),
        words: text.split_whitespace().count(),
    })
}
// ANCHOR_END: summary

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::TempDir;
    use std::error::Error;
    use std::io;

    #[test]
    fn summarize_counts_lines_and_words() {
        let dir = TempDir::new("summarize").unwrap();
        let file = dir
            .write("poem.txt", "fork and join\n\nthreads all the way\n")
            .unwrap();
        let summary = summarize_file(&file).unwrap();
        assert_eq!(
            summary,
            FileSummary {
                path: file,
                lines: 3,
                words: 7
            }
        );
    }

    #[test]
    fn missing_file_is_a_read_error_naming_it() {
        let dir = TempDir::new("missing").unwrap();
        let missing = dir.path().join("missing.txt");
        let error = summarize_file(&missing).unwrap_err();
        match &error {
            FileError::Read { path, source } => {
                assert_eq!(path, &missing);
                assert_eq!(source.kind(), io::ErrorKind::NotFound);
            }
            other => panic!("expected a read error, got {other:?}"),
        }
        assert!(error.to_string().contains("missing.txt"), "{error}");
        assert!(error.source().is_some());
    }

    #[test]
    fn invalid_utf8_is_reported_with_its_path() {
        let dir = TempDir::new("not-utf8").unwrap();
        let file = dir.write("binary.dat", [0x66, 0x6f, 0xff, 0xfe]).unwrap();
        let error = summarize_file(&file).unwrap_err();
        assert!(matches!(&error, FileError::NotUtf8 { path, .. } if path == &file));
        assert!(
            error.to_string().ends_with("binary.dat is not UTF-8 text"),
            "{error}"
        );
        assert!(error.source().is_some());
    }

    #[test]
    fn a_directory_is_unreadable_as_a_file() {
        let dir = TempDir::new("dir-as-file").unwrap();
        let error = summarize_file(dir.path()).unwrap_err();
        assert!(matches!(&error, FileError::Read { path, .. } if path == dir.path()));
    }
}
