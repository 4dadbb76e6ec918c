//! The first `Database` example: one thread, one `Mutex`, one critical section.
//!
//! From source note 000 (errata: `book/errata.md`), "Mutexes": the snippet uses `Mutex` without importing
//! it (`use std::sync::Mutex;` is missing), so it does not compile as given.

// ANCHOR: database
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct Database {
    connections: Vec<u32>,
}

impl Database {
    pub fn new() -> Database {
        Database::default()
    }

    pub fn connect(&mut self, id: u32) {
        self.connections.push(id);
    }

    pub fn connections(&self) -> &[u32] {
        &self.connections
    }
}

pub fn main() {
    let db = Mutex::new(Database::new());
    {
        let mut guard = db.lock().unwrap();
        guard.connect(1);
    } // `guard` is dropped here, which unlocks the mutex.

    let mut guard = db.lock().unwrap();
    guard.connect(2);
    println!("{:?}", *guard);
}
// ANCHOR_END: database

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn connections_are_kept_in_call_order() {
        let db = Mutex::new(Database::new());
        db.lock().unwrap().connect(1);
        db.lock().unwrap().connect(2);
        assert_eq!(db.lock().unwrap().connections(), &[1, 2]);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
