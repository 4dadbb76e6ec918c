//! `thread::spawn` starts a thread; its `JoinHandle<T>` waits for it and hands back the
//! closure's return value.
//!
//! From source note 003 (errata: `book/errata.md`), "Thread `spawn`": the note says `spawn` takes a
//! "closule" (a closure) and that `join` "Returns `Result<T>`, where `T` is substituted for
//! `T, std::err::Err`"; there is no `std::err`, and the error is the panic payload
//! `Box<dyn Any + Send + 'static>` (see [`crate::threads::panics`]).

// ANCHOR: spawn_join
use std::thread::{self, JoinHandle};

pub fn spawn_sum() -> JoinHandle<u64> {
    thread::spawn(|| (1..=1_000).sum())
}

pub fn main() {
    let handle = spawn_sum();
    println!("main thread: the sum is being computed elsewhere");
    let sum: u64 = handle.join().unwrap();
    println!("main thread: the spawned thread returned {sum}");
}
// ANCHOR_END: spawn_join

// ANCHOR: join_type
pub fn join_type_is_spelled_out() {
    let handle: std::thread::JoinHandle<u64> = spawn_sum();
    let result: Result<u64, Box<dyn std::any::Any + Send + 'static>> = handle.join();
    let same: std::thread::Result<u64> = result;
    assert_eq!(same.ok(), Some(500_500));
}
// ANCHOR_END: join_type

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_returns_the_closure_value() {
        assert_eq!(spawn_sum().join().unwrap(), 500_500);
    }

    #[test]
    fn join_result_is_thread_result() {
        join_type_is_spelled_out();
    }

    #[test]
    fn main_runs() {
        main();
    }
}
