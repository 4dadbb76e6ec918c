use std::thread;

fn main() {
    let terms = vec!["thread", "join", "scope"];

    let handle = thread::spawn(move || {
        println!("the glossary has {} terms", terms.len());
    });

    println!("main still has {} terms", terms.len());
    handle.join().unwrap();
}
