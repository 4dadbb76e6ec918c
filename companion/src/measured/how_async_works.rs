//! Chapter 7's figures: *What a task costs, measured* on the runtimes page, drawn from the
//! committed results of `benches/tasks.rs` (see [`crate::measured`]), and the page's
//! claims about them.

use crate::measured::{Generated, Measurements, Table, Values};

pub const TABLE: &str = "book/generated/07-tasks.md";
pub const VALUES: &str = "book/generated/07-values.txt";

const BENCH: &[&str] = &["spawn/", "ping_pong/"];

/// The benchmarks the page shows, with what one iteration of each does.
const ROWS: &[(&str, &str)] = &[
    (
        "spawn/thread::spawn",
        "start a thread that returns a number, join it",
    ),
    (
        "spawn/tokio::spawn",
        "from a task, spawn one that returns a number, await it",
    ),
    (
        "spawn/rayon::spawn",
        "hand a job to rayon's existing pool, wait on a channel for its result",
    ),
    (
        "ping_pong/std_mpsc",
        "one value to an echo thread and back, std `mpsc`",
    ),
    ("ping_pong/crossbeam", "the same with crossbeam channels"),
    (
        "ping_pong/tokio_mpsc",
        "the same between two tasks, tokio `mpsc`",
    ),
    (
        "ping_pong/tokio_oneshot_reply",
        "a request carrying a `oneshot` sender for its reply",
    ),
];

pub fn generated(m: &Measurements) -> Result<Vec<Generated>, String> {
    let mut table = Table::new(&["bench", "what one iteration does", "median (95% CI)"]);
    for (id, what) in ROWS {
        table.row(&[&format!("`{id}`"), what, &m.cost(id, 1.0)?.to_string()]);
    }
    let cost = |id: &str| m.cost(id, 1.0);
    let thread = cost("spawn/thread::spawn")?;
    let task = cost("spawn/tokio::spawn")?;
    let mut values = Values::new();
    values
        .add("thread_spawn", thread.median_text())
        .add("tokio_spawn", task.median_text())
        .add("thread_over_task", thread.ratio(task))
        .add("std_mpsc", cost("ping_pong/std_mpsc")?.median_text())
        .add("crossbeam", cost("ping_pong/crossbeam")?.median_text())
        .add("when", m.when(BENCH)?);
    Ok(vec![
        (
            TABLE,
            format!("{}\n{}\n", table.markdown(), m.provenance(BENCH, "tasks")?),
        ),
        (VALUES, values.text().to_string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measured::{Cost, assert_committed};

    fn cost(id: &str) -> Cost {
        Measurements::committed().unwrap().cost(id, 1.0).unwrap()
    }

    #[test]
    fn the_committed_figures_are_what_the_committed_data_draws() {
        assert_committed(&generated(&Measurements::committed().unwrap()).unwrap());
    }

    /// "Starting and finishing a task cost about a hundredth of what a thread did": the
    /// ratio's median between 30 and 300 (two orders of magnitude), and at least ten
    /// whatever the noise.
    #[test]
    fn claim_a_task_costs_about_a_hundredth_of_a_thread() {
        let r = cost("spawn/thread::spawn").ratio(cost("spawn/tokio::spawn"));
        assert!((30.0..300.0).contains(&r.median) && r.lo > 10.0, "{r}");
    }

    /// "rayon's pool has its threads already, so it saves the start, but its job still has
    /// to wake a sleeping pool thread and then wake the caller": between the two.
    #[test]
    fn claim_a_rayon_job_costs_less_than_a_thread_and_more_than_a_task() {
        let rayon = cost("spawn/rayon::spawn");
        assert!(rayon.clearly_below(cost("spawn/thread::spawn")), "{rayon}");
        assert!(cost("spawn/tokio::spawn").clearly_below(rayon), "{rayon}");
    }

    /// "What costs is a thread going to sleep and being woken (std `mpsc`, tens of
    /// microseconds on this VM)".
    #[test]
    fn claim_a_std_round_trip_costs_tens_of_microseconds() {
        let std = cost("ping_pong/std_mpsc");
        assert!((10e3..100e3).contains(&std.median), "{std}");
    }

    /// "crossbeam's channels avoid it on two idle cores by spinning briefly": more than
    /// ten times cheaper, whatever the noise.
    #[test]
    fn claim_crossbeam_avoids_the_sleep_and_the_wake_up() {
        let r = cost("ping_pong/std_mpsc").ratio(cost("ping_pong/crossbeam"));
        assert!(r.lo > 10.0, "{r}");
    }

    /// "The tokio round trips pay for waking the runtime's worker": each is more than ten
    /// times crossbeam's, and of the order of std's wake-ups (within ten times).
    #[test]
    fn claim_the_tokio_round_trips_pay_for_a_wake_up() {
        let crossbeam = cost("ping_pong/crossbeam");
        let std = cost("ping_pong/std_mpsc");
        for id in ["ping_pong/tokio_mpsc", "ping_pong/tokio_oneshot_reply"] {
            let tokio = cost(id);
            assert!(tokio.ratio(crossbeam).lo > 10.0, "{id}: {tokio}");
            assert!(tokio.ratio(std).median > 0.1, "{id}: {tokio}");
        }
    }

    /// "The same thread start measured … in chapter 2's run …, against … here: operations
    /// that enter the kernel can vary from hour to hour on this VM": the two intervals are
    /// apart.
    #[test]
    fn claim_the_thread_start_differed_between_the_two_runs() {
        let here = cost("spawn/thread::spawn");
        let there = cost("start_and_join/thread::spawn");
        assert!(!here.overlaps(there), "{here} against {there}");
    }
}
