//! The committed measurements, and every figure the book draws from them.
//!
//! `companion/benches/data/figures.csv` holds criterion's last result for every benchmark
//! of every bench: the median time of one iteration, the 95% confidence interval of that
//! median, and when it was measured. `cargo xtask figures --run` runs the benches and
//! rewrites it (`cargo xtask figures` only re-reads criterion's last results).
//!
//! No chapter types a measured figure. Each chapter that measures something has a module
//! here, named after the chapter's module (chapter 9's is its own `figures`), whose
//! `generated` function draws, from [`Measurements::committed`]:
//!
//! - its tables, as markdown the page includes (`{{#include ../generated/NN-name.md}}`);
//! - its inline figures, as named anchors of `book/generated/NN-values.txt`, which the
//!   prose includes in a sentence (`took {{#include ../generated/02-values.txt:spawn}}`);
//!
//! and whose tests state the prose's claims about them ("the intervals do not overlap",
//! "two threads were no faster than one") as assertions over the same data. So a new run
//! that changes a figure changes the page, and one that breaks a claim fails a test that
//! names it, instead of leaving a sentence that is no longer true. The book lint refuses a
//! time, size or ratio typed into those chapters' prose.
//!
//! `assert_committed` (test builds only) is the test that each committed file is what the committed data
//! draws; `UPDATE_FIGURES=1` rewrites them (`cargo xtask figures` does, after importing).
//!
//! These modules live here rather than in their chapters' folders because they are about
//! the measurements, not about the chapter's code: the chapter's listings, and so its
//! mutation report, do not change when a figure is redrawn.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

pub const FIGURES_CSV: &str = include_str!("../../benches/data/figures.csv");
pub const MACHINE_CSV: &str = include_str!("../../benches/data/machine.csv");

/// Chapter 8's figures.
pub mod async_in_practice;
/// Chapter 5's figures.
pub mod atomics;
/// Chapter 3's figures.
pub mod channels;
/// Chapter 6's figures, and the data of its speedup plot.
pub mod data_parallelism;
/// Chapter 7's figures.
pub mod how_async_works;
/// Chapter 2's figures.
pub mod threads;

/// One benchmark's result: nanoseconds per iteration, and when it was measured.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Row {
    pub id: String,
    pub median_ns: f64,
    pub lo_ns: f64,
    pub hi_ns: f64,
    /// `YYYY-MM-DD HH:MM`, UTC (empty in data written before the time was recorded).
    #[serde(default)]
    pub measured_utc: String,
}

/// Every committed result, by criterion id (`group/function/parameter`).
#[derive(Debug, Clone)]
pub struct Measurements {
    rows: BTreeMap<String, Row>,
}

impl Measurements {
    /// The results in `figures.csv` as committed.
    pub fn committed() -> Result<Measurements, String> {
        Measurements::parse(FIGURES_CSV)
    }

    /// Parses a figures CSV. An error names the line that is wrong or the result whose
    /// interval does not hold its median.
    pub fn parse(csv: &str) -> Result<Measurements, String> {
        let mut reader = csv::ReaderBuilder::new()
            .comment(Some(b'#'))
            .from_reader(csv.as_bytes());
        let mut rows = BTreeMap::new();
        for row in reader.deserialize::<Row>() {
            let row = row.map_err(|error| format!("figures.csv: {error}"))?;
            if !(0.0 < row.lo_ns && row.lo_ns <= row.median_ns && row.median_ns <= row.hi_ns) {
                return Err(format!(
                    "figures.csv: {}: interval does not hold its median",
                    row.id
                ));
            }
            rows.insert(row.id.clone(), row);
        }
        Ok(Measurements { rows })
    }

    pub fn row(&self, id: &str) -> Result<&Row, String> {
        self.rows.get(id).ok_or_else(|| {
            format!("figures.csv has no `{id}`: run `cargo xtask figures --run` (or its bench)")
        })
    }

    /// The cost of one operation: a benchmark's time per iteration divided by the
    /// operations one iteration does (10,000 messages, 200,000 increments…).
    pub fn cost(&self, id: &str, operations_per_iteration: f64) -> Result<Cost, String> {
        let row = self.row(id)?;
        let n = operations_per_iteration;
        Ok(Cost {
            median: row.median_ns / n,
            lo: row.lo_ns / n,
            hi: row.hi_ns / n,
        })
    }

