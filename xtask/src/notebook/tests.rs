//! The generator's tests: cells, markdown adaptation, JSON and the setup cells.

use super::cells::{announced_panics, code_cell};
use super::*;
use serde_json::{Value, json};

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
        notebook_markdown(md, "03-channels").unwrap(),
        "> **Warning**\n> careful, see [threads](02-threads.ipynb)\n"
    );
}

#[test]
fn links_between_pages_become_links_between_and_inside_notebooks() {
    let md = "## When it panics\n\n[a](../02-threads/panics.md#when-it-panics) \
              [b](../03-channels/pipeline.md) [c](../03-channels.md) [d](../02-threads.md) \
              [e](../03-channels/select.md#select)";
    assert_eq!(
        notebook_markdown(md, "02-threads").unwrap(),
        "## When it panics\n\n[a](#When-it-panics) [b](03-channels.ipynb) \
         [c](03-channels.ipynb) [d](02-threads.ipynb) [e](03-channels.ipynb)"
    );
}

/// mdBook and JupyterLab give a heading different ids (`#backpressure-sync_channel` and
/// `#Backpressure:-sync_channel`): a link to a heading of the same chapter gets
/// JupyterLab's, found through the heading whose mdBook id the link names.
#[test]
fn links_to_headings_of_the_chapter_get_jupyterlab_ids() {
    let md = "# Channels\n\n## Backpressure: `sync_channel`\n\n### *Many* consumers\n\n\
              See [above](../03-channels/backpressure.md#backpressure-sync_channel) and \
              [this](../03-channels/many-consumers.md#many-consumers).\n";
    let out = notebook_markdown(md, "03-channels").unwrap();
    assert!(
        out.ends_with("See [above](#Backpressure:-sync_channel) and [this](#Many-consumers).\n"),
        "{out}"
    );
}

#[test]
fn a_link_to_a_heading_the_chapter_lacks_is_an_error() {
    let md = "## Spawning\n\n[gone](../02-threads/panics.md#when-a-thread-panics)\n";
    let error = notebook_markdown(md, "02-threads").unwrap_err();
    assert!(
        error.to_string().contains("#when-a-thread-panics"),
        "{error}"
    );
}

#[test]
fn heading_ids_follow_mdbook_and_jupyterlab() {
    assert_eq!(
        mdbook_id("Backpressure: sync_channel"),
        "backpressure-sync_channel"
    );
    assert_eq!(
        mdbook_id("Every interleaving, checked: loom"),
        "every-interleaving-checked-loom"
    );
    assert_eq!(
        jupyterlab_id("Backpressure: sync_channel"),
        "Backpressure:-sync_channel"
    );
    assert_eq!(
        heading_texts("# `Arc`, *shared*\n\ntext\n\n```text\n# no\n```\n"),
        ["Arc, shared"]
    );
}

#[test]
fn the_first_cell_says_how_to_recover_from_a_restart() {
    let chapter = Chapter::single_page(2, "02-threads", "threads", "Threads");
    let cells = chapter_cells(&chapter, "# Threads\n", &toml::Table::new(), None).unwrap();
    let Cell::Markdown(first) = &cells[0] else {
        panic!("the first cell is markdown")
    };
    assert!(first.contains("run all the cells above"), "{first}");
    assert!(first.contains("its own namespace"), "{first}");
    let Cell::Code(setup) = &cells[1] else {
        panic!("the first setup cell is code")
    };
    assert!(setup.source.contains(":cache 1024"), "{}", setup.source);
}

