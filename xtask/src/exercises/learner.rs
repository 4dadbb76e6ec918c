//! `cargo xtask exercise NN-name`: the learner's loop.
//!
//! The first run writes a crate of its own for the exercise, `exercises/NN-name/`:
//! `Cargo.toml`, `src/lib.rs` (the starter: the file the learner edits) and a copy of the
//! workspace's `Cargo.lock`, so it resolves the same crate versions. Every run rewrites
//! `tests/check.rs` from the exercise's current tests, builds, runs them under a time
//! limit, and prints one line per test and what a failing test said.

use super::{Exercise, WORK, dependencies, target_dir};
use crate::run::{cargo, describe};
use anyhow::{Context, Result, bail};
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// How long the tests of one answer may run, once built: the tests bound every wait
/// themselves (a few seconds at most), so this only stops an answer that blocks where no
/// test expected it.
pub const TEST_TIME_LIMIT: Duration = Duration::from_secs(120);

/// The crate's package name: `exercise-04-bounded-queue`, `exercise_04_bounded_queue` in code.
pub fn package(id: &str) -> String {
    format!("exercise-{id}")
}

pub fn run(root: &Path, exercise: &Exercise) -> Result<()> {
    let dir = root.join(WORK).join(&exercise.id);
    let lib = dir.join("src/lib.rs");
    let parts = exercise.parts()?;
    if !lib.exists() {
        scaffold(root, &dir, &package(&exercise.id), &parts.starter, exercise)?;
        println!(
            "Exercise {}.{}: {}.\n\nThe starter is in {}: replace every `todo!()` with your \
             answer, then run `cargo xtask exercise {}` again. (The folder is yours: git \
             ignores it, and this command never overwrites src/lib.rs.)\n",
            exercise.chapter,
            exercise.number,
            exercise.title,
            lib.strip_prefix(root).unwrap_or(&lib).display(),
            exercise.id
        );
    }
    write_tests(&dir, &package(&exercise.id), &exercise.id, &parts.tests)?;
    let binary = build(root, &dir, &["--test", "check"])?;
    let outcome = run_tests(&binary, &dir, TEST_TIME_LIMIT)?;
    let results = parse_libtest(&outcome.output);
    for name in &parts.test_names {
        match results.iter().find(|r| &r.name == name) {
            Some(r) if r.passed => println!("✓ {name}"),
            Some(r) => println!("✗ {name}\n{}", indent(&r.message)),
            None if outcome.timed_out => println!("✗ {name}: still running when time ran out"),
            None => println!("? {name}: did not run"),
        }
    }
    let passed = results.iter().filter(|r| r.passed).count();
    println!(
        "\n{passed} of {} tests pass{}",
        parts.test_names.len(),
        if passed == parts.test_names.len() {
            ": well done."
        } else {
            ""
        }
    );
    if outcome.timed_out {
        bail!(
            "the tests did not finish within {TEST_TIME_LIMIT:?}: your answer blocks somewhere \
             the tests' own time limits do not reach (a join or a lock in a `Drop`?)"
        );
    }
    if passed < parts.test_names.len() {
        let failing = parts.test_names.len() - passed;
        bail!(
            "{failing} {} fail{}",
            if failing == 1 { "test" } else { "tests" },
            if failing == 1 { "s" } else { "" }
        );
    }
    Ok(())
}

