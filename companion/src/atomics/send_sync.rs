//! `Send` and `Sync`: the two marker traits the compiler uses to keep data races out of
//! safe code.
//!
//! From `shared/seeds/003_….txt`, "`Send` and `Sync` traits": the note's definitions are
//! right; it shows no code. Here are the standard counterexamples, each a `compile_fail`
//! doctest with the error the compiler gives.

/// `Rc`'s reference count is not atomic, so `Rc` is not `Send`:
///
/// ```compile_fail,E0277
#[doc = include_str!("does_not_compile/rc_not_send.rs")]
/// ```
pub struct RcNotSend;

/// `Cell` allows unsynchronised mutation through `&Cell`, so `Cell` is not `Sync`:
///
/// ```compile_fail,E0277
#[doc = include_str!("does_not_compile/cell_not_sync.rs")]
/// ```
pub struct CellNotSync;

/// A `MutexGuard` must be dropped on the thread that locked the mutex:
///
/// ```compile_fail,E0277
#[doc = include_str!("does_not_compile/guard_not_send.rs")]
/// ```
pub struct GuardNotSend;

/// A `PhantomData<*const ()>` field opts a type out of `Send` and `Sync`:
///
/// ```compile_fail,E0277
#[doc = include_str!("does_not_compile/phantom_not_send.rs")]
/// ```
pub struct PhantomNotSend;

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
