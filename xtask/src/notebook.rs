//! Notebooks: generated from the book, executed by the real evcxr kernel.
//!
//! The book is loaded with mdBook's own crates and preprocessed for the markdown renderer,
//! so every `{{#include file.rs:anchor}}` is resolved exactly as the book shows it. Each
//! numbered chapter page (`book/NN-name.md`) becomes `notebooks/NN-name.ipynb`:
//!
//! - prose becomes markdown cells;
//! - a top-level ```` ```rust ```` fence that runs becomes a code cell (a cell that defines
//!   `fn main` gets a last line `main();`, so the program it shows runs; a cell that only
//!   defines items gets the expression of a `<!-- notebook: EXPR -->` comment that follows
//!   its listing, so the notebook shows the result the prose states);
//! - each code cell's metadata lists the panics the book announces for it
//!   (`expected_panics`): the message line after each `panicked at …:` line in the
//!   ```` ```text ```` fences that follow its listing, and any
//!   `<!-- notebook panics: MESSAGE -->` comment; the runner fails on any other panic;
//! - fences that don't run (`compile_fail`, `ignore`, `no_run`, `should_panic`, other
//!   languages) stay inside the markdown;
//! - two setup cells come first: the `:dep` lines (the companion crate by relative path
//!   and, with the companion's own version requirements, whichever of tokio, rayon and
//!   crossbeam the chapter's code names) and a panic hook that, only under the notebook
//!   runner (`CONCURRENT_RUST_NOTEBOOK_RUNNER` set), makes a failing cell fail the run.
//!
//! The JSON is written the way Jupyter writes it (sorted keys, one-space indent), without
//! outputs, so regenerating is byte-for-byte reproducible and `cargo xtask check` can
//! compare.

use crate::book::{self, Chapter};
use crate::paths::{self, NOTEBOOKS};
use crate::run;
use anyhow::{Context, Result, bail};
use mdbook_markdown::pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use mdbook_markdown::{MarkdownOptions, new_cmark_parser};
use regex::Regex;
use serde_json::{Value, json};
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::LazyLock;

/// A notebook cell before it becomes JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    Markdown(String),
    Code(Code),
}

/// A code cell: its source, and the messages of the panics the book announces for it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Code {
    pub source: String,
    pub expected_panics: Vec<String>,
}

impl From<&str> for Code {
    fn from(source: &str) -> Code {
        Code {
            source: source.to_string(),
            expected_panics: Vec::new(),
        }
    }
}

/// The environment variable the notebook runner sets for the kernel; the setup cell's
/// panic hook is installed only when it is set.
pub const RUNNER_ENV: &str = "CONCURRENT_RUST_NOTEBOOK_RUNNER";

/// Fence attributes that keep a Rust fence out of the notebook's code cells.
const NOT_RUNNABLE: &[&str] = &["ignore", "compile_fail", "no_run", "should_panic", "text"];

/// Crates a chapter may use directly; the notebook gets a `:dep` line for each one its
/// code names, with the version requirement and features from `companion/Cargo.toml`.
const EXTERNAL_CRATES: &[&str] = &["crossbeam", "rayon", "tokio"];

/// Does a fence with this info string become a code cell?
pub fn is_runnable_rust(info: &str) -> bool {
    let mut words = info
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|w| !w.is_empty());
    words.next() == Some("rust") && words.all(|w| !NOT_RUNNABLE.contains(&w))
}

/// Every file `cargo xtask gen` owns, with the text it should hold.
pub fn expected_files(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let chapters = book::chapters(root)?;
    let mut files = book::generated_pages(root, &chapters)?;
    let deps = companion_dependencies(root)?;
    let rendered = book::load_preprocessed(root)?;
    for chapter in &chapters {
        let content = rendered
            .iter()
            .find(|(path, _)| path == &chapter.page)
            .map(|(_, content)| content.as_str())
            .with_context(|| {
                format!(
                    "{} is not listed in book/SUMMARY.md",
                    chapter.page.display()
                )
            })?;
        let cells = chapter_cells(
            chapter,
            content,
            &deps,
            Some(&format!("../{}", paths::COMPANION)),
        )?;
        files.push((
            root.join(NOTEBOOKS).join(chapter.notebook_file()),
            to_json(&cells),
        ));
    }
    Ok(files)
}

