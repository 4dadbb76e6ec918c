//! # The listings' programs, and the outputs the book shows
//!
//! [`PROGRAMS`] names every program of the course: each file of the crate with a
//! `pub fn main()` (a `#[tokio::main] pub async fn main()` becomes one), keyed by its
//! module path inside the crate, `"threads::spawn_join"`. A unit test keeps the list
//! complete: it scans `companion/src/**/*.rs` and fails for a `main` that is not listed or
//! a listed program whose file has none. `cargo run -p concurrent_rust --example listing
//! -- threads::spawn_join` runs one.
//!
//! ## Output files
//!
//! What a program prints, as the book shows it under its listing, is a file under
//! `companion/outputs/<module>/`, named after the program's file:
//!
//! - `<file>.txt` is a **snapshot**: the program prints exactly this on every run.
//!   `programs::tests::outputs_of_<module>` runs the program and compares its output with
//!   the file, line for line.
//! - `<file>.run.txt` is **one possible run** of a program whose output depends on
//!   scheduling (which thread prints first) or on the machine. It cannot be compared line
//!   for line; the same test checks that a fresh run prints the same lines up to order and
//!   numbers: the same set of distinct lines, each with every run of digits replaced by
//!   `#`, every bracketed list (`[0, 1, 2]`, `[Player("eve")]`, `[]`) by `[…]` and every
//!   set in braces (`{"pixel-0"}`) by `{…}`, since which values a thread got is what a
//!   schedule changes. So a changed `println!` is
//!   caught even there. (A set, not a multiset: how often
//!   a line is printed may itself depend on the schedule, as in Listing 2.4, where the
//!   background thread gets two to four steps done before the process ends.) What every
//!   run guarantees, counts included, is asserted by a test in the listing's own file,
//!   which the book's caption names.
//!
//! A file holds what the program writes to stdout *and* stderr, merged in the order it
//! was written (a spawned thread's panic message is on stderr, and the book shows it
//! among the other lines). The test runs each program as a child process (the lib's own
//! test binary, asked for the ignored test `programs::tests::run_program_named_in_env`),
//! so no other test's output mixes in and a panic hook or `process::exit` stays the
//! child's.
//!
//! ## Normalisation
//!
//! Before it is compared or written, the output goes through one function, `normalize`
//! in the tests, which replaces what varies between runs and machines:
//!
//! - a fixture directory, `<temp dir>/concurrent-rust-<prefix>-<pid>-<n>` (see
//!   [`crate::fixtures::TempDir`]), becomes `/tmp/concurrent-rust-<prefix>`;
//! - the OS thread id in a panic message, `thread '<unnamed>' (19432) panicked`, becomes
//!   `thread '<unnamed>' (<tid>) panicked`;
//! - in a snapshot, a duration printed with `{:?}` (`12.3ms`, `4.56µs`, `1.002s`,
//!   `800ns`) becomes `<duration>`. A recorded run keeps the timings of the run it records,
//!   since they are what it shows; its check reads every duration as `<duration>` and
//!   every other number as `#` anyway.
//!
//! ## Accepting a new output
//!
//! ```console
//! $ UPDATE_OUTPUTS=1 cargo test -p concurrent_rust outputs_of_
//! ```
//!
//! rewrites every output file from a real run (`.run.txt` files included: that is how a
//! run is recorded), and refuses to write a snapshot whose program printed something else
//! on a second run. For a new program, create the empty file first; then review the
//! change with `git diff companion/outputs`.

/// A program of the course: the module path of its file, and that file's `main`.
#[derive(Debug, Clone, Copy)]
pub struct Program {
    /// The module path inside the crate, `"threads::spawn_join"`.
    pub name: &'static str,
    /// The file's `pub fn main`.
    pub main: fn(),
}

