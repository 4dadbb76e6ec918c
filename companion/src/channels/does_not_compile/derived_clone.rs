use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};

#[derive(Clone)]
pub struct SharedReceiver<T>(Arc<Mutex<Receiver<T>>>);

// A job is not `Clone`: it is meant to be done once.
pub struct Job(u32);

fn main() {
    let (_sender, receiver) = mpsc::channel::<Job>();
    let shared = SharedReceiver(Arc::new(Mutex::new(receiver)));
    let for_second_worker = shared.clone();
}
