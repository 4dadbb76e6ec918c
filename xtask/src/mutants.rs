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

/// A hash of the chapter's sources (code and tests). FNV-1a, 64 bits: a freshness stamp,
/// not a security check. The exclusions are checked apart: the report lists them.
pub fn sources_hash(root: &Path, module: &str) -> Result<String> {
    let dir = root.join(COMPANION).join("src").join(module);
    let mut files = chapters::files_with_extension(&dir, "rs")?;
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for byte in bytes {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    for file in &files {
        let relative = file.strip_prefix(root).unwrap_or(file);
        feed(relative.to_string_lossy().replace('\\', "/").as_bytes());
        feed(&[0]);
        feed(&fs::read(file).with_context(|| format!("reading {}", file.display()))?);
        feed(&[0]);
    }
    Ok(format!("{hash:016x}"))
}

/// One `exclude_re` entry of `.cargo/mutants.toml` and the comment above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    pub pattern: String,
    pub reason: String,
}

/// The exclusions whose pattern names a file of `module`. The reason is the comment
/// block right above the pattern; an exclusion without one is an error.
fn exclusions_for(root: &Path, module: &str) -> Result<Vec<Exclusion>> {
    let path = root.join(CONFIG);
    let Ok(text) = fs::read_to_string(&path) else {
        return Ok(Vec::new());
    };
    let all = parse_exclusions(&text)?;
    let prefix = format!("{COMPANION}/src/{module}/");
    Ok(all
        .into_iter()
        .filter(|e| e.pattern.replace('\\', "").starts_with(&prefix))
        .collect())
}

fn parse_exclusions(text: &str) -> Result<Vec<Exclusion>> {
    let mut exclusions = Vec::new();
    let mut comment: Vec<String> = Vec::new();
    let mut inside = false;
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with("exclude_re") {
            inside = true;
            comment.clear();
            continue;
        }
        if !inside {
            continue;
        }
        if line.starts_with(']') {
            inside = false;
        } else if let Some(text) = line.strip_prefix('#') {
            comment.push(text.trim().to_string());
        } else if let Some(quoted) = line.strip_prefix('"') {
            let pattern = quoted
                .trim_end_matches(',')
                .strip_suffix('"')
                .with_context(|| format!("{CONFIG}:{}: expected a quoted pattern", number + 1))?;
            if comment.is_empty() {
                bail!(
                    "{CONFIG}:{}: the exclusion `{pattern}` has no reason: \
                     write it in a comment on the line above",
                    number + 1
                );
            }
            exclusions.push(Exclusion {
                pattern: pattern.replace("\\\\", "\\"),
                reason: comment.join(" "),
            });
            comment.clear();
        } else if line.is_empty() {
            comment.clear();
        }
    }
    Ok(exclusions)
}

struct Report {
    chapter: Chapter,
    sources_hash: String,
    outcomes: Outcomes,
    exclusions: Vec<Exclusion>,
    minutes: f64,
    tool: String,
}

/// The line of a report that carries the hash; the check reads it back.
const HASH_LINE: &str = "Sources hash: ";
/// The line that counts the missed mutants; the check reads it back.
const MISSED_LINE: &str = "Missed, unexplained: ";

impl Report {
    fn render(&self) -> String {
        let o = &self.outcomes;
        let mut text = format!(
            "# Mutation report: `concurrent_rust::{module}` (chapter {number})\n\n\
             <!-- Written by `cargo xtask mutants {module}`; do not edit. -->\n\n\
             cargo-mutants {tool} changed the chapter's code in small ways and ran the \
             chapter's tests (`--lib -E '{filter}'`) on each change; the run took {minutes:.0} min.\n\n\
             {HASH_LINE}`{hash}` (the check fails when `companion/src/{module}/` or its \
             exclusions change: run `cargo xtask mutants {module}` again).\n\n\
             | mutants | caught | missed | unviable | timed out |\n\
             |---:|---:|---:|---:|---:|\n\
             | {total} | {caught} | {missed} | {unviable} | {timeout} |\n\n\
             {MISSED_LINE}{missed}\n",
            module = self.chapter.module,
            number = self.chapter.number,
            tool = self.tool,
            filter = chapter_tests(&self.chapter.module),
            minutes = self.minutes,
            hash = self.sources_hash,
            total = o.total(),
            caught = o.caught.len(),
            missed = o.missed.len(),
            unviable = o.unviable.len(),
            timeout = o.timeout.len(),
        );
        let section = |title: &str, intro: &str, lines: &[String]| -> String {
            if lines.is_empty() {
                return String::new();
            }
            let mut s = format!("\n## {title}\n\n{intro}\n\n");
            for line in lines {
                s.push_str(&format!("- `{line}`\n"));
            }
            s
        };
        text.push_str(&section(
            "Missed",
            "No test failed with these changes: each needs a test that catches it, or an \
             exclusion with its reason in `.cargo/mutants.toml`.",
            &o.missed,
        ));
        text.push_str(&section(
            "Timed out",
            "The tests ran past cargo-mutants' time limit with these changes (a hang the \
             tests would otherwise have caught as a failure); they count as caught.",
            &o.timeout,
        ));
        if !self.exclusions.is_empty() {
            text.push_str(&format!(
                "\n## Excluded on purpose\n\nThese mutants are not generated \
                 (`{CONFIG}`); the reason is the comment beside each pattern there.\n\n"
            ));
            for exclusion in &self.exclusions {
                text.push_str(&format!(
                    "- `{}`: {}\n",
                    exclusion.pattern, exclusion.reason
                ));
            }
        }
        text.push_str(&section(
            "Unviable",
            "These changes do not compile, so they say nothing about the tests.",
            &o.unviable,
        ));
        text
    }
}