/// Writes a crate for one answer: its manifest (a workspace of its own), `src/lib.rs` and
/// the workspace's lock file.
pub fn scaffold(
    root: &Path,
    dir: &Path,
    package: &str,
    lib: &str,
    exercise: &Exercise,
) -> Result<()> {
    fs::create_dir_all(dir.join("src"))?;
    fs::write(
        dir.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask exercise {id}`. Add dependencies if your answer needs them.\n\
             [package]\nname = \"{package}\"\nversion = \"0.1.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{deps}\n\
             # Not part of the course's workspace: this crate is yours.\n[workspace]\n",
            id = exercise.id,
            deps = dependencies(root)?
        ),
    )?;
    fs::write(
        dir.join("src/lib.rs"),
        format!(
            "// Exercise {}.{}: {}. Replace every `todo!()`; `cargo xtask exercise {}` checks it.\n\
             #![allow(unused)]\n\n{lib}",
            exercise.chapter, exercise.number, exercise.title, exercise.id
        ),
    )?;
    let lock = root.join("Cargo.lock");
    if lock.exists() {
        fs::copy(&lock, dir.join("Cargo.lock"))?;
    }
    Ok(())
}

/// `tests/check.rs`: the exercise's tests against the crate's public items.
pub fn write_tests(dir: &Path, package: &str, id: &str, tests: &str) -> Result<()> {
    fs::create_dir_all(dir.join("tests"))?;
    fs::write(
        dir.join("tests/check.rs"),
        format!(
            "// The tests of exercise {id}, rewritten by every `cargo xtask exercise {id}`:\n\
             // edit src/lib.rs, not this file.\n\nuse {}::*;\n\n{tests}",
            package.replace('-', "_")
        ),
    )?;
    Ok(())
}

/// Builds one test target of the crate in `dir` (`--test check`, `--lib`) and returns its
/// test binary (the compiler's messages, an answer that does not compile included, go to
/// the terminal as they come).
pub fn build(root: &Path, dir: &Path, target: &[&str]) -> Result<PathBuf> {
    let manifest = dir.join("Cargo.toml").to_string_lossy().into_owned();
    let mut args = vec!["test", "--manifest-path", &manifest];
    args.extend_from_slice(target);
    let mut command = cargo(
        &[
            &args[..],
            &["--no-run"],
            &["--message-format=json-render-diagnostics"],
        ]
        .concat(),
    );
    command
        .env("CARGO_TARGET_DIR", target_dir(root))
        .current_dir(root)
        .stderr(Stdio::inherit());
    eprintln!("$ {}", describe(&command));
    let output = command
        .output()
        .with_context(|| format!("could not start `{}`", describe(&command)))?;
    if !output.status.success() {
        bail!(
            "{} does not compile: the compiler's messages are above",
            dir.display()
        );
    }
    let stdout = String::from_utf8_lossy(&output.stdout);
    for line in stdout.lines() {
        let Ok(message) = serde_json::from_str::<serde_json::Value>(line) else {
            continue;
        };
        let is_test = message["profile"]["test"].as_bool() == Some(true);
        if let (true, Some(executable)) = (is_test, message["executable"].as_str()) {
            return Ok(PathBuf::from(executable));
        }
    }
    bail!("cargo built no test binary in {}", dir.display())
}

pub struct Outcome {
    pub output: String,
    pub timed_out: bool,
    #[allow(dead_code)]
    pub status: Option<ExitStatus>,
}

/// Runs a libtest binary (every test, even after a failure) and kills it after `limit`.
pub fn run_tests(binary: &Path, dir: &Path, limit: Duration) -> Result<Outcome> {
    let mut command = Command::new(binary);
    command
        .current_dir(dir)
        .stdin(Stdio::null())
        .env("RUST_BACKTRACE", "0");
    let (mut reader, writer) = std::io::pipe()?;
    command.stdout(writer.try_clone()?).stderr(writer);
    let mut child = command
        .spawn()
        .with_context(|| format!("could not start {}", binary.display()))?;
    drop(command);
    let collector = std::thread::spawn(move || {
        let mut output = Vec::new();
        let _ = reader.read_to_end(&mut output);
        String::from_utf8_lossy(&output).into_owned()
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    // A test thread left hanging by a `within` timeout holds no pipe: the process is gone.
    let output = collector.join().expect("the collector does not panic");
    Ok(Outcome {
        output,
        timed_out: status.is_none(),
        status,
    })
}

/// One test's result as libtest printed it.
#[derive(Debug, PartialEq, Eq)]
pub struct TestResult {
    pub name: String,
    pub passed: bool,
    /// For a failure: what it printed (its panic message first).
    pub message: String,
}

/// The results in libtest's output: `test NAME ... ok` / `... FAILED` lines, and for each
/// failure the text of its `---- NAME stdout ----` section.
pub fn parse_libtest(output: &str) -> Vec<TestResult> {
    let mut results = Vec::new();
    for line in output.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        if let Some(name) = rest.strip_suffix(" ... ok") {
            results.push(TestResult {
                name: name.to_string(),
                passed: true,
                message: String::new(),
            });
        } else if let Some(name) = rest.strip_suffix(" ... FAILED") {
            results.push(TestResult {
                name: name.to_string(),
                passed: false,
                message: String::new(),
            });
        }
    }
    let mut current: Option<usize> = None;
    let mut text = String::new();
    let flush = |current: Option<usize>, text: &mut String, results: &mut Vec<TestResult>| {
        if let Some(i) = current {
            results[i].message = text.trim().to_string();
        }
        text.clear();
    };
    for line in output.lines() {
        if let Some(name) = line
            .strip_prefix("---- ")
            .and_then(|l| l.strip_suffix(" stdout ----"))
        {
            flush(current, &mut text, &mut results);
            current = results.iter().position(|r| r.name == name);
        } else if current.is_some() && (line == "failures:" || line.starts_with("test result:")) {
            flush(current, &mut text, &mut results);
            current = None;
        } else if current.is_some() {
            // The message without libtest's notes about backtraces.
            if !line.starts_with("note: run with `RUST_BACKTRACE") {
                text.push_str(line);
                text.push('\n');
            }
        }
    }
    flush(current, &mut text, &mut results);
    results
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    const OUTPUT: &str = "\
running 3 tests
test adds_one ... ok
test close_wakes_everyone ... FAILED
test pops_in_order ... FAILED

failures:

---- close_wakes_everyone stdout ----

thread 'close_wakes_everyone' panicked at tests/check.rs:10:5:
close() must wake every waiting consumer: 1 of 3 woke
note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace

---- pops_in_order stdout ----
thread 'pops_in_order' panicked at tests/check.rs:20:5:
assertion `left == right` failed
  left: [2, 1]
 right: [1, 2]

failures:
    close_wakes_everyone
    pops_in_order

test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out
";

    #[test]
    fn every_result_is_read_with_the_message_of_each_failure() {
        let results = parse_libtest(OUTPUT);
        assert_eq!(results.len(), 3);
        assert!(results[0].passed && results[0].message.is_empty());
        assert_eq!(
            results[1].message,
            "thread 'close_wakes_everyone' panicked at tests/check.rs:10:5:\n\
             close() must wake every waiting consumer: 1 of 3 woke"
        );
        assert!(!results[2].passed);
        assert!(
            results[2].message.ends_with(" right: [1, 2]"),
            "{}",
            results[2].message
        );
    }
}
