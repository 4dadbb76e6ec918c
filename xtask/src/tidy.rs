//! Rules about the tree's shape that no compiler checks, as plain tests (run by the
//! check's `test` stage, or alone with `cargo test -p xtask tidy`). Each failure message
//! names the file and what to do. ARCHITECTURE.md lists the invariants they enforce.

#[cfg(test)]
mod tests {
    use crate::chapters::{chapters, files_with_extension};
    use crate::paths::{COMPANION, root};
    use regex::Regex;
    use std::fs;

    /// A chapter builds on earlier chapters only, so the book can be read in order and a
    /// chapter's mutation report depends on its own module and earlier ones.
    #[test]
    fn chapter_modules_depend_only_on_earlier_chapters() {
        let root = root();
        let chapters = chapters(root).unwrap();
        let path = Regex::new(r"\b(?:crate|concurrent_rust)::([a-z_]+)\b").unwrap();
        let mut problems = Vec::new();
        for chapter in &chapters {
            let dir = root.join(COMPANION).join("src").join(&chapter.module);
            for file in files_with_extension(&dir, "rs").unwrap() {
                let text = fs::read_to_string(&file).unwrap();
                for (index, line) in text.lines().enumerate() {
                    for caps in path.captures_iter(line) {
                        let Some(used) = chapters.iter().find(|c| c.module == caps[1]) else {
                            continue; // a shared module (`fixtures`, `sync`, `programs`)
                        };
                        if used.number > chapter.number {
                            problems.push(format!(
                                "{}:{}: chapter {} uses chapter {} (`{}`); move what both \
                                 need into the earlier chapter or a shared module",
                                file.strip_prefix(root).unwrap().display(),
                                index + 1,
                                chapter.number,
                                used.number,
                                &caps[0]
                            ));
                        }
                    }
                }
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// The tooling never depends on the course's code: a broken chapter must not stop
    /// `cargo xtask check` from reporting it.
    #[test]
    fn xtask_does_not_depend_on_the_companion_crate() {
        let manifest = fs::read_to_string(root().join("xtask/Cargo.toml")).unwrap();
        let manifest: toml::Table = manifest.parse().unwrap();
        for section in ["dependencies", "dev-dependencies", "build-dependencies"] {
            let names = manifest.get(section).and_then(|d| d.as_table());
            assert!(
                !names.is_some_and(|d| d.contains_key("concurrent_rust")),
                "xtask/Cargo.toml [{section}] names concurrent_rust: the tooling must not \
                 build the code it checks"
            );
        }
    }
}
