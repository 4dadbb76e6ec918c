use std::rc::Rc;
use std::thread;

fn main() {
    let glossary = Rc::new(vec!["send", "sync"]);
    let for_worker = Rc::clone(&glossary);
    let handle = thread::spawn(move || for_worker.len());
    println!("{} terms", handle.join().unwrap());
}