    /// When the results whose ids start with any of `prefixes` were measured:
    /// `2026-12-02 15:15 UTC`, or `2026-12-02 15:15–15:26 UTC` for a span in one day.
    pub fn when(&self, prefixes: &[&str]) -> Result<String, String> {
        let rows = self
            .rows
            .values()
            .filter(|r| prefixes.iter().any(|p| r.id.starts_with(p)));
        let mut times = Vec::new();
        for row in rows {
            if row.measured_utc.is_empty() {
                return Err(format!(
                    "figures.csv: `{}` has no measured_utc: run `cargo xtask figures`",
                    row.id
                ));
            }
            times.push(row.measured_utc.as_str());
        }
        times.sort();
        let (Some(first), Some(last)) = (times.first(), times.last()) else {
            return Err(format!("figures.csv has no result under {prefixes:?}"));
        };
        Ok(match (first.split_once(' '), last.split_once(' ')) {
            _ if first == last => format!("{first} UTC"),
            (Some((day, _)), Some((last_day, time))) if day == last_day => {
                format!("{first}–{time} UTC")
            }
            _ => format!("{first} to {last} UTC"),
        })
    }

    /// The sentence under a generated table: when and where its results were measured,
    /// and the command that measures them again.
    pub fn provenance(&self, prefixes: &[&str], bench: &str) -> Result<String, String> {
        let machine = machine(MACHINE_CSV)?;
        Ok(format!(
            "Measured {} by `cargo bench -p concurrent_rust --bench {bench}` on {} ({} \
             logical CPUs, {} of memory), Linux {}, {}; `cargo xtask figures --run` measures \
             it again on your machine.",
            self.when(prefixes)?,
            machine["cpu"],
            machine["logical_cpus"],
            machine["memory"],
            machine["kernel"],
            machine["rustc"]
        ))
    }
}

/// `key,value` lines: the machine the figures were measured on.
pub fn machine(csv: &str) -> Result<BTreeMap<String, String>, String> {
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let mut facts = BTreeMap::new();
    for row in reader.deserialize::<(String, String)>() {
        let (key, value) = row.map_err(|error| format!("machine.csv: {error}"))?;
        facts.insert(key, value);
    }
    for key in [
        "cpu",
        "logical_cpus",
        "memory",
        "os",
        "kernel",
        "rustc",
        "measured",
    ] {
        if !facts.contains_key(key) {
            return Err(format!("machine.csv has no `{key}`"));
        }
    }
    Ok(facts)
}

/// A median and its 95% interval, in nanoseconds per operation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cost {
    pub median: f64,
    pub lo: f64,
    pub hi: f64,
}

impl Cost {
    /// The whole interval lies below `other`'s: faster, whatever the noise.
    pub fn clearly_below(self, other: Cost) -> bool {
        self.hi < other.lo
    }

    /// The two intervals share a value: this run cannot tell them apart.
    pub fn overlaps(self, other: Cost) -> bool {
        self.lo <= other.hi && other.lo <= self.hi
    }

    /// `self ÷ other`, with the range the two intervals allow.
    pub fn ratio(self, other: Cost) -> Ratio {
        Ratio {
            median: self.median / other.median,
            lo: self.lo / other.hi,
            hi: self.hi / other.lo,
        }
    }

    /// The median alone: `209 µs`.
    pub fn median_text(self) -> String {
        duration(self.median)
    }

    /// The interval alone, in the median's unit: `202–216 µs`.
    pub fn interval_text(self) -> String {
        let (scale, unit) = unit_of(self.median);
        format!(
            "{}–{} {unit}",
            three_digits(self.lo / scale),
            three_digits(self.hi / scale)
        )
    }
}

/// `209 µs (202–216)`: the median, and the interval in the median's unit.
impl fmt::Display for Cost {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (scale, unit) = unit_of(self.median);
        write!(
            f,
            "{} {unit} ({}–{})",
            three_digits(self.median / scale),
            three_digits(self.lo / scale),
            three_digits(self.hi / scale)
        )
    }
}

/// A ratio of two costs, with the range their intervals allow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ratio {
    pub median: f64,
    pub lo: f64,
    pub hi: f64,
}

