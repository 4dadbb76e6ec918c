//! Parallel iterators: `par_iter`, `into_par_iter`, and the adaptors that combine results.
//!
//! From source note 002 (errata: `book/errata.md`), "Rayon": the note's `giant_vector.par_iter().for_each(…)`
//! is fine; this file shows the adaptors that *return* something.
//!
//! `does_not_compile/shared_total.rs` (E0594, checked by trybuild in `tests/compile_fail.rs`):
//! a closure given to `for_each` may run on several threads at once, so rayon asks for a `Fn`
//! closure, which cannot assign to a variable it captures.

// ANCHOR: par_iter
use rayon::prelude::*;

pub fn sum_of_squares(numbers: &[u64]) -> u64 {
    numbers.par_iter().map(|n| n * n).sum()
}

pub fn even_squares(numbers: &[u64]) -> Vec<u64> {
    numbers
        .par_iter()
        .filter(|&&n| n % 2 == 0)
        .map(|n| n * n)
        .collect()
}

pub fn longest_word<'a>(words: &[&'a str]) -> Option<&'a str> {
    words
        .par_iter()
        .copied()
        .reduce_with(|a, b| if b.len() > a.len() { b } else { a })
}

pub fn count_multiples(limit: u64, divisor: u64) -> usize {
    (1..=limit)
        .into_par_iter()
        .filter(|n| n % divisor == 0)
        .count()
}

pub fn largest(numbers: &[u64]) -> u64 {
    numbers.par_iter().copied().reduce(|| 0, u64::max)
}

pub fn main() {
    let numbers: Vec<u64> = (1..=10).collect();
    println!("sum of squares: {}", sum_of_squares(&numbers));
    println!("even squares:   {:?}", even_squares(&numbers));
    let words = ["fork", "join", "steal", "pool", "split"];
    println!("longest word:   {:?}", longest_word(&words));
    println!("multiples of 7 up to 1000: {}", count_multiples(1_000, 7));
    println!("largest:        {}", largest(&numbers));
}
// ANCHOR_END: par_iter

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::random_u64s;

    #[test]
    fn parallel_results_equal_the_sequential_ones() {
        for len in [0, 1, 2, 7, 1_000, 100_003] {
            let numbers: Vec<u64> = random_u64s(len, 7).iter().map(|n| n % 1_000).collect();
            assert_eq!(
                sum_of_squares(&numbers),
                numbers.iter().map(|n| n * n).sum::<u64>()
            );
            let expected: Vec<u64> = numbers
                .iter()
                .filter(|&&n| n % 2 == 0)
                .map(|n| n * n)
                .collect();
            assert_eq!(even_squares(&numbers), expected, "collect keeps the order");
            assert_eq!(
                largest(&numbers),
                numbers.iter().copied().max().unwrap_or(0)
            );
        }
    }

    #[test]
    fn reduce_with_is_none_for_no_words_and_keeps_the_first_of_equal_length() {
        assert_eq!(longest_word(&[]), None);
        // "steal" and "split" have the same length, and the combiner keeps the left one on
        // a tie. That the first one wins tests how rayon 1.x behaves, not a promise: its
        // docs ask only for an associative `op`; in practice it never swaps the operands
        // (its own `min_by_key` and `max_by_key` rely on that).
        assert_eq!(
            longest_word(&["fork", "join", "steal", "pool", "split"]),
            Some("steal")
        );
        let many: Vec<String> = (0..5_000).map(|i| format!("w{}", i % 1_000)).collect();
        let words: Vec<&str> = many.iter().map(String::as_str).collect();
        assert_eq!(longest_word(&words), Some("w100"));
    }

    #[test]
    fn count_multiples_counts_the_range_inclusively() {
        assert_eq!(count_multiples(1_000, 7), 142);
        assert_eq!(count_multiples(0, 7), 0);
        assert_eq!(count_multiples(7, 7), 1);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