/// Every program of the course, in module order.
pub const PROGRAMS: &[Program] = &[
    Program {
        name: "async_in_practice::actors",
        main: crate::async_in_practice::actors::main,
    },
    Program {
        name: "async_in_practice::blocking",
        main: crate::async_in_practice::blocking::main,
    },
    Program {
        name: "async_in_practice::c10k",
        main: crate::async_in_practice::c10k::main,
    },
    Program {
        name: "async_in_practice::pitfalls",
        main: crate::async_in_practice::pitfalls::main,
    },
    Program {
        name: "async_in_practice::tokio_server",
        main: crate::async_in_practice::tokio_server::main,
    },
    Program {
        name: "atomics::cancel",
        main: crate::atomics::cancel::main,
    },
    Program {
        name: "atomics::const_fn",
        main: crate::atomics::const_fn::main,
    },
    Program {
        name: "atomics::counter",
        main: crate::atomics::counter::main,
    },
    Program {
        name: "atomics::globals",
        main: crate::atomics::globals::main,
    },
    Program {
        name: "atomics::ids",
        main: crate::atomics::ids::main,
    },
    Program {
        name: "atomics::lazy",
        main: crate::atomics::lazy::main,
    },
    Program {
        name: "atomics::message",
        main: crate::atomics::message::main,
    },
    Program {
        name: "atomics::s3_guard",
        main: crate::atomics::s3_guard::main,
    },
    Program {
        name: "atomics::send_sync",
        main: crate::atomics::send_sync::main,
    },
    Program {
        name: "atomics::seqcst",
        main: crate::atomics::seqcst::main,
    },
    Program {
        name: "channels::backpressure",
        main: crate::channels::backpressure::main,
    },
    Program {
        name: "channels::crossbeam_workers",
        main: crate::channels::crossbeam_workers::main,
    },
    Program {
        name: "channels::deadlock",
        main: crate::channels::deadlock::main,
    },
    Program {
        name: "channels::fan_in",
        main: crate::channels::fan_in::main,
    },
    Program {
        name: "channels::first_channel",
        main: crate::channels::first_channel::main,
    },
    Program {
        name: "channels::lobby",
        main: crate::channels::lobby::main,
    },
    Program {
        name: "channels::off_thread",
        main: crate::channels::off_thread::main,
    },
    Program {
        name: "channels::pipeline",
        main: crate::channels::pipeline::main,
    },
    Program {
        name: "channels::receiving",
        main: crate::channels::receiving::main,
    },
    Program {
        name: "channels::select",
        main: crate::channels::select::main,
    },
    Program {
        name: "channels::shared_receiver",
        main: crate::channels::shared_receiver::main,
    },
    Program {
        name: "data_parallelism::chunks_sort",
        main: crate::data_parallelism::chunks_sort::main,
    },
    Program {
        name: "data_parallelism::files",
        main: crate::data_parallelism::files::main,
    },
    Program {
        name: "data_parallelism::fold",
        main: crate::data_parallelism::fold::main,
    },
    Program {
        name: "data_parallelism::join",
        main: crate::data_parallelism::join::main,
    },
    Program {
        name: "data_parallelism::par_iter",
        main: crate::data_parallelism::par_iter::main,
    },
    Program {
        name: "data_parallelism::pool",
        main: crate::data_parallelism::pool::main,
    },
    Program {
        name: "data_parallelism::scope",
        main: crate::data_parallelism::scope::main,
    },
    Program {
        name: "data_parallelism::show",
        main: crate::data_parallelism::show::main,
    },
    Program {
        name: "data_parallelism::sort",
        main: crate::data_parallelism::sort::main,
    },
    Program {
        name: "data_parallelism::speedup",
        main: crate::data_parallelism::speedup::main,
    },
    Program {
        name: "data_parallelism::tokio_bridge",
        main: crate::data_parallelism::tokio_bridge::main,
    },
    Program {
        name: "data_parallelism::work_stealing",
        main: crate::data_parallelism::work_stealing::main,
    },
    Program {
        name: "how_async_works::await_anywhere",
        main: crate::how_async_works::await_anywhere::main,
    },
    Program {
        name: "how_async_works::composition",
        main: crate::how_async_works::composition::main,
    },
    Program {
        name: "how_async_works::executor",
        main: crate::how_async_works::executor::main,
    },
    Program {
        name: "how_async_works::futures",
        main: crate::how_async_works::futures::main,
    },
    Program {
        name: "how_async_works::pinning",
        main: crate::how_async_works::pinning::main,
    },
    Program {
        name: "how_async_works::runtimes",
        main: crate::how_async_works::runtimes::main,
    },
    Program {
        name: "how_async_works::shutdown",
        main: crate::how_async_works::shutdown::main,
    },
    Program {
        name: "how_async_works::state_machine",
        main: crate::how_async_works::state_machine::main,
    },
    Program {
        name: "how_async_works::wakers",
        main: crate::how_async_works::wakers::main,
    },
    Program {
        name: "measuring_the_models::show",
        main: crate::measuring_the_models::show::main,
    },
    Program {
        name: "models::async_primer",
        main: crate::models::async_primer::main,
    },
    Program {
        name: "models::goroutines",
        main: crate::models::goroutines::main,
    },
    Program {
        name: "models::shared_memory",
        main: crate::models::shared_memory::main,
    },
    Program {
        name: "models::useful_work",
        main: crate::models::useful_work::main,
    },
    Program {
        name: "models::waiting",
        main: crate::models::waiting::main,
    },
    Program {
        name: "shared_state::barrier",
        main: crate::shared_state::barrier::main,
    },
    Program {
        name: "shared_state::bounded_queue",
        main: crate::shared_state::bounded_queue::main,
    },
    Program {
        name: "shared_state::box_office",
        main: crate::shared_state::box_office::main,
    },
    Program {
        name: "shared_state::check_then_act",
        main: crate::shared_state::check_then_act::main,
    },
    Program {
        name: "shared_state::database",
        main: crate::shared_state::database::main,
    },
    Program {
        name: "shared_state::database_arc",
        main: crate::shared_state::database_arc::main,
    },
    Program {
        name: "shared_state::exclusive",
        main: crate::shared_state::exclusive::main,
    },
    Program {
        name: "shared_state::guard",
        main: crate::shared_state::guard::main,
    },
    Program {
        name: "shared_state::interior",
        main: crate::shared_state::interior::main,
    },
    Program {
        name: "shared_state::lobby",
        main: crate::shared_state::lobby::main,
    },
    Program {
        name: "shared_state::lock_order",
        main: crate::shared_state::lock_order::main,
    },
    Program {
        name: "shared_state::poison",
        main: crate::shared_state::poison::main,
    },
    Program {
        name: "shared_state::quorum",
        main: crate::shared_state::quorum::main,
    },
    Program {
        name: "shared_state::relock",
        main: crate::shared_state::relock::main,
    },
    Program {
        name: "shared_state::rwlock",
        main: crate::shared_state::rwlock::main,
    },
    Program {
        name: "threads::builder",
        main: crate::threads::builder::main,
    },
    Program {
        name: "threads::fork_join",
        main: crate::threads::fork_join::main,
    },
    Program {
        name: "threads::glossary_arc",
        main: crate::threads::glossary_arc::main,
    },
    Program {
        name: "threads::glossary_scoped",
        main: crate::threads::glossary_scoped::main,
    },
    Program {
        name: "threads::main_exit",
        main: crate::threads::main_exit::main,
    },
    Program {
        name: "threads::move_closure",
        main: crate::threads::move_closure::main,
    },
    Program {
        name: "threads::panics",
        main: crate::threads::panics::main,
    },
    Program {
        name: "threads::scoped",
        main: crate::threads::scoped::main,
    },
    Program {
        name: "threads::sleep",
        main: crate::threads::sleep::main,
    },
    Program {
        name: "threads::spawn_join",
        main: crate::threads::spawn_join::main,
    },
];

