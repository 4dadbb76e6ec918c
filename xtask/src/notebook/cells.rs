//! Markdown → cells: where a chapter's text is cut into markdown and code cells, and what
//! each code cell is expected to print.

use super::*;

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
    // An exercise's tests block (`rust,ignore`, shown as markdown) being read, then, once
    // it ends, the cell that runs its tests, placed after the caption paragraph.
    let mut tests_fence: Option<String> = None;
    let mut tests_cell: Option<String> = None;
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
                let is_rust = matches!(&kind, CodeBlockKind::Fenced(info)
                    if info.split(',').next().map(str::trim) == Some("rust"));
                if is_text {
                    text_fence = Some(String::new());
                } else {
                    if is_rust && depth == 1 {
                        tests_fence = Some(String::new());
                    }
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
            Event::Text(text) if tests_fence.is_some() => {
                if let Some(body) = tests_fence.as_mut() {
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
                if let Some(body) = tests_fence.take() {
                    tests_cell = super::exercise_tests_cell(&body);
                }
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
            Event::End(TagEnd::Paragraph) if depth == 1 && tests_cell.is_some() => {
                depth = 0;
                push_markdown(&mut cells, &markdown[prose_start..range.end]);
                let source = tests_cell.take().expect("checked above");
                cells.push(Cell::Code(Code::from(source.as_str())));
                owner = None;
                prose_start = range.end;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    push_markdown(&mut cells, &markdown[prose_start..]);
    if let Some(source) = tests_cell {
        cells.push(Cell::Code(Code::from(source.as_str())));
    }
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
pub(super) fn code_cell(code: &str) -> String {
    let code = code.trim_end();
    if DEFINES_MAIN.is_match(code) {
        format!("{code}\nmain();")
    } else {
        code.to_string()
    }
}
