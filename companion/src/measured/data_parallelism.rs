//! Chapter 6's figures, drawn from the committed results of `benches/mandelbrot.rs` and
//! `benches/sorting.rs` (see [`crate::measured`]), and the claims its pages make about them:
//! the speedup table and the data of the speedup plot (*Speedup against threads*), the
//! busy times per thread (*Work stealing, measured*), the sorting and `join` tables (*When
//! not to parallelize*) and the ratios of the summary.
//!
//! The speedup plot is drawn by `data_parallelism::plot` from
//! `companion/benches/data/mandelbrot.csv`; that file is generated here from the
//! `mandelbrot/` rows of `figures.csv`, in the format `plot::parse_bench_csv` reads, so
//! the plot and the tables show the same run. (`cargo xtask figures` writes it, then
//! redraws the plot with `UPDATE_PLOTS=1`.)
//!
//! The busy times are not criterion's: the Mandelbrot bench measures them in a phase of
//! its own before criterion runs, and writes them beside criterion's results, from where
//! `cargo xtask figures` copies them into `companion/benches/data/mandelbrot_busy_time.csv`.

use crate::data_parallelism::plot::{BenchRow, MAX_SERIAL_DRIFT};
use crate::data_parallelism::sort::CUTOFF;
use crate::measured::{
    Cost, Generated, MACHINE_CSV, Measurements, Table, Values, duration, machine, thousands,
    three_digits,
};
use serde::Deserialize;

pub const SPEEDUP: &str = "book/generated/06-speedup.md";
pub const BUSY: &str = "book/generated/06-busy-time.md";
pub const SORTING: &str = "book/generated/06-sorting.md";
pub const JOIN: &str = "book/generated/06-join.md";
pub const RATIOS: &str = "book/generated/06-ratios.md";
pub const VALUES: &str = "book/generated/06-values.txt";
/// The speedup plot's data, generated from `figures.csv`.
pub const MANDELBROT_CSV: &str = "companion/benches/data/mandelbrot.csv";

/// The busy times per thread that the Mandelbrot bench records before criterion runs.
pub const BUSY_CSV: &str = include_str!("../../benches/data/mandelbrot_busy_time.csv");

/// The rows of the speedup table: a Mandelbrot benchmark, what it is, and the benchmark
/// of the same code on one thread (none for the serial renderer).
const SPEEDUP_ROWS: &[(&str, &str, Option<&str>)] = &[
    ("mandelbrot/serial", "serial, measured first", None),
    (
        "mandelbrot/bands/1",
        "static bands, 1 thread",
        Some("mandelbrot/bands/1"),
    ),
    (
        "mandelbrot/rayon/1",
        "rayon per row, pool of 1 thread",
        Some("mandelbrot/rayon/1"),
    ),
    (
        "mandelbrot/bands/2",
        "static bands, 2 threads",
        Some("mandelbrot/bands/1"),
    ),
    (
        "mandelbrot/rayon/2",
        "rayon per row, pool of 2 threads",
        Some("mandelbrot/rayon/1"),
    ),
    (
        "mandelbrot/bands/3",
        "static bands, 3 threads",
        Some("mandelbrot/bands/1"),
    ),
    (
        "mandelbrot/rayon/3",
        "rayon per row, pool of 3 threads",
        Some("mandelbrot/rayon/1"),
    ),
    (
        "mandelbrot/bands/4",
        "static bands, 4 threads",
        Some("mandelbrot/bands/1"),
    ),
    (
        "mandelbrot/rayon/4",
        "rayon per row, pool of 4 threads",
        Some("mandelbrot/rayon/1"),
    ),
    (
        "mandelbrot/serial_again",
        "serial, measured again last",
        None,
    ),
];

/// The sizes the sorting bench sorts.
const SIZES: [usize; 4] = [1_000, 10_000, 100_000, 1_000_000];

/// The sorts, in the table's order, with their column headers.
const SORTS: &[(&str, &str)] = &[
    ("sort_unstable", "`sort_unstable`"),
    ("par_quicksort_cutoff", "quicksort, cutoff {cutoff}"),
    ("par_quicksort_no_cutoff", "quicksort, no cutoff"),
    ("par_sort_unstable", "`par_sort_unstable`"),
];

const JOIN_ROWS: &[(&str, &str)] = &[
    (
        "join/from_outside_the_pool",
        "from a thread outside the pool",
    ),
    (
        "join/inside_the_pool",
        "from a thread of a pool of two (its idle thread is trying to steal)",
    ),
    (
        "join/inside_a_pool_of_one",
        "from the thread of a pool of one (nobody to steal)",
    ),
];

const MANDELBROT: &[&str] = &["mandelbrot/"];
const SORTING_BENCH: &[&str] = &["sort/", "partition/", "join/"];

/// One renderer's line of the busy-time file: the mean per render, in milliseconds, of
/// the wall time and of the busy time of each of its two threads.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct BusyRow {
    pub renderer: String,
    pub threads: u32,
    pub renders: u32,
    pub wall_ms: f64,
    pub busy_ms_1: f64,
    pub busy_ms_2: f64,
    /// `YYYY-MM-DD HH:MM` UTC, or only the day when the time was not recorded.
    pub measured_utc: String,
}

impl BusyRow {
    pub fn busiest(&self) -> f64 {
        self.busy_ms_1.max(self.busy_ms_2)
    }

    pub fn least_busy(&self) -> f64 {
        self.busy_ms_1.min(self.busy_ms_2)
    }
}

/// The busy times of the two renderers.
#[derive(Debug, Clone, PartialEq)]
pub struct BusyTimes {
    pub bands: BusyRow,
    pub rayon: BusyRow,
}

