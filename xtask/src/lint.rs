//! The book lint: every code block, compiler error and printed output in the book comes
//! from companion/, and every caption says what checks it.
//!
//! The rules (CONTRIBUTING.md explains them to an author):
//!
//! - A ```` ```rust ```` fence is an include of companion code, captioned on the next
//!   line `*Listing N.M — `path`, …*`, numbered in order. The caption says what checks
//!   the listing, in one of these forms:
//!   - `tested by `module::file::tests::name`` — a test in the listing's own file that
//!     checks what the listing does (a test that only calls `main`, `main_runs`, is not
//!     one: say `only run (not checked) by` for it);
//!   - `run by `programs::tests::outputs_of_<module>`, which compares its output below`
//!     — the next fence
//!     is its output snapshot;
//!   - `does not compile (`E0373`)…` — the file lives in a `does_not_compile/` folder,
//!     its `.stderr` sibling (checked by trybuild) contains each named error code or
//!     lint, and the next fence includes that `.stderr`.
//! - A ```` ```text ```` fence is an include of a `.stderr` file (captioned
//!   `*rustc's output for Listing N.M — …*`) or of a program's output in
//!   `companion/outputs/` (captioned `*Output of Listing N.M — …*` for a snapshot that
//!   `programs::tests::outputs_of_<module>` compares, or `*One possible run of Listing N.M — …*` for a
//!   recorded run, with the test that checks what every run guarantees). Only a diagram
//!   may be typed into the book, as ```` ```text,diagram ````.
//! - A ```` ```console ```` fence holds commands only (`$ …` lines), never their output.

use crate::chapters::{Chapter, chapters, files_with_extension};
use crate::paths::{BOOK_SRC, COMPANION};
use anyhow::Result;
use mdbook_markdown::pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
use regex::Regex;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

static INCLUDE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\{\{#(?:rustdoc_)?include ([^:}]+)(?::([A-Za-z0-9_-]+))?\}\}$")
        .expect("valid regex")
});
static LISTING_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\*Listing (\d+)\.(\d+) — `([^`]+)`, (.+)\*$").expect("valid regex")
});
static TESTED_BY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(tested by|only run \(not checked\) by) `([A-Za-z0-9_:]+)`$")
        .expect("valid regex")
});
static RUN_BY_OUTPUTS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^run by `programs::tests::outputs_of_([a-z_]+)`, which compares its output below$")
        .expect("valid regex")
});
static DOES_NOT_COMPILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^does not compile \((`[A-Za-z0-9_]+`(?:, `[A-Za-z0-9_]+`)*)\): rustc's output below is checked by trybuild$",
    )
    .expect("valid regex")
});
static STDERR_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\*rustc's output for Listing (\d+)\.(\d+) — `([^`]+)`, compared with the compiler's by `tests/compile_fail.rs`\*$")
        .expect("valid regex")
});
static OUTPUT_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\*Output of Listing (\d+)\.(\d+) — `([^`]+)`, compared with a fresh run by `programs::tests::outputs_of_([a-z_]+)`\*$")
        .expect("valid regex")
});
static RUN_CAPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\*One possible run of Listing (\d+)\.(\d+) — `([^`]+)`; what every run guarantees is tested by `([A-Za-z0-9_:]+)`\*$")
        .expect("valid regex")
});
static ERROR_CODE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^E\d{4}$").expect("valid regex"));

/// Where the printed outputs of the listings live.
pub const OUTPUTS: &str = "companion/outputs";

