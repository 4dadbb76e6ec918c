//! Executing notebooks: `cargo xtask notebooks`, and the check's `notebooks` stage.
//!
//! The work is done by `xtask/run_notebooks.py` (nbclient and the evcxr kernel); this
//! module starts it, and holds the fixture notebooks that prove the runner fails a failing
//! cell for the right reason. What counts as a failure lives in three places, which must
//! agree: the panic hook of the setup cell ([`crate::notebook`]), the runner's
//! `FAILURE_MARKERS`, and the [`FIXTURES`] here.

use crate::chapters::Chapter;
use crate::notebook;
use crate::paths::{self, NOTEBOOKS};
use crate::run;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// `cargo xtask notebooks [--learner] [FILE…]`: executes notebooks with the evcxr kernel
/// (`--learner`: as JupyterLab does, without the runner's panic hook).
/// `cargo xtask notebooks --fixtures`: only the fixtures that test the runner itself.
pub fn execute(args: &[String]) -> Result<()> {
    let root = paths::root();
    crate::setup::install_missing(&crate::setup::Needs::notebooks())?;
    if args.iter().any(|a| a == "--fixtures") {
        return run_fixtures(root);
    }
    let learner = args.iter().any(|a| a == "--learner");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--learner").collect();
    let notebooks: Vec<PathBuf> = if files.is_empty() {
        all_notebooks(root)?
    } else {
        files.into_iter().map(PathBuf::from).collect()
    };
    run_notebooks(root, &notebooks, None, learner)
}

/// Every committed notebook, in chapter order.
pub fn all_notebooks(root: &Path) -> Result<Vec<PathBuf>> {
    let mut notebooks: Vec<PathBuf> = fs::read_dir(root.join(NOTEBOOKS))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    notebooks.retain(|p| p.extension().is_some_and(|e| e == "ipynb"));
    notebooks.sort();
    Ok(notebooks)
}

/// Runs the Python runner (nbclient) on `notebooks`, one at a time. With
/// `expect_failure: Some(text)`, each notebook must fail and its failure report must
/// contain `text`: that is how the check proves a failing cell is caught, and caught for
/// the right reason. With `learner`, the kernel runs as in JupyterLab, without
/// [`RUNNER_ENV`], so the setup cell installs no panic hook.
pub fn run_notebooks(
    root: &Path,
    notebooks: &[PathBuf],
    expect_failure: Option<&str>,
    learner: bool,
) -> Result<()> {
    let mut command = Command::new(paths::venv_bin(root, "python"));
    command.arg(root.join(paths::NOTEBOOK_RUNNER));
    if learner {
        command.arg("--learner");
    }
    if let Some(text) = expect_failure {
        command.args(["--expect-failure", text]);
    }
    command.args(notebooks);
    run::run(root, &mut command)
}

/// Runs every notebook, then the fixtures that prove the runner catches a failing cell
/// (for the right reason) and does not fail a cell whose panic is a joined thread's that
/// the book announces.
pub fn run_all_with_fixtures(root: &Path) -> Result<()> {
    let all = all_notebooks(root)?;
    if all.is_empty() {
        bail!("no notebooks in notebooks/: run `cargo xtask gen`");
    }
    let chapters = run_notebooks(root, &all, None, false);
    chapters.and(run_fixtures(root))
}

/// Runs every fixture; each must pass or fail as it says.
fn run_fixtures(root: &Path) -> Result<()> {
    let mut fixtures = Vec::new();
    for fixture in FIXTURES {
        let path = write_fixture(root, fixture)?;
        let result = run_notebooks(root, &[path], fixture.must_fail_with, fixture.learner)
            .with_context(|| format!("fixture {}: {}", fixture.name, fixture.proves));
        fixtures.push(result);
    }
    fixtures.into_iter().fold(Ok(()), Result::and)
}

/// A notebook made for the check, to test the notebook runner itself.
struct Fixture {
    name: &'static str,
    /// The chapter's markdown after its title, as the generator sees a preprocessed page.
    markdown: &'static str,
    /// Run as JupyterLab does (`--learner`: no panic hook) instead of as the runner.
    learner: bool,
    /// `Some(text)`: the run must fail and report `text`. `None`: the run must pass.
    must_fail_with: Option<&'static str>,
    proves: &'static str,
}

