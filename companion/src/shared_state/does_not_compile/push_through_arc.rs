use std::sync::Arc;
use std::thread;

fn main() {
    let players = Arc::new(Vec::new());
    let handle = {
        let players = Arc::clone(&players);
        thread::spawn(move || players.push("ana"))
    };
    handle.join().unwrap();
}