/// `2.21× (1.99–2.45)`.
impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}× ({}–{})",
            three_digits(self.median),
            three_digits(self.lo),
            three_digits(self.hi)
        )
    }
}

fn unit_of(ns: f64) -> (f64, &'static str) {
    if ns >= 1e9 {
        (1e9, "s")
    } else if ns >= 1e6 {
        (1e6, "ms")
    } else if ns >= 1e3 {
        (1e3, "µs")
    } else {
        (1.0, "ns")
    }
}

/// A time in nanoseconds with three significant digits and the unit that suits it.
pub fn duration(ns: f64) -> String {
    let (scale, unit) = unit_of(ns);
    format!("{} {unit}", three_digits(ns / scale))
}

/// Three significant digits (no more decimals than two): `209`, `31.8`, `7.23`.
pub fn three_digits(value: f64) -> String {
    for (at_least, decimals) in [(99.95, 0), (9.995, 1)] {
        // 99.96 rounds to 100 with one decimal: it is a three-digit number already.
        if value >= at_least {
            return format!("{value:.decimals$}");
        }
    }
    format!("{value:.2}")
}

/// `1,000,000`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// A markdown table, built a row at a time.
pub struct Table {
    text: String,
    columns: usize,
}

impl Table {
    pub fn new(header: &[&str]) -> Table {
        let mut text = format!("| {} |\n|", header.join(" | "));
        text.push_str(&"---|".repeat(header.len()));
        text.push('\n');
        Table {
            text,
            columns: header.len(),
        }
    }

    pub fn row(&mut self, cells: &[&str]) -> &mut Table {
        assert_eq!(cells.len(), self.columns, "a row of {cells:?}");
        self.text.push_str(&format!("| {} |\n", cells.join(" | ")));
        self
    }

    pub fn markdown(&self) -> &str {
        &self.text
    }
}

/// Named figures for a page's sentences: `book/generated/NN-values.txt`, one mdBook
/// anchor per figure, so the prose says `{{#include ../generated/NN-values.txt:name}}`.
#[derive(Default)]
pub struct Values {
    text: String,
}

impl Values {
    pub fn new() -> Values {
        Values {
            text: "Generated by the chapter's `figures` module from companion/benches/data/\
                   figures.csv (cargo xtask figures): do not edit.\n"
                .to_string(),
        }
    }

    /// Values drawn from other committed files as well: the header names them.
    pub fn drawn_from(files: &str) -> Values {
        Values {
            text: format!(
                "Generated by the chapter's module in companion/src/measured/ from {files} \
                 (cargo xtask figures): do not edit.\n"
            ),
        }
    }

