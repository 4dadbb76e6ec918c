//! `cargo xtask check`: every check, fastest first, with a summary at the end.
//!
//! CI (`.ci/run`) runs exactly this command. It installs missing tools first (see
//! `setup`), then runs each stage even if an earlier one failed, so one run reports
//! everything that is wrong.

use crate::notebook;
use crate::paths;
use crate::{book, lint, mutants, run, setup, stress};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

struct Stage {
    name: &'static str,
    what: &'static str,
    run: fn(&Path) -> Result<()>,
}

const STAGES: &[Stage] = &[
    Stage {
        name: "fmt",
        what: "cargo fmt --check",
        run: fmt,
    },
    Stage {
        name: "clippy",
        what: "cargo clippy --workspace --all-targets -- -D warnings",
        run: clippy,
    },
    Stage {
        name: "clippy-loom",
        what: "clippy over the loom models too (RUSTFLAGS=--cfg loom)",
        run: clippy_loom,
    },
    Stage {
        name: "doc",
        what: "cargo doc on companion with RUSTDOCFLAGS=-D warnings (intra-doc links resolve)",
        run: doc,
    },
    Stage {
        name: "test",
        what: "every test under nextest's time limit (compile-fail .stderr, printed outputs, \
               xtask included), then the doctests",
        run: test,
    },
    Stage {
        name: "bench-build",
        what: "cargo bench --no-run (the criterion benches compile)",
        run: bench_build,
    },
    Stage {
        name: "loom",
        what: "loom models, RUSTFLAGS=--cfg loom, LOOM_MAX_PREEMPTIONS=2",
        run: loom,
    },
    Stage {
        name: "stress",
        what: "every companion test that starts a thread or a task, 20 times in a row",
        run: stress_stage,
    },
    Stage {
        name: "mutants",
        what: "each chapter's mutation report is fresh and explains every missed mutant",
        run: mutants_fresh,
    },
    Stage {
        name: "book-lint",
        what: "every Rust block, compiler error and printed output comes from companion/",
        run: book_lint,
    },
    Stage {
        name: "fresh",
        what: "notebooks and generated pages match `cargo xtask gen`",
        run: fresh,
    },
    Stage {
        name: "book",
        what: "mdbook build without a warning, with mdbook-linkcheck2 (zero broken links)",
        run: book_build,
    },
    Stage {
        name: "notebooks",
        what: "every notebook runs in the evcxr kernel; fixtures prove failing cells fail",
        run: notebooks,
    },
];

pub fn check(args: &[String]) -> Result<()> {
    let root = paths::root();
    let only: Option<Vec<String>> = match args {
        [] => None,
        [flag] if flag == "--list" => {
            for stage in STAGES {
                println!("{:<12} {}", stage.name, stage.what);
            }
            return Ok(());
        }
        [flag, names] if flag == "--only" => Some(names.split(',').map(str::to_string).collect()),
        _ => bail!("usage: cargo xtask check [--list | --only STAGE[,STAGE]]"),
    };
    if let Some(only) = &only {
        for name in only {
            if !STAGES.iter().any(|s| s.name == name) {
                bail!("no stage `{name}`; `cargo xtask check --list` lists them");
            }
        }
    }
    let selected: Vec<&Stage> = STAGES
        .iter()
        .filter(|s| only.as_ref().is_none_or(|o| o.iter().any(|n| n == s.name)))
        .collect();

    let started = Instant::now();
    let needs = setup::Needs {
        book: selected.iter().any(|s| s.name == "book"),
        notebooks: selected.iter().any(|s| s.name == "notebooks"),
    };
    setup::install_missing(&needs)?;

    let mut results: Vec<(&str, Duration, Result<()>)> = Vec::new();
    for stage in selected {
        println!("\n== {}: {}", stage.name, stage.what);
        let stage_started = Instant::now();
        let result = (stage.run)(root);
        if let Err(error) = &result {
            println!("!! {} failed: {error:#}", stage.name);
        }
        results.push((stage.name, stage_started.elapsed(), result));
    }

    println!("\n== summary");
    let mut failed = 0;
    for (name, took, result) in &results {
        let verdict = if result.is_ok() { "ok" } else { "FAILED" };
        println!("   {name:<12} {verdict:<7} {:>6.1} s", took.as_secs_f64());
        failed += usize::from(result.is_err());
    }
    println!("   total {:.1} min", started.elapsed().as_secs_f64() / 60.0);
    println!("checks: {} passed, {failed} failed", results.len() - failed);
    if failed > 0 {
        bail!("{failed} check(s) failed");
    }
    Ok(())
}

pub fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args);
    command
}

fn fmt(root: &Path) -> Result<()> {
    run::run(root, &mut cargo(&["fmt", "--all", "--check"]))
}

