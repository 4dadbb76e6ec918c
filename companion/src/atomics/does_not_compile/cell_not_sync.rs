use std::cell::Cell;
use std::thread;

fn main() {
    let visits = Cell::new(0);
    thread::scope(|s| {
        s.spawn(|| visits.set(visits.get() + 1));
        s.spawn(|| visits.set(visits.get() + 1));
    });
    println!("{} visits", visits.get());
}
