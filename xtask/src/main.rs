//! `cargo xtask` — every tool the course needs, behind one entry point.
//!
//! ```text
//! cargo xtask start        install what is missing, then serve the book and JupyterLab
//! cargo xtask check        run every check (this is what CI runs)
//! cargo xtask setup        install what is missing, start nothing
//! cargo xtask gen          regenerate the notebooks and the generated book pages
//! cargo xtask notebooks    execute notebooks with the real evcxr kernel
//! cargo xtask stress [N]   run every threaded test N times in a row
//! cargo xtask mutants [CH] mutation-test a chapter and write its report
//! cargo xtask figures      chapter 9's table and charts from the benches (--run: run them)
//! cargo xtask exercise ID  start an exercise, or test your answer to it
//! ```

mod chapters;
mod check;
mod exercises;
mod facts;
mod figures;
mod generate;
mod lint;
mod mutants;
mod notebook;
mod notebook_runner;
mod paths;
mod run;
mod setup;
mod start;
mod stress;
mod tidy;

use anyhow::{Result, bail};

fn help() -> String {
    format!(
        "\
cargo xtask <command>

The two commands a learner needs:
  start                 Install whatever is missing (first run: {first_run},
                        mostly compiling evcxr_jupyter), then serve the book on
                        http://127.0.0.1:3000 and JupyterLab on http://127.0.0.1:8888.
                        Later runs install nothing and start in seconds.
  check                 Run every check CI runs and print a summary; non-zero on failure.
                        `check --only STAGE[,STAGE]` runs some stages (see `check --list`).
  exercise [ID]         Without ID, list the exercises. With an ID (`04-bounded-queue`,
                        or `4.1`): the first time, copy its starter to
                        exercises/ID/src/lib.rs (yours; git ignores it); every time,
                        test that file with the exercise's tests and say what failed.

For authors:
  setup                 Install whatever is missing; start nothing.
  gen                   Regenerate notebooks/ and the generated pages under book/.
  notebooks [FILE...]   Execute notebooks (default: all) with the evcxr kernel.
                        `--learner`: as JupyterLab does (no runner panic hook);
                        `--fixtures`: only the fixtures that test the runner itself.
  stress [N]            Run every companion test that starts a thread or a task N times
                        in a row (default 20) and print the counts.
  mutants [CHAPTER...] [--in-place | --report-from TREE]
                        Mutation-test chapters (default: all; `threads`, `02-threads` or
                        `2`) with cargo-mutants and write companion/mutants/<module>.md.
                        Slow: minutes to an hour per chapter on 2 cores.
                        `--in-place` mutates this tree and reuses target/ (faster;
                        leave the tree alone meanwhile).
                        `--report-from TREE` rewrites the reports from the last run in
                        TREE (same chapter sources) after an exclusion was added.
  figures [--run]       Chapter 9's table and charts: read criterion's results (with
                        `--run`, first run the benches and the idle-memory example, on
                        an idle machine: about 13 minutes) into companion/benches/data/
                        and redraw the table and charts the book includes.
  exercise --check [ID...]
                        Prove the exercises' tests: each solution passes them, each
                        starter passes none, each known-bad answer fails the tests it
                        names (the `exercises` stage of `check`).
  help                  This text.
",
        first_run = facts::FIRST_RUN
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let Err(error) = dispatch(&args) {
        eprintln!("error: {error:#}");
        std::process::exit(1);
    }
}

fn dispatch(args: &[String]) -> Result<()> {
    let (command, rest) = match args.split_first() {
        Some((command, rest)) => (command.as_str(), rest),
        None => ("help", &[][..]),
    };
    match command {
        "start" => start::start(rest),
        "check" => check::check(rest),
        "setup" => setup::install_missing(&setup::Needs::everything()),
        "gen" => {
            let written = generate::generate_all(paths::root())?;
            for path in &written {
                println!("wrote {}", path.display());
            }
            if written.is_empty() {
                println!("notebooks/ and the generated book pages were already up to date");
            }
            Ok(())
        }
        "notebooks" => notebook_runner::execute(rest),
        "stress" => stress::command(paths::root(), rest),
        "mutants" => mutants::command(paths::root(), rest),
        "figures" => figures::command(paths::root(), rest),
        "exercise" | "exercises" => exercises::command(paths::root(), rest),
        "help" | "--help" | "-h" => {
            print!("{}", help());
            Ok(())
        }
        other => bail!("unknown command `{other}`\n\n{}", help()),
    }
}