/// Writes every generated file whose content changed; returns the files written.
pub fn generate_all(root: &Path) -> Result<Vec<PathBuf>> {
    // The generated book pages must exist before mdBook can load the book.
    let chapters = book::chapters(root)?;
    let mut written = write_changed(book::generated_pages(root, &chapters)?)?;
    written.extend(write_changed(expected_files(root)?)?);
    Ok(written)
}

fn write_changed(files: Vec<(PathBuf, String)>) -> Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (path, text) in files {
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
            written.push(path);
        }
    }
    Ok(written)
}

/// Lists generated files that are missing or differ from what `gen` would write.
pub fn stale_files(root: &Path) -> Result<Vec<PathBuf>> {
    let mut stale = Vec::new();
    for (path, text) in expected_files(root)? {
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
        }
    }
    // A notebook whose chapter is gone is stale too.
    let expected: BTreeSet<PathBuf> = book::chapters(root)?
        .iter()
        .map(|c| PathBuf::from(NOTEBOOKS).join(c.notebook_file()))
        .collect();
    for entry in fs::read_dir(root.join(NOTEBOOKS))? {
        let path = PathBuf::from(NOTEBOOKS).join(entry?.file_name());
        if path.extension().is_some_and(|e| e == "ipynb") && !expected.contains(&path) {
            stale.push(path);
        }
    }
    Ok(stale)
}

/// The `[dependencies]` of the companion crate, as TOML inline tables keyed by name.
fn companion_dependencies(root: &Path) -> Result<toml::Table> {
    let manifest = root.join(paths::COMPANION).join("Cargo.toml");
    let text =
        fs::read_to_string(&manifest).with_context(|| format!("reading {}", manifest.display()))?;
    let parsed: toml::Table = text.parse()?;
    Ok(parsed
        .get("dependencies")
        .and_then(|d| d.as_table())
        .cloned()
        .unwrap_or_default())
}

/// `:dep name = spec` for evcxr, spec written as a TOML inline value.
fn dep_line(name: &str, spec: &toml::Value) -> String {
    let spec = match spec {
        toml::Value::Table(table) => {
            let fields: Vec<String> = table
                .iter()
                .map(|(key, value)| format!("{key} = {value}"))
                .collect();
            format!("{{ {} }}", fields.join(", "))
        }
        other => other.to_string(),
    };
    format!(":dep {name} = {spec}")
}

/// The notebook's cells for one chapter, given its preprocessed markdown.
/// `companion` is the companion crate's path as seen from the notebook's folder (`None`
/// for the check's fixtures, which don't use it).
pub fn chapter_cells(
    chapter: &Chapter,
    content: &str,
    deps: &toml::Table,
    companion: Option<&str>,
) -> Result<Vec<Cell>> {
    let content = notebook_markdown(content);
    let (title, body) = split_title(&content);
    let mut cells = vec![Cell::Markdown(format!(
        "# {title}\n\n\
         *Chapter {number} of **Concurrent Rust, tested**, as a notebook for the evcxr Rust \
         kernel. Generated by `cargo xtask gen` from `book/{page}` and the companion crate \
         (`companion/src/{module}/`): edit those, not this file. Run the two setup cells \
         first. The first run compiles the dependencies and takes a minute or two; after that, \
         with the kernel that `cargo xtask setup` installs, a restart takes a few seconds.*",
        number = chapter.number,
        page = chapter.page.display(),
        module = chapter.module,
    ))];
    let body_cells = split_cells(body)?;

    let code: String = body_cells
        .iter()
        .filter_map(|c| match c {
            Cell::Code(code) => Some(code.source.as_str()),
            Cell::Markdown(_) => None,
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut setup = vec![
        "// Setup, generated: the crates this chapter uses, compiled once and cached.".to_string(),
        ":cache 4096".to_string(),
    ];
    if let Some(companion) = companion {
        setup.push(format!(
            ":dep concurrent_rust = {{ path = \"{companion}\" }}"
        ));
    }
    for name in EXTERNAL_CRATES {
        // A path (`tokio::spawn`, `#[tokio::main]`) or an import (`use rayon::prelude::*`,
        // `use crossbeam::channel`); the bare word in prose or a string does not count.
        let named = Regex::new(&format!(r"\b{name}::|\buse {name}\b"))?;
        if named.is_match(&code) {
            let spec = deps.get(*name).with_context(|| {
                format!("the chapter uses {name}, which companion/Cargo.toml does not depend on")
            })?;
            setup.push(dep_line(name, spec));
        }
    }
    cells.push(Cell::Code(Code::from(setup.join("\n").as_str())));
    cells.push(Cell::Code(Code::from(
        PANIC_HOOK
            .trim()
            .replace("$RUNNER_ENV", RUNNER_ENV)
            .as_str(),
    )));
    cells.extend(body_cells);
    Ok(cells)
}

/// Installed by the second setup cell, only when the kernel runs under the notebook runner
/// (`xtask/run_notebooks.py` sets [`RUNNER_ENV`]; evcxr's worker process inherits the
/// kernel's environment). evcxr catches a panic that escapes a cell, prints it, and
/// reports the cell as a success, so a failed `assert!` would go unnoticed in an automated
/// run. This hook aborts the kernel's worker process instead, which evcxr reports as an
/// error, whenever a panic starts on the thread that runs the cells. In JupyterLab the
/// variable is not set and the cell does nothing, so a learner's failing `unwrap()` prints
/// its panic and the kernel keeps its state.
///
/// Panics in spawned threads are left alone: the lessons make them on purpose and observe
/// them through `join` (the runner fails on those the book does not announce). The price
/// is a rule for authors (CONTRIBUTING.md): a region must not panic on the cell's own
/// thread, not even under `catch_unwind`, because the hook cannot know whether a panic
/// will be caught.
const PANIC_HOOK: &str = r#"
// Setup, generated. When the course's test runner executes this notebook, a panic in a
// cell stops the kernel, so that a failing example fails the run. In JupyterLab this cell
// does nothing: a panic prints its message, and your variables are kept.
if std::env::var_os("$RUNNER_ENV").is_some() {
    let cell_thread = std::thread::current().id();
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        report(info);
        if std::thread::current().id() == cell_thread {
            eprintln!("notebook cell panicked: stopping the kernel so the run fails");
            std::process::abort();
        }
    }));
}
"#;

