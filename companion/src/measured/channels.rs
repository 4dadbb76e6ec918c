//! The figures of chapter 3's *A pipeline* and *What a message costs*, drawn from the
//! committed results of `benches/channels.rs` (see [`crate::measured`]), and the pages'
//! claims about them.

use crate::measured::{Cost, Generated, Measurements, Table, Values, duration, three_digits};

pub const MESSAGE_COST: &str = "book/generated/03-message-cost.md";
pub const CPU_TIME: &str = "book/generated/03-cpu-time.md";
pub const PIPELINE: &str = "book/generated/03-pipeline.md";
pub const VALUES: &str = "book/generated/03-values.txt";

/// Messages one iteration of `channel_throughput` and `channel_cpu_time` sends
/// (`MESSAGES` in `benches/channels.rs`).
pub const MESSAGES: f64 = 10_000.0;

/// Documents one iteration of `index_pipeline` indexes (`DOCUMENTS` in the bench).
pub const DOCUMENTS: f64 = 16.0;

/// The pipeline's channels: texts, tokens and counts (`channels::pipeline::build_index`).
pub const PIPELINE_CHANNELS: f64 = 3.0;

/// The channels of `channel_throughput`, as the page names them, by criterion function.
const CHANNELS: &[(&str, &str)] = &[
    ("std channel", "std `channel()`"),
    ("crossbeam unbounded", "crossbeam `unbounded()`"),
    ("std sync_channel(64)", "std `sync_channel(64)`"),
    ("crossbeam bounded(64)", "crossbeam `bounded(64)`"),
    ("std sync_channel(0)", "std `sync_channel(0)`"),
    ("crossbeam bounded(0)", "crossbeam `bounded(0)`"),
];

/// The jobs Listing 3.15's `main` sends (`channels::shared_receiver`).
pub const JOBS: f64 = 12.0;

/// `channel_cpu_time` measures the four channels that buffer.
const BUFFERING: usize = 4;

/// The stages and builds of `index_pipeline`, as the page names them.
const PIPELINE_ROWS: &[(&str, &str)] = &[
    ("index_pipeline/stage read", "stage read alone"),
    ("index_pipeline/stage tokenize", "stage tokenize alone"),
    ("index_pipeline/stage count", "stage count alone"),
    ("index_pipeline/stage merge", "stage merge alone"),
    (
        "index_pipeline/all stages, one thread",
        "all four stages, one after the other, one thread",
    ),
    (
        "index_pipeline/build_index, thread per stage",
        "`build_index`, one thread per stage",
    ),
];

const STAGES: &[&str] = &[
    "index_pipeline/stage read",
    "index_pipeline/stage tokenize",
    "index_pipeline/stage count",
    "index_pipeline/stage merge",
];

/// Wall-clock time of one message through `channel` (a criterion function name).
fn message(m: &Measurements, channel: &str) -> Result<Cost, String> {
    m.cost(&format!("channel_throughput/{channel}"), MESSAGES)
}

/// The process's CPU time for one message through `channel`.
fn cpu(m: &Measurements, channel: &str) -> Result<Cost, String> {
    m.cost(&format!("channel_cpu_time/{channel}"), MESSAGES)
}

/// The four stages' times added up, bounds with bounds.
fn stage_sum(m: &Measurements) -> Result<Cost, String> {
    let mut sum = Cost {
        median: 0.0,
        lo: 0.0,
        hi: 0.0,
    };
    for id in STAGES {
        let stage = m.cost(id, 1.0)?;
        sum.median += stage.median;
        sum.lo += stage.lo;
        sum.hi += stage.hi;
    }
    Ok(sum)
}

/// `cost` times `factor`, interval and all.
fn times(cost: Cost, factor: f64) -> Cost {
    Cost {
        median: cost.median * factor,
        lo: cost.lo * factor,
        hi: cost.hi * factor,
    }
}

