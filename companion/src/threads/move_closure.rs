//! A spawned closure may outlive the function that spawned it, so it cannot borrow that
//! function's locals: `move` hands them over to the new thread.
//!
//! From source note 003 (errata: `book/errata.md`), "`move` Closures with Threads": the note's explanation is
//! right; it shows no code, so here are the failing version (E0373), the second mistake
//! that follows it (E0382, using the moved value), and the fix.
//!
//! The two failing versions are whole programs beside this file, checked by trybuild
//! (`tests/compile_fail.rs`) against the compiler output committed next to them:
//!
//! * `does_not_compile/borrow_in_spawn.rs` (E0373): the closure borrows `terms`, which the
//!   spawned thread may outlive;
//! * `does_not_compile/use_after_move.rs` (E0382): after `move`, the vector belongs to the
//!   spawned thread, and `main` can no longer use it.

// ANCHOR: move_closure
use std::thread;

pub fn count_terms_elsewhere(terms: Vec<&'static str>) -> usize {
    let handle = thread::spawn(move || {
        println!("the glossary has {} terms", terms.len());
        terms.len()
    });
    handle.join().unwrap()
}

pub fn main() {
    let terms = vec!["thread", "join", "scope"];
    let counted = count_terms_elsewhere(terms);
    println!("main: the spawned thread counted {counted}");
}
// ANCHOR_END: move_closure

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn move_hands_the_vector_to_the_thread() {
        assert_eq!(count_terms_elsewhere(vec!["thread", "join", "scope"]), 3);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