/// Parses the busy-time file: one line for `bands` and one for `rayon`, each with two
/// threads whose busy times are positive and at most the wall time.
pub fn busy_times(csv: &str) -> Result<BusyTimes, String> {
    let mut reader = csv::ReaderBuilder::new()
        .comment(Some(b'#'))
        .from_reader(csv.as_bytes());
    let mut rows = Vec::new();
    for row in reader.deserialize::<BusyRow>() {
        let row = row.map_err(|error| format!("mandelbrot_busy_time.csv: {error}"))?;
        let times = [row.wall_ms, row.busy_ms_1, row.busy_ms_2];
        if row.threads != 2 || times.iter().any(|t| !(*t > 0.0 && t.is_finite())) {
            return Err(format!(
                "mandelbrot_busy_time.csv: {}: two threads and positive times expected",
                row.renderer
            ));
        }
        if row.busiest() > row.wall_ms {
            return Err(format!(
                "mandelbrot_busy_time.csv: {}: a thread busier than its render's wall time",
                row.renderer
            ));
        }
        rows.push(row);
    }
    let take = |name: &str| {
        rows.iter()
            .find(|r| r.renderer == name)
            .cloned()
            .ok_or_else(|| format!("mandelbrot_busy_time.csv has no `{name}` line"))
    };
    Ok(BusyTimes {
        bands: take("bands")?,
        rayon: take("rayon")?,
    })
}

/// A fraction as a percentage: `0.6%`, `4.3%`, `12%`.
fn percent(fraction: f64) -> String {
    let p = fraction * 100.0;
    if p < 9.95 {
        format!("{p:.1}%")
    } else {
        format!("{p:.0}%")
    }
}

/// A ratio's median alone: `3.64×`.
fn times(ratio: f64) -> String {
    format!("{}×", three_digits(ratio))
}

/// Whole milliseconds, as the bench prints its busy times.
fn whole_ms(ms: f64) -> String {
    format!("{ms:.0} ms")
}

fn sort_id(sort: &str, size: usize) -> String {
    format!("sort/{sort}/{size}")
}

/// Every generated file of the chapter.
pub fn generated(m: &Measurements) -> Result<Vec<Generated>, String> {
    let busy = busy_times(BUSY_CSV)?;
    Ok(vec![
        (SPEEDUP, speedup_table(m)?),
        (BUSY, busy_table(&busy)?),
        (SORTING, sorting_table(m)?),
        (JOIN, join_table(m)?),
        (RATIOS, ratios_table(m, &busy)?),
        (VALUES, values(m, &busy)?),
        (MANDELBROT_CSV, mandelbrot_csv(m)?),
    ])
}

fn speedup_table(m: &Measurements) -> Result<String, String> {
    let cost = |id: &str| m.cost(id, 1.0);
    let serial = cost("mandelbrot/serial")?;
    // The fastest configuration is in bold.
    let mut fastest = ("", f64::INFINITY);
    for (id, _, one) in SPEEDUP_ROWS {
        let median = cost(id)?.median;
        if one.is_some() && median < fastest.1 {
            fastest = (id, median);
        }
    }
    let mut table = Table::new(&[
        "time per 800 × 480 image",
        "median (95% CI)",
        "speedup over serial",
        "over one thread of the same code",
    ]);
    for (id, what, one) in SPEEDUP_ROWS {
        let here = cost(id)?;
        let over_serial = match (*id, one) {
            ("mandelbrot/serial", _) => "1×".to_string(),
            (_, None) => String::new(),
            (_, Some(_)) => serial.ratio(here).to_string(),
        };
        let over_one = match one {
            None => String::new(),
            Some(one) if one == id => "1×".to_string(),
            Some(one) => cost(one)?.ratio(here).to_string(),
        };
        let mut cells = [what.to_string(), here.to_string(), over_serial, over_one];
        if *id == fastest.0 {
            for cell in &mut cells {
                *cell = format!("**{cell}**");
            }
        }
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        table.row(&cells);
    }
    Ok(format!(
        "{}\n{}\n",
        table.markdown(),
        m.provenance(MANDELBROT, "mandelbrot")?
    ))
}

/// When the busy times were measured, as the provenance sentences say it.
fn busy_when(busy: &BusyTimes) -> String {
    let when = &busy.bands.measured_utc;
    if when.contains(' ') {
        format!("{when} UTC")
    } else {
        format!("{when}, at a time of day not recorded")
    }
}

/// Minutes since the start of the day, for `YYYY-MM-DD HH:MM`, with the day.
fn day_and_minute(utc: &str) -> Option<(&str, u32)> {
    let (day, time) = utc.split_once(' ')?;
    let (hours, minutes) = time.split_once(':')?;
    Some((
        day,
        hours.parse::<u32>().ok()? * 60 + minutes.parse::<u32>().ok()?,
    ))
}

/// Whether the busy times come from the run whose criterion results the tables show: the
/// bench's first phase, so at most ten minutes before its first criterion result.
fn busy_times_from_the_same_run(m: &Measurements, busy: &BusyTimes) -> Result<bool, String> {
    let first = m
        .when(MANDELBROT)?
        .split(['–', ' '])
        .take(2)
        .collect::<Vec<_>>()
        .join(" ");
    Ok(
        match (
            day_and_minute(&busy.bands.measured_utc),
            day_and_minute(&first),
        ) {
            (Some((day, at)), Some((first_day, first_at))) => {
                day == first_day && at <= first_at && first_at - at <= 10
            }
            _ => false,
        },
    )
}

