use concurrent_rust::atomics::s3_guard::SpinLock;
use std::rc::Rc;
use std::thread;

fn main() {
    let lock = SpinLock::new(Rc::new(1_u32));
    thread::scope(|s| {
        // Each thread clones the `Rc` under the lock, but the count it changes is shared.
        s.spawn(|| drop(Rc::clone(&lock.lock())));
        drop(Rc::clone(&lock.lock()));
    });
}
