//! `fold` and `reduce`: one accumulator per piece of work instead of one shared total.

// ANCHOR: fold
use rayon::prelude::*;

pub fn letter_counts(words: &[&str]) -> [usize; 26] {
    words
        .par_iter()
        .fold(
            || [0; 26],
            |mut counts, word| {
                for letter in word.bytes().filter(u8::is_ascii_lowercase) {
                    counts[usize::from(letter - b'a')] += 1;
                }
                counts
            },
        )
        .reduce(
            || [0; 26],
            |mut total, counts| {
                for (sum, count) in total.iter_mut().zip(counts) {
                    *sum += count;
                }
                total
            },
        )
}

pub fn main() {
    let counts = letter_counts(&["fork", "join", "steal", "pool", "split"]);
    let seen: Vec<String> = (b'a'..=b'z')
        .zip(counts)
        .filter(|&(_, count)| count > 0)
        .map(|(letter, count)| format!("{}:{count}", char::from(letter)))
        .collect();
    println!("{}", seen.join(" "));
}
// ANCHOR_END: fold

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::random_u64s;

    fn sequential(words: &[&str]) -> [usize; 26] {
        let mut counts = [0; 26];
        for letter in words.iter().flat_map(|w| w.bytes()) {
            if letter.is_ascii_lowercase() {
                counts[usize::from(letter - b'a')] += 1;
            }
        }
        counts
    }

    /// Enough words that rayon splits them into many pieces, each with its own
    /// accumulator: every piece's counts must reach the total.
    #[test]
    fn per_piece_counts_add_up_to_the_sequential_counts() {
        let owned: Vec<String> = random_u64s(50_000, 3)
            .iter()
            .map(|n| format!("{n:x}-Word-{}", n % 977))
            .collect();
        let words: Vec<&str> = owned.iter().map(String::as_str).collect();
        for len in [0, 1, 7, words.len()] {
            assert_eq!(
                letter_counts(&words[..len]),
                sequential(&words[..len]),
                "{len} words"
            );
        }
        // The same inside a pool of several threads, where pieces surely run in parallel.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        assert_eq!(pool.install(|| letter_counts(&words)), sequential(&words));
    }

    #[test]
    fn main_runs() {
        main();
    }
}
