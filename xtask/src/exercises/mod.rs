//! The exercises: `cargo xtask exercise [ID | --check [ID…]]`, and the files `gen` writes.
//!
//! An exercise is one file, `companion/src/exercises/chNN_name.rs` (id `NN-name`): a
//! solution with its tests, and markers that cut the starter from it ([`cut`]). Known-bad
//! answers live in `companion/exercises/known-bad/NN-name/*.rs`.
//!
//! - `cargo xtask exercise` lists the exercises.
//! - `cargo xtask exercise NN-name` is the learner's command: the first time it copies the
//!   starter into `exercises/NN-name/` (a crate of its own, ignored by git), and every time
//!   it tests `exercises/NN-name/src/lib.rs` with the exercise's current tests
//!   ([`learner`]).
//! - `cargo xtask exercise --check` (the `exercises` stage of `cargo xtask check`) builds
//!   every exercise's solution, starter and known-bad answers into one crate and runs the
//!   tests on each: the solution must pass them all, the starter none, and each known-bad
//!   answer must fail the tests it names ([`check`]).

pub mod check;
pub mod cut;
pub mod learner;

use crate::paths::COMPANION;
use anyhow::{Context, Result, bail};
use regex::Regex;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// One exercise, as found on disk.
#[derive(Debug, Clone)]
pub struct Exercise {
    /// `04-bounded-queue`.
    pub id: String,
    /// `ch04_bounded_queue`, its module under `concurrent_rust::exercises`.
    pub module: String,
    pub chapter: u32,
    /// Its number within the chapter (Exercise 4.2 is the second of chapter 4 by id).
    pub number: u32,
    /// The `//!` title line, e.g. `A bounded blocking queue`.
    pub title: String,
    pub source: PathBuf,
}

static MODULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^ch(\d\d)_([a-z0-9_]+)\.rs$").unwrap());
static TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^//! Exercise (\d+)\.(\d+): (.+?)\.?$").unwrap());

pub const EXERCISES_SRC: &str = "companion/src/exercises";
pub const KNOWN_BAD: &str = "companion/exercises/known-bad";
/// Where the book includes the cut files from.
pub const GENERATED: &str = "book/generated/exercises";
/// Learners' answers: one crate per exercise, ignored by git.
pub const WORK: &str = "exercises";

/// Every exercise, by chapter and then by its number in the chapter.
pub fn exercises(root: &Path) -> Result<Vec<Exercise>> {
    let dir = root.join(EXERCISES_SRC);
    let mut found = Vec::new();
    if !dir.exists() {
        return Ok(found);
    }
    for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let Some(caps) = MODULE.captures(&name) else {
            continue;
        };
        let source = dir.join(&name);
        let text = fs::read_to_string(&source)?;
        let first = text.lines().next().unwrap_or_default();
        let Some(title) = TITLE.captures(first) else {
            bail!(
                "{}: the first line must be `//! Exercise N.M: Title.`",
                source.display()
            );
        };
        let chapter: u32 = caps[1].parse()?;
        if title[1].parse::<u32>()? != chapter {
            bail!(
                "{}: the title says chapter {}, the file name chapter {chapter}",
                source.display(),
                &title[1]
            );
        }
        found.push(Exercise {
            id: format!("{}-{}", &caps[1], caps[2].replace('_', "-")),
            module: name.trim_end_matches(".rs").to_string(),
            chapter,
            number: title[2].parse()?,
            title: title[3].to_string(),
            source,
        });
    }
    found.sort_by_key(|e| (e.chapter, e.number));
    for pair in found.windows(2) {
        if (pair[0].chapter, pair[0].number) == (pair[1].chapter, pair[1].number) {
            bail!(
                "{} and {} are both Exercise {}.{}",
                pair[0].id,
                pair[1].id,
                pair[0].chapter,
                pair[0].number
            );
        }
    }
    Ok(found)
}

