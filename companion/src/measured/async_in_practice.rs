//! Chapter 8's figures, for *Ten thousand idle connections, measured*: memory per idle
//! thread and per idle task from chapter 9's `idle_memory` samples
//! (`companion/benches/data/idle_memory.csv`, recorded by `cargo xtask figures --run`),
//! and the set-up times of the page's recorded run of Listing 8.17
//! (`companion/outputs/async_in_practice/c10k.run.txt`), with the page's claims about them.
//! The thread start and task spawn the page compares with are chapters 2 and 7's, which it
//! includes from their values.

use crate::measured::{
    Generated, MACHINE_CSV, Table, Values, duration, machine, thousands, three_digits,
};
use crate::measuring_the_models::figures::{
    IDLE_CSV, IdleRow, PUBLISHED_IDLE_KIB, idle_rows, kib_per_unit,
};

pub const IDLE: &str = "book/generated/08-idle.md";
pub const VALUES: &str = "book/generated/08-values.txt";

/// The page's recorded run of Listing 8.17: 100 connections of each kind.
pub const C10K_RUN: &str = include_str!("../../outputs/async_in_practice/c10k.run.txt");

/// One line of the recorded run:
/// `Threads, 100 connections: 103 threads (+100), 20.4 KiB/connection, 407 set-ups/s`.
#[derive(Debug, Clone, PartialEq)]
pub struct RunLine {
    pub model: String,
    pub connections: u64,
    pub threads_added: i64,
    pub setups_per_second: f64,
}

impl RunLine {
    /// The time of one set-up, in nanoseconds.
    pub fn setup_ns(&self) -> f64 {
        1e9 / self.setups_per_second
    }
}

/// Parses the lines of a recorded run of Listing 8.17. An error quotes the line.
pub fn run_lines(run: &str) -> Result<Vec<RunLine>, String> {
    let parse = |line: &str| -> Option<RunLine> {
        let (model, rest) = line.split_once(", ")?;
        let (connections, rest) = rest.split_once(" connections: ")?;
        let (_, rest) = rest.split_once(" threads (")?;
        let (added, rest) = rest.split_once("), ")?;
        let (_, rest) = rest.split_once(" KiB/connection, ")?;
        let rate = rest.strip_suffix(" set-ups/s")?;
        Some(RunLine {
            model: model.to_string(),
            connections: connections.parse().ok()?,
            threads_added: added.trim_start_matches('+').parse().ok()?,
            setups_per_second: rate.parse().ok().filter(|r: &f64| *r > 0.0)?,
        })
    };
    run.lines()
        .map(|line| parse(line).ok_or_else(|| format!("c10k.run.txt: cannot read {line:?}")))
        .collect()
}

fn run_line<'a>(lines: &'a [RunLine], model: &str) -> Result<&'a RunLine, String> {
    lines
        .iter()
        .find(|l| l.model == model)
        .ok_or_else(|| format!("c10k.run.txt has no {model} line"))
}

fn kib(value: f64) -> String {
    format!("{} KiB", three_digits(value))
}

fn slope(rows: &[IdleRow], model: &str) -> Result<f64, String> {
    kib_per_unit(rows, model).ok_or_else(|| format!("idle_memory.csv: too few {model} samples"))
}

fn published(model: &str) -> Result<f64, String> {
    PUBLISHED_IDLE_KIB
        .iter()
        .find(|(m, _, _)| *m == model)
        .map(|(_, kib, _)| *kib)
        .ok_or_else(|| format!("no published figure for {model}"))
}

/// Resident memory added per idle unit in one sample, in KiB.
fn per_unit(row: &IdleRow) -> f64 {
    row.rss_kib_holding.saturating_sub(row.rss_kib_before) as f64 / row.count as f64
}

