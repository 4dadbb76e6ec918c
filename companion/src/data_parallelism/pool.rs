//! The global pool, and a pool of your own with `ThreadPoolBuilder` and `install`.

// ANCHOR: pool
use rayon::ThreadPoolBuilder;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::thread;

pub fn names_of_pool_threads(pool_size: usize) -> (usize, BTreeSet<String>) {
    let pool = ThreadPoolBuilder::new()
        .num_threads(pool_size)
        .thread_name(|index| format!("pixel-{index}"))
        .build()
        .expect("the OS refused to start a thread");
    pool.install(|| {
        let names = (0..1_000)
            .into_par_iter()
            .map(|_| thread::current().name().unwrap_or("unnamed").to_string())
            .collect();
        (rayon::current_num_threads(), names)
    })
}

pub fn main() {
    println!("global pool: {} threads", rayon::current_num_threads());
    let (threads, names) = names_of_pool_threads(3);
    println!("inside install: {threads} threads; seen at work: {names:?}");
}
// ANCHOR_END: pool

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_inside_install_runs_on_the_pools_named_threads() {
        for size in [1, 2, 3] {
            let (threads, names) = names_of_pool_threads(size);
            assert_eq!(threads, size);
            let allowed: BTreeSet<String> = (0..size).map(|i| format!("pixel-{i}")).collect();
            assert!(!names.is_empty());
            assert!(names.is_subset(&allowed), "{names:?} in a pool of {size}");
        }
    }

    /// The global pool has one thread per logical CPU, unless `RAYON_NUM_THREADS` (or its
    /// deprecated predecessor) sets another count.
    #[test]
    fn the_global_pool_has_one_thread_per_cpu_unless_the_environment_says_otherwise() {
        let set = |name| {
            std::env::var(name)
                .ok()
                .and_then(|n| n.parse::<usize>().ok())
        };
        let expected = match (set("RAYON_NUM_THREADS"), set("RAYON_RS_NUM_CPUS")) {
            (Some(n @ 1..), _) => n,
            (None, None) => thread::available_parallelism().map_or(1, |n| n.get()),
            _ => return, // other combinations: rayon's rules, not this chapter's
        };
        assert_eq!(rayon::current_num_threads(), expected);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
