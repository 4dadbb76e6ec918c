//! Mutation testing: the test of the tests.
//!
//! `cargo xtask mutants [CHAPTER…]` runs cargo-mutants on one chapter's module at a time
//! (default: every chapter). cargo-mutants changes the code in small ways (a function
//! returns a default value, `<` becomes `<=`, a call is deleted), rebuilds, and runs the
//! chapter's tests: a *caught* mutant made a test fail, a *missed* one did not, which
//! means no test would notice that bug. The command writes
//! `companion/mutants/<module>.md`, a report with the counts and every missed mutant.
//!
//! A missed mutant is either killed by a better test, or excluded in
//! `.cargo/mutants.toml` with its reason in the comment above the pattern (the report
//! copies those reasons). The check's `mutants` stage fails when a chapter has no report,
//! when its sources changed since the report was written (the report stores a hash of
//! them), or when the report lists a missed mutant.

use crate::chapters::{self, Chapter};
use crate::paths::COMPANION;
use crate::{run, setup};
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Where the committed reports live.
pub const REPORTS: &str = "companion/mutants";
/// The exclusions, each with its reason.
pub const CONFIG: &str = ".cargo/mutants.toml";

/// `cargo xtask mutants [CHAPTER…]`: a chapter is named by its module (`threads`), its
/// stem (`02-threads`) or its number (`2`).
/// With `--in-place`, cargo-mutants changes the files of this tree instead of a copy's,
/// and reuses its `target/`: much faster, but leave the tree alone while it runs.
pub fn command(root: &Path, args: &[String]) -> Result<()> {
    let mut in_place = false;
    let mut report_from: Option<PathBuf> = None;
    let mut names = Vec::new();
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--in-place" => in_place = true,
            "--report-from" => {
                report_from = Some(PathBuf::from(
                    words.next().context("--report-from needs a directory")?,
                ))
            }
            _ => names.push(word.clone()),
        }
    }
    let chapters = selected_chapters(root, &names)?;
    if let Some(tree) = report_from {
        for chapter in &chapters {
            report_from_run(root, &tree, chapter)?;
        }
        return Ok(());
    }
    setup::cargo_tool(&setup::MUTANTS)?;
    for chapter in &chapters {
        run_chapter(root, chapter, in_place)?;
    }
    Ok(())
}

