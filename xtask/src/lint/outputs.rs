//! The rules for ```` ```text ```` and ```` ```console ```` fences: a printed output or a
//! compiler error is included from the file a check compares, never typed, and a console
//! block holds commands only.

use super::*;

impl Page<'_> {
    pub(super) fn text_fence(&mut self, fence: &Fence) -> Result<()> {
        let Some((target, _)) = self.include_of(fence) else {
            self.problem(
                &fence.at,
                "text typed into the book: a program's output or rustc's must be included \
                 from companion/ (`companion/outputs/…` or a `.stderr` file); a diagram is \
                 marked ```text,diagram",
            );
            return Ok(());
        };
        if self.chapter.is_none() {
            return Ok(());
        }
        if !self.included_file_exists(&fence.at, &target) {
            return Ok(());
        }
        let last = self.last_listing.clone();
        let refers_to = |number: (u32, u32), this: &mut Page| -> bool {
            match &last {
                Some(listing) if listing.number == number => true,
                _ => {
                    this.problem(
                        &fence.at,
                        format!(
                            "the caption refers to Listing {}.{}, but the listing before it is {}",
                            number.0,
                            number.1,
                            last.as_ref()
                                .map(|l| format!("{}.{}", l.number.0, l.number.1))
                                .unwrap_or_else(|| "none".into())
                        ),
                    );
                    false
                }
            }
        };
        let named = |caps: &regex::Captures, this: &mut Page| {
            if Path::new(&caps[3]) != target {
                this.problem(
                    &fence.at,
                    format!(
                        "caption names {} but the block includes {}",
                        &caps[3],
                        target.display()
                    ),
                );
            }
        };
        let number = |caps: &regex::Captures| -> (u32, u32) {
            (caps[1].parse().unwrap_or(0), caps[2].parse().unwrap_or(0))
        };
        if target.extension().is_some_and(|e| e == "stderr") {
            match STDERR_CAPTION.captures(&fence.caption) {
                Some(caps) => {
                    named(&caps, self);
                    refers_to(number(&caps), self);
                }
                None => self.problem(
                    &fence.at,
                    format!(
                        "rustc's output needs the caption *rustc's output for Listing N.M — `{}`, \
                         compared with the compiler's by `tests/compile_fail.rs`*",
                        target.display()
                    ),
                ),
            }
            return Ok(());
        }
        if !target.starts_with(OUTPUTS) {
            self.problem(
                &fence.at,
                format!(
                    "a text block includes {}: printed output lives in {OUTPUTS}/, compiler output in .stderr files",
                    target.display()
                ),
            );
            return Ok(());
        }
        let recorded_run = target.to_string_lossy().ends_with(".run.txt");
        if recorded_run {
            let Some(caps) = RUN_CAPTION.captures(&fence.caption) else {
                self.problem(
                    &fence.at,
                    format!(
                        "a recorded run needs the caption *One possible run of Listing N.M — `{}`; \
                         what every run guarantees is tested by `module::file::tests::name`*",
                        target.display()
                    ),
                );
                return Ok(());
            };
            named(&caps, self);
            if refers_to(number(&caps), self)
                && let Some(listing) = &last
            {
                let test = caps[4].to_string();
                self.test_exists(&fence.at, &listing.source.clone(), &test)?;
                self.output_matches_listing(&fence.at, &target, listing);
            }
        } else {
            let Some(caps) = OUTPUT_CAPTION.captures(&fence.caption) else {
                self.problem(
                    &fence.at,
                    format!(
                        "an output snapshot needs the caption *Output of Listing N.M — `{}`, \
                         compared with a fresh run by `programs::tests::outputs_of_{}`*",
                        target.display(),
                        self.chapter.map(|c| c.module.as_str()).unwrap_or("…")
                    ),
                );
                return Ok(());
            };
            named(&caps, self);
            if let Some(chapter) = self.chapter {
                self.output_test_matches(&fence.at, &caps[4], &chapter.module);
            }
            if refers_to(number(&caps), self)
                && let Some(listing) = &last
            {
                self.output_matches_listing(&fence.at, &target, listing);
            }
        }
        Ok(())
    }

    /// The output test a caption names is the chapter's own.
    pub(super) fn output_test_matches(&mut self, at: &str, named: &str, module: &str) {
        if named != module {
            self.problem(
                at,
                format!(
                    "the outputs of chapter `{module}` are compared by \
                     `programs::tests::outputs_of_{module}`, not `outputs_of_{named}`"
                ),
            );
        }
    }

    /// `companion/outputs/threads/sleep.txt` is the output of `companion/src/threads/sleep.rs`.
    pub(super) fn output_matches_listing(&mut self, at: &str, target: &Path, listing: &Listing) {
        let Some(stem) = output_for(&listing.source) else {
            return;
        };
        if *target != stem.with_extension("txt") && *target != stem.with_extension("run.txt") {
            self.problem(
                at,
                format!(
                    "{} is not the output of {} (that would be {})",
                    target.display(),
                    listing.source.display(),
                    stem.with_extension("txt").display()
                ),
            );
        }
    }

    pub(super) fn console_fence(&mut self, fence: &Fence) {
        let mut continued = false;
        for line in fence.body.lines() {
            let trimmed = line.trim_end();
            if trimmed.is_empty() {
                continue;
            }
            if !continued && !trimmed.starts_with("$ ") && !trimmed.starts_with('#') {
                self.problem(
                    &fence.at,
                    format!(
                        "a console block holds commands (`$ …`), not their output: `{trimmed}`; \
                         include output from {OUTPUTS}/ in a text block"
                    ),
                );
                return;
            }
            continued = trimmed.ends_with('\\');
        }
    }
}
