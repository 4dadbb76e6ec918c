//! Facts that more than one file states, each kept once: here, or in the module it
//! belongs to (the pinned tool versions are in `setup`, the chapters are the pages of
//! `book/`). `cargo xtask gen` writes them into *generated regions* of the files that
//! state them, and the `fresh` stage fails when a region differs from what `gen` writes.
//!
//! A generated region is the lines between two marker lines:
//!
//! ```text
//! <!-- generated: NAME (`cargo xtask gen`; edit xtask/src/facts.rs, not this) -->
//! …
//! <!-- end generated: NAME -->
//! ```
//!
//! Whatever precedes `<!--` on the first marker line (`//! ` in a Rust file) is put in
//! front of every generated line, so one region works in markdown and in a doc comment.

use crate::chapters;
use crate::setup;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};

/// How long the first `cargo xtask start` or `check` takes on a fresh machine, most of it
/// compiling evcxr_jupyter. Measured on the course's 2-core VM with other builds sharing
/// the cores: 17.5 minutes, then 18.7 minutes (1,121 s, 2026-12-02); the per-tool times
/// are in `setup`.
pub const FIRST_RUN: &str = "15–30 minutes on a 2-core machine";

/// A region: where it is, and how to write it.
struct Region {
    file: &'static str,
    name: &'static str,
    render: fn(&Path) -> Result<String>,
}

const REGIONS: &[Region] = &[
    Region {
        file: "README.md",
        name: "installs",
        render: installs_table,
    },
    Region {
        file: "README.md",
        name: "chapters",
        render: chapters_table,
    },
    Region {
        file: "book/01-models/running-the-course.md",
        name: "installs",
        render: installs_sentence,
    },
    Region {
        file: "companion/src/lib.rs",
        name: "chapters",
        render: rustdoc_chapters_table,
    },
];

/// Every file that holds a generated region, with the text it should hold.
pub fn expected_files(root: &Path) -> Result<Vec<(PathBuf, String)>> {
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for region in REGIONS {
        let path = root.join(region.file);
        let index = match files.iter().position(|(p, _)| *p == path) {
            Some(index) => index,
            None => {
                let text = fs::read_to_string(&path)
                    .with_context(|| format!("reading {}", region.file))?;
                files.push((path, text));
                files.len() - 1
            }
        };
        let body = (region.render)(root)?;
        let text = replace_region(&files[index].1, region.name, &body)
            .with_context(|| format!("{}: generated region `{}`", region.file, region.name))?;
        files[index].1 = text;
    }
    Ok(files)
}

/// `text` with the lines of region `name` replaced by `body`'s (each prefixed like the
/// start marker).
pub fn replace_region(text: &str, name: &str, body: &str) -> Result<String> {
    let start_tag = format!("<!-- generated: {name} ");
    let end_tag = format!("<!-- end generated: {name} -->");
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let Some(start) = lines.iter().position(|l| l.contains(&start_tag)) else {
        bail!("no start marker `{start_tag}…-->`");
    };
    let Some(end) = lines[start..]
        .iter()
        .position(|l| l.contains(&end_tag))
        .map(|offset| start + offset)
    else {
        bail!("no end marker `{end_tag}` after the start marker");
    };
    let prefix = &lines[start][..lines[start].find("<!--").expect("found above")];
    let mut out: String = lines[..=start].concat();
    for line in body.lines() {
        out.push_str(format!("{prefix}{line}").trim_end());
        out.push('\n');
    }
    out.push_str(&lines[end..].concat());
    Ok(out)
}

