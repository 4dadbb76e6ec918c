//! Code that must not compile, checked to fail with exactly the error the book shows.
//!
//! Every `companion/src/<chapter>/does_not_compile/<name>.rs` is a whole program that the
//! book includes in a `rust,compile_fail` fence. trybuild compiles each one against this
//! crate and its dev-dependencies, checks that it fails, and compares rustc's full output
//! with the committed `<name>.stderr` beside it, which the book includes right after the
//! listing. A file that starts to compile, or fails differently, fails this test.

/// Compiles every `does_not_compile/*.rs` and compares rustc's output with its `.stderr`.
///
/// After a rustc upgrade changes the wording of an error, refresh the expected output with
///
/// ```console
/// TRYBUILD=overwrite cargo test -p concurrent_rust --test compile_fail
/// ```
///
/// then review every change with `git diff` (the error code or lint the book's caption
/// names must still be there, and the prose must still match) before committing.
/// rustc quotes the standard library's source in some of these errors (`$RUST/…` lines in
/// the `.stderr` files) only when the `rust-src` component is installed, so without it
/// every such case would fail for a reason that has nothing to do with the code.
#[test]
fn every_does_not_compile_file_fails_with_the_committed_stderr() {
    let sysroot =
        std::process::Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into()))
            .args(["--print", "sysroot"])
            .output()
            .expect("rustc runs");
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    let std_source = std::path::Path::new(&sysroot).join("lib/rustlib/src/rust/library");
    assert!(
        std_source.is_dir(),
        "the committed .stderr files quote the standard library's source, which rustc shows \
         only with the rust-src component: run `rustup component add rust-src` \
         (`cargo xtask setup` does it)"
    );
    trybuild::TestCases::new().compile_fail("src/*/does_not_compile/*.rs");
}
