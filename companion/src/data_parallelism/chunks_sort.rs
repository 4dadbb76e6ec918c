//! `par_chunks` and `par_sort`: slices split into pieces for the pool.

// ANCHOR: chunks_sort
use rayon::prelude::*;

pub fn block_checksums(data: &[u8], block_size: usize) -> Vec<u32> {
    data.par_chunks(block_size)
        .map(|block| block.iter().map(|&b| u32::from(b)).sum())
        .collect()
}

pub fn sorted_names(mut names: Vec<String>) -> Vec<String> {
    names.par_sort();
    names
}

pub fn main() {
    let data: Vec<u8> = (0..10_000_u32).map(|i| (i % 256) as u8).collect();
    let sums = block_checksums(&data, 4_096);
    println!("{} blocks, checksums {sums:?}", sums.len());

    let names = ["rayon", "crossbeam", "tokio", "loom", "criterion"];
    println!("{:?}", sorted_names(names.map(String::from).to_vec()));
}
// ANCHOR_END: chunks_sort

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::random_u64s;

    #[test]
    fn one_checksum_per_block_in_order_with_a_short_last_block() {
        let data: Vec<u8> = (0..10_000_u32).map(|i| (i % 256) as u8).collect();
        let sums = block_checksums(&data, 4_096);
        let expected: Vec<u32> = data
            .chunks(4_096)
            .map(|b| b.iter().map(|&x| u32::from(x)).sum())
            .collect();
        assert_eq!(sums.len(), 3);
        assert_eq!(sums, expected);
        assert_eq!(block_checksums(&[], 4_096), Vec::<u32>::new());
    }

    #[test]
    #[should_panic(expected = "chunk_size must not be zero")]
    fn a_zero_block_size_is_refused() {
        block_checksums(&[1, 2, 3], 0);
    }

    #[test]
    fn par_sort_sorts_like_sort() {
        let mut names: Vec<String> = random_u64s(20_000, 3)
            .iter()
            .map(|n| format!("name-{}", n % 5_000))
            .collect();
        let sorted = sorted_names(names.clone());
        names.sort();
        assert_eq!(sorted, names);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