/// What setup installs, in the order it installs it.
fn installs(root: &Path) -> Result<Vec<[String; 4]>> {
    let mut rows = vec![[
        "`rust-src` (rustup component)".to_string(),
        "the toolchain's".to_string(),
        "the standard library's source, which rustc quotes in some compiler errors the book \
         shows and evcxr needs"
            .to_string(),
        "seconds".to_string(),
    ]];
    for tool in setup::INSTALLED {
        rows.push([
            format!("`{}`", tool.name),
            tool.version.to_string(),
            tool.purpose.to_string(),
            tool.cold_install.to_string(),
        ]);
    }
    let requirements = fs::read_to_string(root.join(crate::paths::REQUIREMENTS))?;
    let pins = requirements
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .count();
    rows.push([
        "Python `.venv`".to_string(),
        format!("{pins} pins in `xtask/requirements.txt`"),
        "JupyterLab, and nbclient for the notebook runner".to_string(),
        setup::VENV_INSTALL.to_string(),
    ]);
    rows.push([
        format!("`{}` (only for `cargo xtask mutants`)", setup::MUTANTS.name),
        setup::MUTANTS.version.to_string(),
        setup::MUTANTS.purpose.to_string(),
        setup::MUTANTS.cold_install.to_string(),
    ]);
    Ok(rows)
}

fn installs_table(root: &Path) -> Result<String> {
    let mut out =
        String::from("| what | version | what for | first install |\n|---|---|---|---|\n");
    for [what, version, purpose, time] in installs(root)? {
        out.push_str(&format!("| {what} | {version} | {purpose} | {time} |\n"));
    }
    out.push_str(&format!(
        "\nThe first run takes about {FIRST_RUN}; later runs find everything in place and \
         start in a few seconds.\n"
    ));
    Ok(out)
}

fn installs_sentence(_root: &Path) -> Result<String> {
    let tools: Vec<String> = setup::INSTALLED
        .iter()
        .map(|tool| format!("`{}` {}", tool.name, tool.version))
        .collect();
    Ok(format!(
        "It installs what is missing — the `rust-src` component, {}, and a Python virtual \
         environment `.venv` with JupyterLab — and then serves the book on \
         <http://127.0.0.1:3000> and JupyterLab, opened on `notebooks/`, on \
         <http://127.0.0.1:8888>. The first run takes about {FIRST_RUN}, most of it \
         compiling evcxr. Later runs find everything in place and start in seconds.\n",
        tools.join(", ")
    ))
}

fn chapters_table(root: &Path) -> Result<String> {
    let mut out = String::from("| # | book | companion module | notebook |\n|---|---|---|---|\n");
    for chapter in chapters::chapters(root)? {
        out.push_str(&format!(
            "| {} | [{}](book/{}) | `concurrent_rust::{}` | `notebooks/{}` |\n",
            chapter.number,
            chapter.title,
            chapter.page.display(),
            chapter.module,
            chapter.notebook_file()
        ));
    }
    Ok(out)
}

fn rustdoc_chapters_table(root: &Path) -> Result<String> {
    let mut out = String::from("| chapter | module | notebook |\n|---|---|---|\n");
    for chapter in chapters::chapters(root)? {
        out.push_str(&format!(
            "| {}. {} | [`{}`] | `notebooks/{}` |\n",
            chapter.number,
            chapter.title,
            chapter.module,
            chapter.notebook_file()
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_is_replaced_between_its_markers_with_the_markers_prefix() {
        let text = "keep\n//! <!-- generated: t (gen) -->\n//! old\n//! <!-- end generated: t -->\nkeep too\n";
        assert_eq!(
            replace_region(text, "t", "| a |\n\nb\n").unwrap(),
            "keep\n//! <!-- generated: t (gen) -->\n//! | a |\n//!\n//! b\n//! <!-- end generated: t -->\nkeep too\n"
        );
    }

    #[test]
    fn a_missing_marker_is_an_error_that_names_it() {
        let error = replace_region("no markers\n", "t", "x").unwrap_err();
        assert!(error.to_string().contains("<!-- generated: t"), "{error}");
        let error = replace_region("<!-- generated: t (gen) -->\n", "t", "x").unwrap_err();
        assert!(
            error.to_string().contains("<!-- end generated: t -->"),
            "{error}"
        );
    }
}