fn clippy(root: &Path) -> Result<()> {
    run::run(
        root,
        &mut cargo(&[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )
}

/// Code behind `#[cfg(loom)]` is invisible to a normal clippy run, so the loom models
/// (which the book shows) get a run of their own, into the loom target directory.
fn clippy_loom(root: &Path) -> Result<()> {
    let mut command = cargo(&[
        "clippy",
        "--package",
        "concurrent_rust",
        "--lib",
        "--tests",
        "--target-dir",
        LOOM_TARGET,
        "--",
        "-D",
        "warnings",
    ]);
    command.env("RUSTFLAGS", "--cfg loom");
    run::run(root, &mut command)
}

fn doc(root: &Path) -> Result<()> {
    let mut command = cargo(&["doc", "--package", "concurrent_rust", "--no-deps"]);
    command.env("RUSTDOCFLAGS", "-D warnings");
    run::run(root, &mut command)
}

/// nextest runs each test in its own process under the time limit of
/// `.config/nextest.toml`; it does not run doctests, so `cargo test --doc` follows.
fn test(root: &Path) -> Result<()> {
    run::run(
        root,
        &mut cargo(&["nextest", "run", "--workspace", "--no-tests", "fail"]),
    )?;
    run::run(
        root,
        &mut cargo(&["test", "--package", "concurrent_rust", "--doc"]),
    )
}

fn bench_build(root: &Path) -> Result<()> {
    run::run(
        root,
        &mut cargo(&["bench", "--package", "concurrent_rust", "--no-run"]),
    )
}

/// Where the `--cfg loom` builds go, so that switching between normal and loom builds
/// does not recompile everything each time.
const LOOM_TARGET: &str = "target/loom";

/// The loom models are the tests inside `loom_models` modules, built in release mode
/// with `--cfg loom`, each under the `loom` profile's time limit.
fn loom(root: &Path) -> Result<()> {
    let mut command = cargo(&[
        "nextest",
        "run",
        "--package",
        "concurrent_rust",
        "--release",
        "--lib",
        "--target-dir",
        LOOM_TARGET,
        "--profile",
        "loom",
        "--no-tests",
        "fail",
        "loom_models",
    ]);
    command
        .env("RUSTFLAGS", "--cfg loom")
        .env("LOOM_MAX_PREEMPTIONS", "2");
    run::run(root, &mut command)
}

/// How many times the check's stress stage runs each test.
pub const STRESS_COUNT: u32 = 20;

fn stress_stage(root: &Path) -> Result<()> {
    stress::run(root, STRESS_COUNT)
}

fn mutants_fresh(root: &Path) -> Result<()> {
    let found = mutants::check_reports(root)?;
    for pending in &found.pending {
        println!(
            "   NOT YET MUTATION-TESTED (listed in {}): {pending}",
            mutants::PENDING
        );
    }
    for problem in &found.problems {
        println!("   {problem}");
    }
    if !found.problems.is_empty() {
        bail!("{} mutation report problem(s)", found.problems.len());
    }
    println!(
        "   every report matches its chapter's sources and leaves no missed mutant unexplained"
    );
    Ok(())
}

fn book_lint(root: &Path) -> Result<()> {
    let problems = lint::lint(root)?;
    for problem in &problems {
        println!("   {problem}");
    }
    if !problems.is_empty() {
        bail!("{} problem(s) in book/", problems.len());
    }
    println!(
        "   every Rust block, compiler error and printed output comes from companion/, \
         captioned with what checks it"
    );
    Ok(())
}

fn fresh(root: &Path) -> Result<()> {
    let stale = notebook::stale_files(root)?;
    for path in &stale {
        println!("   stale: {}", path.display());
    }
    if !stale.is_empty() {
        bail!(
            "{} generated file(s) out of date: run `cargo xtask gen` and commit",
            stale.len()
        );
    }
    println!("   notebooks/ and the generated book pages are up to date");
    Ok(())
}

fn book_build(root: &Path) -> Result<()> {
    book::require_linkcheck_config(root)?;
    // `optional = true` in book.toml lets a plain `mdbook build` work without the plugin;
    // here it must run, so check it is installed first.
    if !setup::cargo_installed(&setup::LINKCHECK) {
        bail!("mdbook-linkcheck2 is not installed: run `cargo xtask setup`");
    }
    // mdBook reports what it cannot render (an unclosed HTML tag, a broken include) as a
    // warning and carries on: here a warning fails the stage.
    let log = run::run_logged(root, Command::new(setup::MDBOOK.binary).arg("build"))?;
    let warnings: Vec<&str> = log
        .lines()
        .filter(|line| line.contains("WARN") || line.contains("ERROR"))
        .collect();
    if !warnings.is_empty() {
        bail!(
            "mdbook build printed {} warning(s):\n{}",
            warnings.len(),
            warnings.join("\n")
        );
    }
    let index = root.join("target/book/html/index.html");
    if !index.is_file() {
        bail!("mdbook build wrote no {}", index.display());
    }
    println!("   built {}", index.display());
    Ok(())
}

/// Runs every notebook, then the fixtures that prove the runner catches a failing cell
/// (for the right reason) and does not fail a cell whose panic is a joined thread's that
/// the book announces.
fn notebooks(root: &Path) -> Result<()> {
    let all = notebook::all_notebooks(root)?;
    if all.is_empty() {
        bail!("no notebooks in notebooks/: run `cargo xtask gen`");
    }
    let chapters = notebook::run_notebooks(root, &all, None, false);
    let mut fixtures = Vec::new();
    for fixture in FIXTURES {
        let path = write_fixture(root, fixture)?;
        let result =
            notebook::run_notebooks(root, &[path], fixture.must_fail_with, fixture.learner)
                .with_context(|| format!("fixture {}: {}", fixture.name, fixture.proves));
        fixtures.push(result);
    }
    fixtures.into_iter().fold(chapters, Result::and)
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
    let chapter = book::Chapter {
        number: 0,
        stem: fixture.name.to_string(),
        page: PathBuf::from(format!("{}.md", fixture.name)),
        module: "fixtures".to_string(),
        title: format!("Fixture: {}", fixture.name),
    };
    let markdown = format!("# Fixture\n\n{}", fixture.markdown);
    let cells = notebook::chapter_cells(&chapter, &markdown, &toml::Table::new(), None)?;
    let path = dir.join(format!("{}.ipynb", fixture.name));
    fs::write(&path, notebook::to_json(&cells))?;
    Ok(path)
}