/// `--report-from TREE`: writes this tree's report from the last run in TREE (a checkout
/// whose chapter sources are identical to this one's), applying this tree's exclusions.
/// An exclusion removes mutants from a run without changing the others' outcomes, so a
/// new exclusion needs no new run.
fn report_from_run(root: &Path, tree: &Path, chapter: &Chapter) -> Result<()> {
    let here = sources_hash(root, &chapter.module)?;
    let there = sources_hash(tree, &chapter.module)?;
    if here != there {
        bail!(
            "{}'s `{}` sources differ from this tree's: run the mutants again",
            tree.display(),
            chapter.module
        );
    }
    let previous = fs::read_to_string(tree.join(REPORTS).join(format!("{}.md", chapter.module)))
        .context("reading the run's report")?;
    let minutes = previous
        .split("the run took ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0.0);
    let outcomes = Outcomes::read(
        &tree
            .join("target/mutants")
            .join(&chapter.module)
            .join("mutants.out"),
    )?;
    write_report(root, chapter, outcomes, minutes)
}

fn selected_chapters(root: &Path, args: &[String]) -> Result<Vec<Chapter>> {
    let all = chapters::chapters(root)?;
    if args.is_empty() {
        return Ok(all);
    }
    args.iter()
        .map(|name| {
            all.iter()
                .find(|c| c.module == *name || c.stem == *name || c.number.to_string() == *name)
                .cloned()
                .with_context(|| {
                    let known: Vec<&str> = all.iter().map(|c| c.module.as_str()).collect();
                    format!("no chapter `{name}`; the chapters are {}", known.join(", "))
                })
        })
        .collect()
}

/// The mutation run of one chapter, and its report.
fn run_chapter(root: &Path, chapter: &Chapter, in_place: bool) -> Result<()> {
    let started = Instant::now();
    let output = root.join("target/mutants").join(&chapter.module);
    let _ = fs::remove_dir_all(&output);
    fs::create_dir_all(&output)?;
    let files = format!("{COMPANION}/src/{}/**", chapter.module);
    let output_text = output.to_string_lossy().into_owned();
    let filter = chapter_tests(&chapter.module);
    let mut command = Command::new("cargo");
    command.args([
        "mutants",
        "--package",
        "concurrent_rust",
        "--file",
        &files,
        "--output",
        &output_text,
        "--test-tool",
        "nextest",
        "--no-shuffle",
        "--profile",
        "mutants",
    ]);
    if in_place {
        command.arg("--in-place");
    }
    // Only the library's unit tests: they include the output checks
    // (`programs::tests::outputs_of_<module>`), so a mutant's build is one crate.
    command.args(["--", "--lib", "-E", &filter]);
    // cargo-mutants exits 2 when it missed mutants and 3 when some timed out: both are
    // results to report, not failures of the command.
    let status = {
        command.current_dir(root);
        println!("$ {}", run::describe(&command));
        command.status().context("could not start cargo mutants")?
    };
    if !matches!(status.code(), Some(0 | 2 | 3)) {
        bail!(
            "cargo mutants failed on chapter {} ({status})",
            chapter.module
        );
    }
    let outcomes = Outcomes::read(&output.join("mutants.out"))?;
    write_report(
        root,
        chapter,
        outcomes,
        started.elapsed().as_secs_f64() / 60.0,
    )
}

/// Writes `companion/mutants/<module>.md`. Mutants that the exclusions name are left out
/// of every count (cargo-mutants would not generate them now).
fn write_report(root: &Path, chapter: &Chapter, outcomes: Outcomes, minutes: f64) -> Result<()> {
    let exclusions = exclusions_for(root, &chapter.module)?;
    let patterns: Vec<regex::Regex> = exclusions
        .iter()
        .map(|e| regex::Regex::new(&e.pattern))
        .collect::<Result<_, _>>()?;
    let keep = |lines: Vec<String>| -> Vec<String> {
        lines
            .into_iter()
            .filter(|l| !patterns.iter().any(|p| p.is_match(l)))
            .collect()
    };
    let outcomes = Outcomes {
        caught: keep(outcomes.caught),
        missed: keep(outcomes.missed),
        unviable: keep(outcomes.unviable),
        timeout: keep(outcomes.timeout),
    };
    let report = Report {
        chapter: chapter.clone(),
        sources_hash: sources_hash(root, &chapter.module)?,
        outcomes,
        exclusions,
        minutes,
        tool: setup::MUTANTS.version.to_string(),
    };
    let path = root.join(REPORTS).join(format!("{}.md", chapter.module));
    fs::create_dir_all(path.parent().expect("reports have a folder"))?;
    fs::write(&path, report.render())?;
    println!(
        "   {}: {} mutants, {} caught, {} missed, {} unviable, {} timed out; wrote {}",
        chapter.module,
        report.outcomes.total(),
        report.outcomes.caught.len(),
        report.outcomes.missed.len(),
        report.outcomes.unviable.len(),
        report.outcomes.timeout.len(),
        path.strip_prefix(root).unwrap_or(&path).display()
    );
    Ok(())
}

/// The nextest filter for a chapter's own tests: its unit tests, plus the test that
/// compares its listings' printed output with the committed snapshots.
fn chapter_tests(module: &str) -> String {
    format!("test(/^{module}::/) | test(=programs::tests::outputs_of_{module})")
}

/// What cargo-mutants found, one line per mutant as it names them
/// (`companion/src/threads/spawn_join.rs:12:5: replace spawn_sum -> … with …`).
#[derive(Debug, Default)]
struct Outcomes {
    caught: Vec<String>,
    missed: Vec<String>,
    unviable: Vec<String>,
    timeout: Vec<String>,
}

impl Outcomes {
    fn read(dir: &Path) -> Result<Outcomes> {
        let lines = |name: &str| -> Result<Vec<String>> {
            let path = dir.join(name);
            if !path.exists() {
                return Ok(Vec::new());
            }
            let mut lines: Vec<String> = fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))?
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_string)
                .collect();
            lines.sort();
            Ok(lines)
        };
        Ok(Outcomes {
            caught: lines("caught.txt")?,
            missed: lines("missed.txt")?,
            unviable: lines("unviable.txt")?,
            timeout: lines("timeout.txt")?,
        })
    }

    fn total(&self) -> usize {
        self.caught.len() + self.missed.len() + self.unviable.len() + self.timeout.len()
    }
}

mod report;
#[cfg(test)]
mod tests;

pub use report::*;
