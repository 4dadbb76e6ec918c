//! `cargo xtask gen`: every file that is generated, and the check that it is fresh.
//!
//! Generated files are never edited by hand. Each chapter gets three:
//!
//! - `notebooks/NN-name.ipynb`, the chapter as a notebook ([`crate::notebook`] turns the
//!   preprocessed page into cells);
//! - `book/companion/<module>.md`, the chapter's companion module in full;
//! - `book/notebooks/NN-name.md`, a page that shows the notebook file.
//!
//! It also writes the generated regions of hand-written files (the README's chapter table,
//! the pinned tool versions): see [`crate::facts`].
//!
//! [`stale_files`] is the `fresh` check stage and the test
//! `generated_files_are_fresh`: both compare what is committed with what `gen` would write.

use crate::chapters::{self, Chapter};
use crate::notebook;
use crate::paths::{self, BOOK_SRC, COMPANION, NOTEBOOKS};
use anyhow::{Context, Result};
use regex::Regex;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// Every file `cargo xtask gen` owns, with the text it should hold.
pub fn expected_files(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let chapters = chapters::chapters(root)?;
    let mut files = generated_pages(root, &chapters)?;
    files.extend(crate::exercises::generated_files(root)?);
    files.extend(crate::facts::expected_files(root)?);
    let deps = companion_dependencies(root)?;
    let rendered = chapters::load_preprocessed(root)?;
    for chapter in &chapters {
        let mut pages = Vec::new();
        for page in chapter.pages() {
            let content = rendered
                .iter()
                .find(|(path, _)| path == page)
                .map(|(_, content)| content.as_str())
                .with_context(|| format!("{} is not listed in book/SUMMARY.md", page.display()))?;
            pages.push(notebook::rebase_links(content, page));
        }
        let pages: Vec<&str> = pages.iter().map(String::as_str).collect();
        let content = notebook::join_pages(&pages);
        let cells = notebook::chapter_cells(
            chapter,
            &content,
            &deps,
            Some(&format!("../{}", paths::COMPANION)),
        )?;
        files.push((
            root.join(NOTEBOOKS).join(chapter.notebook_file()),
            notebook::to_json(&cells),
        ));
    }
    Ok(files)
}

