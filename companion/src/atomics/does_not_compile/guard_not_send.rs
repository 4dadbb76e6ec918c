use std::sync::Mutex;
use std::thread;

fn main() {
    let log = Mutex::new(Vec::new());
    let mut guard = log.lock().unwrap();
    thread::scope(|s| {
        s.spawn(move || guard.push("written by another thread"));
    });
    println!("{:?}", log.lock().unwrap());
}
