//! `thread::scope` guarantees that every thread spawned in the scope is joined before
//! `scope` returns, so those threads may borrow the caller's locals: no `move`, no `Arc`.

// ANCHOR: scoped
use std::thread;

pub fn longest_word_per_half(words: &[&str]) -> (usize, usize) {
    let (front, back) = words.split_at(words.len() / 2);
    let longest = |half: &[&str]| half.iter().map(|word| word.len()).max().unwrap_or(0);

    thread::scope(|s| {
        let front_worker = s.spawn(|| longest(front));
        let back_worker = s.spawn(|| longest(back));
        (front_worker.join().unwrap(), back_worker.join().unwrap())
    })
}

pub fn main() {
    let words = vec!["fork", "join", "scope", "interleaving", "spawn", "handle"];
    let (front, back) = longest_word_per_half(&words);
    println!("longest word: {front} letters in the front half, {back} in the back half");
    println!("main still owns all {} words", words.len());
}
// ANCHOR_END: scoped

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoped_threads_borrow_the_slice() {
        let words = vec!["fork", "join", "scope", "interleaving", "spawn", "handle"];
        assert_eq!(longest_word_per_half(&words), (5, 12));
        assert_eq!(words.len(), 6, "the caller still owns its vector");
    }

    #[test]
    fn empty_and_single_inputs() {
        assert_eq!(longest_word_per_half(&[]), (0, 0));
        assert_eq!(longest_word_per_half(&["solo"]), (0, 4));
    }

    #[test]
    fn main_runs() {
        main();
    }
}