/// Writes every generated file whose content changed; returns the files written.
pub fn generate_all(root: &Path) -> Result<Vec<PathBuf>> {
    // The generated regions come first (a notebook shows a chapter's regions), then the
    // generated book pages, which must exist before mdBook can load the book.
    let mut written = write_changed(crate::facts::expected_files(root)?)?;
    let chapters = chapters::chapters(root)?;
    written.extend(write_changed(generated_pages(root, &chapters)?)?);
    written.extend(write_changed(crate::exercises::generated_files(root)?)?);
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
    let expected: BTreeSet<PathBuf> = chapters::chapters(root)?
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

/// The pages `cargo xtask gen` writes into the book for each chapter: its companion
/// module's full source, and its notebook file. They make the chapter's "run it
/// yourself" links work in the built site.
pub fn generated_pages(root: &Path, chapters: &[Chapter]) -> Result<Vec<(PathBuf, String)>> {
    let mut pages = Vec::new();
    for chapter in chapters {
        let module_dir = root.join(COMPANION).join("src").join(&chapter.module);
        let mut files = chapters::files_with_extension(&module_dir, "rs")
            .with_context(|| format!("listing {}", module_dir.display()))?;
        let listings = listings_by_file(&chapters::raw_markdown(root, chapter)?);
        files.sort_by_key(|f| source_order(root, f, &listings));
        let mut page = format!(
            "# Companion source: `concurrent_rust::{module}`\n\n\
             <!-- Generated by `cargo xtask gen`; do not edit. -->\n\n\
             The code of chapter {number}, [{title}](../{page}), exactly as it is in the \
             companion crate, tests included. Run its tests with \
             `cargo test -p concurrent_rust {module}::`; its notebook is \
             [`notebooks/{notebook}`](../notebooks/{stem}.md).\n",
            module = chapter.module,
            number = chapter.number,
            title = chapter.title,
            page = chapter.page.display(),
            notebook = chapter.notebook_file(),
            stem = chapter.stem,
        );
        for file in files {
            let relative = file
                .strip_prefix(root)?
                .to_string_lossy()
                .replace('\\', "/");
            let shown_as = match listings.iter().find(|(path, _)| *path == relative) {
                Some((_, numbers)) if numbers.len() == 1 => format!(" — Listing {}", numbers[0]),
                Some((_, numbers)) => format!(" — Listings {}", numbers.join(", ")),
                None => String::new(),
            };
            page.push_str(&format!(
                "\n## `{relative}`{shown_as}\n\n```rust,ignore\n{{{{#include ../../{relative}}}}}\n```\n"
            ));
        }
        pages.push((
            root.join(BOOK_SRC)
                .join("companion")
                .join(format!("{}.md", chapter.module)),
            page,
        ));

        let notebook = format!(
            "# Notebook: `notebooks/{file}`\n\n\
             <!-- Generated by `cargo xtask gen`; do not edit. -->\n\n\
             Chapter {number}, [{title}](../{page}), as a Jupyter notebook for the \
             [evcxr](https://github.com/evcxr/evcxr) Rust kernel. It is generated from the \
             chapter, so it holds the same prose and the same code; run it cell by cell \
             in JupyterLab: `cargo xtask start` opens JupyterLab on `notebooks/` at \
             <http://127.0.0.1:8888>. The first code cell declares the dependencies (the \
             companion crate, by relative path) and the second installs a panic hook, so \
             run those two first.\n\n\
             The file itself, as committed (nbformat 4, no outputs):\n\n\
             <details>\n<summary><code>notebooks/{file}</code></summary>\n\n\
             ```json\n{{{{#include ../../{notebooks}/{file}}}}}\n```\n\n</details>\n",
            file = chapter.notebook_file(),
            number = chapter.number,
            title = chapter.title,
            page = chapter.page.display(),
            notebooks = NOTEBOOKS,
        );
        pages.push((
            root.join(BOOK_SRC)
                .join("notebooks")
                .join(format!("{}.md", chapter.stem)),
            notebook,
        ));
    }
    Ok(pages)
}

/// The companion files a chapter's listings show, in the order the chapter first shows
/// them, each with its listing numbers (`2.1`), read from the captions
/// (`*Listing 2.1 — `companion/src/threads/spawn_join.rs`, …*`).
fn listings_by_file(markdown: &str) -> Vec<(String, Vec<String>)> {
    let mut files: Vec<(String, Vec<String>)> = Vec::new();
    for caps in LISTING_CAPTION.captures_iter(markdown) {
        let (number, path) = (caps[1].to_string(), caps[2].to_string());
        match files.iter_mut().find(|(p, _)| *p == path) {
            Some((_, numbers)) => numbers.push(number),
            None => files.push((path, vec![number])),
        }
    }
    files
}

static LISTING_CAPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^\*Listing (\d+\.\d+) — `([^`]+)`").expect("valid regex"));

/// `mod.rs` (the chapter's table of files) first, then the files in the order the
/// chapter shows them, then the files no listing shows (helpers), by name.
fn source_order(
    root: &Path,
    file: &Path,
    listings: &[(String, Vec<String>)],
) -> (u8, usize, PathBuf) {
    let relative = file
        .strip_prefix(root)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/");
    if file.ends_with("mod.rs") {
        return (0, 0, file.to_path_buf());
    }
    match listings.iter().position(|(path, _)| *path == relative) {
        Some(position) => (1, position, PathBuf::new()),
        None => (2, 0, file.to_path_buf()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn companion_pages_follow_the_listings_order() {
        let markdown = "*Listing 2.1 — `companion/src/t/b.rs`, tested by `x`*\n\
                        *Output of Listing 2.1 — `companion/outputs/t/b.txt`, …*\n\
                        *Listing 2.2 — `companion/src/t/a.rs`, tested by `y`*\n\
                        *Listing 2.3 — `companion/src/t/b.rs`, tested by `z`*\n";
        let listings = listings_by_file(markdown);
        assert_eq!(
            listings,
            [
                (
                    "companion/src/t/b.rs".to_string(),
                    vec!["2.1".into(), "2.3".into()]
                ),
                ("companion/src/t/a.rs".to_string(), vec!["2.2".to_string()]),
            ]
        );
        let root = Path::new("/r");
        let mut files: Vec<PathBuf> = ["helper.rs", "a.rs", "mod.rs", "b.rs"]
            .iter()
            .map(|name| root.join("companion/src/t").join(name))
            .collect();
        files.sort_by_key(|f| source_order(root, f, &listings));
        let names: Vec<_> = files.iter().map(|f| f.file_name().unwrap()).collect();
        assert_eq!(names, ["mod.rs", "b.rs", "a.rs", "helper.rs"]);
    }

    /// The `fresh` stage as a plain test: a change to a chapter or to the generator that
    /// was not followed by `cargo xtask gen` fails `cargo test`, with the fix in the message.
    #[test]
    fn generated_files_are_fresh() {
        let stale = stale_files(crate::paths::root()).expect("the generator runs");
        assert!(
            stale.is_empty(),
            "{} generated file(s) differ from what the generator writes; run \
             `cargo xtask gen` and commit the result:\n  {}",
            stale.len(),
            stale
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join("\n  ")
        );
    }
}