#[test]
fn section_pages_join_under_the_chapter_title() {
    let joined = join_pages(&[
        "# Threads\n\nIntro.\n",
        "# Panics\n\n## Payloads\n\n```text\n# not a heading\n```\n",
    ]);
    assert_eq!(
        joined,
        "# Threads\n\nIntro.\n\n## Panics\n\n### Payloads\n\n```text\n# not a heading\n```\n\n"
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
    let chapter = Chapter::single_page(0, "x", "x", "X");
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

#[test]
fn links_to_other_book_pages_and_figures_work_from_the_notebooks_folder() {
    let md = "[e](../errata.md#ch2) ![plot](../images/p.svg) [s](../02-threads/panics.md) \
              [c](companion/threads.md) [w](https://example.com/a.md) [here](#x)";
    assert_eq!(
        rebase_links(md, Path::new("02-threads/arc.md")),
        "[e](../book/errata.md#ch2) ![plot](../book/images/p.svg) [s](../02-threads/panics.md) \
         [c](../book/02-threads/companion/threads.md) [w](https://example.com/a.md) [here](#x)"
    );
    assert_eq!(
        rebase_links(
            "[c](companion/threads.md) [t](03-channels.md)",
            Path::new("02-threads.md")
        ),
        "[c](../book/companion/threads.md) [t](03-channels.md)"
    );
}

#[test]
fn an_item_defined_by_two_cells_is_an_error_naming_both() {
    let chapter = Chapter::single_page(8, "08-x", "x", "X");
    let page = "# X\n\n```rust\npub fn serve(a: u8) {}\npub fn main() {}\n```\n\ntext\n\n\
                ```rust\npub async fn serve() {}\npub fn main() {}\n```\n";
    let error = chapter_cells(&chapter, page, &toml::Table::new(), None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("`serve` is defined by code cells 1 and 2"),
        "{error}"
    );
    assert!(!error.contains("`main`"), "{error}");
    let distinct = page.replace("async fn serve()", "async fn serve_async()");
    assert!(chapter_cells(&chapter, &distinct, &toml::Table::new(), None).is_ok());
}

#[test]
fn a_name_imported_from_two_paths_is_an_error_naming_both() {
    let chapter = Chapter::single_page(8, "08-x", "x", "X");
    let page = "# X\n\n```rust\nuse std::net::{SocketAddr, TcpStream};\npub fn a() {}\n```\n\n\
                ```rust\nuse std::net::SocketAddr;\nuse tokio::net::TcpStream;\npub fn b() {}\n```\n";
    let error = chapter_cells(&chapter, page, &toml::Table::new(), None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("`TcpStream` is imported as `std::net::TcpStream` by code cell 1 and as `tokio::net::TcpStream` by code cell 2"),
        "{error}"
    );
    assert!(
        !error.contains("`SocketAddr`"),
        "the same import twice is fine: {error}"
    );
}

#[test]
fn an_exercise_tests_block_gets_a_cell_that_runs_its_tests_after_the_caption() {
    let page = "Intro.\n\n```rust,ignore\n// The tests of exercise 04-queue\nuse std::sync::Arc;\n\n\
                #[test]\nfn pops_in_order() {\n    assert!(true);\n}\n\nfn helper() {}\n\n\
                #[test]\nfn closes() {}\n```\n*Exercise 4.1, the tests: run them*\n\nAfter.\n";
    let cells = split_cells(page).unwrap();
    let Cell::Code(code) = &cells[1] else {
        panic!("the second cell runs the tests: {cells:?}")
    };
    assert!(
        code.source
            .starts_with("// The tests of exercise 04-queue, run on the cells above")
    );
    assert!(!code.source.contains("#[test]"), "{}", code.source);
    assert!(code.source.contains("fn helper() {}"));
    assert!(code.source.ends_with(
        "concurrent_rust::exercises::run_tests(&[\n    (\"pops_in_order\", pops_in_order as fn()),\n    (\"closes\", closes as fn()),\n]);"
    ), "{}", code.source);
    let Cell::Markdown(before) = &cells[0] else {
        panic!()
    };
    assert!(
        before.ends_with("*Exercise 4.1, the tests: run them*"),
        "{before}"
    );
    assert_eq!(cells[2], Cell::Markdown("After.".into()));
    // Any other ignored Rust block stays markdown, with no cell after it.
    let other = split_cells("```rust,ignore\nfn f() {}\n```\n*caption*\n\nAfter.\n").unwrap();
    assert_eq!(other.len(), 1);
}
