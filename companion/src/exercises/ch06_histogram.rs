//! Exercise 6.1: A histogram of escape times, in parallel.
//!
//! Count values into buckets given by their upper bounds (a value belongs to the first
//! bucket whose bound is at least the value; values above every bound go into one last
//! bucket), with rayon's `fold` and `reduce`, so that each piece of work counts into its
//! own accumulator and no lock is needed. The full statement is in the book page.

use rayon::prelude::*;

/// Counts `values` into `bounds.len() + 1` buckets. `bounds` are the upper bounds of the
/// first buckets, in strictly ascending order: `counts[i]` is how many values are at most
/// `bounds[i]` and above `bounds[i - 1]` (above nothing, for `i == 0`); the last count,
/// `counts[bounds.len()]`, is how many values are above every bound.
///
/// The result always has `bounds.len() + 1` counts, zeros included, whatever `values` is.
pub fn histogram(values: &[u32], bounds: &[u32]) -> Vec<usize> {
    // STARTER: todo!("fold each piece's values into counts of its own, then reduce the pieces' counts to one")
    // SOLUTION
    let buckets = bounds.len() + 1;
    // END SOLUTION
    // SOLUTION bucket
    // The first bound that is not below the value: a value equal to a bound belongs to
    // that bound's bucket, and a value above every bound to the last bucket.
    let bucket_of = |value: u32| bounds.partition_point(|&bound| bound < value);
    // END SOLUTION
    // SOLUTION
    let per_piece = values.par_iter().fold(
        || vec![0; buckets],
        |mut counts, &value| {
            counts[bucket_of(value)] += 1;
            counts
        },
    );
    // END SOLUTION
    // SOLUTION combine
    // Both the identity and the combining step must keep every count: the identity is one
    // zero per bucket, and the step adds the right-hand counts into the left-hand ones.
    per_piece.reduce(
        || vec![0; buckets],
        |mut total, part| {
            for (sum, count) in total.iter_mut().zip(part) {
                *sum += count;
            }
            total
        },
    )
    // END SOLUTION
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The chapter's buckets for escape times: powers of two up to the render's limit
    /// (`LIMIT`, 255, also what a point that never escapes would be counted as).
    const BOUNDS: [u32; 9] = [1, 2, 4, 8, 16, 32, 64, 128, 255];

    /// The reference: for each bucket, count the values between its two bounds, one
    /// bucket at a time, on one thread.
    fn sequential(values: &[u32], bounds: &[u32]) -> Vec<usize> {
        (0..=bounds.len())
            .map(|i| {
                values
                    .iter()
                    .filter(|&&v| {
                        (i == 0 || v > bounds[i - 1]) && (i == bounds.len() || v <= bounds[i])
                    })
                    .count()
            })
            .collect()
    }

    /// Pseudo-random values from 0 to `max`, the same on every run (xorshift).
    fn values(len: usize, max: u32, seed: u64) -> Vec<u32> {
        let mut state = seed | 1;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % (u64::from(max) + 1)) as u32
            })
            .collect()
    }

    #[test]
    fn counts_match_a_sequential_count() {
        let values = values(50_000, 300, 6);
        for len in [1, 2, 7, 1_000, values.len()] {
            assert_eq!(
                histogram(&values[..len], &BOUNDS),
                sequential(&values[..len], &BOUNDS),
                "the counts of the first {len} values differ from a sequential count \
                 (left: yours): each bucket holds the values at most its bound and above the \
                 previous one, and every piece's counts must reach the total"
            );
        }
        let values: Vec<u32> = (0..=300).collect();
        assert_eq!(
            histogram(&values, &[100, 200]),
            vec![101, 100, 100],
            "0 to 300 in buckets bounded by 100 and 200: 0..=100 is 101 values, 101..=200 \
             and 201..=300 are 100 each (left: yours)"
        );
    }

    #[test]
    fn in_a_pool_of_four_threads_every_piece_is_added() {
        let values = values(200_000, 300, 9);
        let expected = sequential(&values, &BOUNDS);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        for run in 1..=5 {
            let counts = pool.install(|| histogram(&values, &BOUNDS));
            assert_eq!(
                counts.iter().sum::<usize>(),
                values.len(),
                "run {run} in a pool of four threads: your counts add up to {} but there \
                 are {} values; rayon splits the input into pieces, and the step that \
                 combines two pieces' counts must keep both of them",
                counts.iter().sum::<usize>(),
                values.len()
            );
            assert_eq!(
                counts, expected,
                "run {run} in a pool of four threads: the counts differ from a sequential \
                 count (left: yours)"
            );
        }
    }

    #[test]
    fn a_value_equal_to_a_bound_is_counted_in_that_bucket() {
        assert_eq!(
            histogram(&BOUNDS, &BOUNDS),
            vec![1, 1, 1, 1, 1, 1, 1, 1, 1, 0],
            "each bound, counted once, must land in its own bucket (a bucket holds the \
             values *at most* its bound), and none above every bound (left: yours)"
        );
        let at_the_top = vec![255; 10_000];
        assert_eq!(
            histogram(&at_the_top, &BOUNDS),
            vec![0, 0, 0, 0, 0, 0, 0, 0, 10_000, 0],
            "10,000 values equal to the last bound (255) all belong to its bucket, not to \
             the bucket for values above every bound (left: yours)"
        );
        assert_eq!(
            histogram(&[0, 2, 3, 255, 256, u32::MAX], &BOUNDS),
            vec![1, 1, 1, 0, 0, 0, 0, 0, 1, 2],
            "0 is at most the first bound; 3 is above 2 and at most 4; 256 and u32::MAX are \
             above every bound (left: yours)"
        );
    }

    #[test]
    fn no_values_still_gives_one_zero_per_bucket() {
        assert_eq!(
            histogram(&[], &BOUNDS),
            vec![0; BOUNDS.len() + 1],
            "no values: every one of the {} buckets has a count of zero, so a caller can \
             index any bucket (left: yours)",
            BOUNDS.len() + 1
        );
        assert_eq!(
            histogram(&[7, 0, 1_000], &[]),
            vec![3],
            "with no bounds there is one bucket, for the values above every bound: it \
             holds them all (left: yours)"
        );
        assert_eq!(
            histogram(&[], &[]),
            vec![0],
            "no values and no bounds: one bucket, empty (left: yours)"
        );
    }
}
