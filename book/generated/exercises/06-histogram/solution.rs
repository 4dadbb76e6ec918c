use rayon::prelude::*;

/// Counts `values` into `bounds.len() + 1` buckets. `bounds` are the upper bounds of the
/// first buckets, in strictly ascending order: `counts[i]` is how many values are at most
/// `bounds[i]` and above `bounds[i - 1]` (above nothing, for `i == 0`); the last count,
/// `counts[bounds.len()]`, is how many values are above every bound.
///
/// The result always has `bounds.len() + 1` counts, zeros included, whatever `values` is.
pub fn histogram(values: &[u32], bounds: &[u32]) -> Vec<usize> {
    let buckets = bounds.len() + 1;
    // The first bound that is not below the value: a value equal to a bound belongs to
    // that bound's bucket, and a value above every bound to the last bucket.
    let bucket_of = |value: u32| bounds.partition_point(|&bound| bound < value);
    let per_piece = values.par_iter().fold(
        || vec![0; buckets],
        |mut counts, &value| {
            counts[bucket_of(value)] += 1;
            counts
        },
    );
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
}