/// The slower of `tokenize` and `count`, the two slowest stages, by median.
fn slowest_stage(m: &Measurements) -> Result<Cost, String> {
    let tokenize = m.cost("index_pipeline/stage tokenize", 1.0)?;
    let count = m.cost("index_pipeline/stage count", 1.0)?;
    Ok(if tokenize.median >= count.median {
        tokenize
    } else {
        count
    })
}

/// A chapter 9 figure: half a round trip between two threads on two cores, a hand-off.
fn hand_off(m: &Measurements) -> Result<Cost, String> {
    m.cost("context_switch/unpinned_round_trip", 2.0)
}

pub fn generated(m: &Measurements) -> Result<Vec<Generated>, String> {
    let mut wall = Table::new(&["channel", "10,000 messages", "per message"]);
    for (function, what) in CHANNELS {
        let id = format!("channel_throughput/{function}");
        wall.row(&[
            what,
            &m.cost(&id, 1.0)?.to_string(),
            &m.cost(&id, MESSAGES)?.to_string(),
        ]);
    }
    let mut cpu_time = Table::new(&[
        "channel",
        "CPU time, 10,000 messages",
        "CPU time per message",
    ]);
    for (function, what) in &CHANNELS[..BUFFERING] {
        let id = format!("channel_cpu_time/{function}");
        cpu_time.row(&[
            what,
            &m.cost(&id, 1.0)?.to_string(),
            &m.cost(&id, MESSAGES)?.to_string(),
        ]);
    }
    let mut pipeline = Table::new(&["benchmark (16 documents)", "median (95% interval)"]);
    for (id, what) in PIPELINE_ROWS {
        pipeline.row(&[what, &m.cost(id, 1.0)?.to_string()]);
    }

    let std_channel = message(m, "std channel")?;
    let std_bounded = message(m, "std sync_channel(64)")?;
    let crossbeam_bounded = message(m, "crossbeam bounded(64)")?;
    let std_rendezvous = message(m, "std sync_channel(0)")?;
    let stage = |id: &str| m.cost(&format!("index_pipeline/{id}"), 1.0);
    let one_thread = stage("all stages, one thread")?;
    let build_index = stage("build_index, thread per stage")?;
    let read = stage("stage read")?;
    let sum = stage_sum(m)?;
    let mut values = Values::new();
    values
        // What a message costs: wall clock.
        .add("std_channel", std_channel.median_text())
        .add(
            "crossbeam_unbounded",
            message(m, "crossbeam unbounded")?.median_text(),
        )
        .add("twelve_messages", times(std_channel, JOBS).median_text())
        .add("std_rendezvous", std_rendezvous.median_text())
        .add(
            "crossbeam_rendezvous",
            message(m, "crossbeam bounded(0)")?.median_text(),
        )
        .add("rendezvous_over_channel", std_rendezvous.ratio(std_channel))
        .add("hand_off", hand_off(m)?.median_text())
        .add(
            "rendezvous_over_hand_off",
            std_rendezvous.ratio(hand_off(m)?),
        )
        .add("crossbeam_bounded", crossbeam_bounded.median_text())
        .add("std_bounded", std_bounded.median_text())
        .add("bounded_ratio", std_bounded.ratio(crossbeam_bounded))
        // What a message costs: CPU time.
        .add("cpu_std_channel", cpu(m, "std channel")?.median_text())
        .add(
            "cpu_crossbeam_unbounded",
            cpu(m, "crossbeam unbounded")?.median_text(),
        )
        .add(
            "cpu_std_bounded",
            cpu(m, "std sync_channel(64)")?.median_text(),
        )
        .add(
            "cpu_crossbeam_bounded",
            cpu(m, "crossbeam bounded(64)")?.median_text(),
        )
        .add(
            "bounded_cpu_ratio",
            cpu(m, "std sync_channel(64)")?.ratio(cpu(m, "crossbeam bounded(64)")?),
        )
        .add(
            "std_bounded_cores",
            three_digits(cpu(m, "std sync_channel(64)")?.ratio(std_bounded).median),
        )
        .add(
            "crossbeam_bounded_cores",
            three_digits(
                cpu(m, "crossbeam bounded(64)")?
                    .ratio(crossbeam_bounded)
                    .median,
            ),
        )
        .add(
            "when_messages",
            m.when(&["channel_throughput/", "channel_cpu_time/"])?,
        )
        // The pipeline.
        .add("pipeline", build_index.median_text())
        .add("one_thread", one_thread.median_text())
        .add("tokenize", stage("stage tokenize")?.median_text())
        .add("count", stage("stage count")?.median_text())
        .add("read", read.median_text())
        .add(
            "pipeline_over_slowest_stage",
            build_index.ratio(slowest_stage(m)?),
        )
        .add("stage_sum", sum.median_text())
        .add("stage_sum_over_one_thread", sum.ratio(one_thread))
        .add("stage_sum_lo", duration(sum.lo))
        .add("one_thread_hi", duration(one_thread.hi))
        .add("floor_one_thread", times(one_thread, 0.5).median_text())
        .add("floor_stage_sum", times(sum, 0.5).median_text())
        .add(
            "pipeline_messages",
            times(std_rendezvous, DOCUMENTS * PIPELINE_CHANNELS).median_text(),
        )
        .add("pipeline_interval", build_index.interval_text())
        .add("merge_interval", stage("stage merge")?.interval_text())
        .add("count_interval", stage("stage count")?.interval_text());
    Ok(vec![
        (
            MESSAGE_COST,
            format!(
                "{}\n{}\n",
                wall.markdown(),
                m.provenance(&["channel_throughput/"], "channels")?
            ),
        ),
        (
            CPU_TIME,
            format!(
                "{}\n{}\n",
                cpu_time.markdown(),
                m.provenance(&["channel_cpu_time/"], "channels")?
            ),
        ),
        (
            PIPELINE,
            format!(
                "{}\n{}\n",
                pipeline.markdown(),
                m.provenance(&["index_pipeline/"], "channels")?
            ),
        ),
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

    // What a message costs.

    /// "Unbounded channels were level: std's `channel()` took … a message, crossbeam's
    /// `unbounded()` …, and the two intervals overlap."
    #[test]
    fn claim_unbounded_channels_were_level() {
        let m = committed();
        let (std, crossbeam) = (
            message(&m, "std channel").unwrap(),
            message(&m, "crossbeam unbounded").unwrap(),
        );
        assert!(std.overlaps(crossbeam), "{std} against {crossbeam}");
    }

    /// "Sending the twelve jobs takes well under a microsecond (at the price [What a
    /// message costs] measures for std's `channel()`, twelve messages cost …), while
    /// starting and joining a thread cost … in chapter 2's bench": twelve messages under
    /// a microsecond, and a hundredth of a thread's start and join, whatever the noise.
    #[test]
    fn claim_twelve_messages_cost_far_less_than_starting_a_thread() {
        let m = committed();
        let twelve = times(message(&m, "std channel").unwrap(), JOBS);
        assert!(twelve.hi < 1_000.0, "{twelve}");
        let thread = m.cost("start_and_join/thread::spawn", 1.0).unwrap();
        assert!(100.0 * twelve.hi < thread.lo, "{twelve} against {thread}");
    }

    /// "A rendezvous costs about a thousand times more": std's `sync_channel(0)` against
    /// its `channel()`, within half and twice a thousand, whatever the noise.
    #[test]
    fn claim_a_rendezvous_costs_about_a_thousand_times_more() {
        let m = committed();
        let ratio = message(&m, "std sync_channel(0)")
            .unwrap()
            .ratio(message(&m, "std channel").unwrap());
        assert!(ratio.lo > 500.0 && ratio.hi < 2000.0, "{ratio}");
    }

    /// "std and crossbeam level (their intervals overlap)" for a rendezvous.
    #[test]
    fn claim_rendezvous_channels_were_level() {
        let m = committed();
        let (std, crossbeam) = (
            message(&m, "std sync_channel(0)").unwrap(),
            message(&m, "crossbeam bounded(0)").unwrap(),
        );
        assert!(std.overlaps(crossbeam), "{std} against {crossbeam}");
    }

    /// "That is several times what chapter 9 measures for a bare hand-off between the two
    /// cores of the same machine": more than three times, whatever the noise.
    #[test]
    fn claim_a_rendezvous_costs_several_times_a_bare_hand_off() {
        let m = committed();
        let ratio = message(&m, "std sync_channel(0)")
            .unwrap()
            .ratio(hand_off(&m).unwrap());
        assert!(ratio.lo > 3.0, "{ratio}");
    }

    /// "A 64-slot bounded channel differs most": std's `sync_channel(64)` was several
    /// times slower than crossbeam's `bounded(64)` (more than three times, whatever the
    /// noise), where the other two pairs could not be told apart.
    #[test]
    fn claim_a_64_slot_bounded_channel_differs_most() {
        let m = committed();
        let ratio = message(&m, "std sync_channel(64)")
            .unwrap()
            .ratio(message(&m, "crossbeam bounded(64)").unwrap());
        assert!(ratio.lo > 3.0, "{ratio}");
        for (std, crossbeam) in [
            ("std channel", "crossbeam unbounded"),
            ("std sync_channel(0)", "crossbeam bounded(0)"),
        ] {
            let other = message(&m, std)
                .unwrap()
                .ratio(message(&m, crossbeam).unwrap());
            assert!(
                other.hi.max(1.0 / other.lo) < ratio.lo,
                "{std}/{crossbeam}: {other}"
            );
        }
    }

    /// "For unbounded channels, no trade-off appeared: … their CPU-time intervals
    /// overlap too."
    #[test]
    fn claim_unbounded_channels_used_the_same_cpu_time() {
        let m = committed();
        let (std, crossbeam) = (
            cpu(&m, "std channel").unwrap(),
            cpu(&m, "crossbeam unbounded").unwrap(),
        );
        assert!(std.overlaps(crossbeam), "{std} against {crossbeam}");
    }

    /// "For 64-slot bounded channels, crossbeam won on both": faster by the wall clock,
    /// and "less than half the CPU time", each whatever the noise.
    #[test]
    fn claim_a_bounded_crossbeam_channel_won_on_both_clocks() {
        let m = committed();
        let (std, crossbeam) = (
            message(&m, "std sync_channel(64)").unwrap(),
            message(&m, "crossbeam bounded(64)").unwrap(),
        );
        assert!(crossbeam.clearly_below(std), "{crossbeam} against {std}");
        let cpu_ratio = cpu(&m, "std sync_channel(64)")
            .unwrap()
            .ratio(cpu(&m, "crossbeam bounded(64)").unwrap());
        assert!(cpu_ratio.lo > 2.0, "{cpu_ratio}");
    }

    /// "std's two threads used less than one core between them on average … crossbeam's
    /// used more than one": CPU time over wall-clock time, whatever the noise.
    #[test]
    fn claim_std_used_less_than_a_core_and_crossbeam_more() {
        let m = committed();
        let cores = |channel: &str| {
            cpu(&m, channel)
                .unwrap()
                .ratio(message(&m, channel).unwrap())
        };
        let (std, crossbeam) = (
            cores("std sync_channel(64)"),
            cores("crossbeam bounded(64)"),
        );
        assert!(std.hi < 1.0, "{std}");
        assert!(crossbeam.lo > 1.0, "{crossbeam}");
    }

    // A pipeline.

    /// "On this run the pipeline was not faster than one thread … the two intervals
    /// overlap."
    #[test]
    fn claim_the_pipeline_was_not_faster_than_one_thread() {
        let m = committed();
        let pipeline = m
            .cost("index_pipeline/build_index, thread per stage", 1.0)
            .unwrap();
        let one = m
            .cost("index_pipeline/all stages, one thread", 1.0)
            .unwrap();
        assert!(pipeline.overlaps(one), "{pipeline} against {one}");
    }

    /// "The slowest stages are `tokenize` … and `count` …, too close for this run to
    /// rank: their intervals overlap."
    #[test]
    fn claim_tokenize_and_count_are_the_slowest_and_too_close_to_rank() {
        let m = committed();
        let cost = |id: &str| m.cost(&format!("index_pipeline/{id}"), 1.0).unwrap();
        let (tokenize, count) = (cost("stage tokenize"), cost("stage count"));
        assert!(tokenize.overlaps(count), "{tokenize} against {count}");
        for other in ["stage read", "stage merge"] {
            assert!(cost(other).clearly_below(tokenize), "{other}");
            assert!(cost(other).clearly_below(count), "{other}");
        }
    }

    /// "Reading takes about a hundredth of either": between a two-hundredth and a
    /// fiftieth of the faster of the two.
    #[test]
    fn claim_reading_takes_about_a_hundredth_of_either() {
        let m = committed();
        let cost = |id: &str| m.cost(&format!("index_pipeline/{id}"), 1.0).unwrap();
        let read = cost("stage read");
        for stage in ["stage tokenize", "stage count"] {
            let share = read.ratio(cost(stage));
            assert!((0.005..=0.02).contains(&share.median), "{stage}: {share}");
        }
    }

    /// "Here it stayed far from it: the pipeline took about twice as long as the slowest
    /// stage."
    #[test]
    fn claim_the_pipeline_took_about_twice_its_slowest_stage() {
        let m = committed();
        let ratio = m
            .cost("index_pipeline/build_index, thread per stage", 1.0)
            .unwrap()
            .ratio(slowest_stage(&m).unwrap());
        assert!((1.7..=2.3).contains(&ratio.median), "{ratio}");
    }

    /// "The stage figures do not add up to the one-thread figure": their sum is about a
    /// third more, and "even the sum of their lower bounds is above the one-thread
    /// figure's upper bound".
    #[test]
    fn claim_the_stages_add_up_to_about_a_third_more_than_one_thread() {
        let m = committed();
        let sum = stage_sum(&m).unwrap();
        let one = m
            .cost("index_pipeline/all stages, one thread", 1.0)
            .unwrap();
        assert!(one.clearly_below(sum), "{sum} against {one}");
        let ratio = sum.ratio(one);
        assert!((1.25..=1.42).contains(&ratio.median), "{ratio}");
    }

    /// "Two cores set a floor, and the pipeline stayed well above it": above the higher
    /// floor (half the stage sum) by more than a quarter, whatever the noise.
    #[test]
    fn claim_the_pipeline_stayed_well_above_the_two_core_floor() {
        let m = committed();
        let pipeline = m
            .cost("index_pipeline/build_index, thread per stage", 1.0)
            .unwrap();
        let floor = times(stage_sum(&m).unwrap(), 0.5);
        assert!(pipeline.lo > 1.25 * floor.hi, "{pipeline} against {floor}");
    }

    /// "The channels are not what costs the rest": 48 messages at the price of a
    /// rendezvous are less than a quarter of what the pipeline took above the floor.
    #[test]
    fn claim_the_channels_are_not_what_costs_the_rest() {
        let m = committed();
        let pipeline = m
            .cost("index_pipeline/build_index, thread per stage", 1.0)
            .unwrap();
        let floor = times(stage_sum(&m).unwrap(), 0.5);
        let messages = times(
            message(&m, "std sync_channel(0)").unwrap(),
            DOCUMENTS * PIPELINE_CHANNELS,
        );
        assert!(
            messages.hi < (pipeline.lo - floor.hi) / 4.0,
            "{messages} against {pipeline} over {floor}"
        );
    }

    /// "Some intervals span more than a tenth of their median even on an idle machine
    /// (`count` …, `merge` …)".
    #[test]
    fn claim_some_intervals_span_more_than_a_tenth_of_their_median() {
        let m = committed();
        for id in ["index_pipeline/stage count", "index_pipeline/stage merge"] {
            let cost = m.cost(id, 1.0).unwrap();
            assert!(cost.hi - cost.lo > cost.median / 10.0, "{id}: {cost}");
        }
    }
}
