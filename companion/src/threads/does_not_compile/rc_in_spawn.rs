use std::rc::Rc;
use std::thread;

fn main() {
    let terms = Rc::new(vec!["thread", "join", "scope"]);
    let for_worker = Rc::clone(&terms);
    let handle = thread::spawn(move || for_worker.len());
    println!("the worker counted {} terms", handle.join().unwrap());
}
