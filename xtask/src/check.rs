//! `cargo xtask check`: every check, fastest first, with a summary at the end.
//!
//! CI (`.ci/run`) runs exactly this command. It installs missing tools first (see
//! `setup`), then runs each stage even if an earlier one failed, so one run reports
//! everything that is wrong.

use crate::paths;
use crate::{exercises, generate, lint, mutants, notebook_runner, run, setup, stress};
use anyhow::{Result, bail};
use std::fs;
use std::path::Path;
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
        what: "loom models, RUSTFLAGS=--cfg loom, no preemption bound",
        run: loom,
    },
    Stage {
        name: "stress",
        what: "every companion test that starts a thread or a task, 20 times in a row",
        run: stress_stage,
    },
    Stage {
        name: "exercises",
        what: "each exercise's solution passes its tests, its starter none, and each \
               known-bad answer fails the tests it names",
        run: exercises_stage,
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

fn fmt(root: &Path) -> Result<()> {
    run::run(root, &mut run::cargo(&["fmt", "--all", "--check"]))
}

fn clippy(root: &Path) -> Result<()> {
    run::run(
        root,
        &mut run::cargo(&[
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
    let mut command = run::cargo(&[
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
    let mut command = run::cargo(&["doc", "--package", "concurrent_rust", "--no-deps"]);
    command.env("RUSTDOCFLAGS", "-D warnings");
    run::run(root, &mut command)
}

/// nextest runs each test in its own process under the time limit of
/// `.config/nextest.toml`; it does not run doctests, so `cargo test --doc` follows.
fn test(root: &Path) -> Result<()> {
    run::run(
        root,
        &mut run::cargo(&["nextest", "run", "--workspace", "--no-tests", "fail"]),
    )?;
    run::run(
        root,
        &mut run::cargo(&["test", "--package", "concurrent_rust", "--doc"]),
    )
}

fn bench_build(root: &Path) -> Result<()> {
    run::run(
        root,
        &mut run::cargo(&["bench", "--package", "concurrent_rust", "--no-run"]),
    )
}

/// Where the `--cfg loom` builds go, so that switching between normal and loom builds
/// does not recompile everything each time.
const LOOM_TARGET: &str = "target/loom";

/// The loom models are the tests inside `loom_models` modules, built in release mode
/// with `--cfg loom`, each under the `loom` profile's time limit.
fn loom(root: &Path) -> Result<()> {
    let mut command = run::cargo(&[
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
    // No preemption bound: loom's default, every distinct schedule. A model too big for
    // that sets its own bound in its code (`loom::model::Builder`), where the book shows it.
    command
        .env("RUSTFLAGS", "--cfg loom")
        .env_remove("LOOM_MAX_PREEMPTIONS");
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

fn exercises_stage(root: &Path) -> Result<()> {
    exercises::check::check(root, &exercises::exercises(root)?)
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
    let stale = generate::stale_files(root)?;
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
    require_linkcheck_config(root)?;
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

/// Fails unless the linkcheck renderer is configured (so `mdbook build` checks links).
fn require_linkcheck_config(root: &Path) -> Result<()> {
    let config = fs::read_to_string(root.join("book.toml"))?;
    if !config.contains("[output.linkcheck2]") {
        bail!("book.toml has no [output.linkcheck2]: links would go unchecked");
    }
    Ok(())
}

fn notebooks(root: &Path) -> Result<()> {
    notebook_runner::run_all_with_fixtures(root)
}
