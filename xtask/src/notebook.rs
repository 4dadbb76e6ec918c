//! Notebooks: generated from the book, executed by the real evcxr kernel.
//!
//! The book is loaded with mdBook's own crates and preprocessed for the markdown renderer,
//! so every `{{#include file.rs:anchor}}` is resolved exactly as the book shows it. Each
//! numbered chapter page (`book/NN-name.md`) becomes `notebooks/NN-name.ipynb`:
//!
//! - prose becomes markdown cells;
//! - a top-level ```` ```rust ```` fence that runs becomes a code cell (a cell that defines
//!   `fn main` gets a last line `main();`, so the program it shows runs);
//! - fences that don't run (`compile_fail`, `ignore`, `no_run`, `should_panic`, other
//!   languages) stay inside the markdown;
//! - two setup cells come first: the `:dep` lines (the companion crate by relative path
//!   and, with the companion's own version requirements, whichever of tokio, rayon and
//!   crossbeam the chapter's code names) and a panic hook that makes a failing cell fail
//!   the run.
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
    Code(String),
}

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
         first; the first run compiles the dependencies and takes a minute or two.*",
        number = chapter.number,
        page = chapter.page.display(),
        module = chapter.module,
    ))];
    let body_cells = split_cells(body)?;

    let code: String = body_cells
        .iter()
        .filter_map(|c| match c {
            Cell::Code(code) => Some(code.as_str()),
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
    cells.push(Cell::Code(setup.join("\n")));
    cells.push(Cell::Code(PANIC_HOOK.trim().to_string()));
    cells.extend(body_cells);
    Ok(cells)
}

/// Installed by the second setup cell. evcxr catches a panic that escapes a cell, prints
/// it, and reports the cell as a success, so a failed `assert!` would go unnoticed in an
/// automated run. This hook aborts the kernel's worker process instead, which evcxr
/// reports as an error, whenever a panic starts on the thread that runs the cells.
///
/// Panics in spawned threads are left alone: the lessons make them on purpose and observe
/// them through `join`. The price is a rule for authors (CONTRIBUTING.md): a region must
/// not panic on the cell's own thread, not even under `catch_unwind`, because the hook
/// cannot know whether a panic will be caught.
const PANIC_HOOK: &str = r#"
// Setup, generated: make a failing cell fail loudly (evcxr would otherwise carry on).
{
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
pub fn split_cells(markdown: &str) -> Result<Vec<Cell>> {
    let mut cells = Vec::new();
    let mut prose_start = 0;
    let mut depth = 0usize;
    let mut code: Option<(std::ops::Range<usize>, String)> = None;
    for (event, range) in new_cmark_parser(markdown, &MarkdownOptions::default()).into_offset_iter()
    {
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if is_runnable_rust(&info) =>
            {
                if depth > 0 {
                    let line = markdown[..range.start].lines().count() + 1;
                    bail!(
                        "line {line}: a runnable ```rust fence must not be nested in a list or quote"
                    );
                }
                code = Some((range, String::new()));
            }
            Event::Text(text) if code.is_some() => {
                if let Some((_, body)) = code.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) if code.is_some() => {
                let (range, body) = code.take().expect("checked above");
                push_markdown(&mut cells, &markdown[prose_start..range.start]);
                cells.push(Cell::Code(code_cell(&body)));
                prose_start = range.end;
            }
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    push_markdown(&mut cells, &markdown[prose_start..]);
    Ok(cells)
}

fn push_markdown(cells: &mut Vec<Cell>, text: &str) {
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
                Cell::Code(text) => json!({
                    "cell_type": "code",
                    "execution_count": null,
                    "id": id,
                    "metadata": {},
                    "outputs": [],
                    "source": source_lines(text),
                }),
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

/// `cargo xtask notebooks [FILE…]`: executes notebooks with the evcxr kernel.
pub fn execute(args: &[String]) -> Result<()> {
    let root = paths::root();
    crate::setup::install_missing(&crate::setup::Needs::notebooks())?;
    let notebooks: Vec<PathBuf> = if args.is_empty() {
        all_notebooks(root)?
    } else {
        args.iter().map(PathBuf::from).collect()
    };
    run_notebooks(root, &notebooks, None)
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
/// the right reason.
pub fn run_notebooks(
    root: &Path,
    notebooks: &[PathBuf],
    expect_failure: Option<&str>,
) -> Result<()> {
    let mut command = Command::new(paths::venv_bin(root, "python"));
    command.arg(root.join(paths::NOTEBOOK_RUNNER));
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
        let cells = vec![Cell::Markdown("a\nb".into()), Cell::Code("x".into())];
        let first = to_json(&cells);
        assert_eq!(first, to_json(&cells));
        let parsed: Value = serde_json::from_str(&first).unwrap();
        assert_eq!(parsed["nbformat"], 4);
        assert_eq!(parsed["metadata"]["kernelspec"]["name"], "rust");
        assert_eq!(parsed["cells"][0]["source"], json!(["a\n", "b"]));
        assert_eq!(parsed["cells"][1]["outputs"], json!([]));
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