/// Checks the book's sources (before preprocessing) against the rules above and the
/// summary's links. Returns one message per problem.
pub fn lint(root: &Path) -> Result<Vec<String>> {
    let mut problems = Vec::new();
    let summary = fs::read_to_string(root.join(BOOK_SRC).join("SUMMARY.md"))?;
    let chapters = chapters(root)?;
    for chapter in &chapters {
        for target in [
            chapter.page.display().to_string(),
            format!("companion/{}.md", chapter.module),
            format!("notebooks/{}.md", chapter.stem),
        ] {
            if !summary.contains(&format!("]({target})")) {
                problems.push(format!("book/SUMMARY.md does not link {target}"));
            }
        }
    }
    for chapter in &chapters {
        let folder = root.join(BOOK_SRC).join(&chapter.stem);
        if folder.is_dir() {
            for file in files_with_extension(&folder, "md")? {
                let relative = file.strip_prefix(root.join(BOOK_SRC))?.to_path_buf();
                if !chapter.sections.contains(&relative) {
                    problems.push(format!(
                        "book/{}: a section page that book/SUMMARY.md does not list under {}",
                        relative.display(),
                        chapter.page.display()
                    ));
                }
            }
        }
    }
    let mut chapter_pages: Vec<(PathBuf, &Chapter, bool)> = Vec::new();
    for chapter in &chapters {
        for (index, page) in chapter.pages().enumerate() {
            chapter_pages.push((Path::new(BOOK_SRC).join(page), chapter, index == 0));
        }
    }
    for file in files_with_extension(&root.join(BOOK_SRC), "md")? {
        let relative = file.strip_prefix(root)?.to_path_buf();
        if !chapter_pages.iter().any(|(path, _, _)| *path == relative) {
            lint_page(root, &relative, None, false, 0, &mut problems)?;
        }
    }
    // Listing numbers run on across a chapter's pages, in reading order.
    let mut last_listing = 0;
    for (relative, chapter, opening) in &chapter_pages {
        if *opening {
            last_listing = 0;
        }
        last_listing = lint_page(
            root,
            relative,
            Some(chapter),
            *opening,
            last_listing,
            &mut problems,
        )?;
    }
    Ok(problems)
}

/// The longest a chapter's page may be (the Rust Book's chapter-16 pages are 49–284).
const MAX_PAGE_LINES: usize = 300;

/// Lints one page; `listing` is the number of the chapter's last listing before this page.
/// Returns the number of its last listing.
fn lint_page(
    root: &Path,
    relative: &Path,
    chapter: Option<&Chapter>,
    opening: bool,
    listing: u32,
    problems: &mut Vec<String>,
) -> Result<u32> {
    let text = fs::read_to_string(root.join(relative))?;
    let lines = text.lines().count();
    if chapter.is_some() && lines > MAX_PAGE_LINES {
        problems.push(format!(
            "{}: {lines} lines; a page holds one idea, in at most {MAX_PAGE_LINES} lines: split \
             it into section pages (book/NN-name/section.md, listed in book/SUMMARY.md)",
            relative.display()
        ));
    }
    let mut page = Page {
        root,
        path: relative,
        text: &text,
        chapter,
        opening,
        problems,
        listing,
        last_listing: None,
        expect: None,
    };
    page.lint()?;
    Ok(page.listing)
}

/// A fence as the parser saw it: its info string, where it starts, its body, and the
/// caption line right after it.
struct Fence {
    info: String,
    at: String,
    body: String,
    caption: String,
}

/// The listing a later output block refers to.
#[derive(Clone)]
struct Listing {
    number: (u32, u32),
    source: PathBuf,
}

/// What the next fence must be, because of the listing before it.
enum Expect {
    Stderr { listing: Listing, stderr: PathBuf },
    Output { listing: Listing },
}

struct Page<'a> {
    root: &'a Path,
    path: &'a Path,
    text: &'a str,
    chapter: Option<&'a Chapter>,
    /// The chapter's opening page, which carries the run box.
    opening: bool,
    problems: &'a mut Vec<String>,
    listing: u32,
    last_listing: Option<Listing>,
    expect: Option<Expect>,
}

