//! The lint's tests: the real tree, and small projects that break one rule each.

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
struct Project {
    root: PathBuf,
}

impl Project {
    fn new(name: &str, chapter_body: &str) -> Project {
        let root = std::env::temp_dir().join(format!("xtask-lint-{name}-{}", std::process::id()));
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
        Project { root }
    }

    fn problems(&self) -> Vec<String> {
        lint(&self.root).unwrap()
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.root);
    }
}

#[test]
fn listing_numbers_run_on_across_section_pages_and_every_section_is_listed() {
    let project = Project::new("sections", GOOD);
    let section = "# More\n\n```rust\n{{#include ../../companion/src/demo/hello.rs:hello}}\n```\n\
                   *Listing 1.2 — `companion/src/demo/hello.rs`, tested by `demo::hello::tests::says_hello`*\n";
    fs::create_dir_all(project.root.join("book/01-demo")).unwrap();
    fs::write(project.root.join("book/01-demo/more.md"), section).unwrap();
    let problems = project.problems();
    assert_eq!(
        problems,
        [
            "book/01-demo/more.md: a section page that book/SUMMARY.md does not list under 01-demo.md"
        ],
    );
    let summary = fs::read_to_string(project.root.join("book/SUMMARY.md")).unwrap();
    fs::write(
        project.root.join("book/SUMMARY.md"),
        summary.replace(
            "(01-demo.md)\n",
            "(01-demo.md)\n  - [More](01-demo/more.md)\n",
        ),
    )
    .unwrap();
    assert_eq!(project.problems(), Vec::<String>::new());
    // The section's listing is the chapter's second: a caption that restarts at 1 is wrong.
    fs::write(
        project.root.join("book/01-demo/more.md"),
        section.replace("Listing 1.2", "Listing 1.1"),
    )
    .unwrap();
    let problems = project.problems();
    assert!(
        problems
            .iter()
            .any(|p| p.contains("caption says Listing 1.1, expected 1.2")),
        "{problems:?}"
    );
}

#[test]
fn a_page_longer_than_the_limit_must_be_split() {
    let project = Project::new(
        "long",
        &format!("{GOOD}{}", "prose\n".repeat(MAX_PAGE_LINES)),
    );
    let problems = project.problems();
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
    assert_eq!(Project::new(name, body).problems(), Vec::<String>::new());
}

fn assert_reports(name: &str, body: &str, expected: &str) {
    let problems = Project::new(name, body).problems();
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
    let project = Project::new("summary", GOOD);
    fs::write(
        project.root.join("book/SUMMARY.md"),
        "- [Demo](01-demo.md)\n",
    )
    .unwrap();
    let problems = project.problems();
    assert!(
        problems.iter().any(|p| p.contains("companion/demo.md")),
        "{problems:?}"
    );
}