static BOOK_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!-- book-only -->.*?<!-- /book-only -->\n?").expect("valid regex")
});
static ADMONITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^> \[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]$").expect("valid regex")
});
static CHAPTER_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\((\d\d-[a-z0-9-]+)\.md(#[^)]*)?\)").expect("valid regex"));

/// The book's markdown, adjusted for JupyterLab: book-only regions dropped, admonitions
/// turned into bold labels (JupyterLab does not render `[!NOTE]`), links between chapter
/// pages turned into links between notebooks.
fn notebook_markdown(content: &str) -> String {
    let text = BOOK_ONLY.replace_all(content, "");
    let text = ADMONITION.replace_all(&text, |caps: &regex::Captures| {
        let label = &caps[1];
        format!("> **{}{}**", &label[..1], label[1..].to_lowercase())
    });
    CHAPTER_LINK
        .replace_all(&text, "]($1.ipynb$2)")
        .into_owned()
}

/// Splits off the page's `# Title` line.
fn split_title(content: &str) -> (&str, &str) {
    let trimmed = content.trim_start();
    match trimmed.strip_prefix("# ") {
        Some(rest) => match rest.split_once('\n') {
            Some((title, body)) => (title.trim(), body),
            None => (rest.trim(), ""),
        },
        None => ("", content),
    }
}

/// Cuts markdown into cells at every top-level runnable Rust fence.
///
/// What follows a listing, up to the next fence that is not ```` ```text ````, belongs to
/// that listing's cell: the panics announced in its ```` ```text ```` fences, and its
/// `<!-- notebook: EXPR -->` and `<!-- notebook panics: MESSAGE -->` comments (which the
/// notebook's markdown drops).
pub fn split_cells(markdown: &str) -> Result<Vec<Cell>> {
    let mut cells = Vec::new();
    let mut prose_start = 0;
    let mut depth = 0usize;
    let mut code: Option<(std::ops::Range<usize>, String)> = None;
    let mut text_fence: Option<String> = None;
    // The code cell that the text fences and comments seen now belong to.
    let mut owner: Option<usize> = None;
    let mut shown: BTreeSet<usize> = BTreeSet::new();
    let line_of = |offset: usize| markdown[..offset].lines().count() + 1;
    for (event, range) in new_cmark_parser(markdown, &MarkdownOptions::default()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if is_runnable_rust(&info) =>
            {
                if depth > 0 {
                    bail!(
                        "line {}: a runnable ```rust fence must not be nested in a list or quote",
                        line_of(range.start)
                    );
                }
                code = Some((range, String::new()));
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                depth += 1;
                let is_text = matches!(&kind, CodeBlockKind::Fenced(info)
                    if info.split(|c: char| c == ',' || c.is_whitespace()).next() == Some("text"));
                if is_text {
                    text_fence = Some(String::new());
                } else {
                    // Another listing (`compile_fail`, `ignore`, another language): what
                    // follows it is about that listing.
                    owner = None;
                }
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::Text(text) if text_fence.is_some() => {
                if let Some(body) = text_fence.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                let (range, body) = code.take().expect("checked above");
                push_markdown(&mut cells, &markdown[prose_start..range.start]);
                cells.push(Cell::Code(Code::from(code_cell(&body).as_str())));
                owner = Some(cells.len() - 1);
                prose_start = range.end;
            }
            Event::End(TagEnd::CodeBlock) => {
                depth = depth.saturating_sub(1);
                if let (Some(body), Some(index)) = (text_fence.take(), owner) {
                    for message in announced_panics(&body) {
                        expect_panic(&mut cells[index], message);
                    }
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for line in html.lines() {
                    let Some(comment) = notebook_comment(line)
                        .with_context(|| format!("line {}", line_of(range.start)))?
                    else {
                        continue;
                    };
                    let Some(index) = owner else {
                        bail!(
                            "line {}: `{}` must follow a runnable ```rust listing (after its caption)",
                            line_of(range.start),
                            line.trim()
                        );
                    };
                    match comment {
                        NotebookComment::Show(expression) => {
                            let Cell::Code(cell) = &mut cells[index] else {
                                unreachable!("owner is a code cell")
                            };
                            if DEFINES_MAIN.is_match(&cell.source) {
                                bail!(
                                    "line {}: `{}`: this listing defines `fn main`, which the notebook already runs",
                                    line_of(range.start),
                                    line.trim()
                                );
                            }
                            if !shown.insert(index) {
                                bail!(
                                    "line {}: a second `<!-- notebook: … -->` for one listing",
                                    line_of(range.start)
                                );
                            }
                            cell.source = format!("{}\n{expression}", cell.source);
                        }
                        NotebookComment::Panics(message) => {
                            expect_panic(&mut cells[index], message);
                        }
                    }
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    push_markdown(&mut cells, &markdown[prose_start..]);
    Ok(cells)
}

fn expect_panic(cell: &mut Cell, message: String) {
    if let Cell::Code(code) = cell
        && !code.expected_panics.contains(&message)
    {
        code.expected_panics.push(message);
    }
}

/// The messages of the panics in a program-output block: the line after each
/// `thread '…' panicked at file:line:column:` line (the first line of the message).
/// `xtask/run_notebooks.py` reads a cell's output the same way.
pub fn announced_panics(output: &str) -> Vec<String> {
    let lines: Vec<&str> = output.lines().collect();
    lines
        .windows(2)
        .filter(|pair| PANICKED_AT.is_match(pair[0]) && !pair[1].trim().is_empty())
        .map(|pair| pair[1].trim_end().to_string())
        .collect()
}

static PANICKED_AT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\bpanicked at .*:\s*$").expect("valid regex"));

/// A `<!-- notebook… -->` comment in the book, for the notebook only.
#[derive(Debug, PartialEq, Eq)]
enum NotebookComment {
    /// `<!-- notebook: EXPR -->`: EXPR becomes the cell's last line, and evcxr shows its
    /// value.
    Show(String),
    /// `<!-- notebook panics: MESSAGE -->`: a panic the cell makes on purpose (in a
    /// spawned thread) that no output block in the book shows.
    Panics(String),
}

static NOTEBOOK_COMMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^<!--\s*notebook( panics)?:\s*(.*?)\s*-->$").expect("valid regex")
});

/// Parses one line of HTML: `None` if it is no notebook comment, an error if it looks like
/// one but is malformed (a typo must not silently drop what it was meant to do).
fn notebook_comment(line: &str) -> Result<Option<NotebookComment>> {
    let line = line.trim();
    let Some(rest) = line.strip_prefix("<!--") else {
        return Ok(None);
    };
    if !rest.trim_start().starts_with("notebook") {
        return Ok(None);
    }
    let caps = NOTEBOOK_COMMENT.captures(line).with_context(|| {
        format!(
            "`{line}`: write `<!-- notebook: EXPR -->` or `<!-- notebook panics: MESSAGE -->`, on one line"
        )
    })?;
    let text = caps[2].to_string();
    if text.is_empty() {
        bail!("`{line}` is empty");
    }
    Ok(Some(if caps.get(1).is_some() {
        NotebookComment::Panics(text)
    } else {
        NotebookComment::Show(text)
    }))
}

static NOTEBOOK_COMMENT_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^<!--\s*notebook( panics)?:.*-->\n\n?").expect("valid regex")
});

fn push_markdown(cells: &mut Vec<Cell>, text: &str) {
    let text = NOTEBOOK_COMMENT_LINE.replace_all(text, "");
    let text = text.trim();
    if !text.is_empty() {
        cells.push(Cell::Markdown(text.to_string()));
    }
}

static DEFINES_MAIN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^(pub )?(async )?fn main\(\)").expect("valid regex"));

/// A fence's code as a cell: a program that defines `fn main` is also run.
fn code_cell(code: &str) -> String {
    let code = code.trim_end();
    if DEFINES_MAIN.is_match(code) {
        format!("{code}\nmain();")
    } else {
        code.to_string()
    }
}

/// nbformat 4.5 JSON, as Jupyter itself writes it: sorted keys, one-space indent.
pub fn to_json(cells: &[Cell]) -> String {
    let cells: Vec<Value> = cells
        .iter()
        .enumerate()
        .map(|(index, cell)| {
            let id = format!("cell-{index:03}");
            match cell {
                Cell::Markdown(text) => json!({
                    "cell_type": "markdown",
                    "id": id,
                    "metadata": {},
                    "source": source_lines(text),
                }),
                Cell::Code(code) => {
                    let metadata = if code.expected_panics.is_empty() {
                        json!({})
                    } else {
                        json!({ "expected_panics": code.expected_panics })
                    };
                    json!({
                        "cell_type": "code",
                        "execution_count": null,
                        "id": id,
                        "metadata": metadata,
                        "outputs": [],
                        "source": source_lines(&code.source),
                    })
                }
            }
        })
        .collect();
    let notebook = json!({
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Rust", "language": "rust", "name": "rust"},
            "language_info": {
                "codemirror_mode": "rust",
                "file_extension": ".rs",
                "mimetype": "text/rust",
                "name": "Rust",
                "pygment_lexer": "rust",
                "version": "",
            },
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    });
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(b" ");
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    serde::Serialize::serialize(&notebook, &mut serializer).expect("JSON values serialize");
    let mut text = String::from_utf8(out).expect("serde_json writes UTF-8");
    text.push('\n');
    text
}

/// Jupyter stores a cell's source as its lines, each but the last ending in `\n`.
fn source_lines(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_string).collect()
}

/// `cargo xtask notebooks [--learner] [FILE…]`: executes notebooks with the evcxr kernel
/// (`--learner`: as JupyterLab does, without the runner's panic hook).
pub fn execute(args: &[String]) -> Result<()> {
    let root = paths::root();
    crate::setup::install_missing(&crate::setup::Needs::notebooks())?;
    let learner = args.iter().any(|a| a == "--learner");
    let files: Vec<&String> = args.iter().filter(|a| *a != "--learner").collect();
    let notebooks: Vec<PathBuf> = if files.is_empty() {
        all_notebooks(root)?
    } else {
        files.into_iter().map(PathBuf::from).collect()
    };
    run_notebooks(root, &notebooks, None, learner)
}

/// Every committed notebook, in chapter order.
pub fn all_notebooks(root: &Path) -> Result<Vec<PathBuf>> {
    let mut notebooks: Vec<PathBuf> = fs::read_dir(root.join(NOTEBOOKS))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    notebooks.retain(|p| p.extension().is_some_and(|e| e == "ipynb"));
    notebooks.sort();
    Ok(notebooks)
}

/// Runs the Python runner (nbclient) on `notebooks`, one at a time. With
/// `expect_failure: Some(text)`, each notebook must fail and its failure report must
/// contain `text`: that is how the check proves a failing cell is caught, and caught for
/// the right reason. With `learner`, the kernel runs as in JupyterLab, without
/// [`RUNNER_ENV`], so the setup cell installs no panic hook.
pub fn run_notebooks(
    root: &Path,
    notebooks: &[PathBuf],
    expect_failure: Option<&str>,
    learner: bool,
) -> Result<()> {
    let mut command = Command::new(paths::venv_bin(root, "python"));
    command.arg(root.join(paths::NOTEBOOK_RUNNER));
    if learner {
        command.arg("--learner");
    }
    if let Some(text) = expect_failure {
        command.args(["--expect-failure", text]);
    }
    command.args(notebooks);
    run::run(root, &mut command)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runnable_fences_are_plain_rust_only() {
        assert!(is_runnable_rust("rust"));
        assert!(is_runnable_rust("rust,edition2024"));
        assert!(!is_runnable_rust("rust,compile_fail,E0373"));
        assert!(!is_runnable_rust("rust,ignore"));
        assert!(!is_runnable_rust("rust no_run"));
        assert!(!is_runnable_rust("text"));
        assert!(!is_runnable_rust("kotlin"));
        assert!(!is_runnable_rust(""));
    }

    #[test]
    fn splits_prose_and_runnable_code() {
        let md = "Intro.\n\n```rust\nlet x = 1;\n```\n*caption*\n\n```rust,compile_fail,E0382\nbad\n```\n\nEnd.\n";
        let cells = split_cells(md).unwrap();
        assert_eq!(
            cells,
            vec![
                Cell::Markdown("Intro.".into()),
                Cell::Code("let x = 1;".into()),
                Cell::Markdown("*caption*\n\n```rust,compile_fail,E0382\nbad\n```\n\nEnd.".into()),
            ]
        );
    }

    #[test]
    fn a_program_with_main_is_run() {
        assert_eq!(code_cell("pub fn main() {}\n"), "pub fn main() {}\nmain();");
        assert_eq!(
            code_cell("#[tokio::main]\npub async fn main() {}"),
            "#[tokio::main]\npub async fn main() {}\nmain();"
        );
        assert_eq!(code_cell("fn helper() {}"), "fn helper() {}");
    }

    #[test]
    fn nested_runnable_fence_is_an_error() {
        let md = "- item\n\n  ```rust\n  let x = 1;\n  ```\n";
        assert!(split_cells(md).is_err());
    }

    #[test]
    fn book_only_regions_and_admonitions_are_adapted() {
        let md = "<!-- book-only -->\n> [!NOTE]\n> book\n<!-- /book-only -->\n> [!WARNING]\n> careful, see [threads](02-threads.md#join)\n";
        assert_eq!(
            notebook_markdown(md),
            "> **Warning**\n> careful, see [threads](02-threads.ipynb#join)\n"
        );
    }

    #[test]
    fn json_is_stable_and_has_no_outputs() {
        let cells = vec![
            Cell::Markdown("a\nb".into()),
            Cell::Code("x".into()),
            Cell::Code(Code {
                source: "y".into(),
                expected_panics: vec!["boom".into()],
            }),
        ];
        let first = to_json(&cells);
        assert_eq!(first, to_json(&cells));
        let parsed: Value = serde_json::from_str(&first).unwrap();
        assert_eq!(parsed["nbformat"], 4);
        assert_eq!(parsed["metadata"]["kernelspec"]["name"], "rust");
        assert_eq!(parsed["cells"][0]["source"], json!(["a\n", "b"]));
        assert_eq!(parsed["cells"][1]["outputs"], json!([]));
        assert_eq!(parsed["cells"][1]["metadata"], json!({}));
        assert_eq!(
            parsed["cells"][2]["metadata"],
            json!({"expected_panics": ["boom"]})
        );
    }

    fn code(cells: &[Cell], index: usize) -> &Code {
        match &cells[index] {
            Cell::Code(code) => code,
            other => panic!("cell {index} is not code: {other:?}"),
        }
    }

    #[test]
    fn panics_in_the_output_after_a_listing_are_expected_for_its_cell() {
        let md = "```rust\nfn spawn_two() {}\n```\n*Listing 2.11 — caption*\n\n\
                  ```text\n\nthread '<unnamed>' (19432) panicked at companion/src/threads/panics.rs:31:23:\n\
                  the glossary source is empty\nnote: run with `RUST_BACKTRACE=1`\n\
                  source 0: 2 terms\n```\n\nProse.\n\n```text\nthread 'x' panicked at a.rs:1:1:\n\
                  second message\n  left: 1\n```\n\n```rust\nlet later = 1;\n```\n";
        let cells = split_cells(md).unwrap();
        assert_eq!(
            code(&cells, 0).expected_panics,
            ["the glossary source is empty", "second message"]
        );
        assert!(code(&cells, 2).expected_panics.is_empty());
    }

    #[test]
    fn output_after_another_listing_is_not_the_cells() {
        // Chapter 5's loom models: a `rust,ignore` listing and its test's panic, after a
        // runnable listing. The panic is the ignored listing's, not the runnable one's.
        let md = "```rust\nlet x = 1;\n```\n*caption*\n\n```rust,ignore\nloom();\n```\n\n\
                  ```text\nthread 't' panicked at m.rs:4:9:\nan update was lost\n```\n";
        let cells = split_cells(md).unwrap();
        assert!(code(&cells, 0).expected_panics.is_empty());
    }

    #[test]
    fn announced_panics_are_the_lines_after_panicked_at() {
        let output = "thread '<unnamed>' (1) panicked at src/lib.rs:3:5:\nfirst\n\
                      note: run with `RUST_BACKTRACE=1`\nnot a panic: panicked at nothing\n\
                      thread 'main' panicked at src/lib.rs:9:1:\nassertion failed\n  left: 1\n";
        assert_eq!(announced_panics(output), ["first", "assertion failed"]);
        assert!(announced_panics("panicked at src/lib.rs:1:1:").is_empty());
    }

    #[test]
    fn a_notebook_comment_shows_a_result_and_leaves_the_markdown() {
        let md = "```rust\npub fn send_to_nobody() -> u8 { 1 }\n```\n*Listing 3.2 — caption*\n\n\
                  <!-- notebook: send_to_nobody() -->\n<!-- notebook panics: a worker gave up -->\n\n\
                  `send_to_nobody()` returns 1.\n";
        let cells = split_cells(md).unwrap();
        assert_eq!(
            code(&cells, 0),
            &Code {
                source: "pub fn send_to_nobody() -> u8 { 1 }\nsend_to_nobody()".into(),
                expected_panics: vec!["a worker gave up".into()],
            }
        );
        assert_eq!(
            cells[1],
            Cell::Markdown("*Listing 3.2 — caption*\n\n`send_to_nobody()` returns 1.".into())
        );
    }

    #[test]
    fn a_misplaced_or_malformed_notebook_comment_is_an_error() {
        let before_any_listing = "<!-- notebook: f() -->\n\n```rust\nfn f() {}\n```\n";
        assert!(split_cells(before_any_listing).is_err());
        let after_an_ignored_listing =
            "```rust\nfn f() {}\n```\n\n```rust,ignore\nfn g() {}\n```\n\n<!-- notebook: g() -->\n";
        assert!(split_cells(after_an_ignored_listing).is_err());
        let after_a_program = "```rust\npub fn main() {}\n```\n\n<!-- notebook: main() -->\n";
        assert!(split_cells(after_a_program).is_err());
        let twice = "```rust\nfn f() {}\n```\n\n<!-- notebook: f() -->\n<!-- notebook: f() -->\n";
        assert!(split_cells(twice).is_err());
        let typo = "```rust\nfn f() {}\n```\n\n<!-- notebook f() -->\n";
        assert!(split_cells(typo).is_err());
        let other_comment = "```rust\nfn f() {}\n```\n\n<!-- a note for authors -->\n";
        assert_eq!(split_cells(other_comment).unwrap().len(), 2);
    }

    #[test]
    fn the_panic_hook_is_installed_only_under_the_runner() {
        let chapter = Chapter {
            number: 0,
            stem: "x".into(),
            page: "x.md".into(),
            module: "x".into(),
            title: "X".into(),
        };
        let cells = chapter_cells(&chapter, "# X\n", &toml::Table::new(), None).unwrap();
        let Cell::Code(hook) = &cells[2] else {
            panic!("the second setup cell is code")
        };
        let hook = hook.source.as_str();
        assert!(hook.starts_with("// Setup, generated"));
        assert!(hook.contains(&format!("std::env::var_os(\"{RUNNER_ENV}\").is_some()")));
        assert!(hook.contains("std::process::abort()"));
    }

    #[test]
    fn dep_lines_copy_the_companion_requirement() {
        let deps: toml::Table = r#"tokio = { version = "1.54", features = ["full"] }
rayon = "1.12""#
            .parse()
            .unwrap();
        assert_eq!(
            dep_line("tokio", &deps["tokio"]),
            r#":dep tokio = { features = ["full"], version = "1.54" }"#
        );
        assert_eq!(dep_line("rayon", &deps["rayon"]), r#":dep rayon = "1.12""#);
    }
}
