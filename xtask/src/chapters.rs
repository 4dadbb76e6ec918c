//! The chapters: which pages of `book/` are chapters, and what each one is called.
//!
//! A chapter is `book/NN-name.md` (its opening page) with its section pages
//! `book/NN-name/*.md`, the module `concurrent_rust::name` and the notebook
//! `notebooks/NN-name.ipynb`; everything else finds a chapter's files through [`Chapter`].
//! The sections are the pages `book/SUMMARY.md` nests under the chapter, in its order.

use crate::paths::BOOK_SRC;
use anyhow::{Context, Result};
use mdbook_driver::MDBook;
use mdbook_driver::book::BookItem;
use mdbook_driver::builtin_renderers::MarkdownRenderer;
use regex::Regex;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// A numbered chapter: `book/NN-name.md`, module `concurrent_rust::name`,
/// notebook `notebooks/NN-name.ipynb`.
#[derive(Debug, Clone)]
pub struct Chapter {
    pub number: u32,
    /// `NN-name`, shared by the page and the notebook.
    pub stem: String,
    /// The opening page, relative to `book/`.
    pub page: PathBuf,
    /// The section pages, relative to `book/`, in the summary's order.
    pub sections: Vec<PathBuf>,
    /// The companion module (`name` with `-` as `_`).
    pub module: String,
    pub title: String,
}

impl Chapter {
    /// A chapter of one page, `stem.md`, with no section pages: what the notebook fixtures
    /// and the tests need.
    pub fn single_page(number: u32, stem: &str, module: &str, title: &str) -> Chapter {
        Chapter {
            number,
            stem: stem.to_string(),
            page: PathBuf::from(format!("{stem}.md")),
            sections: Vec::new(),
            module: module.to_string(),
            title: title.to_string(),
        }
    }

    pub fn notebook_file(&self) -> String {
        format!("{}.ipynb", self.stem)
    }

    /// The opening page, then the sections: the order a reader reads them in, and the
    /// order of the notebook's cells.
    pub fn pages(&self) -> impl Iterator<Item = &PathBuf> {
        std::iter::once(&self.page).chain(&self.sections)
    }
}

static CHAPTER_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d\d)-([a-z0-9-]+)\.md$").expect("valid regex"));

static SUMMARY_LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(([^)#]+\.md)\)").expect("valid regex"));

/// The numbered chapters of `book/`, in order, each with its sections.
pub fn chapters(root: &Path) -> Result<Vec<Chapter>> {
    let mut chapters = Vec::new();
    for entry in fs::read_dir(root.join(BOOK_SRC))? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        let Some(caps) = CHAPTER_FILE.captures(&name) else {
            continue;
        };
        let text = fs::read_to_string(root.join(BOOK_SRC).join(&name))?;
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("# "))
            .with_context(|| format!("book/{name} has no `# Title` line"))?
            .trim()
            .to_string();
        chapters.push(Chapter {
            number: caps[1].parse()?,
            stem: name.trim_end_matches(".md").to_string(),
            page: PathBuf::from(&name),
            module: caps[2].replace('-', "_"),
            title,
            sections: Vec::new(),
        });
    }
    chapters.sort_by_key(|c| c.number);
    let summary = fs::read_to_string(root.join(BOOK_SRC).join("SUMMARY.md"))
        .context("reading book/SUMMARY.md")?;
    for chapter in &mut chapters {
        let folder = format!("{}/", chapter.stem);
        chapter.sections = SUMMARY_LINK
            .captures_iter(&summary)
            .map(|caps| caps[1].to_string())
            .filter(|target| target.starts_with(&folder))
            .map(PathBuf::from)
            .collect();
    }
    Ok(chapters)
}

/// A chapter's markdown as written (before preprocessing), all its pages in order: what
/// its captions say.
pub fn raw_markdown(root: &Path, chapter: &Chapter) -> Result<String> {
    let mut text = String::new();
    for page in chapter.pages() {
        let path = root.join(BOOK_SRC).join(page);
        text.push_str(
            &fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?,
        );
        text.push('\n');
    }
    Ok(text)
}

/// Every chapter's content after mdBook's preprocessors (includes resolved), keyed by
/// the page's path relative to `book/`.
pub fn load_preprocessed(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let book = MDBook::load(root).context("loading the book with mdBook")?;
    let (processed, _) = book
        .preprocess_book(&MarkdownRenderer::new())
        .context("running mdBook's preprocessors")?;
    let mut pages = Vec::new();
    for item in processed.iter() {
        if let BookItem::Chapter(chapter) = item
            && let Some(path) = &chapter.path
        {
            pages.push((path.clone(), chapter.content.clone()));
        }
    }
    Ok(pages)
}

/// Every file under `dir` (recursively) whose extension is `extension`, sorted.
pub fn files_with_extension(dir: &Path, extension: &str) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(files_with_extension(&path, extension)?);
        } else if path.extension().is_some_and(|e| e == extension) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}