/// The parenthesis that says which run the busy times come from.
fn busy_run(m: &Measurements, busy: &BusyTimes) -> Result<String, String> {
    Ok(if busy_times_from_the_same_run(m, busy)? {
        format!("(of the same run, measured {})", busy_when(busy))
    } else {
        format!(
            "(and the committed ones from another run as well: criterion's were measured {}, \
             the busy times {})",
            m.when(MANDELBROT)?,
            busy_when(busy)
        )
    })
}

fn busy_provenance(busy: &BusyTimes) -> Result<String, String> {
    let facts = machine(MACHINE_CSV)?;
    Ok(format!(
        "Measured by the first phase of `cargo bench -p concurrent_rust --bench mandelbrot`, \
         {}, on {} ({} logical CPUs), as means per render of {} renders, in whole milliseconds \
         as the bench prints them, with no interval; `cargo xtask figures --run` measures \
         them again on your machine.",
        busy_when(busy),
        facts["cpu"],
        facts["logical_cpus"],
        busy.bands.renders
    ))
}

fn busy_table(busy: &BusyTimes) -> Result<String, String> {
    if busy.bands.renders != busy.rayon.renders {
        return Err("mandelbrot_busy_time.csv: the renderers' render counts differ".into());
    }
    let mut table = Table::new(&[
        &format!("mean per render, {} renders", busy.bands.renders),
        "wall time",
        "thread 1 busy",
        "thread 2 busy",
    ]);
    for (what, row) in [
        ("two static bands", &busy.bands),
        ("rayon per row, pool of 2 threads", &busy.rayon),
    ] {
        table.row(&[
            what,
            &whole_ms(row.wall_ms),
            &whole_ms(row.busy_ms_1),
            &whole_ms(row.busy_ms_2),
        ]);
    }
    Ok(format!(
        "{}\n{}\n",
        table.markdown(),
        busy_provenance(busy)?
    ))
}

fn sorting_table(m: &Measurements) -> Result<String, String> {
    let mut header = vec!["elements".to_string()];
    for (_, title) in SORTS {
        header.push(title.replace("{cutoff}", &thousands(CUTOFF as u64)));
    }
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let mut table = Table::new(&header);
    for size in SIZES {
        let mut cells = vec![thousands(size as u64)];
        for (sort, _) in SORTS {
            cells.push(m.cost(&sort_id(sort, size), 1.0)?.to_string());
        }
        let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
        table.row(&cells);
    }
    Ok(format!("{}\n", table.markdown()))
}

fn join_table(m: &Measurements) -> Result<String, String> {
    let mut table = Table::new(&["one `rayon::join` of two empty closures", "median (95% CI)"]);
    for (id, what) in JOIN_ROWS {
        table.row(&[what, &m.cost(id, 1.0)?.to_string()]);
    }
    Ok(format!(
        "{}\n{}\n",
        table.markdown(),
        m.provenance(SORTING_BENCH, "sorting")?
    ))
}

/// The number of logical CPUs the figures were measured on.
fn logical_cpus() -> Result<f64, String> {
    let facts = machine(MACHINE_CSV)?;
    facts["logical_cpus"]
        .parse()
        .map_err(|_| "machine.csv: logical_cpus is not a number".to_string())
}

fn ratios_table(m: &Measurements, busy: &BusyTimes) -> Result<String, String> {
    let cost = |id: &str| m.cost(id, 1.0);
    let million = |sort: &str| cost(&sort_id(sort, 1_000_000));
    let busy_ratio = |row: &BusyRow| {
        format!(
            "{} ({} ÷ {})",
            times(row.busiest() / row.least_busy()),
            whole_ms(row.busiest()),
            whole_ms(row.least_busy())
        )
    };
    let cpus = logical_cpus()?;
    let rows: Vec<(String, String)> = vec![
        (
            "Mandelbrot, rayon on 1 thread ÷ rayon on 2 threads".into(),
            format!(
                "{}: the {cpus}-core limit",
                cost("mandelbrot/rayon/1")?.ratio(cost("mandelbrot/rayon/2")?)
            ),
        ),
        (
            "Mandelbrot, serial time ÷ rayon time, 2 threads".into(),
            cost("mandelbrot/serial")?
                .ratio(cost("mandelbrot/rayon/2")?)
                .to_string(),
        ),
        (
            "Mandelbrot, serial time ÷ rayon time, pool of 1 thread".into(),
            cost("mandelbrot/serial")?
                .ratio(cost("mandelbrot/rayon/1")?)
                .to_string(),
        ),
        (
            "Mandelbrot, serial time ÷ static bands time, 2 threads".into(),
            cost("mandelbrot/serial")?
                .ratio(cost("mandelbrot/bands/2")?)
                .to_string(),
        ),
        (
            "Mandelbrot, busiest ÷ least busy thread, static bands".into(),
            busy_ratio(&busy.bands),
        ),
        (
            "Mandelbrot, busiest ÷ least busy thread, rayon".into(),
            busy_ratio(&busy.rayon),
        ),
        (
            format!(
                "sort of 10⁶ `u64`s, no cutoff ÷ cutoff {}",
                thousands(CUTOFF as u64)
            ),
            million("par_quicksort_no_cutoff")?
                .ratio(million("par_quicksort_cutoff")?)
                .to_string(),
        ),
        (
            "sort of 10⁶ `u64`s, `sort_unstable` ÷ `par_sort_unstable`".into(),
            format!(
                "{}: no speedup",
                million("sort_unstable")?.ratio(million("par_sort_unstable")?)
            ),
        ),
        (
            "`join` from outside the pool ÷ `join` inside it".into(),
            cost("join/from_outside_the_pool")?
                .ratio(cost("join/inside_the_pool")?)
                .to_string(),
        ),
    ];
    let mut table = Table::new(&["ratio, within one run", "measured"]);
    for (what, value) in &rows {
        table.row(&[what, value]);
    }
    // Each sentence of provenance starts `Measured …`: say which results it is about.
    let labelled = |label: &str, sentence: String| {
        format!(
            "{label}: m{}",
            sentence.strip_prefix('M').unwrap_or(&sentence)
        )
    };
    Ok(format!(
        "{}\n{}\n\n{}\n\n{}\n",
        table.markdown(),
        labelled(
            "The Mandelbrot times",
            m.provenance(MANDELBROT, "mandelbrot")?
        ),
        labelled("The busy times", busy_provenance(busy)?),
        labelled(
            "The sorts and joins",
            m.provenance(SORTING_BENCH, "sorting")?
        ),
    ))
}

