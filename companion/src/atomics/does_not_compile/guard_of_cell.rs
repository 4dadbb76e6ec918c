use concurrent_rust::atomics::s3_guard::SpinLock;
use std::cell::Cell;
use std::thread;

fn main() {
    let lock = SpinLock::new(Cell::new(0_u32));
    let guard = lock.lock();
    thread::scope(|s| {
        // Both threads reach the `Cell` through the one guard, at the same time.
        s.spawn(|| guard.set(guard.get() + 1));
        guard.set(guard.get() + 1);
    });
}