pub fn generated() -> Result<Vec<Generated>, String> {
    let rows = idle_rows(IDLE_CSV)?;
    let facts = machine(MACHINE_CSV)?;
    let mut ordered: Vec<&IdleRow> = rows.iter().collect();
    ordered.sort_by_key(|r| (r.count, r.model != "threads"));
    let mut table = Table::new(&[
        "idle units",
        "model",
        "threads while holding",
        "resident memory added",
        "per unit",
    ]);
    for row in ordered {
        let added = row.rss_kib_holding.saturating_sub(row.rss_kib_before) as f64;
        table.row(&[
            &thousands(row.count),
            match row.model.as_str() {
                "threads" => "threads",
                _ => "tokio tasks",
            },
            &thousands(row.threads_holding),
            &format!("{} MiB", three_digits(added / 1024.0)),
            &kib(per_unit(row)),
        ]);
    }
    let provenance = format!(
        "Recorded {} by the `idle_memory` example (`cargo run --release -p concurrent_rust \
         --example idle_memory -- 1000 2000 5000 10000`), each sample in a fresh process, on \
         {} ({} logical CPUs, {} of memory), Linux {}; `cargo xtask figures --run` records \
         it again on your machine.",
        facts["measured"], facts["cpu"], facts["logical_cpus"], facts["memory"], facts["kernel"]
    );
    let (threads, tasks) = (slope(&rows, "threads")?, slope(&rows, "tasks")?);
    let run = run_lines(C10K_RUN)?;
    let mut values = Values::drawn_from(
        "companion/benches/data/idle_memory.csv and companion/outputs/async_in_practice/c10k.run.txt",
    );
    values
        .add("thread_kib", kib(threads))
        .add("task_kib", kib(tasks))
        .add(
            "thread_over_task_kib",
            format!("{}×", three_digits(threads / tasks)),
        )
        .add("blandy_thread_kib", kib(published("threads")?))
        .add("blandy_task_kib", kib(published("tasks")?))
        .add(
            "thread_setup",
            duration(run_line(&run, "Threads")?.setup_ns()),
        )
        .add("tokio_setup", duration(run_line(&run, "Tokio")?.setup_ns()));
    Ok(vec![
        (IDLE, format!("{}\n{provenance}\n", table.markdown())),
        (VALUES, values.text().to_string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measured::{Measurements, assert_committed};

    fn idle() -> Vec<IdleRow> {
        idle_rows(IDLE_CSV).unwrap()
    }

    fn spread(rows: &[IdleRow], model: &str) -> f64 {
        let units: Vec<f64> = rows
            .iter()
            .filter(|r| r.model == model)
            .map(per_unit)
            .collect();
        let (lo, hi) = units.iter().fold((f64::INFINITY, 0.0_f64), |(lo, hi), u| {
            (lo.min(*u), hi.max(*u))
        });
        (hi - lo) / lo
    }

    #[test]
    fn the_committed_figures_are_what_the_committed_data_draws() {
        assert_committed(&generated().unwrap());
    }

    #[test]
    fn a_recorded_run_is_read_line_by_line() {
        let lines = run_lines(
            "Threads, 100 connections: 103 threads (+100), 20.4 KiB/connection, 407 set-ups/s\n\
             Tokio, 100 connections: 4 threads (+0), 0.6 KiB/connection, 11188 set-ups/s\n",
        )
        .unwrap();
        assert_eq!(lines[0].threads_added, 100);
        assert_eq!(lines[1].setups_per_second, 11188.0);
        assert_eq!(lines[1].setup_ns(), 1e9 / 11188.0);
        let error = run_lines("Threads: stopped: timed out\n").unwrap_err();
        assert!(error.contains("stopped"), "{error}");
    }

    /// "The thread counts are exact (each idle thread, plus `main`; the tasks all wait on
    /// `main`'s current-thread runtime)".
    #[test]
    fn claim_the_thread_counts_are_one_per_idle_thread_plus_main() {
        for row in idle() {
            let expected = if row.model == "threads" {
                row.count + 1
            } else {
                1
            };
            assert_eq!(row.threads_holding, expected, "{row:?}");
        }
    }

    /// "For threads it hardly moves with the count; for tasks it moves more".
    #[test]
    fn claim_per_unit_memory_hardly_moves_for_threads_and_moves_more_for_tasks() {
        let rows = idle();
        assert!(spread(&rows, "threads") < 0.05);
        assert!(spread(&rows, "tasks") > spread(&rows, "threads"));
    }

    /// "{thread_kib} per idle thread, matching Blandy's user-space figure, and {task_kib}
    /// per idle task": within a fifth of it, and under a KiB.
    #[test]
    fn claim_an_idle_thread_matches_the_published_user_space_figure() {
        let rows = idle();
        let threads = kib_per_unit(&rows, "threads").unwrap();
        let ratio = threads / published("threads").unwrap();
        assert!((0.8..1.25).contains(&ratio), "{threads} KiB");
        let tasks = kib_per_unit(&rows, "tasks").unwrap();
        assert!(tasks < 1.0, "{tasks} KiB");
        assert!(threads > 10.0 * tasks, "many times smaller");
    }

    /// "The thread server added one thread per connection, tokio none", in the recorded run.
    #[test]
    fn claim_the_recorded_run_added_a_thread_per_connection_and_tokio_none() {
        let run = run_lines(C10K_RUN).unwrap();
        let threads = run_line(&run, "Threads").unwrap();
        assert_eq!(threads.threads_added, threads.connections as i64);
        assert_eq!(run_line(&run, "Tokio").unwrap().threads_added, 0);
    }

    /// "One set-up took {tokio_setup} with a task, far more than the spawn …; with a thread
    /// it took {thread_setup}, more than the thread start and the tokio set-up together".
    #[test]
    fn claim_a_set_up_is_mostly_not_the_spawn() {
        let m = Measurements::committed().unwrap();
        let cost = |id: &str| m.cost(id, 1.0).unwrap().median;
        let run = run_lines(C10K_RUN).unwrap();
        let tokio = run_line(&run, "Tokio").unwrap().setup_ns();
        let threads = run_line(&run, "Threads").unwrap().setup_ns();
        assert!(tokio > 10.0 * cost("spawn/tokio::spawn"), "{tokio} ns");
        let start = cost("spawn/thread::spawn").max(cost("start_and_join/thread::spawn"));
        assert!(threads > tokio + start, "{threads} ns");
    }
}
