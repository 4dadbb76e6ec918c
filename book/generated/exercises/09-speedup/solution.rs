use std::fmt;

/// One criterion measurement: the median time and the 95% confidence interval of that
/// median, `lo` to `hi`, in any one unit of time. Every time is positive, and
/// `lo <= median <= hi`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Measurement {
    pub median: f64,
    pub lo: f64,
    pub hi: f64,
}

/// How many times faster the work ran with several threads than with one: the ratio of
/// the medians, and the least and the most the two intervals allow.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Speedup {
    pub median: f64,
    pub least: f64,
    pub most: f64,
}

/// The measurement is broken: even the least speedup its intervals allow is above the
/// number of logical CPUs, which no program can do.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AboveTheCores {
    pub least: f64,
    pub logical_cpus: usize,
}

impl fmt::Display for AboveTheCores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "at least {:.2}× faster on {} logical CPUs: above the physical limit, a broken \
             measurement; measure again",
            self.least, self.logical_cpus
        )
    }
}

/// The speedup of `many` (the time with several threads) over `one` (the time with one
/// thread of the same code), on a machine with `logical_cpus` logical CPUs.
///
/// `median` is `one.median / many.median`. The range takes the ends of the intervals that
/// make the ratio smallest and largest: `least` is `one.lo / many.hi`, `most` is
/// `one.hi / many.lo`. Refused, with the least speedup and the CPU count, when `least` is
/// above `logical_cpus`; a speedup whose range reaches the CPU count or below is
/// accepted, even if its median is above it (that is a linear speedup measured with
/// noise).
pub fn speedup(
    one: Measurement,
    many: Measurement,
    logical_cpus: usize,
) -> Result<Speedup, AboveTheCores> {
    // The smallest ratio divides the smallest `one` by the largest `many`, and the other
    // way round for the largest.
    let least = one.lo / many.hi;
    let most = one.hi / many.lo;
    // Only if even the least speedup is above the cores is no reading of the run
    // possible; exactly at the cores is a linear speedup, which can happen.
    if least > logical_cpus as f64 {
        return Err(AboveTheCores {
            least,
            logical_cpus,
        });
    }
    Ok(Speedup {
        median: one.median / many.median,
        least,
        most,
    })
}
