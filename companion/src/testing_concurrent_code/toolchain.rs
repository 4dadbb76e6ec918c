//! What the course's toolchain can run. The sanitizers and Miri need a nightly compiler;
//! the course builds on stable only, and this file's test checks what the sanitizer page
//! says stable rustc answers.

/// Whether `rustc -V`'s output names a nightly or development compiler, the only kind that
/// accepts `-Z` options.
pub fn accepts_unstable_options(version: &str) -> bool {
    version.contains("-nightly") || version.contains("-dev")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    #[test]
    fn only_nightly_and_dev_compilers_accept_z_options() {
        assert!(!accepts_unstable_options(
            "rustc 1.95.0 (59807616e 2026-04-14)"
        ));
        assert!(!accepts_unstable_options(
            "rustc 1.96.0-beta.2 (0123456 2026-05-01)"
        ));
        assert!(accepts_unstable_options(
            "rustc 1.97.0-nightly (0123456 2026-05-20)"
        ));
        assert!(accepts_unstable_options("rustc 1.97.0-dev"));
    }

    #[test]
    fn a_stable_rustc_refuses_the_thread_sanitizer() {
        let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_string());
        let version = Command::new(&rustc).arg("-V").output().expect("rustc runs");
        let version = String::from_utf8_lossy(&version.stdout);
        if accepts_unstable_options(&version) {
            return; // a nightly compiler takes the flag: nothing to check here
        }
        let refused = Command::new(&rustc)
            .args([
                "-Zsanitizer=thread",
                "--crate-type=lib",
                "--emit=metadata",
                "-",
            ])
            .args([
                "-o",
                std::env::temp_dir()
                    .join("sanitizer-probe.rmeta")
                    .to_str()
                    .unwrap(),
            ])
            .stdin(Stdio::null())
            .output()
            .expect("rustc runs");
        assert!(!refused.status.success(), "{version} accepted -Z");
        let said = String::from_utf8_lossy(&refused.stderr);
        assert!(
            said.contains("the option `Z` is only accepted on the nightly compiler"),
            "{said}"
        );
    }
}
