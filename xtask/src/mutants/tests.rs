//! The mutation tooling's tests, on small projects in temp dirs.

use super::*;

#[test]
fn exclusions_carry_the_comment_above_them() {
    let config = r#"
# Mutants no test should catch.
exclude_re = [
# `main` only prints; its output is compared by programs::tests::outputs_of_threads.
# (A second comment line joins the first.)
"companion/src/threads/sleep\\.rs:.*replace main",

# The timing in a demo's message is not behaviour.
"companion/src/models/useful_work\\.rs:.*replace \\* with",
]
"#;
    let exclusions = parse_exclusions(config).unwrap();
    assert_eq!(exclusions.len(), 2);
    assert_eq!(
        exclusions[0].reason,
        "`main` only prints; its output is compared by programs::tests::outputs_of_threads. (A second comment line joins the first.)"
    );
    assert_eq!(
        exclusions[0].pattern,
        r"companion/src/threads/sleep\.rs:.*replace main"
    );
}

#[test]
fn an_exclusion_without_a_reason_is_an_error() {
    let config = "exclude_re = [\n    \"companion/src/a\\\\.rs:.*\",\n]\n";
    let error = parse_exclusions(config).unwrap_err().to_string();
    assert!(error.contains("has no reason"), "{error}");
}

#[test]
fn a_report_round_trips_its_hash_and_missed_count() {
    let report = Report {
        chapter: Chapter::single_page(2, "02-threads", "threads", "Threads"),
        sources_hash: "0123456789abcdef".into(),
        outcomes: Outcomes {
            caught: vec!["a".into(), "b".into()],
            missed: vec!["c".into()],
            unviable: vec![],
            timeout: vec![],
        },
        exclusions: vec![],
        minutes: 3.0,
        tool: "27.1.0".into(),
    };
    let text = report.render();
    assert!(text.contains("Sources hash: `0123456789abcdef`"), "{text}");
    assert!(text.contains("Missed, unexplained: 1\n"), "{text}");
    assert!(text.contains("- `c`"), "{text}");
}

/// A one-chapter project in a temp dir, with a report written for its sources.
fn project(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-mutants-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&root);
    fs::create_dir_all(root.join("book")).unwrap();
    fs::create_dir_all(root.join("companion/src/demo")).unwrap();
    fs::write(root.join("book/01-demo.md"), "# Demo\n").unwrap();
    fs::write(root.join("book/SUMMARY.md"), "- [Demo](01-demo.md)\n").unwrap();
    fs::write(
        root.join("companion/src/demo/a.rs"),
        "pub fn a() -> u32 { 1 }\n",
    )
    .unwrap();
    let chapter = chapters::chapters(&root).unwrap().remove(0);
    let report = Report {
        sources_hash: sources_hash(&root, "demo").unwrap(),
        chapter,
        outcomes: Outcomes {
            caught: vec!["x".into()],
            ..Outcomes::default()
        },
        exclusions: vec![],
        minutes: 1.0,
        tool: "27.1.0".into(),
    };
    fs::create_dir_all(root.join(REPORTS)).unwrap();
    fs::write(root.join(REPORTS).join("demo.md"), report.render()).unwrap();
    root
}

#[test]
fn a_report_goes_stale_when_its_chapter_changes() {
    let root = project("stale");
    assert!(check_reports(&root).unwrap().problems.is_empty());
    fs::write(
        root.join("companion/src/demo/a.rs"),
        "pub fn a() -> u32 { 2 }\n",
    )
    .unwrap();
    let problems = check_reports(&root).unwrap().problems;
    assert!(
        problems[0].contains("written for other sources"),
        "{problems:?}"
    );
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn a_chapter_without_a_report_must_be_listed_as_pending_with_a_reason() {
    let root = project("pending");
    fs::remove_file(root.join(REPORTS).join("demo.md")).unwrap();
    let problems = check_reports(&root).unwrap().problems;
    assert!(problems[0].contains("missing"), "{problems:?}");
    fs::write(root.join(PENDING), "demo\n").unwrap();
    let problems = check_reports(&root).unwrap().problems;
    assert!(problems[0].contains("needs a reason"), "{problems:?}");
    fs::write(root.join(PENDING), "demo: not run yet\n").unwrap();
    let found = check_reports(&root).unwrap();
    assert!(found.problems.is_empty(), "{:?}", found.problems);
    assert_eq!(found.pending, ["demo: not run yet"]);
    let _ = fs::remove_dir_all(&root);
}

#[test]
fn code_only_drops_comments_and_keeps_literals() {
    let source = "//! A module.\n\n/// Doc.\nfn a() -> &'static str { // why\n    \"no // comment\" /* gone */\n}\n\
                  const Q: char = '\"'; const S: char = '\\''; // s\n\
                  const R: &str = r#\"a \"// b\"#; /* a /* nested */ block */\n";
    assert_eq!(
        code_only(source),
        "fn a() -> &'static str {\n    \"no // comment\"\n}\n\
         const Q: char = '\"'; const S: char = '\\'';\n\
         const R: &str = r#\"a \"// b\"#;\n"
    );
}

#[test]
fn a_comment_does_not_make_a_report_stale_but_code_does() {
    let root = project("comments");
    let file = root.join("companion/src/demo/a.rs");
    let before = sources_hash(&root, "demo").unwrap();
    fs::write(&file, "/// Says one.\n\npub fn a() -> u32 { 1 } // one\n").unwrap();
    assert_eq!(sources_hash(&root, "demo").unwrap(), before);
    fs::write(&file, "pub fn a() -> u32 { 2 }\n").unwrap();
    assert_ne!(sources_hash(&root, "demo").unwrap(), before);
    let _ = fs::remove_dir_all(&root);
}
