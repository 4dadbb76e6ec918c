//! The second `Database` example: `Arc<Mutex<Database>>` shared by ten threads.
//!
//! From source note 000 (errata: `book/errata.md`), "Mutexes with Arc": the code works, but it prints the
//! connections as if their order meant something (it is the order in which the threads
//! happened to get the lock) and it keeps the `Arc` shared to the end, so it never shows
//! that the data can be taken back out once the threads are done.

// ANCHOR: database_arc
use std::ops::Range;
use std::sync::Arc;
use std::thread;

pub fn connect_from_threads(db: &Arc<Mutex<Database>>, ids: Range<u32>) {
    let handles: Vec<_> = ids
        .map(|id| {
            let db = Arc::clone(db);
            thread::spawn(move || db.lock().unwrap().connect(id))
        })
        .collect();
    for handle in handles {
        handle.join().expect("a connecting thread panicked");
    }
}

pub fn main() {
    let db = Arc::new(Mutex::new(Database::new()));
    connect_from_threads(&db, 0..10);
    println!(
        "handles to the database after the joins: {}",
        Arc::strong_count(&db)
    );

    let db = Arc::into_inner(db).expect("every thread has dropped its clone");
    let db = db.into_inner().unwrap();
    println!(
        "connections, in the order the threads got the lock: {:?}",
        db.connections()
    );
}
// ANCHOR_END: database_arc

use crate::shared_state::database::Database;
use std::sync::Mutex;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_present_once_and_the_arc_is_unique_again() {
        for _ in 0..20 {
            let db = Arc::new(Mutex::new(Database::new()));
            connect_from_threads(&db, 0..10);
            assert_eq!(Arc::strong_count(&db), 1);
            let mut ids = Arc::into_inner(db)
                .unwrap()
                .into_inner()
                .unwrap()
                .connections()
                .to_vec();
            // The order is whatever the scheduler produced; the set is guaranteed.
            ids.sort_unstable();
            assert_eq!(ids, (0..10).collect::<Vec<_>>());
        }
    }

    #[test]
    fn main_runs() {
        main();
    }
}