fn values(m: &Measurements, busy: &BusyTimes) -> Result<String, String> {
    let cost = |id: &str| m.cost(id, 1.0);
    let sort = |name: &str, size: usize| cost(&sort_id(name, size));
    let mut v =
        Values::drawn_from("companion/benches/data/figures.csv and mandelbrot_busy_time.csv");

    // Speedup against threads.
    let serial = cost("mandelbrot/serial")?;
    let again = cost("mandelbrot/serial_again")?;
    let (bands1, rayon1) = (cost("mandelbrot/bands/1")?, cost("mandelbrot/rayon/1")?);
    let (bands2, rayon2) = (cost("mandelbrot/bands/2")?, cost("mandelbrot/rayon/2")?);
    v.add("serial", serial.median_text())
        .add("serial_again", again.median_text())
        .add("serial_drift", percent(drift(serial, again)))
        .add("rayon2_over_rayon1", rayon1.ratio(rayon2))
        .add("serial_over_rayon2", serial.ratio(rayon2))
        .add("rayon1", rayon1)
        .add(
            "rayon1_below_serial",
            percent(1.0 - rayon1.median / serial.median),
        )
        .add("bands1", bands1)
        .add(
            "bands1_below_serial",
            percent(1.0 - bands1.median / serial.median),
        )
        .add("rayon2", rayon2.median_text())
        .add("rayon3", cost("mandelbrot/rayon/3")?.median_text())
        .add("rayon4", cost("mandelbrot/rayon/4")?.median_text());
    for n in 2..=4 {
        v.add(
            &format!("bands{n}_over_bands1"),
            times(bands1.ratio(cost(&format!("mandelbrot/bands/{n}"))?).median),
        );
    }
    v.add("mandelbrot_when", m.when(MANDELBROT)?);

    // Work stealing, measured.
    let (b, r) = (&busy.bands, &busy.rayon);
    v.add("bands_busy_ratio", times(b.busiest() / b.least_busy()))
        .add("bands_busiest", whole_ms(b.busiest()))
        .add("bands_least_busy", whole_ms(b.least_busy()))
        .add("bands_wall", whole_ms(b.wall_ms))
        .add("rayon_busy_1", whole_ms(r.busy_ms_1))
        .add("rayon_busy_2", whole_ms(r.busy_ms_2))
        .add("rayon_wall", whole_ms(r.wall_ms))
        .add("bands2", bands2.median_text())
        .add("busy_run", busy_run(m, busy)?);

    // When not to parallelize.
    let million = 1_000_000;
    let (sort_1k, cutoff_1k) = (
        sort("sort_unstable", 1_000)?,
        sort("par_quicksort_cutoff", 1_000)?,
    );
    v.add("sort_1k", sort_1k.median_text())
        .add("cutoff_1k", cutoff_1k.median_text())
        .add(
            "cutoff_1k_apart",
            percent((cutoff_1k.median - sort_1k.median).abs() / sort_1k.median),
        );
    let over = |a: &str, b: &str| -> Result<Vec<f64>, String> {
        SIZES
            .iter()
            .map(|&n| Ok(sort(a, n)?.ratio(sort(b, n)?).median))
            .collect()
    };
    let range = |ratios: Vec<f64>| {
        let lo = ratios.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = ratios.iter().copied().fold(0.0, f64::max);
        format!("{} to {}", times(lo), times(hi))
    };
    let sort_1m = sort("sort_unstable", million)?;
    let cutoff_1m = sort("par_quicksort_cutoff", million)?;
    let no_cutoff_1m = sort("par_quicksort_no_cutoff", million)?;
    let par_1m = sort("par_sort_unstable", million)?;
    v.add(
        "no_cutoff_over_sort_range",
        range(over("par_quicksort_no_cutoff", "sort_unstable")?),
    )
    .add("no_cutoff_1m", no_cutoff_1m.median_text())
    .add("sort_1m", sort_1m.median_text())
    .add(
        "no_cutoff_over_sort_1m",
        times(no_cutoff_1m.ratio(sort_1m).median),
    )
    .add(
        "join_pool_of_one",
        cost("join/inside_a_pool_of_one")?.median_text(),
    )
    .add("join_inside", cost("join/inside_the_pool")?.median_text())
    .add(
        "sort_per_element_1m",
        duration(sort_1m.median / million as f64),
    )
    .add(
        "no_cutoff_over_cutoff_range",
        range(over("par_quicksort_no_cutoff", "par_quicksort_cutoff")?),
    )
    .add("no_cutoff_over_cutoff_1m", no_cutoff_1m.ratio(cutoff_1m))
    .add("cutoff_1m", cutoff_1m.median_text())
    .add(
        "cutoff_10k",
        sort("par_quicksort_cutoff", 10_000)?.median_text(),
    )
    .add("sort_10k", sort("sort_unstable", 10_000)?.median_text())
    .add(
        "cutoff_over_sort_100k",
        times(
            sort("par_quicksort_cutoff", 100_000)?
                .ratio(sort("sort_unstable", 100_000)?)
                .median,
        ),
    )
    .add(
        "cutoff_100k",
        sort("par_quicksort_cutoff", 100_000)?.median_text(),
    )
    .add("sort_100k", sort("sort_unstable", 100_000)?.median_text())
    .add("cutoff_over_sort_1m", cutoff_1m.ratio(sort_1m));
    let partition = cost("partition/1000000")?;
    v.add("partition", partition)
        .add(
            "partition_share",
            percent(partition.median / cutoff_1m.median),
        )
        .add(
            "par_over_sort_1k",
            times(sort("par_sort_unstable", 1_000)?.ratio(sort_1k).median),
        )
        .add("par_1k", sort("par_sort_unstable", 1_000)?.median_text())
        .add(
            "par_100k",
            sort("par_sort_unstable", 100_000)?.median_text(),
        )
        .add("par_1m", par_1m.median_text())
        .add(
            "join_outside",
            cost("join/from_outside_the_pool")?.median_text(),
        )
        .add(
            "join_outside_over_inside",
            cost("join/from_outside_the_pool")?.ratio(cost("join/inside_the_pool")?),
        )
        .add(
            "join_inside_over_pool_of_one",
            cost("join/inside_the_pool")?.ratio(cost("join/inside_a_pool_of_one")?),
        )
        .add("sorting_when", m.when(SORTING_BENCH)?);
    Ok(v.text().to_string())
}

