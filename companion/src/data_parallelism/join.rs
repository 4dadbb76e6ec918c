//! `rayon::join`: two closures that may run in parallel, and always both run.
//!
//! From source note 002 (errata: `book/errata.md`), "Rayon": the note's `rayon::join(fn1, fn2)` is right, but
//! its comment, "do 2 things in parallel", promises more than `join` does.

// ANCHOR: join
pub fn sum_in_halves(numbers: &[u64]) -> u64 {
    let (left, right) = numbers.split_at(numbers.len() / 2);
    let (a, b) = rayon::join(|| left.iter().sum::<u64>(), || right.iter().sum::<u64>());
    a + b
}

pub fn main() {
    let numbers: Vec<u64> = (1..=1_000).collect();
    println!("sum of 1..=1000: {}", sum_in_halves(&numbers));

    let (a, b) = rayon::join(rayon::current_thread_index, rayon::current_thread_index);
    println!("closure a ran on pool thread {a:?}, closure b on {b:?}");
}
// ANCHOR_END: join

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sum_in_halves_adds_every_number() {
        for n in [0_u64, 1, 2, 3, 1_000, 10_001] {
            let numbers: Vec<u64> = (1..=n).collect();
            assert_eq!(sum_in_halves(&numbers), n * (n + 1) / 2, "1..={n}");
        }
    }

    #[test]
    fn join_completes_on_a_pool_of_one_thread() {
        // With one thread there is nobody to steal `b`: the same thread runs it after `a`.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let (a, b) =
            pool.install(|| rayon::join(rayon::current_thread_index, rayon::current_thread_index));
        assert_eq!((a, b), (Some(0), Some(0)));
        let numbers: Vec<u64> = (1..=100).collect();
        assert_eq!(pool.install(|| sum_in_halves(&numbers)), 5_050);
    }

    #[test]
    fn both_closures_run_on_pool_threads() {
        let (a, b) = rayon::join(rayon::current_thread_index, rayon::current_thread_index);
        let threads = rayon::current_num_threads();
        assert!(a.is_some_and(|i| i < threads) && b.is_some_and(|i| i < threads));
    }

    #[test]
    fn main_runs() {
        main();
    }
}
