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
use crate::paths::{BOOK_SRC, COMPANION, normalize};
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
    for chapter in chapters
        .iter()
        .filter(|c| MEASURED_CHAPTERS.contains(&c.module.as_str()))
    {
        for page in chapter.pages() {
            typed_figures(root, &Path::new(BOOK_SRC).join(page), &mut problems)?;
        }
    }
    exercises_are_shown(root, &chapters, &mut problems)?;
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

/// Every exercise is shown in full (starter, tests, solution) on its chapter's last page,
/// `exercises.md`.
fn exercises_are_shown(
    root: &Path,
    chapters: &[Chapter],
    problems: &mut Vec<String>,
) -> Result<()> {
    for exercise in crate::exercises::exercises(root)? {
        let Some(chapter) = chapters.iter().find(|c| c.number == exercise.chapter) else {
            problems.push(format!(
                "exercise {}: there is no chapter {}",
                exercise.id, exercise.chapter
            ));
            continue;
        };
        let Some(last) = chapter.pages().last() else {
            continue;
        };
        if last.file_name().is_none_or(|name| name != "exercises.md") {
            problems.push(format!(
                "chapter {} has exercises, so its last page must be `exercises.md` (it is {})",
                chapter.number,
                last.display()
            ));
            continue;
        }
        let page = Path::new(BOOK_SRC).join(last);
        let text = fs::read_to_string(root.join(&page)).unwrap_or_default();
        for part in ["starter", "tests", "solution"] {
            let include = format!("generated/exercises/{}/{part}.rs}}}}", exercise.id);
            if !text.contains(&include) {
                problems.push(format!(
                    "{}: exercise {} has no {part} block (`{{{{#include ../{include}`)",
                    page.display(),
                    exercise.id
                ));
            }
        }
    }
    Ok(())
}

/// Chapters whose every figure must come from a generated table (`cargo xtask figures`).
const MEASURED_CHAPTERS: &[&str] = &[
    "threads",
    "channels",
    "atomics",
    "data_parallelism",
    "how_async_works",
    "async_in_practice",
    "measuring_the_models",
];

/// Ends a line whose figures are not measurements: the time a listing sleeps, a
/// documented default, the size of an input. The comment says which.
const GIVEN: &str = "<!-- given: ";

static INCLUDE_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\{\{#include [^}]*\}\}").expect("valid regex"));

static TYPED_FIGURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\d[\d,.]*\s?(ns|µs|us|ms|KiB|MiB|GiB|kB|MB|GB)\b|\d[\d.]*\s?×")
        .expect("valid regex")
});

/// A time, a size or a ratio typed into the prose of a measured chapter: it must come from
/// a table that `cargo xtask figures` draws (included with `{{#include}}`) instead.
fn typed_figures(root: &Path, relative: &Path, problems: &mut Vec<String>) -> Result<()> {
    let text = fs::read_to_string(root.join(relative))?;
    let mut in_fence = false;
    for (number, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || line.contains(GIVEN) {
            continue;
        }
        // What an include puts in the sentence is drawn from the data; the rest of the
        // line is prose like any other.
        let prose = INCLUDE_ANYWHERE.replace_all(line, "");
        if let Some(figure) = TYPED_FIGURE.find(&prose) {
            problems.push(format!(
                "{}:{}: `{}` is a figure typed into a measured chapter; include it from what \
                 `cargo xtask figures` draws (companion/src/measured/), or, if it is not a \
                 measurement (a sleep a listing asks for, a documented default), end the line \
                 with `<!-- given: why -->`",
                relative.display(),
                number + 1,
                figure.as_str()
            ));
        }
    }
    Ok(())
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

    /// Is the file a fence includes there? If not, says so.
    fn included_file_exists(&mut self, at: &str, target: &Path) -> bool {
        let exists = self.root.join(target).is_file();
        if !exists {
            self.problem(
                at,
                format!("includes {}, which does not exist", target.display()),
            );
        }
        exists
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
}

/// `companion/src/threads/sleep.rs` → `companion/outputs/threads/sleep` (no extension).
fn output_for(source: &Path) -> Option<PathBuf> {
    let inside = source.strip_prefix(Path::new(COMPANION).join("src")).ok()?;
    Some(Path::new(OUTPUTS).join(inside.with_extension("")))
}

mod listings;
mod outputs;
#[cfg(test)]
mod tests;

#[cfg(test)]
mod typed_figure_tests {
    use super::TYPED_FIGURE;

    #[test]
    fn times_sizes_and_ratios_are_figures_and_counts_are_not() {
        for figure in [
            "53.8 µs", "419 ns", "9.5 KiB", "2 MiB", "128×", "1,200 ns", "3ms",
        ] {
            assert!(TYPED_FIGURE.is_match(figure), "{figure}");
        }
        for prose in [
            "two cores",
            "chapter 9",
            "ten thousand",
            "Listing 9.1",
            "1000 tasks",
        ] {
            assert!(!TYPED_FIGURE.is_match(prose), "{prose}");
        }
    }
}