impl Page<'_> {
    fn problem(&mut self, at: &str, message: impl std::fmt::Display) {
        self.problems.push(format!("{at}: {message}"));
    }

    fn lint(&mut self) -> Result<()> {
        if let Some(chapter) = self.chapter
            && self.opening
            && !self.text.contains("<!-- book-only -->")
        {
            self.problems.push(format!(
                "{}: no run box (`<!-- book-only -->` … linking notebooks/{}.md and companion/{}.md)",
                self.path.display(),
                chapter.stem,
                chapter.module
            ));
        }
        for fence in self.fences() {
            self.fence(&fence)?;
        }
        if let Some(expect) = self.expect.take() {
            let at = format!("{}: end of page", self.path.display());
            self.missing_expected(&at, expect);
        }
        Ok(())
    }

    fn fences(&self) -> Vec<Fence> {
        let line_of = |offset: usize| self.text[..offset].lines().count() + 1;
        let mut fences = Vec::new();
        let mut open: Option<(String, usize, String)> = None;
        for (event, range) in
            new_cmark_parser(self.text, &MarkdownOptions::default()).into_offset_iter()
        {
            match event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => {
                    open = Some((info.to_string(), range.start, String::new()));
                }
                Event::Text(body) => {
                    if let Some((_, _, code)) = open.as_mut() {
                        code.push_str(&body);
                    }
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some((info, start, body)) = open.take() {
                        let caption = self.text[range.end..]
                            .trim_start_matches('\n')
                            .lines()
                            .next()
                            .unwrap_or("")
                            .to_string();
                        fences.push(Fence {
                            info,
                            at: format!("{}:{}", self.path.display(), line_of(start)),
                            body,
                            caption,
                        });
                    }
                }
                _ => {}
            }
        }
        fences
    }

    /// The include target of a fence, resolved against the page, if the fence is one.
    fn include_of(&self, fence: &Fence) -> Option<(PathBuf, Option<String>)> {
        let caps = INCLUDE.captures(fence.body.trim())?;
        let target = normalize(&self.path.parent().unwrap_or(Path::new("")).join(&caps[1]));
        Some((target, caps.get(2).map(|m| m.as_str().to_string())))
    }

    fn fence(&mut self, fence: &Fence) -> Result<()> {
        let mut words = fence.info.split(',').map(str::trim);
        let language = words.next().unwrap_or("");
        let attributes: Vec<&str> = words.collect();
        if let Some(expect) = self.expect.take()
            && !self.fulfils(fence, &expect)
        {
            self.missing_expected(&fence.at, expect);
        }
        match language {
            "rust" => self.rust_fence(fence, &attributes),
            "text" if attributes == ["diagram"] => Ok(()),
            "text" => self.text_fence(fence),
            "console" => {
                self.console_fence(fence);
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn fulfils(&self, fence: &Fence, expect: &Expect) -> bool {
        let target = self.include_of(fence).map(|(t, _)| t);
        match expect {
            Expect::Stderr { stderr, .. } => target.as_ref() == Some(stderr),
            Expect::Output { listing } => target.is_some_and(|t| {
                output_for(&listing.source).is_some_and(|stem| {
                    t == stem.with_extension("txt") || t == stem.with_extension("run.txt")
                })
            }),
        }
    }

    fn missing_expected(&mut self, at: &str, expect: Expect) {
        match expect {
            Expect::Stderr { listing, stderr } => self.problem(
                at,
                format!(
                    "Listing {}.{} does not compile, so the next block must include {} (rustc's output)",
                    listing.number.0,
                    listing.number.1,
                    stderr.display()
                ),
            ),
            Expect::Output { listing } => self.problem(
                at,
                format!(
                    "Listing {}.{} says its output follows, so the next block must include {}",
                    listing.number.0,
                    listing.number.1,
                    output_for(&listing.source)
                        .map(|p| p.with_extension("txt").display().to_string())
                        .unwrap_or_else(|| "its output file".into())
                ),
            ),
        }
    }

    fn rust_fence(&mut self, fence: &Fence, attributes: &[&str]) -> Result<()> {
        let Some((target, anchor)) = self.include_of(fence) else {
            self.problem(
                &fence.at,
                "a Rust block written in the book; include it from companion/ instead",
            );
            return Ok(());
        };
        let Some(chapter) = self.chapter else {
            return Ok(());
        };
        if !self.root.join(&target).is_file() {
            self.problem(
                &fence.at,
                format!("includes {}, which does not exist", target.display()),
            );
            return Ok(());
        }
        let compile_fail = attributes.contains(&"compile_fail");
        if let Some(code) = attributes.iter().find(|a| ERROR_CODE.is_match(a)) {
            self.problem(
                &fence.at,
                format!(
                    "`{code}` in the fence is checked by nothing on stable; name the error \
                     code in the caption, where the lint checks it against the .stderr"
                ),
            );
        }
        let runnable = attributes
            .iter()
            .all(|a| !["ignore", "compile_fail", "no_run", "should_panic"].contains(a));
        if anchor.is_none() && runnable {
            self.problem(&fence.at, "include a named ANCHOR region, not a whole file");
        }
        self.listing += 1;
        let expected = (chapter.number, self.listing);
        let Some(caps) = LISTING_CAPTION.captures(&fence.caption) else {
            self.problem(
                &fence.at,
                format!(
                    "the block needs a caption line right after it: \
                     *Listing {}.{} — `{}`, tested by `module::file::tests::test_name`*",
                    expected.0,
                    expected.1,
                    target.display()
                ),
            );
            return Ok(());
        };
        let number = (caps[1].parse::<u32>()?, caps[2].parse::<u32>()?);
        if number != expected {
            self.problem(
                &fence.at,
                format!(
                    "caption says Listing {}.{}, expected {}.{}",
                    number.0, number.1, expected.0, expected.1
                ),
            );
        }
        if Path::new(&caps[3]) != target {
            self.problem(
                &fence.at,
                format!(
                    "caption names {} but the block includes {}",
                    &caps[3],
                    target.display()
                ),
            );
        }
        let listing = Listing {
            number: expected,
            source: target.clone(),
        };
        self.last_listing = Some(listing.clone());
        let claim = caps[4].to_string();
        if compile_fail {
            self.compile_fail_claim(fence, &claim, listing);
        } else if let Some(run_by) = RUN_BY_OUTPUTS.captures(&claim) {
            self.output_test_matches(&fence.at, &run_by[1], &chapter.module);
            if output_for(&target).is_none() {
                self.problem(
                    &fence.at,
                    format!("{} is not a companion source file", target.display()),
                );
            }
            self.expect = Some(Expect::Output { listing });
        } else if let Some(tested) = TESTED_BY.captures(&claim) {
            let test = tested[2].to_string();
            if &tested[1] == "tested by" && test.ends_with("::main_runs") {
                self.problem(
                    &fence.at,
                    format!(
                        "`{test}` only calls `main`: name a test that checks what the listing \
                         does, or say `run by `programs::tests::outputs_of_…`, which compares its \
                         output below` or `only run (not checked) by `{test}``"
                    ),
                );
            }
            self.test_exists(&fence.at, &target, &test)?;
        } else {
            self.problem(
                &fence.at,
                format!(
                    "the caption must say what checks the listing: `tested by `…``, \
                     `only run (not checked) by `…``, `run by `programs::tests::outputs_of_…`, \
                     which compares its output below`, or for code that \
                     must not compile `does not compile (`E0000`): rustc's output below is \
                     checked by trybuild`; it says `{claim}`"
                ),
            );
        }
        Ok(())
    }

    fn compile_fail_claim(&mut self, fence: &Fence, claim: &str, listing: Listing) {
        let target = listing.source.clone();
        if !target
            .components()
            .any(|c| c.as_os_str() == "does_not_compile")
        {
            self.problem(
                &fence.at,
                format!(
                    "{} must live in a `does_not_compile/` folder, where trybuild checks it",
                    target.display()
                ),
            );
            return;
        }
        let stderr = target.with_extension("stderr");
        let Ok(output) = fs::read_to_string(self.root.join(&stderr)) else {
            self.problem(
                &fence.at,
                format!(
                    "{} is missing: run `TRYBUILD=overwrite cargo test -p concurrent_rust --test compile_fail` and review it",
                    stderr.display()
                ),
            );
            return;
        };
        let Some(caps) = DOES_NOT_COMPILE.captures(claim) else {
            self.problem(
                &fence.at,
                format!(
                    "a compile-fail listing's caption must end `does not compile (`E0000`): \
                     rustc's output below is checked by trybuild`, naming the error codes or \
                     lints in {}; it says `{claim}`",
                    stderr.display()
                ),
            );
            return;
        };
        for code in caps[1].split(", ").map(|c| c.trim_matches('`')) {
            let found = if ERROR_CODE.is_match(code) {
                output.contains(&format!("error[{code}]"))
            } else {
                output.contains(code)
            };
            if !found {
                self.problem(
                    &fence.at,
                    format!(
                        "the caption says the listing fails with `{code}`, but {} does not \
                         show it",
                        stderr.display()
                    ),
                );
            }
        }
        self.expect = Some(Expect::Stderr { listing, stderr });
    }

    /// The named test is in the listing's module and defined in its file.
    fn test_exists(&mut self, at: &str, target: &Path, test: &str) -> Result<()> {
        let module_path = target
            .strip_prefix(Path::new(COMPANION).join("src"))
            .unwrap_or(target)
            .with_extension("")
            .to_string_lossy()
            .replace('/', "::");
        let module_path = module_path.trim_end_matches("::mod").to_string();
        if !test.starts_with(&format!("{module_path}::")) {
            self.problem(
                at,
                format!("caption names test {test}, which is not in {module_path}"),
            );
        }
        let name = test.rsplit("::").next().unwrap_or(test);
        let source = fs::read_to_string(self.root.join(target))?;
        let defines = Regex::new(&format!(r"fn {}\s*\(", regex::escape(name)))?;
        if !defines.is_match(&source) {
            self.problem(
                at,
                format!(
                    "caption names test `{name}`, which {} does not define",
                    target.display()
                ),
            );
        }
        Ok(())
    }

    fn text_fence(&mut self, fence: &Fence) -> Result<()> {
        let Some((target, _)) = self.include_of(fence) else {
            self.problem(
                &fence.at,
                "text typed into the book: a program's output or rustc's must be included \
                 from companion/ (`companion/outputs/…` or a `.stderr` file); a diagram is \
                 marked ```text,diagram",
            );
            return Ok(());
        };
        if self.chapter.is_none() {
            return Ok(());
        }
        if !self.root.join(&target).is_file() {
            self.problem(
                &fence.at,
                format!("includes {}, which does not exist", target.display()),
            );
            return Ok(());
        }
        let last = self.last_listing.clone();
        let refers_to = |number: (u32, u32), this: &mut Page| -> bool {
            match &last {
                Some(listing) if listing.number == number => true,
                _ => {
                    this.problem(
                        &fence.at,
                        format!(
                            "the caption refers to Listing {}.{}, but the listing before it is {}",
                            number.0,
                            number.1,
                            last.as_ref()
                                .map(|l| format!("{}.{}", l.number.0, l.number.1))
                                .unwrap_or_else(|| "none".into())
                        ),
                    );
                    false
                }
            }
        };
        let named = |caps: &regex::Captures, this: &mut Page| {
            if Path::new(&caps[3]) != target {
                this.problem(
                    &fence.at,
                    format!(
                        "caption names {} but the block includes {}",
                        &caps[3],
                        target.display()
                    ),
                );
            }
        };
        let number = |caps: &regex::Captures| -> (u32, u32) {
            (caps[1].parse().unwrap_or(0), caps[2].parse().unwrap_or(0))
        };
        if target.extension().is_some_and(|e| e == "stderr") {
            match STDERR_CAPTION.captures(&fence.caption) {
                Some(caps) => {
                    named(&caps, self);
                    refers_to(number(&caps), self);
                }
                None => self.problem(
                    &fence.at,
                    format!(
                        "rustc's output needs the caption *rustc's output for Listing N.M — `{}`, \
                         compared with the compiler's by `tests/compile_fail.rs`*",
                        target.display()
                    ),
                ),
            }
            return Ok(());
        }
        if !target.starts_with(OUTPUTS) {
            self.problem(
                &fence.at,
                format!(
                    "a text block includes {}: printed output lives in {OUTPUTS}/, compiler output in .stderr files",
                    target.display()
                ),
            );
            return Ok(());
        }
        let recorded_run = target.to_string_lossy().ends_with(".run.txt");
        if recorded_run {
            let Some(caps) = RUN_CAPTION.captures(&fence.caption) else {
                self.problem(
                    &fence.at,
                    format!(
                        "a recorded run needs the caption *One possible run of Listing N.M — `{}`; \
                         what every run guarantees is tested by `module::file::tests::name`*",
                        target.display()
                    ),
                );
                return Ok(());
            };
            named(&caps, self);
            if refers_to(number(&caps), self)
                && let Some(listing) = &last
            {
                let test = caps[4].to_string();
                self.test_exists(&fence.at, &listing.source.clone(), &test)?;
                self.output_matches_listing(&fence.at, &target, listing);
            }
        } else {
            let Some(caps) = OUTPUT_CAPTION.captures(&fence.caption) else {
                self.problem(
                    &fence.at,
                    format!(
                        "an output snapshot needs the caption *Output of Listing N.M — `{}`, \
                         compared with a fresh run by `programs::tests::outputs_of_{}`*",
                        target.display(),
                        self.chapter.map(|c| c.module.as_str()).unwrap_or("…")
                    ),
                );
                return Ok(());
            };
            named(&caps, self);
            if let Some(chapter) = self.chapter {
                self.output_test_matches(&fence.at, &caps[4], &chapter.module);
            }
            if refers_to(number(&caps), self)
                && let Some(listing) = &last
            {
                self.output_matches_listing(&fence.at, &target, listing);
            }
        }
        Ok(())
    }

    /// The output test a caption names is the chapter's own.
    fn output_test_matches(&mut self, at: &str, named: &str, module: &str) {
        if named != module {
            self.problem(
                at,
                format!(
                    "the outputs of chapter `{module}` are compared by \
                     `programs::tests::outputs_of_{module}`, not `outputs_of_{named}`"
                ),
            );
        }
    }

    /// `companion/outputs/threads/sleep.txt` is the output of `companion/src/threads/sleep.rs`.
    fn output_matches_listing(&mut self, at: &str, target: &Path, listing: &Listing) {
        let Some(stem) = output_for(&listing.source) else {
            return;
        };
        if *target != stem.with_extension("txt") && *target != stem.with_extension("run.txt") {
            self.problem(
                at,
                format!(
                    "{} is not the output of {} (that would be {})",
                    target.display(),
                    listing.source.display(),
                    stem.with_extension("txt").display()
                ),
            );
        }
    }

    fn console_fence(&mut self, fence: &Fence) {
        let mut continued = false;
        for line in fence.body.lines() {
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            if !continued && !trimmed.starts_with("$ ") && !trimmed.starts_with('#') {
                self.problem(
                    &fence.at,
                    format!(
                        "a console block holds commands (`$ …`), not their output: `{trimmed}`; \
                         include output from {OUTPUTS}/ in a text block"
                    ),
                );
                return;
            }
            continued = trimmed.ends_with('\\');
        }
    }
}

/// `companion/src/threads/sleep.rs` → `companion/outputs/threads/sleep` (no extension).
fn output_for(source: &Path) -> Option<PathBuf> {
    let inside = source.strip_prefix(Path::new(COMPANION).join("src")).ok()?;
    Some(Path::new(OUTPUTS).join(inside.with_extension("")))
}

/// Resolves `a/../b` without touching the file system.
fn normalize(path: &Path) -> PathBuf {
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The lint on the real tree, so that `cargo test` catches a bad caption or a pasted
    /// output without the full check (rust-analyzer's `tidy` tests work the same way).
    #[test]
    fn the_book_passes_its_lint() {
        let problems = lint(crate::paths::root()).expect("the lint runs");
        assert!(
            problems.is_empty(),
            "the book lint found {} problem(s); fix each one (the rules are in \
             CONTRIBUTING.md, § book: prose plus includes), then run \
             `cargo xtask check --only book-lint`:\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
    }

    #[test]
    fn includes_parse() {
        let caps = INCLUDE
            .captures("{{#include ../companion/src/threads/a.rs:main}}")
            .unwrap();
        assert_eq!(&caps[1], "../companion/src/threads/a.rs");
        assert_eq!(&caps[2], "main");
        assert!(INCLUDE.captures("fn main() {}").is_none());
    }

    #[test]
    fn normalize_resolves_parent_dirs() {
        assert_eq!(
            normalize(Path::new("book/../companion/src/a.rs")),
            PathBuf::from("companion/src/a.rs")
        );
    }

    /// A minimal project in a temp dir: one chapter `01-demo` with module `demo`.
    struct Fixture {
        root: PathBuf,
    }

    impl Fixture {
        fn new(name: &str, chapter_body: &str) -> Fixture {
            let root =
                std::env::temp_dir().join(format!("xtask-lint-{name}-{}", std::process::id()));
            let _ = fs::remove_dir_all(&root);
            let write = |path: &str, text: &str| {
                let path = root.join(path);
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, text).unwrap();
            };
            write(
                "book/SUMMARY.md",
                "- [Demo](01-demo.md)\n[c](companion/demo.md)\n[n](notebooks/01-demo.md)\n",
            );
            write(
                "book/01-demo.md",
                &format!(
                    "# Demo\n\n<!-- book-only -->\nrun box\n<!-- /book-only -->\n\n{chapter_body}"
                ),
            );
            write(
                "companion/src/demo/hello.rs",
                "// ANCHOR: hello\npub fn main() { println!(\"hello\"); }\n// ANCHOR_END: hello\n#[test]\nfn says_hello() {}\n#[test]\nfn main_runs() {}\n",
            );
            write("companion/outputs/demo/hello.txt", "hello\n");
            write("companion/outputs/demo/hello.run.txt", "hello\n");
            write(
                "companion/src/demo/does_not_compile/moved.rs",
                "fn main() {}\n",
            );
            write(
                "companion/src/demo/does_not_compile/moved.stderr",
                "error[E0382]: borrow of moved value: `terms`\n",
            );
            Fixture { root }
        }

        fn problems(&self) -> Vec<String> {
            lint(&self.root).unwrap()
        }
    }

    impl Drop for Fixture {
        fn drop(&mut self) {
            let _ = fs::remove_dir_all(&self.root);
        }
    }

    #[test]
    fn listing_numbers_run_on_across_section_pages_and_every_section_is_listed() {
        let fixture = Fixture::new("sections", GOOD);
        let section = "# More\n\n```rust\n{{#include ../../companion/src/demo/hello.rs:hello}}\n```\n\
                       *Listing 1.2 — `companion/src/demo/hello.rs`, tested by `demo::hello::tests::says_hello`*\n";
        fs::create_dir_all(fixture.root.join("book/01-demo")).unwrap();
        fs::write(fixture.root.join("book/01-demo/more.md"), section).unwrap();
        let problems = fixture.problems();
        assert_eq!(
            problems,
            [
                "book/01-demo/more.md: a section page that book/SUMMARY.md does not list under 01-demo.md"
            ],
        );
        let summary = fs::read_to_string(fixture.root.join("book/SUMMARY.md")).unwrap();
        fs::write(
            fixture.root.join("book/SUMMARY.md"),
            summary.replace(
                "(01-demo.md)\n",
                "(01-demo.md)\n  - [More](01-demo/more.md)\n",
            ),
        )
        .unwrap();
        assert_eq!(fixture.problems(), Vec::<String>::new());
        // The section's listing is the chapter's second: a caption that restarts at 1 is wrong.
        fs::write(
            fixture.root.join("book/01-demo/more.md"),
            section.replace("Listing 1.2", "Listing 1.1"),
        )
        .unwrap();
        let problems = fixture.problems();
        assert!(
            problems
                .iter()
                .any(|p| p.contains("caption says Listing 1.1, expected 1.2")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_page_longer_than_the_limit_must_be_split() {
        let fixture = Fixture::new(
            "long",
            &format!("{GOOD}{}", "prose\n".repeat(MAX_PAGE_LINES)),
        );
        let problems = fixture.problems();
        assert!(
            problems
                .iter()
                .any(|p| p.starts_with("book/01-demo.md: ") && p.contains("split")),
            "{problems:?}"
        );
    }

    const GOOD: &str = "```rust\n{{#include ../companion/src/demo/hello.rs:hello}}\n```\n*Listing 1.1 — `companion/src/demo/hello.rs`, tested by `demo::hello::tests::says_hello`*\n";

    const COMPILE_FAIL: &str = "```rust,compile_fail\n{{#include ../companion/src/demo/does_not_compile/moved.rs}}\n```\n\
        *Listing 1.1 — `companion/src/demo/does_not_compile/moved.rs`, does not compile (`E0382`): rustc's output below is checked by trybuild*\n\n\
        ```text\n{{#include ../companion/src/demo/does_not_compile/moved.stderr}}\n```\n\
        *rustc's output for Listing 1.1 — `companion/src/demo/does_not_compile/moved.stderr`, compared with the compiler's by `tests/compile_fail.rs`*\n";

    const OUTPUT: &str = "```rust\n{{#include ../companion/src/demo/hello.rs:hello}}\n```\n\
        *Listing 1.1 — `companion/src/demo/hello.rs`, run by `programs::tests::outputs_of_demo`, which compares its output below*\n\n\
        ```text\n{{#include ../companion/outputs/demo/hello.txt}}\n```\n\
        *Output of Listing 1.1 — `companion/outputs/demo/hello.txt`, compared with a fresh run by `programs::tests::outputs_of_demo`*\n";

    const RUN: &str = "```rust\n{{#include ../companion/src/demo/hello.rs:hello}}\n```\n\
        *Listing 1.1 — `companion/src/demo/hello.rs`, tested by `demo::hello::tests::says_hello`*\n\n\
        ```text\n{{#include ../companion/outputs/demo/hello.run.txt}}\n```\n\
        *One possible run of Listing 1.1 — `companion/outputs/demo/hello.run.txt`; what every run guarantees is tested by `demo::hello::tests::says_hello`*\n";

    fn assert_clean(name: &str, body: &str) {
        assert_eq!(Fixture::new(name, body).problems(), Vec::<String>::new());
    }

    fn assert_reports(name: &str, body: &str, expected: &str) {
        let problems = Fixture::new(name, body).problems();
        assert!(
            problems.iter().any(|p| p.contains(expected)),
            "expected a problem containing {expected:?}, got {problems:?}"
        );
    }

    #[test]
    fn a_well_formed_chapter_passes() {
        assert_clean("good", GOOD);
        assert_clean("compile-fail", COMPILE_FAIL);
        assert_clean("output", OUTPUT);
        assert_clean("run", RUN);
        assert_clean("diagram", "```text,diagram\nmain ──▶ worker\n```\n");
        assert_clean(
            "console",
            "```console\n$ cargo test \\\n    -p concurrent_rust\n```\n",
        );
    }

    #[test]
    fn a_rust_block_written_in_the_book_is_reported() {
        assert_reports(
            "typed",
            "```rust\nfn main() {}\n```\n",
            "written in the book",
        );
    }

    #[test]
    fn a_missing_caption_is_reported() {
        let body = "```rust\n{{#include ../companion/src/demo/hello.rs:hello}}\n```\n\nProse.\n";
        assert_reports("nocaption", body, "needs a caption");
    }

    #[test]
    fn a_caption_naming_a_missing_test_is_reported() {
        assert_reports(
            "notest",
            &GOOD.replace("says_hello", "says_goodbye"),
            "does not define",
        );
    }

    #[test]
    fn main_runs_is_not_a_test_of_behaviour() {
        assert_reports(
            "mainruns",
            &GOOD.replace("says_hello", "main_runs"),
            "only calls `main`",
        );
        assert_clean(
            "mainruns-honest",
            &GOOD.replace(
                "tested by `demo::hello::tests::says_hello`",
                "only run (not checked) by `demo::hello::tests::main_runs`",
            ),
        );
    }

    #[test]
    fn a_compile_fail_caption_must_name_a_code_the_stderr_shows() {
        assert_reports(
            "cf-code",
            &COMPILE_FAIL.replace("(`E0382`)", "(`E0499`)"),
            "fails with `E0499`",
        );
    }

    #[test]
    fn a_compile_fail_listing_must_be_followed_by_its_stderr() {
        let without_stderr = COMPILE_FAIL.split("\n\n").next().unwrap().to_string() + "\n";
        assert_reports("cf-nostderr", &without_stderr, "must include");
    }

    #[test]
    fn an_error_code_in_the_fence_is_reported() {
        assert_reports(
            "cf-fence",
            &COMPILE_FAIL.replace("rust,compile_fail\n", "rust,compile_fail,E0382\n"),
            "checked by nothing on stable",
        );
    }

    #[test]
    fn typed_output_is_reported() {
        assert_reports(
            "typed-output",
            &format!("{GOOD}\n```text\nhello\n```\n"),
            "text typed into the book",
        );
        assert_reports(
            "typed-console",
            "```console\n$ cargo run\nhello\n```\n",
            "not their output",
        );
    }

    #[test]
    fn an_output_must_be_the_listings_own_and_captioned() {
        assert_reports(
            "output-caption",
            &OUTPUT.replace("*Output of Listing 1.1", "*The output of Listing 1.1"),
            "needs the caption",
        );
        assert_reports(
            "output-number",
            &OUTPUT.replace("*Output of Listing 1.1", "*Output of Listing 1.2"),
            "refers to Listing 1.2",
        );
        assert_reports(
            "output-test",
            &OUTPUT.replace(
                "by `programs::tests::outputs_of_demo`*",
                "by `programs::tests::outputs_of_other`*",
            ),
            "not `outputs_of_other`",
        );
        assert_reports(
            "output-missing",
            OUTPUT.split("\n\n").next().unwrap(),
            "says its output follows",
        );
        assert_reports(
            "run-test",
            &RUN.replace(
                "guarantees is tested by `demo::hello::tests::says_hello`",
                "guarantees is tested by `demo::hello::tests::nothing`",
            ),
            "does not define",
        );
    }

    #[test]
    fn a_chapter_missing_from_the_summary_is_reported() {
        let fixture = Fixture::new("summary", GOOD);
        fs::write(
            fixture.root.join("book/SUMMARY.md"),
            "- [Demo](01-demo.md)\n",
        )
        .unwrap();
        let problems = fixture.problems();
        assert!(
            problems.iter().any(|p| p.contains("companion/demo.md")),
            "{problems:?}"
        );
    }
}
