//! A parallel quicksort, with and without a sequential cutoff.

// ANCHOR: sort
pub fn par_quicksort<T: Ord + Send>(v: &mut [T], cutoff: usize) {
    if v.len() <= cutoff.max(1) {
        v.sort_unstable();
        return;
    }
    let (less, greater) = partition(v);
    rayon::join(
        || par_quicksort(less, cutoff),
        || par_quicksort(greater, cutoff),
    );
}

/// Three-way partition around the middle element: returns the elements smaller than it
/// and the elements greater than it; the ones equal to it are already in place between.
pub fn partition<T: Ord>(v: &mut [T]) -> (&mut [T], &mut [T]) {
    let middle = v.len() / 2;
    v.swap(0, middle);
    // v[..lt] < pivot, v[lt..i] == pivot (v[lt] is the pivot), v[gt..] > pivot.
    let (mut lt, mut i, mut gt) = (0, 1, v.len());
    while i < gt {
        match v[i].cmp(&v[lt]) {
            std::cmp::Ordering::Less => {
                v.swap(lt, i);
                lt += 1;
                i += 1;
            }
            std::cmp::Ordering::Greater => {
                gt -= 1;
                v.swap(i, gt);
            }
            std::cmp::Ordering::Equal => i += 1,
        }
    }
    let (less, rest) = v.split_at_mut(lt);
    let (_equal, greater) = rest.split_at_mut(gt - lt);
    (less, greater)
}

pub const NO_CUTOFF: usize = 1;
pub const CUTOFF: usize = 4_096;

pub fn main() {
    let mut numbers: Vec<u32> = (0..20_000).map(|i| (i * 7_919) % 10_007).collect();
    par_quicksort(&mut numbers, CUTOFF);
    println!("sorted: {}", numbers.is_sorted());
    println!("first five: {:?}", &numbers[..5]);
}
// ANCHOR_END: sort

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures::random_u64s;

    fn check(input: Vec<u64>) {
        let mut expected = input.clone();
        expected.sort_unstable();
        for cutoff in [NO_CUTOFF, 0, 2, 16, CUTOFF] {
            let mut v = input.clone();
            par_quicksort(&mut v, cutoff);
            assert!(v == expected, "{} elements, cutoff {cutoff}", input.len());
        }
    }

    #[test]
    fn sorts_random_inputs_of_every_small_length() {
        for len in 0..100 {
            check(random_u64s(len, len as u64));
        }
        check(random_u64s(50_000, 1));
    }

    #[test]
    fn sorts_sorted_reversed_and_repetitive_inputs() {
        check((0..20_000).collect());
        check((0..20_000).rev().collect());
        check(vec![42; 20_000]);
        check(random_u64s(20_000, 9).iter().map(|n| n % 3).collect());
    }

    #[test]
    fn partition_splits_around_the_middle_element() {
        let mut v = vec![5, 1, 9, 5, 3, 5, 8, 2];
        let pivot = v[v.len() / 2];
        let (less, greater) = partition(&mut v);
        assert!(less.iter().all(|&x| x < pivot) && greater.iter().all(|&x| x > pivot));
        assert_eq!(pivot, 3);
        assert_eq!((less.len(), greater.len()), (2, 5));
    }

    /// `main` sorts its 20,000 numbers: each of 0..10,007 appears once or twice, so the
    /// smallest five are 0, 0, 1, 1, 2.
    #[cfg(not(loom))]
    #[test]
    fn main_prints_that_its_numbers_are_sorted_and_the_smallest_five() {
        let output = crate::testing::run_in_child("data_parallelism::sort");
        assert_eq!(output, "sorted: true\nfirst five: [0, 0, 1, 1, 2]\n");
    }

    #[test]
    fn main_runs() {
        main();
    }
}
