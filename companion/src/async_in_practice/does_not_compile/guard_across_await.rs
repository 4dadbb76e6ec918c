// A spawned task that keeps a `std::sync::MutexGuard` across an `.await`: the task may
// resume on another worker thread, so its future must be `Send`, and the guard is not.
use std::sync::{Arc, Mutex};

async fn add_and_report(counter: Arc<Mutex<u64>>, amount: u64) -> u64 {
    let mut total = counter.lock().unwrap();
    *total += amount;
    tokio::task::yield_now().await; // the guard is still alive here
    *total
}

#[tokio::main]
async fn main() {
    let counter = Arc::new(Mutex::new(0));
    let task = tokio::spawn(add_and_report(Arc::clone(&counter), 1));
    println!("{}", task.await.unwrap());
}
