//! The rules for ```` ```rust ```` fences: each is an include of companion code with a
//! caption that names what checks it, and a listing that must not compile is followed by
//! rustc's output.

use super::*;

impl Page<'_> {
    pub(super) fn rust_fence(&mut self, fence: &Fence, attributes: &[&str]) -> Result<()> {
        let Some((target, anchor)) = self.include_of(fence) else {
            self.problem(
                &fence.at,
                "a Rust block written in the book; include it from companion/ instead",
            );
            return Ok(());
        };
        let Some(chapter) = self.chapter else {
            return Ok(());
        };
        if target.starts_with(crate::exercises::GENERATED) {
            self.exercise_fence(fence, &target, chapter.number);
            return Ok(());
        }
        if !self.included_file_exists(&fence.at, &target) {
            return Ok(());
        }
        let compile_fail = attributes.contains(&"compile_fail");
        if let Some(code) = attributes.iter().find(|a| ERROR_CODE.is_match(a)) {
            self.problem(
                &fence.at,
                format!(
                    "`{code}` in the fence is checked by nothing on stable; name the error \
                     code in the caption, where the lint checks it against the .stderr"
                ),
            );
        }
        let runnable = attributes
            .iter()
            .all(|a| !["ignore", "compile_fail", "no_run", "should_panic"].contains(a));
        if anchor.is_none() && runnable {
            self.problem(&fence.at, "include a named ANCHOR region, not a whole file");
        }
        self.listing += 1;
        let expected = (chapter.number, self.listing);
        let Some(caps) = LISTING_CAPTION.captures(&fence.caption) else {
            self.problem(
                &fence.at,
                format!(
                    "the block needs a caption line right after it: \
                     *Listing {}.{} — `{}`, tested by `module::file::tests::test_name`*",
                    expected.0,
                    expected.1,
                    target.display()
                ),
            );
            return Ok(());
        };
        let number = (caps[1].parse::<u32>()?, caps[2].parse::<u32>()?);
        if number != expected {
            self.problem(
                &fence.at,
                format!(
                    "caption says Listing {}.{}, expected {}.{}",
                    number.0, number.1, expected.0, expected.1
                ),
            );
        }
        if Path::new(&caps[3]) != target {
            self.problem(
                &fence.at,
                format!(
                    "caption names {} but the block includes {}",
                    &caps[3],
                    target.display()
                ),
            );
        }
        let listing = Listing {
            number: expected,
            source: target.clone(),
        };
        self.last_listing = Some(listing.clone());
        let claim = caps[4].to_string();
        if compile_fail {
            self.compile_fail_claim(fence, &claim, listing);
        } else if let Some(run_by) = RUN_BY_OUTPUTS.captures(&claim) {
            self.output_test_matches(&fence.at, &run_by[1], &chapter.module);
            if output_for(&target).is_none() {
                self.problem(
                    &fence.at,
                    format!("{} is not a companion source file", target.display()),
                );
            }
            self.expect = Some(Expect::Output { listing });
        } else if let Some(tested) = TESTED_BY.captures(&claim) {
            let test = tested[2].to_string();
            if &tested[1] == "tested by" && test.ends_with("::main_runs") {
                self.problem(
                    &fence.at,
                    format!(
                        "`{test}` only calls `main`: name a test that checks what the listing \
                         does, or say `run by `programs::tests::outputs_of_…`, which compares its \
                         output below` or `only run (not checked) by `{test}``"
                    ),
                );
            }
            self.test_exists(&fence.at, &target, &test)?;
        } else {
            self.problem(
                &fence.at,
                format!(
                    "the caption must say what checks the listing: `tested by `…``, \
                     `only run (not checked) by `…``, `run by `programs::tests::outputs_of_…`, \
                     which compares its output below`, or for code that \
                     must not compile `does not compile (`E0000`): rustc's output below is \
                     checked by trybuild`; it says `{claim}`"
                ),
            );
        }
        Ok(())
    }

    pub(super) fn compile_fail_claim(&mut self, fence: &Fence, claim: &str, listing: Listing) {
        let target = listing.source.clone();
        if !target
            .components()
            .any(|c| c.as_os_str() == "does_not_compile")
        {
            self.problem(
                &fence.at,
                format!(
                    "{} must live in a `does_not_compile/` folder, where trybuild checks it",
                    target.display()
                ),
            );
            return;
        }
        let stderr = target.with_extension("stderr");
        let Ok(output) = fs::read_to_string(self.root.join(&stderr)) else {
            self.problem(
                &fence.at,
                format!(
                    "{} is missing: run `TRYBUILD=overwrite cargo test -p concurrent_rust --test compile_fail` and review it",
                    stderr.display()
                ),
            );
            return;
        };
        let Some(caps) = DOES_NOT_COMPILE.captures(claim) else {
            self.problem(
                &fence.at,
                format!(
                    "a compile-fail listing's caption must end `does not compile (`E0000`): \
                     rustc's output below is checked by trybuild`, naming the error codes or \
                     lints in {}; it says `{claim}`",
                    stderr.display()
                ),
            );
            return;
        };
        for code in caps[1].split(", ").map(|c| c.trim_matches('`')) {
            let found = if ERROR_CODE.is_match(code) {
                output.contains(&format!("error[{code}]"))
            } else {
                output.contains(code)
            };
            if !found {
                self.problem(
                    &fence.at,
                    format!(
                        "the caption says the listing fails with `{code}`, but {} does not \
                         show it",
                        stderr.display()
                    ),
                );
            }
        }
        self.expect = Some(Expect::Stderr { listing, stderr });
    }

    /// A block of an exercise (`book/generated/exercises/ID/PART.rs`, cut by `gen` from
    /// its tested file): the starter runs in the notebook, the tests and the solution do
    /// not (a cell after the tests runs them), and the caption names the exercise.
    pub(super) fn exercise_fence(&mut self, fence: &Fence, target: &Path, chapter: u32) {
        let mut parts = target
            .strip_prefix(crate::exercises::GENERATED)
            .unwrap_or(target)
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let (Some(id), Some(part)) = (parts.next(), parts.next()) else {
            self.problem(&fence.at, "an exercise block includes ID/PART.rs");
            return;
        };
        let all = match crate::exercises::exercises(self.root) {
            Ok(all) => all,
            Err(error) => {
                self.problem(&fence.at, format!("{error:#}"));
                return;
            }
        };
        let Some(exercise) = all.iter().find(|e| e.id == id) else {
            self.problem(
                &fence.at,
                format!("no exercise `{id}` in companion/src/exercises/"),
            );
            return;
        };
        if exercise.chapter != chapter {
            self.problem(
                &fence.at,
                format!("exercise {id} belongs to chapter {}", exercise.chapter),
            );
        }
        let (caption, runs) = match part.as_str() {
            "starter.rs" => ("the starter", true),
            "tests.rs" => ("the tests", false),
            "solution.rs" => ("a solution", false),
            other => {
                self.problem(
                    &fence.at,
                    format!("{other}: an exercise has starter.rs, tests.rs and solution.rs"),
                );
                return;
            }
        };
        let runnable = !fence.info.contains("ignore");
        if runnable != runs {
            self.problem(
                &fence.at,
                if runs {
                    "the starter is a ```` ```rust ```` block: the notebook runs it as a cell"
                        .to_string()
                } else {
                    format!(
                        "{caption} is a ```` ```rust,ignore ```` block (the notebook must not \
                         define it as a cell)"
                    )
                },
            );
        }
        let want = format!(
            "*Exercise {}.{}, {caption}",
            exercise.chapter, exercise.number
        );
        if !fence.caption.starts_with(&want) {
            self.problem(
                &fence.at,
                format!("the caption must begin `{want}`; it is `{}`", fence.caption),
            );
        }
    }

    /// The named test is in the listing's module and defined in its file.
    pub(super) fn test_exists(&mut self, at: &str, target: &Path, test: &str) -> Result<()> {
        let module_path = target
            .strip_prefix(Path::new(COMPANION).join("src"))
            .unwrap_or(target)
            .with_extension("")
            .to_string_lossy()
            .replace('/', "::");
        let module_path = module_path.trim_end_matches("::mod").to_string();
        if !test.starts_with(&format!("{module_path}::")) {
            self.problem(
                at,
                format!("caption names test {test}, which is not in {module_path}"),
            );
        }
        let name = test.rsplit("::").next().unwrap_or(test);
        let source = fs::read_to_string(self.root.join(target))?;
        let defines = Regex::new(&format!(r"fn {}\s*\(", regex::escape(name)))?;
        if !defines.is_match(&source) {
            self.problem(
                at,
                format!(
                    "caption names test `{name}`, which {} does not define",
                    target.display()
                ),
            );
        }
        Ok(())
    }
}
