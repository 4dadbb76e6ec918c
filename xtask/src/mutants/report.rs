//! The reports: what a run found, the hash of the sources it ran on, the exclusions with
//! their reasons, and the check that every report is fresh and explains every missed mutant.

use super::*;

/// A hash of the chapter's code and tests, without their comments ([`code_only`]): a
/// comment cannot change which mutants exist or what a test does, so rewording one does
/// not make the report stale, while any change to the code does. FNV-1a, 64 bits: a
/// freshness stamp, not a security check (and, unlike std's `DefaultHasher`, the same in
/// every Rust release). The exclusions are checked apart: the report lists them.
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
        let source =
            fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
        feed(code_only(&source).as_bytes());
        feed(&[0]);
    }
    Ok(format!("{hash:016x}"))
}

/// Rust source without its comments (line, block and doc comments), each line's trailing
/// whitespace, and the lines left empty. String, raw string and character literals are
/// kept as they are, so a `//` inside a string is not a comment.
pub fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let at = |i: usize, text: &str| {
        text.chars()
            .enumerate()
            .all(|(k, c)| chars.get(i + k) == Some(&c))
    };
    while i < chars.len() {
        let c = chars[i];
        if at(i, "//") {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if at(i, "/*") {
            let mut depth = 0;
            while i < chars.len() {
                if at(i, "/*") {
                    depth += 1;
                    i += 2;
                } else if at(i, "*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == 'r'
            && !chars
                .get(i.wrapping_sub(1))
                .is_some_and(|p| p.is_alphanumeric() || *p == '_')
            && matches!(chars.get(i + 1), Some('"' | '#'))
        {
            // A raw string r"…", r#"…"#: it ends at a quote followed by as many `#`.
            let mut j = i + 1;
            while chars.get(j) == Some(&'#') {
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let hashes = j - i - 1;
            let close: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let mut end = j + 1;
            while end < chars.len() && !at(end, &close) {
                end += 1;
            }
            end = (end + close.chars().count()).min(chars.len());
            out.extend(&chars[i..end]);
            i = end;
        } else if c == '"' {
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(chars.len());
            out.extend(&chars[start..i]);
        } else if c == '\'' {
            // A character literal ('x', '\n', '\'') or a lifetime ('a): only a literal
            // can hold a quote or a slash that would otherwise start a string or a comment.
            let end = if chars.get(i + 1) == Some(&'\\') {
                (i + 2..chars.len())
                    .find(|&k| chars[k] == '\'')
                    .map(|k| k + 1)
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 3)
            } else {
                None
            };
            let end = end.unwrap_or(i + 1).min(chars.len());
            out.extend(&chars[i..end]);
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    let mut code = String::with_capacity(out.len());
    for line in out.lines().map(str::trim_end).filter(|l| !l.is_empty()) {
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// One `exclude_re` entry of `.cargo/mutants.toml` and the comment above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclusion {
    pub pattern: String,
    pub reason: String,
}

/// The exclusions whose pattern names a file of `module`. The reason is the comment
/// block right above the pattern; an exclusion without one is an error.
pub(super) fn exclusions_for(root: &Path, module: &str) -> Result<Vec<Exclusion>> {
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

pub(super) fn parse_exclusions(text: &str) -> Result<Vec<Exclusion>> {
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

pub(super) struct Report {
    pub(super) chapter: Chapter,
    pub(super) sources_hash: String,
    pub(super) outcomes: Outcomes,
    pub(super) exclusions: Vec<Exclusion>,
    pub(super) minutes: f64,
    pub(super) tool: String,
}

/// The line of a report that carries the hash; the check reads it back.
pub(super) const HASH_LINE: &str = "Sources hash: ";
/// The line that counts the missed mutants; the check reads it back.
pub(super) const MISSED_LINE: &str = "Missed, unexplained: ";

impl Report {
    pub(super) fn render(&self) -> String {
        let o = &self.outcomes;
        let mut text = format!(
            "# Mutation report: `concurrent_rust::{module}` (chapter {number})\n\n\
             <!-- Written by `cargo xtask mutants {module}`; do not edit. -->\n\n\
             cargo-mutants {tool} changed the chapter's code in small ways and ran the \
             chapter's tests (`--lib -E '{filter}'`) on each change; the run took {minutes:.0} min.\n\n\
             {HASH_LINE}`{hash}` (of the code in `companion/src/{module}/`, comments aside: \
             the check fails when it or the chapter's exclusions change; then run \
             `cargo xtask mutants {module}` again).\n\n\
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

pub(super) fn pending_chapters(root: &Path) -> Vec<(String, String)> {
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
