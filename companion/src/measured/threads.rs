//! The figures of *What a thread costs*, drawn from the committed results of
//! `benches/threads.rs` (see [`crate::measured`]), and the page's claims about them.

use crate::measured::{Generated, Measurements, Table, Values};

pub const TABLE: &str = "book/generated/02-thread-cost.md";
pub const VALUES: &str = "book/generated/02-values.txt";

/// The benchmarks the page shows, with what each measures.
const ROWS: &[(&str, &str)] = &[
    ("start_and_join/thread::spawn", "`thread::spawn` + `join`"),
    (
        "start_and_join/thread::scope",
        "`thread::scope` + `spawn` + `join`",
    ),
    (
        "start_and_join/rayon::join",
        "`rayon::join` of two tiny closures",
    ),
    ("fork_join_files/sequential", "64 files, plain loop"),
    (
        "fork_join_files/sequential_in_a_spawned_thread",
        "64 files, plain loop in one spawned thread",
    ),
    ("fork_join_files/threads/1", "64 files, 1 worker thread"),
    ("fork_join_files/threads/2", "64 files, 2 worker threads"),
    ("fork_join_files/threads/4", "64 files, 4 worker threads"),
];

pub fn generated(m: &Measurements) -> Result<Vec<Generated>, String> {
    let mut table = Table::new(&["benchmark", "median (95% interval)"]);
    for (id, what) in ROWS {
        table.row(&[what, &m.cost(id, 1.0)?.to_string()]);
    }
    let provenance = m.provenance(&["start_and_join/", "fork_join_files/"], "threads")?;
    let cost = |id: &str| m.cost(id, 1.0);
    let spawn = cost("start_and_join/thread::spawn")?;
    let mut values = Values::new();
    values
        .add("spawn", spawn.median_text())
        .add(
            "spawn_over_rayon_join",
            spawn.ratio(cost("start_and_join/rayon::join")?),
        )
        .add("when", m.when(&["start_and_join/", "fork_join_files/"])?);
    Ok(vec![
        (TABLE, format!("{}\n{provenance}\n", table.markdown())),
        (VALUES, values.text().to_string()),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measured::assert_committed;

    fn committed() -> Measurements {
        Measurements::committed().unwrap()
    }

    #[test]
    fn the_committed_figures_are_what_the_committed_data_draws() {
        assert_committed(&generated(&committed()).unwrap());
    }

    /// "A scoped thread costs about the same" as a spawned one: within a quarter.
    #[test]
    fn claim_a_scoped_thread_costs_about_what_a_spawned_one_does() {
        let m = committed();
        let ratio = m
            .cost("start_and_join/thread::scope", 1.0)
            .unwrap()
            .ratio(m.cost("start_and_join/thread::spawn", 1.0).unwrap());
        assert!((0.75..=1.33).contains(&ratio.median), "{ratio}");
    }

    /// "`rayon::join` … is several times cheaper": at least twice, whatever the noise.
    #[test]
    fn claim_rayon_join_is_several_times_cheaper_than_a_thread() {
        let m = committed();
        let ratio = m
            .cost("start_and_join/thread::spawn", 1.0)
            .unwrap()
            .ratio(m.cost("start_and_join/rayon::join", 1.0).unwrap());
        assert!(ratio.lo > 2.0, "{ratio}");
    }

    /// "Two or four worker threads were no faster than one, and one worker was no slower
    /// than the plain loop": each pair's intervals overlap.
    #[test]
    fn claim_more_workers_were_no_faster_and_one_was_no_slower_than_the_loop() {
        let m = committed();
        let cost = |id: &str| m.cost(id, 1.0).unwrap();
        let one = cost("fork_join_files/threads/1");
        assert!(cost("fork_join_files/threads/2").overlaps(one));
        assert!(cost("fork_join_files/threads/4").overlaps(one));
        assert!(one.overlaps(cost("fork_join_files/sequential")));
    }

    /// "Chapter 6's Mandelbrot bench, on the same machine, does run about twice as fast on
    /// two threads": rayon's two threads against its one, within a tenth of two.
    #[test]
    fn claim_the_mandelbrot_runs_about_twice_as_fast_on_two_threads() {
        let m = committed();
        let speedup = m
            .cost("mandelbrot/rayon/1", 1.0)
            .unwrap()
            .ratio(m.cost("mandelbrot/rayon/2", 1.0).unwrap());
        assert!((1.8..=2.2).contains(&speedup.median), "{speedup}");
    }

    /// "The plain loop in a spawned thread was no slower than on the calling thread".
    #[test]
    fn claim_the_loop_in_a_spawned_thread_was_no_slower() {
        let m = committed();
        let spawned = m
            .cost("fork_join_files/sequential_in_a_spawned_thread", 1.0)
            .unwrap();
        let calling = m.cost("fork_join_files/sequential", 1.0).unwrap();
        assert!(
            !calling.clearly_below(spawned),
            "{spawned} against {calling}"
        );
    }
}