/// The program called `name` (`"threads::spawn_join"`), if there is one.
pub fn find(name: &str) -> Option<&'static Program> {
    PROGRAMS.iter().find(|program| program.name == name)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use regex::Regex;
    use std::collections::BTreeSet;
    use std::fs;
    use std::io::Read;
    use std::path::{Path, PathBuf};
    use std::process::{Command, Stdio};
    use std::sync::mpsc;
    use std::time::Duration;

    /// The environment variable that tells the child which program to run.
    const PROGRAM_ENV: &str = "CONCURRENT_RUST_PROGRAM";
    /// The lines the child prints around the program's output.
    const START: &str = "=== concurrent_rust: the program starts ===";
    const END: &str = "=== concurrent_rust: the program ended ===";
    /// A program still running after this is killed, and its check fails.
    const TIMEOUT: Duration = Duration::from_secs(60);

    fn crate_dir() -> &'static Path {
        Path::new(env!("CARGO_MANIFEST_DIR"))
    }

    /// The whole of a child process started by [`try_run_in_child`]: runs the program
    /// named in `CONCURRENT_RUST_PROGRAM` between two marker lines, then exits at once, so
    /// libtest prints nothing after it.
    #[test]
    #[ignore = "run as a child process by the output checks"]
    fn run_program_named_in_env() {
        let name = std::env::var(PROGRAM_ENV)
            .unwrap_or_else(|_| panic!("set {PROGRAM_ENV} to the program to run"));
        let program = find(&name).unwrap_or_else(|| panic!("no program named {name}"));
        println!("{START}");
        (program.main)();
        println!("{END}");
        std::process::exit(0);
    }

    /// Runs the program `name` in a child process and returns what it printed on stdout
    /// and stderr, merged in the order it was written (not normalised); `Err` says why
    /// there is no output.
    pub(crate) fn try_run_in_child(name: &str) -> Result<String, String> {
        let exe = std::env::current_exe().map_err(|e| format!("{name}: no test binary: {e}"))?;
        let (mut reader, writer) =
            std::io::pipe().map_err(|e| format!("{name}: cannot make a pipe: {e}"))?;
        let writer_too = writer
            .try_clone()
            .map_err(|e| format!("{name}: cannot clone the pipe: {e}"))?;
        let mut command = Command::new(exe);
        command
            .args([
                "--exact",
                "programs::tests::run_program_named_in_env",
                "--ignored",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(PROGRAM_ENV, name)
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(writer_too)
            .stderr(writer);
        let mut child = command
            .spawn()
            .map_err(|e| format!("{name}: cannot start the child: {e}"))?;
        // The Command still holds the pipe's write ends; the read below ends only when
        // every write end is closed.
        drop(command);

        let (done, output) = mpsc::channel();
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let result = reader.read_to_end(&mut bytes).map(|_| bytes);
            let _ = done.send(result);
        });
        let bytes = match output.recv_timeout(TIMEOUT) {
            Ok(result) => result.map_err(|e| format!("{name}: cannot read its output: {e}"))?,
            Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!(
                    "{name}: still running after {} s, killed",
                    TIMEOUT.as_secs()
                ));
            }
        };
        let status = child
            .wait()
            .map_err(|e| format!("{name}: cannot wait for the child: {e}"))?;
        let text = String::from_utf8_lossy(&bytes);
        let between = text
            .split_once(&format!("{START}\n"))
            .and_then(|(_, rest)| rest.split_once(END))
            .map(|(output, _)| output);
        match between {
            Some(output) if status.success() => Ok(output.to_string()),
            _ => Err(format!(
                "{name}: the program did not run to its end ({status}); the child printed:\n{}",
                indent(&text)
            )),
        }
    }

    /// [`try_run_in_child`] for tests that assert on a program's output: panics if the
    /// program did not run to its end.
    pub(crate) fn run_in_child(name: &str) -> String {
        try_run_in_child(name).unwrap_or_else(|problem| panic!("{problem}"))
    }

    /// Replaces what varies between runs and machines; the module doc lists the rules. A
    /// recorded run keeps its durations: one real run's timings are what it shows.
    pub(crate) fn normalize(output: &str, kind: &Kind) -> String {
        let temp = std::env::temp_dir();
        let temp = temp.to_string_lossy();
        let fixture = Regex::new(&format!(
            r"{}/concurrent-rust-([A-Za-z0-9_-]+?)-\d+-\d+",
            regex::escape(temp.trim_end_matches('/'))
        ))
        .expect("valid regex");
        let thread_id = Regex::new(r"(thread '[^']*') \(\d+\) panicked").expect("valid regex");
        let output = fixture.replace_all(output, "/tmp/concurrent-rust-$1");
        let output = thread_id.replace_all(&output, "$1 (<tid>) panicked");
        match kind {
            Kind::Snapshot => without_durations(&output),
            Kind::RecordedRun => output.into_owned(),
        }
    }

    /// Every duration printed with `{:?}` (`12.3ms`) becomes `<duration>`.
    fn without_durations(output: &str) -> String {
        let duration = Regex::new(r"\b\d+(?:\.\d+)?(?:ns|µs|ms|s)\b").expect("valid regex");
        duration.replace_all(output, "<duration>").into_owned()
    }

    /// The durations printed with `{:?}` on `line`, in order (`took 1.5ms` → 1.5 ms), for
    /// the tests of what every run of a timed program guarantees.
    pub(crate) fn durations_in(line: &str) -> Vec<Duration> {
        let duration = Regex::new(r"\b(\d+(?:\.\d+)?)(ns|µs|ms|s)\b").expect("valid regex");
        duration
            .captures_iter(line)
            .map(|caps| {
                let value: f64 = caps[1].parse().expect("a number");
                let unit = match &caps[2] {
                    "ns" => 1e-9,
                    "µs" => 1e-6,
                    "ms" => 1e-3,
                    _ => 1.0,
                };
                Duration::from_secs_f64(value * unit)
            })
            .collect()
    }

    /// Asserts that `line` is `prefix` followed by one printed duration of at least
    /// `at_least`: what a timed program guarantees (a wait never ends early).
    pub(crate) fn assert_took_at_least(line: &str, prefix: &str, at_least: Duration) {
        assert!(
            line.starts_with(prefix),
            "{line:?} should start with {prefix:?}"
        );
        match durations_in(&line[prefix.len()..])[..] {
            [took] => assert!(took >= at_least, "{line:?}: shorter than {at_least:?}"),
            _ => panic!("{line:?} should end in one duration"),
        }
    }

    #[test]
    fn durations_are_read_in_their_units() {
        assert_eq!(
            durations_in("took 1.5ms, then 2s, 250µs and 7ns; 3 threads"),
            [
                Duration::from_micros(1500),
                Duration::from_secs(2),
                Duration::from_micros(250),
                Duration::from_nanos(7)
            ]
        );
    }

    #[test]
    fn normalize_replaces_what_varies_and_keeps_the_rest() {
        let temp = std::env::temp_dir();
        let dir = temp.join("concurrent-rust-fork-join-15943-2");
        let raw = format!(
            "error: cannot read {}/missing.txt: No such file (os error 2)\n\
             \n\
             thread '<unnamed>' (19432) panicked at companion/src/threads/panics.rs:31:23:\n\
             thread 'worker-1' (7) panicked at src/a.rs:1:2:\n\
             took 12.5ms, then 3µs, then 1.002s and 800ns\n\
             step 2 of 20, 10 threads, os error 2, 1s and 2s later\n",
            dir.display()
        );
        assert_eq!(
            normalize(&raw, &Kind::RecordedRun),
            "error: cannot read /tmp/concurrent-rust-fork-join/missing.txt: No such file (os error 2)\n\
             \n\
             thread '<unnamed>' (<tid>) panicked at companion/src/threads/panics.rs:31:23:\n\
             thread 'worker-1' (<tid>) panicked at src/a.rs:1:2:\n\
             took 12.5ms, then 3µs, then 1.002s and 800ns\n\
             step 2 of 20, 10 threads, os error 2, 1s and 2s later\n"
        );
        assert_eq!(
            normalize(&raw, &Kind::Snapshot),
            "error: cannot read /tmp/concurrent-rust-fork-join/missing.txt: No such file (os error 2)\n\
             \n\
             thread '<unnamed>' (<tid>) panicked at companion/src/threads/panics.rs:31:23:\n\
             thread 'worker-1' (<tid>) panicked at src/a.rs:1:2:\n\
             took <duration>, then <duration>, then <duration> and <duration>\n\
             step 2 of 20, 10 threads, os error 2, <duration> and <duration> later\n"
        );
    }

    /// A recorded run's lines up to order and numbers: the distinct lines, each with every
    /// duration replaced by `<duration>`, every other run of digits by `#`, every
    /// bracketed list by `[…]` and every set in braces by `{…}`.
    fn line_shapes(output: &str) -> BTreeSet<String> {
        let digits = Regex::new(r"\d+").expect("valid regex");
        let list = Regex::new(r"\[[^\[\]]*\]").expect("valid regex");
        let set = Regex::new(r"\{[^{}]*\}").expect("valid regex");
        without_durations(output)
            .lines()
            .map(|line| {
                let line = digits.replace_all(line, "#");
                let line = list.replace_all(&line, "[…]");
                set.replace_all(&line, "{…}").into_owned()
            })
            .collect()
    }

    #[test]
    fn line_shapes_ignore_order_numbers_and_repeats_but_not_words() {
        let run = "a: step 1\nb: step 1\na: step 2\n";
        assert_eq!(line_shapes(run), line_shapes("b: step 7\na: step 1\n"));
        assert_ne!(line_shapes(run), line_shapes("a: step 1\na: step 2\n"));
        assert_ne!(
            line_shapes(run),
            line_shapes("a: step 1\nb: stage 1\na: step 2\n")
        );
        assert_eq!(line_shapes("took 1.2ms\n"), line_shapes("took 950µs\n"));
        assert_eq!(
            line_shapes("worker 0 did jobs []\nmatch: [Player(\"eve\")]\n"),
            line_shapes("worker 2 did jobs [3, 4]\nmatch: [Player(\"ada\"), Player(\"bob\")]\n")
        );
        assert_ne!(line_shapes("jobs [1]\n"), line_shapes("tasks [1]\n"));
        assert_eq!(
            line_shapes("seen: {\"pixel-0\"}\n"),
            line_shapes("seen: {\"pixel-0\", \"pixel-2\"}\n")
        );
    }

    /// A line diff of `expected` (the file) and `actual` (the fresh run): `-` lines only in
    /// the file, `+` lines only in the run, two spaces for lines in both.
    fn diff(expected: &str, actual: &str) -> String {
        let (old, new): (Vec<&str>, Vec<&str>) =
            (expected.lines().collect(), actual.lines().collect());
        // Longest common subsequence, filled from the end.
        let mut lcs = vec![vec![0_usize; new.len() + 1]; old.len() + 1];
        for i in (0..old.len()).rev() {
            for j in (0..new.len()).rev() {
                lcs[i][j] = if old[i] == new[j] {
                    lcs[i + 1][j + 1] + 1
                } else {
                    lcs[i + 1][j].max(lcs[i][j + 1])
                };
            }
        }
        let (mut i, mut j, mut out) = (0, 0, String::new());
        while i < old.len() || j < new.len() {
            if i < old.len() && j < new.len() && old[i] == new[j] {
                out += &format!("      {}\n", old[i]);
                (i, j) = (i + 1, j + 1);
            } else if j < new.len() && (i == old.len() || lcs[i][j + 1] >= lcs[i + 1][j]) {
                out += &format!("    + {}\n", new[j]);
                j += 1;
            } else {
                out += &format!("    - {}\n", old[i]);
                i += 1;
            }
        }
        out
    }

    #[test]
    fn diff_marks_removed_and_added_lines() {
        assert_eq!(
            diff("a\nb\nc\n", "a\nB\nc\nd\n"),
            "      a\n    + B\n    - b\n      c\n    + d\n"
        );
    }

    fn indent(text: &str) -> String {
        text.lines().map(|line| format!("    {line}\n")).collect()
    }

    /// How the file `name` in `companion/outputs/<module>/` is checked.
    #[derive(Debug, PartialEq)]
    pub(crate) enum Kind {
        Snapshot,
        RecordedRun,
    }

    /// `spawn_join.txt` → (`spawn_join`, snapshot); `sleep.run.txt` → (`sleep`, recorded run).
    fn kind_of(file_name: &str) -> Option<(&str, Kind)> {
        if let Some(stem) = file_name.strip_suffix(".run.txt") {
            Some((stem, Kind::RecordedRun))
        } else {
            file_name
                .strip_suffix(".txt")
                .map(|stem| (stem, Kind::Snapshot))
        }
    }

    /// Runs every program of chapter `module` that has an output file and compares; with
    /// `UPDATE_OUTPUTS=1`, rewrites the files from the runs instead.
    fn check_chapter(module: &str) {
        let dir = crate_dir().join("outputs").join(module);
        let shown = |path: &Path| {
            path.strip_prefix(crate_dir().parent().unwrap_or(crate_dir()))
                .unwrap_or(path)
                .display()
                .to_string()
        };
        let update = std::env::var("UPDATE_OUTPUTS").is_ok_and(|v| v == "1");
        let mut files: Vec<PathBuf> = fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", shown(&dir)))
            .map(|entry| entry.expect("a directory entry").path())
            .collect();
        files.sort();
        let mut problems = Vec::new();
        let mut checked = Vec::new();
        for file in &files {
            let file_name = file.file_name().unwrap_or_default().to_string_lossy();
            let Some((stem, kind)) = kind_of(&file_name) else {
                problems.push(format!(
                    "{}: not an output file (`<file>.txt` or `<file>.run.txt`)",
                    shown(file)
                ));
                continue;
            };
            let name = format!("{module}::{stem}");
            if find(&name).is_none() {
                problems.push(format!(
                    "{}: no program `{name}` in programs::PROGRAMS (is the file named after a \
                     companion file with a `pub fn main`?)",
                    shown(file)
                ));
                continue;
            }
            if checked.contains(&name) {
                problems.push(format!(
                    "{}: `{name}` has both a snapshot and a recorded run; keep one",
                    shown(file)
                ));
                continue;
            }
            checked.push(name.clone());
            let fresh = match try_run_in_child(&name) {
                Ok(fresh) => normalize(&fresh, &kind),
                Err(problem) => {
                    problems.push(problem);
                    continue;
                }
            };
            let expected = fs::read_to_string(file).unwrap_or_default();
            if update {
                if kind == Kind::Snapshot {
                    match try_run_in_child(&name).map(|again| normalize(&again, &kind)) {
                        Ok(again) if again == fresh => {}
                        Ok(again) => {
                            problems.push(format!(
                                "{}: not written, two runs of `{name}` printed different \
                                 output, so it cannot be a snapshot; record it as \
                                 {stem}.run.txt (with a test of what every run guarantees), \
                                 or make the program print in a fixed order:\n{}",
                                shown(file),
                                diff(&fresh, &again)
                            ));
                            continue;
                        }
                        Err(problem) => {
                            problems.push(problem);
                            continue;
                        }
                    }
                }
                if fresh != expected {
                    fs::write(file, &fresh)
                        .unwrap_or_else(|e| panic!("cannot write {}: {e}", shown(file)));
                    eprintln!("updated {}", shown(file));
                }
                continue;
            }
            match kind {
                Kind::Snapshot if fresh != expected => problems.push(format!(
                    "{}: a fresh run of `{name}` printed something else \
                     (- the file, + the run):\n{}",
                    shown(file),
                    diff(&expected, &fresh)
                )),
                Kind::RecordedRun if line_shapes(&fresh) != line_shapes(&expected) => {
                    let (old, new) = (line_shapes(&expected), line_shapes(&fresh));
                    let mut report = String::new();
                    for shape in old.difference(&new) {
                        report += &format!("    - {shape}    (only in the file)\n");
                    }
                    for shape in new.difference(&old) {
                        report += &format!("    + {shape}    (only in the run)\n");
                    }
                    problems.push(format!(
                        "{}: a fresh run of `{name}` does not print the same lines up to order \
                         and numbers (each line with its digits as `#`):\n{report}  the run \
                         printed:\n{}",
                        shown(file),
                        indent(&fresh)
                    ));
                }
                _ => {}
            }
        }
        if checked.is_empty() && problems.is_empty() {
            problems.push(format!("{}: no output files", shown(&dir)));
        }
        assert!(
            problems.is_empty(),
            "{} problem(s) with the outputs of chapter `{module}`:\n\n{}\n\
             If the fresh runs are right, rewrite the files from real runs with\n\
             \n    UPDATE_OUTPUTS=1 cargo test -p concurrent_rust outputs_of_{module}\n\n\
             and review the change with `git diff companion/outputs/{module}`; update the \
             prose that quotes it.",
            problems.len(),
            problems.join("\n")
        );
    }

    #[test]
    fn outputs_of_models() {
        check_chapter("models");
    }

    #[test]
    fn outputs_of_threads() {
        check_chapter("threads");
    }

    #[test]
    fn outputs_of_channels() {
        check_chapter("channels");
    }

    #[test]
    fn outputs_of_shared_state() {
        check_chapter("shared_state");
    }

    #[test]
    fn outputs_of_atomics() {
        check_chapter("atomics");
    }

    #[test]
    fn outputs_of_data_parallelism() {
        check_chapter("data_parallelism");
    }

    #[test]
    fn outputs_of_how_async_works() {
        check_chapter("how_async_works");
    }

    #[test]
    fn outputs_of_async_in_practice() {
        check_chapter("async_in_practice");
    }

    /// Every `companion/src/**/*.rs` file that defines `pub fn main(` or
    /// `pub async fn main(`, as a module path (`threads::spawn_join`).
    fn files_with_main() -> Vec<String> {
        fn walk(dir: &Path, src: &Path, found: &mut Vec<String>) {
            let mut entries: Vec<PathBuf> = fs::read_dir(dir)
                .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
                .map(|entry| entry.expect("a directory entry").path())
                .collect();
            entries.sort();
            for path in entries {
                if path.is_dir() {
                    // Compile-fail programs are not part of the crate.
                    if !path.ends_with("does_not_compile") {
                        walk(&path, src, found);
                    }
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = fs::read_to_string(&path).expect("a readable source file");
                    let defines_main = text.lines().map(str::trim_start).any(|line| {
                        line.starts_with("pub fn main(") || line.starts_with("pub async fn main(")
                    });
                    if defines_main {
                        let module = path
                            .strip_prefix(src)
                            .expect("inside src")
                            .with_extension("")
                            .to_string_lossy()
                            .replace(std::path::MAIN_SEPARATOR, "::");
                        found.push(module.trim_end_matches("::mod").to_string());
                    }
                }
            }
        }
        let src = crate_dir().join("src");
        let mut found = Vec::new();
        walk(&src, &src, &mut found);
        found
    }

    #[test]
    fn every_program_is_registered_and_every_registered_one_exists() {
        let in_sources = files_with_main();
        let registered: Vec<&str> = PROGRAMS.iter().map(|program| program.name).collect();
        let unregistered: Vec<&String> = in_sources
            .iter()
            .filter(|name| !registered.contains(&name.as_str()))
            .collect();
        let missing: Vec<&&str> = registered
            .iter()
            .filter(|name| !in_sources.iter().any(|found| found == *name))
            .collect();
        assert!(
            unregistered.is_empty() && missing.is_empty(),
            "programs::PROGRAMS is out of date.\n  files with a `pub fn main` that are not \
             registered: {unregistered:?}\n  registered programs whose file has no \
             `pub fn main`: {missing:?}"
        );
        let mut names = registered.clone();
        names.sort();
        names.dedup();
        assert_eq!(
            names.len(),
            registered.len(),
            "a program is registered twice"
        );
    }

    #[test]
    fn find_knows_registered_programs_only() {
        assert_eq!(
            find("threads::spawn_join").map(|p| p.name),
            Some("threads::spawn_join")
        );
        assert!(find("threads::no_such_program").is_none());
    }
}