/// How far apart, as a fraction of the first, the two serial medians are.
fn drift(serial: Cost, again: Cost) -> f64 {
    (again.median - serial.median).abs() / serial.median
}

/// The speedup plot's data: the `mandelbrot/` rows of `figures.csv` as
/// `data_parallelism::plot` reads them, in milliseconds. Refuses a run whose serial
/// renderer, measured first and again last, drifted by more than [`MAX_SERIAL_DRIFT`].
pub fn mandelbrot_csv(m: &Measurements) -> Result<String, String> {
    let ms = |id: &str| -> Result<(f64, f64, f64), String> {
        let row = m.row(id)?;
        Ok((row.median_ns / 1e6, row.lo_ns / 1e6, row.hi_ns / 1e6))
    };
    let serial = ms("mandelbrot/serial")?;
    let again = ms("mandelbrot/serial_again")?;
    let drifted = drift(
        m.cost("mandelbrot/serial", 1.0)?,
        m.cost("mandelbrot/serial_again", 1.0)?,
    );
    if drifted > MAX_SERIAL_DRIFT {
        return Err(format!(
            "the serial Mandelbrot median moved from {:.2} ms to {:.2} ms during the run \
             ({:.1}%, more than {:.0}%): the machine was not steady; run the bench again",
            serial.0,
            again.0,
            drifted * 100.0,
            MAX_SERIAL_DRIFT * 100.0
        ));
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    for threads in 1..=4 {
        let bands = ms(&format!("mandelbrot/bands/{threads}"))?;
        let rayon = ms(&format!("mandelbrot/rayon/{threads}"))?;
        writer
            .serialize(BenchRow {
                threads,
                serial_ms: serial.0,
                serial_lo_ms: Some(serial.1),
                serial_hi_ms: Some(serial.2),
                bands_ms: bands.0,
                bands_lo_ms: Some(bands.1),
                bands_hi_ms: Some(bands.2),
                rayon_ms: rayon.0,
                rayon_lo_ms: Some(rayon.1),
                rayon_hi_ms: Some(rayon.2),
            })
            .map_err(|e| e.to_string())?;
    }
    let rows = writer.into_inner().map_err(|e| e.to_string())?;
    let rows = String::from_utf8(rows).map_err(|e| e.to_string())?;
    Ok(format!(
        "# Mandelbrot, 800x480 pixels of View::seahorse_valley: criterion's median time per image, in ms,\n\
         # with the bounds (_lo_ms, _hi_ms) of criterion's 95% confidence interval for that median.\n\
         # Generated from the mandelbrot/ rows of companion/benches/data/figures.csv (measured\n\
         # {when}) by `cargo xtask figures` (companion/src/measured/data_parallelism.rs): do not edit.\n\
         # The serial renderer, measured again at the end of the run: {:.2} ms ({:.2} to {:.2}).\n\
         {rows}",
        again.0,
        again.1,
        again.2,
        when = m.when(MANDELBROT)?,
    ))
}

/// `[56.5ms, 212.9ms]` in a recorded run: the durations, in milliseconds.
#[cfg(test)]
fn durations_in_brackets(line: &str) -> Vec<f64> {
    let Some((_, list)) = line.split_once('[') else {
        return Vec::new();
    };
    let list = list.split(']').next().unwrap_or_default();
    list.split(", ")
        .filter_map(|item| {
            for (unit, ms) in [("ms", 1.0), ("µs", 1e-3), ("ns", 1e-6), ("s", 1e3)] {
                if let Some(number) = item.trim().strip_suffix(unit) {
                    return number.parse::<f64>().ok().map(|n| n * ms);
                }
            }
            None
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_parallelism::plot::parse_bench_csv;
    use crate::measured::assert_committed;

    fn committed() -> Measurements {
        Measurements::committed().unwrap()
    }

    fn cost(id: &str) -> Cost {
        committed().cost(id, 1.0).unwrap()
    }

    fn sort(name: &str, size: usize) -> Cost {
        cost(&sort_id(name, size))
    }

    fn busy() -> BusyTimes {
        busy_times(BUSY_CSV).unwrap()
    }

    #[test]
    fn the_committed_figures_are_what_the_committed_data_draws() {
        assert_committed(&generated(&committed()).unwrap());
    }

    #[test]
    fn the_plots_csv_is_what_the_plot_reads_and_holds_the_figures_csv_rows() {
        let m = committed();
        let rows = parse_bench_csv(&mandelbrot_csv(&m).unwrap()).unwrap();
        assert_eq!(rows.len(), 4);
        let rayon2 = m.row("mandelbrot/rayon/2").unwrap();
        assert_eq!(rows[1].threads, 2);
        assert_eq!(rows[1].rayon_ms, rayon2.median_ns / 1e6);
        assert_eq!(rows[1].rayon_lo_ms, Some(rayon2.lo_ns / 1e6));
        assert_eq!(
            rows[3].serial_ms,
            m.row("mandelbrot/serial").unwrap().median_ns / 1e6
        );
    }

    #[test]
    fn a_run_whose_serial_renderer_drifted_draws_no_plot_data() {
        let run = |again_ms: f64| {
            let ns = |ms: f64| ms * 1e6;
            let mut text = String::from("id,median_ns,lo_ns,hi_ns,measured_utc\n");
            text.push_str(&format!(
                "mandelbrot/serial,{},{},{},2026-12-02 22:00\n",
                ns(100.0),
                ns(99.0),
                ns(101.0)
            ));
            text.push_str(&format!(
                "mandelbrot/serial_again,{},{},{},2026-12-02 22:01\n",
                ns(again_ms),
                ns(again_ms - 1.0),
                ns(again_ms + 1.0)
            ));
            for n in 1..=4 {
                for renderer in ["bands", "rayon"] {
                    text.push_str(&format!(
                        "mandelbrot/{renderer}/{n},{},{},{},2026-12-02 22:00\n",
                        ns(50.0),
                        ns(49.0),
                        ns(51.0)
                    ));
                }
            }
            Measurements::parse(&text).unwrap()
        };
        for again in [97.0, 103.0] {
            assert!(
                mandelbrot_csv(&run(again)).is_ok(),
                "3% is accepted: {again}"
            );
        }
        let error = mandelbrot_csv(&run(104.0)).unwrap_err();
        assert!(error.contains("from 100.00 ms to 104.00 ms"), "{error}");
        assert!(mandelbrot_csv(&run(96.0)).is_err());
    }

    #[test]
    fn busy_times_are_checked_and_read_by_renderer() {
        let header = "renderer,threads,renders,wall_ms,busy_ms_1,busy_ms_2,measured_utc\n";
        let good = format!(
            "# c\n{header}rayon,2,10,51,50,48,2026-12-02\nbands,2,10,84,11,83,2026-12-02\n"
        );
        let times = busy_times(&good).unwrap();
        assert_eq!(
            (times.bands.busiest(), times.bands.least_busy()),
            (83.0, 11.0)
        );
        assert_eq!(
            busy_when(&times),
            "2026-12-02, at a time of day not recorded"
        );
        let busier = format!("{header}bands,2,10,84,11,85,x\nrayon,2,10,51,50,48,x\n");
        assert!(busy_times(&busier).unwrap_err().contains("busier"));
        let missing = format!("{header}bands,2,10,84,11,83,x\n");
        assert!(busy_times(&missing).unwrap_err().contains("`rayon`"));
        let zero = format!("{header}bands,2,10,84,0,83,x\nrayon,2,10,51,50,48,x\n");
        assert!(busy_times(&zero).is_err());
    }

    #[test]
    fn busy_times_measured_just_before_criterions_are_of_the_same_run() {
        let m = Measurements::parse(
            "id,median_ns,lo_ns,hi_ns,measured_utc\n\
             mandelbrot/serial,1,1,1,2026-12-02 21:59\n\
             mandelbrot/rayon/4,1,1,1,2026-12-02 22:01\n",
        )
        .unwrap();
        let at = |when: &str| {
            let csv = format!(
                "renderer,threads,renders,wall_ms,busy_ms_1,busy_ms_2,measured_utc\n\
                 bands,2,10,84,11,83,{when}\nrayon,2,10,51,50,48,{when}\n"
            );
            busy_times_from_the_same_run(&m, &busy_times(&csv).unwrap()).unwrap()
        };
        assert!(at("2026-12-02 21:58") && at("2026-12-02 21:59"));
        assert!(!at("2026-12-02 21:48") && !at("2026-12-02 22:00"));
        assert!(!at("2026-12-03 21:58") && !at("2026-12-02"));
        let csv = "renderer,threads,renders,wall_ms,busy_ms_1,busy_ms_2,measured_utc\n\
             bands,2,10,84,11,83,2026-12-02\nrayon,2,10,51,50,48,2026-12-02\n";
        let other = busy_run(&m, &busy_times(csv).unwrap()).unwrap();
        assert!(other.contains("another run"), "{other}");
    }

    #[test]
    fn helpers_format_counts_percentages_and_recorded_durations() {
        assert_eq!(thousands(4_096), "4,096");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(100), "100");
        assert_eq!(percent(0.0056), "0.6%");
        assert_eq!(percent(0.123), "12%");
        assert_eq!(
            durations_in_brackets("x: [56.5ms, 212.9ms]"),
            vec![56.5, 212.9]
        );
        assert_eq!(durations_in_brackets("[1.5s, 250µs]"), vec![1500.0, 0.25]);
    }

    // Speedup against threads.

    /// "Rayon on two threads renders the image about twice as fast as on one": the range
    /// the intervals allow contains the number of cores.
    #[test]
    fn claim_rayon_on_two_threads_is_twice_as_fast_as_on_one() {
        let r = cost("mandelbrot/rayon/1").ratio(cost("mandelbrot/rayon/2"));
        let cpus = logical_cpus().unwrap();
        assert!(r.lo <= cpus && cpus <= r.hi, "{r}");
    }

    /// "Against the serial loop the ratio is above two", whatever the noise.
    #[test]
    fn claim_rayon_on_two_threads_is_more_than_twice_as_fast_as_the_serial_loop() {
        let r = cost("mandelbrot/serial").ratio(cost("mandelbrot/rayon/2"));
        assert!(r.lo > 2.0, "{r}");
    }

    /// "The serial loop measured … first and … last, … apart (the check accepts up to 3%),
    /// with intervals that overlap."
    #[test]
    fn claim_the_serial_loop_was_steady_through_the_run() {
        let (serial, again) = (cost("mandelbrot/serial"), cost("mandelbrot/serial_again"));
        assert!(drift(serial, again) <= MAX_SERIAL_DRIFT);
        assert!(serial.overlaps(again), "{serial} against {again}");
    }

    /// "Rayon on a pool of one thread … and one static band on one thread … both below the
    /// serial loop, with intervals clear of the serial one; … a few percent".
    #[test]
    fn claim_one_thread_of_either_parallel_renderer_was_a_little_faster_than_serial() {
        let serial = cost("mandelbrot/serial");
        for id in ["mandelbrot/rayon/1", "mandelbrot/bands/1"] {
            let one = cost(id);
            assert!(one.clearly_below(serial), "{id}: {one} against {serial}");
            assert!(
                one.median > 0.9 * serial.median,
                "{id}: more than a few percent"
            );
        }
    }

    /// "Against a render of tens of milliseconds".
    #[test]
    fn claim_a_render_takes_tens_of_milliseconds() {
        let serial = cost("mandelbrot/serial");
        assert!((10e6..100e6).contains(&serial.median), "{serial}");
    }

    /// "Two static bands gain little", "three and four bands do better": each band count
    /// is clearly faster than the one before, and two gain less than a quarter.
    #[test]
    fn claim_more_static_bands_do_better_and_two_gain_little() {
        let bands = |n: u32| cost(&format!("mandelbrot/bands/{n}"));
        assert!(bands(1).ratio(bands(2)).median < 1.25);
        for n in 2..=4 {
            assert!(bands(n).clearly_below(bands(n - 1)), "{n} bands");
        }
    }

    /// "Three or four rayon threads were slower than two": the speedup table's bold row is
    /// rayon on two threads, the fastest configuration.
    #[test]
    fn claim_three_or_four_rayon_threads_were_slower_than_two() {
        let two = cost("mandelbrot/rayon/2");
        for n in [3, 4] {
            let more = cost(&format!("mandelbrot/rayon/{n}"));
            assert!(two.clearly_below(more), "{n} threads: {more} against {two}");
        }
        for (id, _, _) in SPEEDUP_ROWS {
            assert!(two.median <= cost(id).median, "{id} was faster");
        }
    }

    /// "Even four static bands were slower than rayon on two threads" (the summary's
    /// contrast of static splitting and work stealing).
    #[test]
    fn claim_every_static_split_was_slower_than_rayon_on_two_threads() {
        let two = cost("mandelbrot/rayon/2");
        for n in 1..=4 {
            assert!(two.clearly_below(cost(&format!("mandelbrot/bands/{n}"))));
        }
    }

    // Work stealing, measured.

    /// "One thread worked … as long as the other": the thread with the top band (the first)
    /// is the idle one, by more than twice.
    #[test]
    fn claim_with_static_bands_the_top_bands_thread_worked_far_less() {
        let b = busy().bands;
        assert!(b.busy_ms_1 < b.busy_ms_2, "{b:?}");
        assert!(b.busiest() > 2.0 * b.least_busy(), "{b:?}");
    }

    /// "The render took as long as that thread": the busiest thread's time is within a
    /// tenth of the wall time.
    #[test]
    fn claim_a_banded_render_took_as_long_as_its_busiest_thread() {
        let b = busy().bands;
        assert!(b.wall_ms - b.busiest() < 0.1 * b.wall_ms, "{b:?}");
    }

    /// "With rayon, the two threads' totals are equal to within a few percent, and each is
    /// close to the render's wall time".
    #[test]
    fn claim_rayons_two_threads_were_busy_nearly_all_the_time() {
        let r = busy().rayon;
        assert!(r.busiest() - r.least_busy() < 0.05 * r.busiest(), "{r:?}");
        assert!(r.least_busy() > 0.9 * r.wall_ms, "{r:?}");
    }

    /// "The wall times of this phase are above criterion's medians for the same renderers".
    #[test]
    fn claim_the_busy_phases_wall_times_are_above_criterions_medians() {
        let times = busy();
        assert!(times.bands.wall_ms * 1e6 > cost("mandelbrot/bands/2").median);
        assert!(times.rayon.wall_ms * 1e6 > cost("mandelbrot/rayon/2").median);
    }

    /// The recorded run of Listing 6.16: "the banded threads' times differ by a factor of
    /// almost four in this run … Rayon's two threads were busy for similar times".
    #[test]
    fn claim_the_recorded_run_of_listing_6_16_shows_the_same_shape() {
        let run = include_str!("../../outputs/data_parallelism/work_stealing.run.txt");
        let mut lines = run.lines();
        let bands = durations_in_brackets(lines.next().unwrap());
        let rayon = durations_in_brackets(lines.next().unwrap());
        assert_eq!((bands.len(), rayon.len()), (2, 2), "{run}");
        let factor = bands[1].max(bands[0]) / bands[1].min(bands[0]);
        assert!((3.5..4.0).contains(&factor), "almost four: {factor}");
        let similar = rayon[1].max(rayon[0]) / rayon[1].min(rayon[0]);
        assert!(similar < 1.1, "{similar}");
    }

    // When not to parallelize.

    /// "At 1,000 elements the quicksort with its cutoff is `sort_unstable` … with
    /// overlapping intervals".
    #[test]
    fn claim_below_the_cutoff_the_quicksort_measured_as_sort_unstable() {
        let (a, b) = (
            sort("par_quicksort_cutoff", 1_000),
            sort("sort_unstable", 1_000),
        );
        assert!(a.overlaps(b), "{a} against {b}");
    }

    /// "Without a cutoff, the parallel quicksort loses at every size".
    #[test]
    fn claim_without_a_cutoff_the_quicksort_loses_at_every_size() {
        for n in SIZES {
            let (slow, fast) = (sort("par_quicksort_no_cutoff", n), sort("sort_unstable", n));
            assert!(fast.clearly_below(slow), "{n}: {slow} against {fast}");
        }
    }

    /// "Each [join] costs a few tens of nanoseconds — of the order of what sorting one
    /// element costs `sort_unstable` here"; "the rule of thumb: … at least a few
    /// microseconds — a hundred times the cost of one `join` inside the pool".
    #[test]
    fn claim_a_join_inside_the_pool_costs_tens_of_nanoseconds() {
        let per_element = sort("sort_unstable", 1_000_000).median / 1e6;
        for id in ["join/inside_the_pool", "join/inside_a_pool_of_one"] {
            let join = cost(id);
            assert!((10.0..100.0).contains(&join.median), "{id}: {join}");
            let ratio = join.median / per_element;
            assert!((0.25..4.0).contains(&ratio), "{id}: {ratio}");
        }
        let hundred = 100.0 * cost("join/inside_the_pool").median;
        assert!((1e3..10e3).contains(&hundred), "{hundred} ns");
    }

    /// "The cutoff helps … over no cutoff" at every size.
    #[test]
    fn claim_the_cutoff_helps_at_every_size() {
        for n in SIZES {
            let (with, without) = (
                sort("par_quicksort_cutoff", n),
                sort("par_quicksort_no_cutoff", n),
            );
            assert!(with.clearly_below(without), "{n}: {with} against {without}");
        }
    }

    /// "At 10,000 elements it is no slower than `sort_unstable` (… with overlapping
    /// intervals), but it loses above that".
    #[test]
    fn claim_with_the_cutoff_it_ties_at_ten_thousand_and_loses_above() {
        let (with, plain) = (
            sort("par_quicksort_cutoff", 10_000),
            sort("sort_unstable", 10_000),
        );
        assert!(with.overlaps(plain) && with.median <= plain.median);
        for n in [100_000, 1_000_000] {
            let (with, plain) = (sort("par_quicksort_cutoff", n), sort("sort_unstable", n));
            assert!(plain.clearly_below(with), "{n}: {with} against {plain}");
        }
    }

    /// "So the top level is not what makes the quicksort lose": the partition alone costs
    /// less than the gap between the quicksort and `sort_unstable`, whatever the noise.
    #[test]
    fn claim_the_top_level_partition_is_not_what_makes_the_quicksort_lose() {
        let partition = cost("partition/1000000");
        let (with, plain) = (
            sort("par_quicksort_cutoff", 1_000_000),
            sort("sort_unstable", 1_000_000),
        );
        assert!(partition.hi < with.lo - plain.hi, "{partition}");
        assert!(partition.median < 0.1 * with.median);
    }

    /// "`par_sort_unstable` did not beat `sort_unstable` at any size. At 1,000 elements it
    /// was slower; at 10,000, 100,000 and a million the two medians are within 10% of each
    /// other and each pair of intervals overlaps."
    #[test]
    fn claim_par_sort_unstable_did_not_beat_sort_unstable_at_any_size() {
        for n in SIZES {
            let (par, plain) = (sort("par_sort_unstable", n), sort("sort_unstable", n));
            assert!(!par.clearly_below(plain), "{n}: {par} against {plain}");
            if n == 1_000 {
                assert!(plain.clearly_below(par), "{n}");
            } else {
                assert!(par.overlaps(plain), "{n}: {par} against {plain}");
                let r = par.ratio(plain).median;
                assert!((1.0 / 1.1..1.1).contains(&r), "{n}: {r}");
            }
        }
        // The summary's "no speedup": the range at a million contains 1.
        let r = sort("sort_unstable", 1_000_000).ratio(sort("par_sort_unstable", 1_000_000));
        assert!(r.lo <= 1.0 && 1.0 <= r.hi, "{r}");
    }

    /// "Entering the pool costs microseconds; a `join` inside it, tens of nanoseconds";
    /// "inside a pool of one … in a pool of two it took more".
    #[test]
    fn claim_entering_the_pool_costs_microseconds_and_stealing_costs_a_little() {
        let outside = cost("join/from_outside_the_pool");
        assert!((1e3..1e6).contains(&outside.median), "{outside}");
        let ratio = outside.ratio(cost("join/inside_the_pool"));
        assert!(ratio.lo > 100.0, "{ratio}");
        assert!(cost("join/inside_a_pool_of_one").clearly_below(cost("join/inside_the_pool")));
    }
}
