use std::thread;

fn main() {
    let terms = vec!["thread", "join", "scope"];

    let handle = thread::spawn(|| {
        println!("the glossary has {} terms", terms.len());
    });

    handle.join().unwrap();
}
