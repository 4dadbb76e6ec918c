//! `split_into_chunks`: the helper the fork-join example needs.
//!
//! From source note 002 (errata: `book/errata.md`), "spawn and join": `process_files_in_parallel` calls
//! `split_vec_into_chunks`, which the note never defines, so the snippet does not compile.

// ANCHOR: chunks
pub fn split_into_chunks<T>(items: Vec<T>, n: usize) -> Vec<Vec<T>> {
    if items.is_empty() {
        return Vec::new();
    }
    // At least one chunk, and never an empty one.
    let n = n.clamp(1, items.len());
    let (size, longer) = (items.len() / n, items.len() % n);
    let mut rest = items.into_iter();
    (0..n)
        .map(|i| rest.by_ref().take(size + usize::from(i < longer)).collect())
        .collect()
}
// ANCHOR_END: chunks

#[cfg(test)]
mod tests {
    use super::*;

    fn sizes<T>(chunks: &[Vec<T>]) -> Vec<usize> {
        chunks.iter().map(Vec::len).collect()
    }

    #[test]
    fn chunks_are_contiguous_and_nearly_equal() {
        let chunks = split_into_chunks((1..=10).collect(), 4);
        assert_eq!(sizes(&chunks), [3, 3, 2, 2]);
        assert_eq!(chunks.concat(), (1..=10).collect::<Vec<_>>());
    }

    #[test]
    fn every_size_and_count_keeps_every_item_once() {
        for len in 0..20 {
            for n in 0..8 {
                let items: Vec<usize> = (0..len).collect();
                let chunks = split_into_chunks(items.clone(), n);
                assert_eq!(chunks.concat(), items, "len {len}, n {n}");
                assert!(chunks.iter().all(|chunk| !chunk.is_empty()));
                assert_eq!(chunks.len(), if len == 0 { 0 } else { n.clamp(1, len) });
                let (min, max) = (
                    sizes(&chunks).into_iter().min(),
                    sizes(&chunks).into_iter().max(),
                );
                assert!(max.unwrap_or(0) - min.unwrap_or(0) <= 1, "len {len}, n {n}");
            }
        }
    }

    #[test]
    fn more_threads_than_items_gives_one_item_each() {
        assert_eq!(split_into_chunks(vec!['a', 'b'], 8), [vec!['a'], vec!['b']]);
    }
}
