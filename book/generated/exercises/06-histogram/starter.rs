use rayon::prelude::*;

/// Counts `values` into `bounds.len() + 1` buckets. `bounds` are the upper bounds of the
/// first buckets, in strictly ascending order: `counts[i]` is how many values are at most
/// `bounds[i]` and above `bounds[i - 1]` (above nothing, for `i == 0`); the last count,
/// `counts[bounds.len()]`, is how many values are above every bound.
///
/// The result always has `bounds.len() + 1` counts, zeros included, whatever `values` is.
pub fn histogram(values: &[u32], bounds: &[u32]) -> Vec<usize> {
    todo!("fold each piece's values into counts of its own, then reduce the pieces' counts to one")
}
