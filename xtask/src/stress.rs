//! `cargo xtask stress N`, and the check's stress stage: every companion test that starts a
//! thread or a task, run N times in a row under nextest (`--stress-count`).
//!
//! A concurrent test that passes once may pass by luck of the schedule; run twenty times
//! on a loaded two-core machine, a test that depends on one interleaving shows itself.
//! The set is every unit test of the companion library: each chapter is about threads or
//! tasks, and the few tests that start neither are fast enough not to matter.

use crate::run::{self, cargo};
use anyhow::{Result, bail};
use regex::Regex;
use std::path::Path;
use std::time::Instant;

/// The tests to stress, as a nextest filter expression.
const STRESS_SET: &str = "package(concurrent_rust) & kind(lib)";

/// `cargo xtask stress [N]`.
pub fn command(root: &Path, args: &[String]) -> Result<()> {
    let count = match args {
        [] => crate::check::STRESS_COUNT,
        [n] => n
            .parse()
            .map_err(|_| anyhow::anyhow!("usage: cargo xtask stress [N]; `{n}` is not a count"))?,
        _ => bail!("usage: cargo xtask stress [N]"),
    };
    run(root, count)
}

/// Runs the stress set `count` times; fails on the first failing run.
pub fn run(root: &Path, count: u32) -> Result<()> {
    if count == 0 {
        bail!("a stress run needs a count of at least 1");
    }
    let started = Instant::now();
    let count_text = count.to_string();
    let mut command = cargo(&[
        "nextest",
        "run",
        "--profile",
        "stress",
        "--stress-count",
        &count_text,
        "-E",
        STRESS_SET,
    ]);
    let result = run::run_logged(root, &mut command);
    let log = match &result {
        Ok(log) => log.as_str(),
        Err(_) => "",
    };
    let tally = Tally::from_log(log);
    println!(
        "   stress: {} of {count} iterations, {} test runs, {} passed, {} failed, in {:.0} s",
        tally.iterations,
        tally.runs,
        tally.passed,
        tally.runs - tally.passed,
        started.elapsed().as_secs_f64()
    );
    result.map(|_| ())
}

/// What nextest's per-iteration summary lines add up to.
#[derive(Debug, Default, PartialEq, Eq)]
struct Tally {
    iterations: u32,
    runs: u64,
    passed: u64,
}

impl Tally {
    /// Sums lines like `Stress test [ 0.007s] iteration 1/3: 2 tests run: 2 passed, 49 skipped`.
    fn from_log(log: &str) -> Tally {
        let line =
            Regex::new(r"iteration \d+/\d+: (\d+) tests? run: (\d+) passed").expect("valid regex");
        let mut tally = Tally::default();
        for caps in line.captures_iter(log) {
            tally.iterations += 1;
            tally.runs += caps[1].parse::<u64>().unwrap_or(0);
            tally.passed += caps[2].parse::<u64>().unwrap_or(0);
        }
        tally
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tally_adds_up_every_iteration() {
        let log = "\
 Stress test [   0.007s] iteration 1/2: 2 tests run: 2 passed, 49 skipped
 Stress test [   0.006s] iteration 2/2: 2 tests run: 1 passed, 1 failed, 49 skipped
";
        assert_eq!(
            Tally::from_log(log),
            Tally {
                iterations: 2,
                runs: 4,
                passed: 3
            }
        );
    }
}
