//! `&mut T` means exclusive, `&T` means shared. An `Arc` hands out only `&T`, so the data
//! behind it cannot be changed (E0596) unless the type inside enforces exclusivity itself,
//! at run time: `RefCell` on one thread, `Mutex` across threads.
//!
//! From source note 002 (errata: `book/errata.md`), "mut and Mutex": the note's explanation is right; it
//! shows no code, so here are the error and the two run-time checks side by side.
//!
//! `does_not_compile/push_through_arc.rs` (E0596, checked by trybuild in
//! `tests/compile_fail.rs`) is the error: `Arc<T>` derefs only to `&T`, and `Vec::push` needs
//! `&mut Vec`.

// ANCHOR: interior
use std::cell::RefCell;

pub fn main() {
    let roster = RefCell::new(vec!["ana"]);
    let writer = roster.borrow_mut(); // a `&mut`-like borrow, taken through `&roster`
    println!(
        "RefCell: a second borrow_mut now? {}",
        roster.try_borrow_mut().is_ok()
    );
    drop(writer);
    println!(
        "RefCell: after the first ends?   {}",
        roster.try_borrow_mut().is_ok()
    );

    let roster = Mutex::new(vec!["ana"]);
    let guard = roster.lock().unwrap(); // the same, for any thread holding `&roster`
    println!(
        "Mutex: a second lock now?        {}",
        roster.try_lock().is_ok()
    );
    drop(guard);
    println!(
        "Mutex: after the first ends?     {}",
        roster.try_lock().is_ok()
    );
}
// ANCHOR_END: interior

use std::sync::Mutex;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refcell_and_mutex_refuse_a_second_exclusive_borrow() {
        let cell = RefCell::new(1);
        let first = cell.borrow_mut();
        assert!(cell.try_borrow_mut().is_err());
        assert!(cell.try_borrow().is_err());
        drop(first);
        assert!(cell.try_borrow_mut().is_ok());

        let mutex = Mutex::new(1);
        let guard = mutex.lock().unwrap();
        assert!(mutex.try_lock().is_err());
        drop(guard);
        assert!(mutex.try_lock().is_ok());
    }

    #[test]
    fn main_runs() {
        main();
    }
}
