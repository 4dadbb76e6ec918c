use concurrent_rust::atomics::s2_unsafe::UnsafeSpinLock;
use std::rc::Rc;
use std::thread;

fn bump(lock: &UnsafeSpinLock<Rc<u32>>) {
    let copy = Rc::clone(lock.lock());
    // Safety: this thread holds the lock, and the `&mut` is not used after this line.
    unsafe { lock.unlock() };
    drop(copy); // changes the count that the other thread's clone shares
}

fn main() {
    let lock = UnsafeSpinLock::new(Rc::new(1_u32));
    thread::scope(|s| {
        s.spawn(|| bump(&lock));
        bump(&lock);
    });
}