/// Chapters not yet held to the rule, one per line as `module: why`, in
/// `companion/mutants/pending.txt`: the check names them on every run and checks the
/// others. A chapter that is neither pending nor reported fails it.
pub const PENDING: &str = "companion/mutants/pending.txt";

/// What the check's stage found: problems fail it; pending chapters are only named.
#[derive(Debug, Default)]
pub struct ReportCheck {
    pub problems: Vec<String>,
    pub pending: Vec<String>,
}

fn pending_chapters(root: &Path) -> Vec<(String, String)> {
    fs::read_to_string(root.join(PENDING))
        .unwrap_or_default()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(':') {
            Some((module, why)) => (module.trim().to_string(), why.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}

/// The check's stage: every chapter has a report (or is listed as pending), the report
/// matches the sources, and it lists no missed mutant.
pub fn check_reports(root: &Path) -> Result<ReportCheck> {
    let mut result = ReportCheck::default();
    let pending = pending_chapters(root);
    let problems = &mut result.problems;
    for chapter in chapters::chapters(root)? {
        let path = PathBuf::from(REPORTS).join(format!("{}.md", chapter.module));
        let fix = format!(
            "run `cargo xtask mutants {}` and commit the report",
            chapter.module
        );
        if let Some((module, why)) = pending.iter().find(|(m, _)| *m == chapter.module) {
            // Not yet held to the rule: its report, if any, is a record of where it
            // stands, and the reason says what is left.
            if why.is_empty() {
                problems.push(format!(
                    "{PENDING}: `{module}` needs a reason after a colon"
                ));
            } else {
                result.pending.push(format!("{module}: {why}"));
            }
            continue;
        }
        let Ok(text) = fs::read_to_string(root.join(&path)) else {
            problems.push(format!(
                "{}: missing; {fix}, or list the chapter in {PENDING} with the reason",
                path.display()
            ));
            continue;
        };
        let recorded = text
            .lines()
            .find_map(|l| l.strip_prefix(HASH_LINE))
            .and_then(|rest| rest.split('`').nth(1));
        let current = sources_hash(root, &chapter.module)?;
        if recorded != Some(current.as_str()) {
            problems.push(format!(
                "{}: written for other sources (hash {}, now {current}); {fix}",
                path.display(),
                recorded.unwrap_or("none")
            ));
        }
        let listed: Vec<String> = text
            .split("\n## Excluded on purpose\n")
            .nth(1)
            .map(|section| section.split("\n## ").next().unwrap_or(""))
            .unwrap_or("")
            .lines()
            .filter_map(|l| l.strip_prefix("- `"))
            .filter_map(|l| l.split("`: ").next())
            .map(str::to_string)
            .collect();
        let current: Vec<String> = exclusions_for(root, &chapter.module)?
            .into_iter()
            .map(|e| e.pattern)
            .collect();
        if listed != current {
            problems.push(format!(
                "{}: written for other exclusions than {CONFIG} has now; {fix} (or \
                 `cargo xtask mutants {} --report-from TREE` with the tree of the last run)",
                path.display(),
                chapter.module
            ));
        }
        let missed = text
            .lines()
            .find_map(|l| l.strip_prefix(MISSED_LINE))
            .and_then(|n| n.trim().parse::<usize>().ok());
        match missed {
            Some(0) => {}
            Some(n) => problems.push(format!(
                "{}: {n} missed mutant(s) without a test or a reason: kill them with a \
                 test, or exclude each in {CONFIG} with its reason",
                path.display()
            )),
            None => problems.push(format!(
                "{}: no `{MISSED_LINE}` line; {fix}",
                path.display()
            )),
        }
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exclusions_carry_the_comment_above_them() {
        let config = r#"
# Mutants no test should catch.
exclude_re = [
    # `main` only prints; its output is compared by programs::tests::outputs_of_threads.
    # (A second comment line joins the first.)
    "companion/src/threads/sleep\\.rs:.*replace main",

    # The timing in a demo's message is not behaviour.
    "companion/src/models/useful_work\\.rs:.*replace \\* with",
]
"#;
        let exclusions = parse_exclusions(config).unwrap();
        assert_eq!(exclusions.len(), 2);
        assert_eq!(
            exclusions[0].reason,
            "`main` only prints; its output is compared by programs::tests::outputs_of_threads. (A second comment line joins the first.)"
        );
        assert_eq!(
            exclusions[0].pattern,
            r"companion/src/threads/sleep\.rs:.*replace main"
        );
    }

    #[test]
    fn an_exclusion_without_a_reason_is_an_error() {
        let config = "exclude_re = [\n    \"companion/src/a\\\\.rs:.*\",\n]\n";
        let error = parse_exclusions(config).unwrap_err().to_string();
        assert!(error.contains("has no reason"), "{error}");
    }

    #[test]
    fn a_report_round_trips_its_hash_and_missed_count() {
        let report = Report {
            chapter: Chapter {
                number: 2,
                stem: "02-threads".into(),
                page: "02-threads.md".into(),
                sections: Vec::new(),
                module: "threads".into(),
                title: "Threads".into(),
            },
            sources_hash: "0123456789abcdef".into(),
            outcomes: Outcomes {
                caught: vec!["a".into(), "b".into()],
                missed: vec!["c".into()],
                unviable: vec![],
                timeout: vec![],
            },
            exclusions: vec![],
            minutes: 3.0,
            tool: "27.1.0".into(),
        };
        let text = report.render();
        assert!(text.contains("Sources hash: `0123456789abcdef`"), "{text}");
        assert!(text.contains("Missed, unexplained: 1\n"), "{text}");
        assert!(text.contains("- `c`"), "{text}");
    }

    /// A one-chapter project in a temp dir, with a report written for its sources.
    fn project(name: &str) -> PathBuf {
        let root =
            std::env::temp_dir().join(format!("xtask-mutants-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("book")).unwrap();
        fs::create_dir_all(root.join("companion/src/demo")).unwrap();
        fs::write(root.join("book/01-demo.md"), "# Demo\n").unwrap();
        fs::write(root.join("book/SUMMARY.md"), "- [Demo](01-demo.md)\n").unwrap();
        fs::write(
            root.join("companion/src/demo/a.rs"),
            "pub fn a() -> u32 { 1 }\n",
        )
        .unwrap();
        let chapter = chapters::chapters(&root).unwrap().remove(0);
        let report = Report {
            sources_hash: sources_hash(&root, "demo").unwrap(),
            chapter,
            outcomes: Outcomes {
                caught: vec!["x".into()],
                ..Outcomes::default()
            },
            exclusions: vec![],
            minutes: 1.0,
            tool: "27.1.0".into(),
        };
        fs::create_dir_all(root.join(REPORTS)).unwrap();
        fs::write(root.join(REPORTS).join("demo.md"), report.render()).unwrap();
        root
    }

    #[test]
    fn a_report_goes_stale_when_its_chapter_changes() {
        let root = project("stale");
        assert!(check_reports(&root).unwrap().problems.is_empty());
        fs::write(
            root.join("companion/src/demo/a.rs"),
            "pub fn a() -> u32 { 2 }\n",
        )
        .unwrap();
        let problems = check_reports(&root).unwrap().problems;
        assert!(
            problems[0].contains("written for other sources"),
            "{problems:?}"
        );
        let _ = fs::remove_dir_all(&root);
    }

    #[test]
    fn a_chapter_without_a_report_must_be_listed_as_pending_with_a_reason() {
        let root = project("pending");
        fs::remove_file(root.join(REPORTS).join("demo.md")).unwrap();
        let problems = check_reports(&root).unwrap().problems;
        assert!(problems[0].contains("missing"), "{problems:?}");
        fs::write(root.join(PENDING), "demo\n").unwrap();
        let problems = check_reports(&root).unwrap().problems;
        assert!(problems[0].contains("needs a reason"), "{problems:?}");
        fs::write(root.join(PENDING), "demo: not run yet\n").unwrap();
        let found = check_reports(&root).unwrap();
        assert!(found.problems.is_empty(), "{:?}", found.problems);
        assert_eq!(found.pending, ["demo: not run yet"]);
        let _ = fs::remove_dir_all(&root);
    }
}
