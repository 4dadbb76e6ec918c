//! Where things are. Every path is relative to the repository root.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The repository root (the parent of this crate's directory).
pub fn root() -> &'static Path {
    static ROOT: OnceLock<PathBuf> = OnceLock::new();
    ROOT.get_or_init(|| {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .parent()
            .expect("xtask lives one level below the repository root")
            .to_path_buf()
    })
}

pub const BOOK_SRC: &str = "book";
pub const NOTEBOOKS: &str = "notebooks";
pub const COMPANION: &str = "companion";
pub const VENV: &str = ".venv";
pub const REQUIREMENTS: &str = "xtask/requirements.txt";
pub const NOTEBOOK_RUNNER: &str = "xtask/run_notebooks.py";

/// A program inside the project's virtual environment, e.g. `python` or `jupyter`.
pub fn venv_bin(root: &Path, program: &str) -> PathBuf {
    root.join(VENV).join("bin").join(program)
}

/// Resolves `a/../b` without touching the file system.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}