/// The exercise an argument names: its id (`04-bounded-queue`), its module
/// (`ch04_bounded_queue`) or its number (`4.1`).
pub fn find<'a>(all: &'a [Exercise], name: &str) -> Result<&'a Exercise> {
    all.iter()
        .find(|e| e.id == name || e.module == name || format!("{}.{}", e.chapter, e.number) == name)
        .with_context(|| {
            format!(
                "no exercise `{name}`; there are: {}",
                all.iter()
                    .map(|e| e.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

impl Exercise {
    pub fn parts(&self) -> Result<cut::Parts> {
        let text = fs::read_to_string(&self.source)
            .with_context(|| format!("reading {}", self.source.display()))?;
        cut::cut(&text).with_context(|| format!("{}", self.source.display()))
    }

    /// The known-bad answers, by file name, sorted.
    pub fn known_bad(&self, root: &Path) -> Result<Vec<(String, cut::KnownBad)>> {
        let dir = root.join(KNOWN_BAD).join(&self.id);
        let mut found = Vec::new();
        let entries = match fs::read_dir(&dir) {
            Ok(entries) => entries,
            Err(_) => return Ok(found),
        };
        for entry in entries {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path)?;
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                let bad = cut::known_bad(&self.id, &text)
                    .with_context(|| format!("{}", path.display()))?;
                found.push((stem, bad));
            }
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(found)
    }
}

/// The files `cargo xtask gen` writes for the book: each exercise's starter, solution and
/// tests. The tests file's first line tells the notebook generator to add a cell that runs
/// them (see `notebook::exercise_tests_cell`).
pub fn generated_files(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut files = Vec::new();
    for exercise in exercises(root)? {
        let parts = exercise.parts()?;
        let dir = root.join(GENERATED).join(&exercise.id);
        files.push((dir.join("starter.rs"), parts.starter));
        files.push((dir.join("solution.rs"), parts.solution));
        files.push((
            dir.join("tests.rs"),
            format!("{}{}\n{}", TESTS_HEADER, exercise.id, parts.tests),
        ));
    }
    Ok(files)
}

/// The first line of every generated tests file, followed by the exercise's id.
pub const TESTS_HEADER: &str = "// The tests of exercise ";

/// `cargo xtask exercise …`.
pub fn command(root: &Path, args: &[String]) -> Result<()> {
    let all = exercises(root)?;
    match args {
        [] => {
            println!("The exercises (`cargo xtask exercise ID` to start or check one):\n");
            for exercise in &all {
                let started = root.join(WORK).join(&exercise.id).exists();
                println!(
                    "  {:<32} Exercise {}.{}: {}{}",
                    exercise.id,
                    exercise.chapter,
                    exercise.number,
                    exercise.title,
                    if started { "  (started)" } else { "" }
                );
            }
            Ok(())
        }
        [flag, rest @ ..] if flag == "--check" => {
            let chosen: Vec<Exercise> = if rest.is_empty() {
                all.clone()
            } else {
                rest.iter()
                    .map(|name| find(&all, name).cloned())
                    .collect::<Result<_>>()?
            };
            check::check(root, &chosen)
        }
        [name] => learner::run(root, find(&all, name)?),
        _ => bail!("usage: cargo xtask exercise [ID | --check [ID…]]"),
    }
}

/// The `[dependencies]` a learner's crate (and the check crate) gets: the companion, by
/// path, and the crates the exercises may use, with the companion's own requirements.
pub fn dependencies(root: &Path) -> Result<String> {
    let manifest = root.join(COMPANION).join("Cargo.toml");
    let parsed: toml::Table = fs::read_to_string(&manifest)?.parse()?;
    let deps = parsed
        .get("dependencies")
        .and_then(|d| d.as_table())
        .context("companion/Cargo.toml has no [dependencies]")?;
    // Both the learners' crates (`exercises/NN-name/`) and the check's crate
    // (`target/exercise-check/`) are two folders below the root: a relative path keeps
    // working if the repository moves.
    let mut out = format!("concurrent_rust = {{ path = \"../../{COMPANION}\" }}\n");
    for name in ["crossbeam", "rayon", "tokio", "tokio-util"] {
        let version = match deps.get(name) {
            Some(toml::Value::String(v)) => v.clone(),
            Some(toml::Value::Table(t)) => t
                .get("version")
                .and_then(|v| v.as_str())
                .with_context(|| format!("companion's `{name}` has no version"))?
                .to_string(),
            _ => bail!("companion/Cargo.toml does not depend on `{name}`"),
        };
        if name == "tokio" {
            out.push_str(&format!(
                "tokio = {{ version = {version:?}, features = [\"full\", \"test-util\"] }}\n"
            ));
        } else {
            out.push_str(&format!("{name} = {version:?}\n"));
        }
    }
    Ok(out)
}

/// The target directory the exercise crates build in: the workspace's, so the companion
/// and its dependencies are compiled once for all of them.
pub fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}
