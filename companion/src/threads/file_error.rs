//! The error type of the fork-join example: every variant names the file(s) it is about.
//!
//! From source note 002 (errata: `book/errata.md`), "spawn and join": the note's workers return
//! `io::Result<()>`, and an `io::Error` such as "No such file or directory" does not say
//! which of the thousands of files failed.

// ANCHOR: file_error
use std::error::Error;
use std::fmt;
use std::io;
use std::path::PathBuf;
use std::string::FromUtf8Error;

#[derive(Debug)]
pub enum FileError {
    Read {
        path: PathBuf,
        source: io::Error,
    },
    NotUtf8 {
        path: PathBuf,
        source: FromUtf8Error,
    },
    WorkerPanicked {
        files: Vec<PathBuf>,
        message: String,
    },
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FileError::Read { path, source } => {
                write!(f, "cannot read {}: {source}", path.display())
            }
            FileError::NotUtf8 { path, .. } => write!(f, "{} is not UTF-8 text", path.display()),
            FileError::WorkerPanicked { files, message } => {
                let names: Vec<_> = files
                    .iter()
                    .map(|file| file.display().to_string())
                    .collect();
                write!(
                    f,
                    "a worker panicked ({message}) while processing {}",
                    names.join(", ")
                )
            }
        }
    }
}

impl Error for FileError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            FileError::Read { source, .. } => Some(source),
            FileError::NotUtf8 { source, .. } => Some(source),
            FileError::WorkerPanicked { .. } => None,
        }
    }
}
// ANCHOR_END: file_error

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panicked_worker_lists_its_files() {
        let error = FileError::WorkerPanicked {
            files: vec![PathBuf::from("a.txt"), PathBuf::from("b.txt")],
            message: "boom".to_string(),
        };
        assert_eq!(
            error.to_string(),
            "a worker panicked (boom) while processing a.txt, b.txt"
        );
        assert!(error.source().is_none());
    }

    #[test]
    fn read_error_names_the_file_and_keeps_the_cause() {
        let error = FileError::Read {
            path: PathBuf::from("notes/threads.md"),
            source: io::Error::from(io::ErrorKind::NotFound),
        };
        assert_eq!(
            error.to_string(),
            "cannot read notes/threads.md: entity not found"
        );
        let cause = error.source().unwrap().downcast_ref::<io::Error>().unwrap();
        assert_eq!(cause.kind(), io::ErrorKind::NotFound);
    }
}