    pub fn add(&mut self, name: &str, value: impl fmt::Display) -> &mut Values {
        assert!(
            name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'),
            "an anchor name: {name}"
        );
        self.text
            .push_str(&format!("ANCHOR: {name}\n{value}\nANCHOR_END: {name}\n"));
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}

/// A generated file: its path from the repository root, and its text.
pub type Generated = (&'static str, String);

/// The test every chapter's `figures` module runs: each file is committed as the
/// committed data draws it. `UPDATE_FIGURES=1` writes them first.
#[cfg(test)]
pub fn assert_committed(files: &[Generated]) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let update = std::env::var("UPDATE_FIGURES").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (path, text) in files {
        let file = root.join(path);
        if update {
            std::fs::write(&file, text).unwrap_or_else(|e| panic!("writing {path}: {e}"));
        }
        if std::fs::read_to_string(&file).ok().as_deref() != Some(text.as_str()) {
            stale.push(*path);
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} are not what companion/benches/data/figures.csv draws: run \
         `cargo xtask figures` (it redraws every chapter's figures), or \
         `UPDATE_FIGURES=1 cargo test -p concurrent_rust figures`, and review the diff"
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    const CSV: &str = "\
# a comment
id,median_ns,lo_ns,hi_ns,measured_utc
a/x,100,90,110,2026-12-02 15:15
a/y,2000,1900,2100,2026-12-02 15:26
b/z,50,45,55,2026-12-03 01:00
";

    #[test]
    fn costs_are_per_operation_and_show_their_interval_in_the_medians_unit() {
        let m = Measurements::parse(CSV).unwrap();
        let y = m.cost("a/y", 10.0).unwrap();
        assert_eq!((y.median, y.lo, y.hi), (200.0, 190.0, 210.0));
        assert_eq!(y.to_string(), "200 ns (190–210)");
        assert_eq!(
            m.cost("a/y", 1.0).unwrap().to_string(),
            "2.00 µs (1.90–2.10)"
        );
        assert_eq!(y.median_text(), "200 ns");
        assert_eq!(y.interval_text(), "190–210 ns");
        assert!(m.cost("a/nope", 1.0).unwrap_err().contains("`a/nope`"));
    }

    #[test]
    fn intervals_compare_whole() {
        let m = Measurements::parse(CSV).unwrap();
        let (x, z) = (m.cost("a/x", 1.0).unwrap(), m.cost("b/z", 1.0).unwrap());
        assert!(z.clearly_below(x) && !x.clearly_below(z));
        assert!(!x.overlaps(z) && !z.overlaps(x));
        let touching = Cost {
            median: 60.0,
            lo: 55.0,
            hi: 90.0,
        };
        assert!(touching.overlaps(z) && touching.overlaps(x) && x.overlaps(touching));
        assert!(
            !touching.clearly_below(x),
            "touching intervals are not apart"
        );
        let r = x.ratio(z);
        assert_eq!((r.median, r.lo, r.hi), (2.0, 90.0 / 55.0, 110.0 / 45.0));
        assert_eq!(r.to_string(), "2.00× (1.64–2.44)");
    }

    #[test]
    fn when_spans_the_results_it_is_asked_about() {
        let m = Measurements::parse(CSV).unwrap();
        assert_eq!(m.when(&["a/x"]).unwrap(), "2026-12-02 15:15 UTC");
        assert_eq!(m.when(&["a/"]).unwrap(), "2026-12-02 15:15–15:26 UTC");
        assert_eq!(
            m.when(&["a/", "b/"]).unwrap(),
            "2026-12-02 15:15 to 2026-12-03 01:00 UTC"
        );
        assert!(m.when(&["c/"]).is_err());
    }

    #[test]
    fn an_interval_that_misses_its_median_is_refused() {
        let bad = "id,median_ns,lo_ns,hi_ns,measured_utc\na,100,101,110,2026-12-02 15:15\n";
        assert!(
            Measurements::parse(bad)
                .unwrap_err()
                .contains("a: interval")
        );
        let zero = "id,median_ns,lo_ns,hi_ns,measured_utc\na,0,0,0,2026-12-02 15:15\n";
        assert!(Measurements::parse(zero).is_err());
        // A result without its date can be read, but not shown as measured at some time.
        let undated = Measurements::parse("id,median_ns,lo_ns,hi_ns\na,1,1,1\n").unwrap();
        assert!(
            undated
                .when(&["a"])
                .unwrap_err()
                .contains("`a` has no measured_utc")
        );
    }

    #[test]
    fn tables_and_values_are_markdown_and_anchors() {
        let mut t = Table::new(&["a", "b"]);
        t.row(&["1", "2"]).row(&["3", "4"]);
        assert_eq!(t.markdown(), "| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n");
        let mut v = Values::new();
        v.add("spawn", "209 µs");
        assert!(
            v.text()
                .ends_with("ANCHOR: spawn\n209 µs\nANCHOR_END: spawn\n")
        );
    }

    #[test]
    fn durations_get_three_digits_and_their_unit() {
        assert_eq!(duration(405.4), "405 ns");
        assert_eq!(duration(31_834.0), "31.8 µs");
        assert_eq!(duration(7_225_330.0), "7.23 ms");
        assert_eq!(duration(2.5e9), "2.50 s");
        assert_eq!(three_digits(99.96), "100");
        assert_eq!(three_digits(99.94), "99.9");
        assert_eq!(three_digits(9.996), "10.0");
        assert_eq!(three_digits(9.994), "9.99");
    }

    #[test]
    fn the_committed_data_parses_and_names_its_machine() {
        let m = Measurements::committed().unwrap();
        assert!(m.row("spawn/thread::spawn").is_ok());
        let p = m.provenance(&["spawn/"], "tasks").unwrap();
        assert!(p.starts_with("Measured 2026-"), "{p}");
        assert!(p.contains("--bench tasks"), "{p}");
    }
}
