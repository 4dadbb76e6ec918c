//! `Send` and `Sync`: the two marker traits the compiler uses to keep data races out of
//! safe code.
//!
//! From source note 003 (errata: `book/errata.md`), "`Send` and `Sync` traits": the note's definitions are
//! right; it shows no code. This file shows types that are `Send` and `Sync` without a
//! word from their author; beside it are the standard counterexamples, each a whole program
//! that trybuild (`tests/compile_fail.rs`) checks fails with the compiler output committed
//! next to it:
//!
//! * `does_not_compile/rc_not_send.rs` (E0277): `Rc`'s reference count is not atomic, so
//!   `Rc` is not `Send`;
//! * `does_not_compile/cell_not_sync.rs` (E0277): `Cell` allows unsynchronised mutation
//!   through `&Cell`, so `Cell` is not `Sync`;
//! * `does_not_compile/guard_not_send.rs` (E0277): a `MutexGuard` must be dropped on the
//!   thread that locked the mutex;
//! * `does_not_compile/phantom_not_send.rs` (E0277): a `PhantomData<*const ()>` field opts a
//!   type out of `Send` and `Sync`.

// ANCHOR: auto_traits
use std::cell::Cell;
use std::sync::Arc;
use std::sync::mpsc::Sender;

pub fn assert_send<T: Send>() {}
pub fn assert_sync<T: Sync>() {}

pub struct Reading {
    pub sensor: String,
    pub celsius: f64,
}

pub fn main() {
    // Built only from Send + Sync parts, so Send + Sync without a word from us:
    assert_send::<Reading>();
    assert_sync::<Reading>();
    assert_send::<Arc<std::sync::Mutex<Vec<Reading>>>>();
    assert_sync::<Arc<std::sync::Mutex<Vec<Reading>>>>();
    // A Cell may move to another thread, it just may not be shared:
    assert_send::<Cell<u32>>();
    // A Sender may move to another thread, and since Rust 1.72 also be shared:
    assert_send::<Sender<Reading>>();
    assert_sync::<Sender<Reading>>();
    println!("every assertion above was checked by the compiler");
}
// ANCHOR_END: auto_traits

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composite_types_are_send_and_sync() {
        main();
        let reading = Reading {
            sensor: "roof".to_string(),
            celsius: 21.5,
        };
        let moved = std::thread::spawn(move || (reading.sensor, reading.celsius))
            .join()
            .unwrap();
        assert_eq!(moved, ("roof".to_string(), 21.5));
    }
}
