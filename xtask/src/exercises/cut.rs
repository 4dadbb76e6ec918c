//! Cutting an exercise's solution file into its starter, its solution and its tests, and
//! applying a known-bad answer to it. The markers are described in
//! `companion/src/exercises/mod.rs`; every malformed marker is an error that names its line.

use anyhow::{Result, bail};
use regex::Regex;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// What one solution file holds.
#[derive(Debug, PartialEq, Eq)]
pub struct Parts {
    /// The learner's starting point: no solution blocks, no tests, `STARTER:` lines as code.
    pub starter: String,
    /// The solution as the book shows it: no markers, no tests.
    pub solution: String,
    /// The body of `mod tests`, dedented, without its `use super::*;`.
    pub tests: String,
    /// The names of the `#[test]` functions, in file order.
    pub test_names: Vec<String>,
    /// Each named solution block's lines, as the file has them.
    pub blocks: BTreeMap<String, Vec<String>>,
    /// The file without its tests and doc header, one entry per line, markers kept:
    /// what a known-bad answer is applied to.
    body: Vec<String>,
}

static SOLUTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*// SOLUTION(?: ([a-z_][a-z0-9_]*))?\s*$").unwrap());
static END_SOLUTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*// END SOLUTION\s*$").unwrap());
static STARTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\s*)// STARTER: ?(.*)$").unwrap());
static TEST_FN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*fn ([a-z_][a-z0-9_]*)\s*\(").unwrap());

/// Cuts `source` (the text of `companion/src/exercises/chNN_name.rs`).
pub fn cut(source: &str) -> Result<Parts> {
    let lines: Vec<&str> = source.lines().collect();
    let tests_at = lines
        .iter()
        .position(|l| l.trim() == "#[cfg(test)]")
        .filter(|&i| lines.get(i + 1).is_some_and(|l| l.trim() == "mod tests {"));
    let Some(tests_at) = tests_at else {
        bail!("no `#[cfg(test)]` `mod tests {{` block: an exercise's tests are what it is");
    };
    let closing = lines
        .iter()
        .rposition(|l| !l.trim().is_empty())
        .expect("the file has the tests block");
    if lines[closing] != "}" {
        bail!(
            "line {}: the `mod tests` block must be the last thing in the file",
            closing + 1
        );
    }
    let tests_body = &lines[tests_at + 2..closing];
    let Some(first) = tests_body.iter().position(|l| !l.trim().is_empty()) else {
        bail!("the `mod tests` block is empty");
    };
    if tests_body[first].trim() != "use super::*;" {
        bail!(
            "line {}: `mod tests` must begin with `use super::*;` (a learner's crate replaces it)",
            tests_at + 3 + first
        );
    }
    let mut tests = Vec::new();
    let mut test_names = Vec::new();
    let mut is_test = false;
    for (offset, line) in tests_body.iter().enumerate().skip(first + 1) {
        let number = tests_at + 3 + offset;
        let text = line.strip_prefix("    ").unwrap_or(line.trim_start());
        let attribute = text.trim();
        if attribute.starts_with("#[") && attribute != "#[test]" && is_test_attribute(attribute) {
            bail!(
                "line {number}: `{attribute}`: exercise tests are plain `#[test]` functions \
                 (a notebook runs them without libtest)"
            );
        }
        if attribute == "#[test]" {
            is_test = true;
        } else if is_test && let Some(caps) = TEST_FN.captures(text) {
            test_names.push(caps[1].to_string());
            is_test = false;
        }
        if text.contains("super::") {
            bail!(
                "line {number}: the tests say `super::`; in a learner's crate they are the \
                 crate's root: name the exercise's items directly"
            );
        }
        if text.contains("crate::") && !text.contains("concurrent_rust::") {
            bail!(
                "line {number}: the tests say `crate::`, which in a learner's crate is the \
                 learner's crate: use the exercise's items or `concurrent_rust::…`"
            );
        }
        tests.push(text.trim_end().to_string());
    }
    if test_names.is_empty() {
        bail!("the `mod tests` block has no `#[test]` function");
    }
    let tests = trim_blank_edges(tests).join("\n") + "\n";

    // The body: everything before the tests, without the `//!` header.
    let mut body: Vec<String> = lines[..tests_at]
        .iter()
        .skip_while(|l| l.starts_with("//!"))
        .map(|l| l.to_string())
        .collect();
    while body.first().is_some_and(|l| l.trim().is_empty()) {
        body.remove(0);
    }
    if body.iter().any(|l| l.starts_with("//!")) {
        bail!("`//!` lines belong at the very top of the file");
    }
    if let Some(line) = body.iter().find(|l| l.contains("crate::")) {
        bail!(
            "`{}`: an exercise's code is a learner's whole crate, so `crate::` means \
             something else there; use `concurrent_rust::…` for the course's code",
            line.trim()
        );
    }
    let blocks = solution_blocks(&body)?;
    let mut starter = Vec::new();
    let mut solution = Vec::new();
    let mut inside = false;
    for line in &body {
        if SOLUTION.is_match(line) {
            inside = true;
        } else if END_SOLUTION.is_match(line) {
            inside = false;
        } else if let Some(caps) = STARTER.captures(line) {
            starter.push(format!("{}{}", &caps[1], &caps[2]));
        } else {
            if !inside {
                starter.push(line.clone());
            }
            solution.push(line.clone());
        }
    }
    Ok(Parts {
        starter: squeeze_blank_lines(trim_blank_edges(starter)).join("\n") + "\n",
        solution: squeeze_blank_lines(trim_blank_edges(solution)).join("\n") + "\n",
        tests,
        test_names,
        blocks,
        body,
    })
}

/// `#[should_panic]`, `#[ignore]`, `#[tokio::test]` and the like: attributes a notebook
/// cannot honour. Other attributes (`#[derive]`, `#[allow]`) are fine.
fn is_test_attribute(attribute: &str) -> bool {
    ["should_panic", "ignore", "tokio::test", "test("]
        .iter()
        .any(|word| attribute.contains(word))
}

/// The named `// SOLUTION name` blocks, checking that every block is closed and none nests.
fn solution_blocks(body: &[String]) -> Result<BTreeMap<String, Vec<String>>> {
    let mut blocks = BTreeMap::new();
    let mut open: Option<(usize, Option<String>, Vec<String>)> = None;
    for (index, line) in body.iter().enumerate() {
        if let Some(caps) = SOLUTION.captures(line) {
            if let Some((at, _, _)) = &open {
                bail!(
                    "a `// SOLUTION` block opens inside the one opened {} lines above",
                    index - at
                );
            }
            open = Some((
                index,
                caps.get(1).map(|m| m.as_str().to_string()),
                Vec::new(),
            ));
        } else if END_SOLUTION.is_match(line) {
            let Some((_, name, lines)) = open.take() else {
                bail!("`// END SOLUTION` without a `// SOLUTION` before it: `{line}`");
            };
            if let Some(name) = name
                && blocks.insert(name.clone(), lines).is_some()
            {
                bail!("two solution blocks are named `{name}`");
            }
        } else if let Some((_, _, lines)) = &mut open {
            lines.push(line.clone());
        } else if line.trim_start().starts_with("// SOLUTION")
            || line.trim_start().starts_with("// END")
        {
            bail!(
                "`{}` is not a marker: `// SOLUTION [name]` or `// END SOLUTION`",
                line.trim()
            );
        }
    }
    if let Some((_, name, _)) = open {
        bail!(
            "the solution block {} is never closed with `// END SOLUTION`",
            name.map_or("without a name".to_string(), |n| format!("`{n}`"))
        );
    }
    Ok(blocks)
}

/// A known-bad answer: what it says is wrong, the tests it must fail, and its replacements.
#[derive(Debug, PartialEq, Eq)]
pub struct KnownBad {
    pub what: String,
    pub fails: Vec<String>,
    pub replaces: Vec<(String, Vec<String>)>,
}

static FAILS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^// Fails: (.+)$").unwrap());
static REPLACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^// REPLACES ([a-z_][a-z0-9_]*)\s*$").unwrap());

/// Parses a known-bad file of exercise `id`.
pub fn known_bad(id: &str, text: &str) -> Result<KnownBad> {
    let mut lines = text.lines().peekable();
    let header = format!("// Known-bad answer to exercise {id}:");
    let Some(first) = lines.next().filter(|l| l.starts_with(&header)) else {
        bail!("the first line must begin `{header}` and say what is wrong");
    };
    let mut what = first[header.len()..].trim().to_string();
    let mut fails = Vec::new();
    let mut replaces = Vec::new();
    while let Some(line) = lines.next() {
        if let Some(caps) = FAILS.captures(line) {
            fails.extend(caps[1].split(',').map(|t| t.trim().to_string()));
        } else if let Some(caps) = REPLACES.captures(line) {
            let mut block = Vec::new();
            loop {
                match lines.next() {
                    Some(l) if l.trim() == "// END REPLACES" => break,
                    Some(l) => block.push(l.to_string()),
                    None => bail!("`// REPLACES {}` is never closed", &caps[1]),
                }
            }
            replaces.push((caps[1].to_string(), block));
        } else if let Some(more) = line.strip_prefix("// ") {
            if replaces.is_empty() && fails.is_empty() {
                what.push(' ');
                what.push_str(more.trim());
            }
        } else if !line.trim().is_empty() {
            bail!("`{line}` is outside a `// REPLACES name` … `// END REPLACES` block");
        }
    }
    if fails.is_empty() {
        bail!("no `// Fails: test, test` line: name the tests this answer must fail");
    }
    if replaces.is_empty() {
        bail!("no `// REPLACES name` block: a known-bad answer changes the solution");
    }
    Ok(KnownBad {
        what,
        fails,
        replaces,
    })
}

impl Parts {
    /// The solution with the known-bad answer's blocks in place of the named ones, as a
    /// learner's `lib.rs` would hold it (no markers, no tests).
    pub fn with(&self, bad: &KnownBad) -> Result<String> {
        for (name, _) in &bad.replaces {
            if !self.blocks.contains_key(name) {
                bail!(
                    "it replaces `{name}`, but the solution has no `// SOLUTION {name}` block \
                     (it has: {})",
                    self.blocks.keys().cloned().collect::<Vec<_>>().join(", ")
                );
            }
        }
        for test in &bad.fails {
            if !self.test_names.contains(test) {
                bail!("it names `{test}`, which is not one of the exercise's tests");
            }
        }
        let mut out = Vec::new();
        let mut skipping = false;
        for line in &self.body {
            if let Some(caps) = SOLUTION.captures(line) {
                let name = caps.get(1).map(|m| m.as_str());
                if let Some((_, lines)) =
                    bad.replaces.iter().find(|(n, _)| Some(n.as_str()) == name)
                {
                    out.extend(lines.iter().cloned());
                    skipping = true;
                }
            } else if END_SOLUTION.is_match(line) {
                skipping = false;
            } else if !skipping && !STARTER.is_match(line) {
                out.push(line.clone());
            }
        }
        Ok(out.join("\n") + "\n")
    }
}

fn trim_blank_edges(mut lines: Vec<String>) -> Vec<String> {
    while lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    while lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    lines
}

/// Two blank lines in a row (where a block was cut out) become one.
fn squeeze_blank_lines(lines: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in lines {
        if line.trim().is_empty() && out.last().is_some_and(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOURCE: &str = "\
//! Exercise 9.9: a counter.
//!
//! Count.

use std::sync::atomic::{AtomicU64, Ordering};

pub struct Counter {
    // STARTER: _todo: (),
    // SOLUTION
    n: AtomicU64,
    // END SOLUTION
}

impl Counter {
    pub fn add(&self) -> u64 {
        // STARTER: todo!(\"add one\")
        // SOLUTION add
        self.n.fetch_add(1, Ordering::Relaxed)
        // END SOLUTION
    }
}

// SOLUTION
fn helper() {}
// END SOLUTION

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn setup() -> u32 {
        1
    }

    #[test]
    fn adds_one() {
        assert_eq!(setup(), 1);
    }

    #[test]
    fn adds_two() {}
}
";

    #[test]
    fn the_starter_has_the_starter_lines_and_no_solution() {
        let parts = cut(SOURCE).unwrap();
        assert_eq!(
            parts.starter,
            "use std::sync::atomic::{AtomicU64, Ordering};\n\npub struct Counter {\n    _todo: (),\n}\n\n\
             impl Counter {\n    pub fn add(&self) -> u64 {\n        todo!(\"add one\")\n    }\n}\n"
        );
    }

    #[test]
    fn the_solution_has_no_markers_no_header_and_no_tests() {
        let parts = cut(SOURCE).unwrap();
        assert!(
            parts.solution.starts_with("use std::sync"),
            "{}",
            parts.solution
        );
        assert!(parts.solution.contains("    n: AtomicU64,\n}"));
        assert!(parts.solution.contains("fn helper() {}"));
        assert!(!parts.solution.contains("//"), "{}", parts.solution);
        assert!(!parts.solution.contains("mod tests"));
    }

    #[test]
    fn the_tests_are_the_module_body_without_use_super() {
        let parts = cut(SOURCE).unwrap();
        assert!(
            parts
                .tests
                .starts_with("use std::time::Duration;\n\nfn setup()")
        );
        assert!(parts.tests.ends_with("#[test]\nfn adds_two() {}\n"));
        assert_eq!(parts.test_names, ["adds_one", "adds_two"]);
        assert_eq!(parts.blocks.keys().collect::<Vec<_>>(), ["add"]);
    }

    #[test]
    fn a_known_bad_answer_replaces_its_named_blocks() {
        let parts = cut(SOURCE).unwrap();
        let bad = known_bad(
            "09-counter",
            "// Known-bad answer to exercise 09-counter: loses updates,\n// with a load and a store.\n\
             // Fails: adds_two\n// REPLACES add\n        let n = self.n.load(Ordering::Relaxed);\n\
             \x20       self.n.store(n + 1, Ordering::Relaxed);\n        n\n// END REPLACES\n",
        )
        .unwrap();
        assert_eq!(bad.what, "loses updates, with a load and a store.");
        let answer = parts.with(&bad).unwrap();
        assert!(answer.contains("        let n = self.n.load(Ordering::Relaxed);\n"));
        assert!(!answer.contains("fetch_add"));
        assert!(answer.contains("    n: AtomicU64,"), "other blocks stay");
        assert!(!answer.contains("_todo"), "starter lines go");
    }

    #[test]
    fn a_known_bad_answer_must_name_real_blocks_and_tests() {
        let parts = cut(SOURCE).unwrap();
        let wrong_block = known_bad(
            "09-counter",
            "// Known-bad answer to exercise 09-counter: x\n// Fails: adds_one\n// REPLACES nope\n// END REPLACES\n",
        )
        .unwrap();
        assert!(
            parts
                .with(&wrong_block)
                .unwrap_err()
                .to_string()
                .contains("no `// SOLUTION nope`")
        );
        let wrong_test = known_bad(
            "09-counter",
            "// Known-bad answer to exercise 09-counter: x\n// Fails: adds_three\n// REPLACES add\n// END REPLACES\n",
        )
        .unwrap();
        assert!(
            parts
                .with(&wrong_test)
                .unwrap_err()
                .to_string()
                .contains("`adds_three`")
        );
        assert!(
            known_bad(
                "09-counter",
                "// Known-bad answer to exercise 09-counter: x\n// REPLACES add\n// END REPLACES\n"
            )
            .is_err()
        );
        assert!(
            known_bad(
                "09-other",
                "// Known-bad answer to exercise 09-counter: x\n"
            )
            .is_err()
        );
    }

    #[test]
    fn malformed_markers_are_refused_with_what_is_wrong() {
        let last = SOURCE.rfind("// END SOLUTION\n").unwrap();
        let unclosed = format!("{}{}", &SOURCE[..last], &SOURCE[last + 16..]);
        assert!(
            cut(&unclosed)
                .unwrap_err()
                .to_string()
                .contains("never closed")
        );
        let nested = SOURCE.replacen("    n: AtomicU64,", "    // SOLUTION\n", 1);
        assert!(
            cut(&nested)
                .unwrap_err()
                .to_string()
                .contains("opens inside")
        );
        let tokio = SOURCE.replacen(
            "#[test]\n    fn adds_two",
            "#[tokio::test]\n    fn adds_two",
            1,
        );
        assert!(
            cut(&tokio)
                .unwrap_err()
                .to_string()
                .contains("plain `#[test]`")
        );
        let own_crate = SOURCE.replacen("1\n    }", "crate::x()\n    }", 1);
        assert!(
            cut(&own_crate)
                .unwrap_err()
                .to_string()
                .contains("`crate::`")
        );
        let no_use_super = SOURCE.replacen("    use super::*;\n    use std", "    use std", 1);
        assert!(
            cut(&no_use_super)
                .unwrap_err()
                .to_string()
                .contains("use super::*;")
        );
        let after_tests = format!("{SOURCE}\nfn late() {{}}\n");
        assert!(
            cut(&after_tests)
                .unwrap_err()
                .to_string()
                .contains("last thing")
        );
    }
}