const FIXTURES: &[Fixture] = &[
    Fixture {
        name: "failing_assert",
        markdown: "```rust\nlet answer = 6 * 7;\nassert_eq!(answer, 41, \"this cell is meant to fail\");\n```\n",
        learner: false,
        must_fail_with: Some("notebook cell panicked"),
        proves: "a failing assert! on the cell thread fails the run (evcxr alone reports it as a success)",
    },
    Fixture {
        name: "compile_error",
        markdown: "```rust\nlet count: u32 = \"not a number\";\n```\n",
        learner: false,
        must_fail_with: Some("mismatched types"),
        proves: "a cell that does not compile fails the run",
    },
    Fixture {
        name: "announced_thread_panic",
        markdown: "```rust\n\
                   let worker = std::thread::spawn(|| panic!(\"a worker fails on purpose\"));\n\
                   assert!(worker.join().is_err());\n\
                   println!(\"the cell saw the worker's panic and went on\");\n\
                   ```\n*Listing 0.1 — the caption*\n\n\
                   ```text\n\
                   thread '<unnamed>' (7) panicked at companion/src/fixtures.rs:1:33:\n\
                   a worker fails on purpose\n\
                   note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\
                   the cell saw the worker's panic and went on\n\
                   ```\n",
        learner: false,
        must_fail_with: None,
        proves: "a panic in a spawned thread that the book shows after the listing is not a failure",
    },
    Fixture {
        name: "announced_panic_reported_late",
        markdown: "```rust\n\
                   std::thread::spawn(|| {\n\
                   \x20   std::thread::sleep(std::time::Duration::from_millis(500));\n\
                   \x20   panic!(\"a detached worker fails after the cell returned\");\n\
                   });\n\
                   println!(\"the cell returns before its worker panics\");\n\
                   ```\n*Listing 0.1 — the caption*\n\n\
                   ```text\n\
                   the cell returns before its worker panics\n\
                   thread '<unnamed>' (7) panicked at companion/src/fixtures.rs:3:5:\n\
                   a detached worker fails after the cell returned\n\
                   ```\n",
        learner: false,
        must_fail_with: None,
        proves: "a panic report that reaches the runner after the kernel said the cell was done is still seen (evcxr forwards stderr on its own thread; nbclient alone drops it)",
    },
    Fixture {
        name: "unannounced_thread_panic",
        markdown: "```rust\n\
                   let worker = std::thread::spawn(|| panic!(\"a worker fails by accident\"));\n\
                   assert!(worker.join().is_err());\n\
                   ```\n*Listing 0.1 — the caption*\n\n\
                   ```text\n\
                   thread '<unnamed>' (7) panicked at companion/src/fixtures.rs:1:33:\n\
                   a different message\n\
                   ```\n",
        learner: false,
        must_fail_with: Some("a panic the book does not announce: 'a worker fails by accident'"),
        proves: "a panic in a spawned thread that the book does not announce fails the run (evcxr alone reports it as a success)",
    },
    Fixture {
        name: "announced_panic_that_never_happens",
        markdown: "```rust\n\
                   let worker = std::thread::spawn(|| 6 * 7);\n\
                   assert_eq!(worker.join().unwrap(), 42);\n\
                   ```\n*Listing 0.1 — the caption*\n\n\
                   ```text\n\
                   thread '<unnamed>' (7) panicked at companion/src/fixtures.rs:1:33:\n\
                   a worker fails on purpose\n\
                   ```\n",
        learner: false,
        must_fail_with: Some(
            "the book announces a panic that did not happen: 'a worker fails on purpose'",
        ),
        proves: "an output block that shows a panic the code does not make fails the run",
    },
    Fixture {
        name: "learner_keeps_state",
        markdown: "```rust\nlet kept = String::from(\"still here\");\n```\n\n\
                   ```rust\nNone::<u32>.unwrap();\n```\n\n\
                   ```text\n\
                   thread '<unnamed>' panicked at src/lib.rs:1:13:\n\
                   called `Option::unwrap()` on a `None` value\n\
                   ```\n\n\
                   ```rust\nassert_eq!(kept, \"still here\");\n```\n",
        learner: true,
        must_fail_with: None,
        proves: "in JupyterLab (no runner variable) a panicking cell leaves the kernel and its variables alive",
    },
];

/// Writes a fixture notebook, generated with the same setup cells as the chapters (so it
/// tests the real panic hook), into `target/xtask/fixtures/`.
fn write_fixture(root: &Path, fixture: &Fixture) -> Result<PathBuf> {
    let dir = root.join("target/xtask/fixtures");
    fs::create_dir_all(&dir)?;
    let title = format!("Fixture: {}", fixture.name);
    let chapter = Chapter::single_page(0, fixture.name, "fixtures", &title);
    let markdown = format!("# Fixture\n\n{}", fixture.markdown);
    let cells = notebook::chapter_cells(&chapter, &markdown, &toml::Table::new(), None)?;
    let path = dir.join(format!("{}.ipynb", fixture.name));
    fs::write(&path, notebook::to_json(&cells))?;
    Ok(path)
}
