//! `Mutex::get_mut` and `Mutex::into_inner` reach the data without locking: a `&mut Mutex`
//! or an owned `Mutex` already proves that no other thread can be using it.
//!
//! From source note 002 (errata: `book/errata.md`), "`Mutex<T>`": "There is no way to access the data in a
//! Mutex without holding the lock" is true only while the mutex is shared.

// ANCHOR: exclusive
pub fn main() {
    let mut lobby = Mutex::new(Vec::<String>::new());

    // We own `lobby` and no thread borrows it: `&mut` access needs no lock.
    lobby.get_mut().unwrap().push("ana".to_string());

    thread::scope(|s| {
        for name in ["ben", "cho"] {
            let lobby = &lobby;
            s.spawn(move || lobby.lock().unwrap().push(name.to_string()));
        }
    }); // every scoped thread has been joined: the borrows have ended

    let mut players = lobby.into_inner().unwrap(); // the Mutex is consumed
    players.sort();
    println!("{players:?}");
}
// ANCHOR_END: exclusive

use std::sync::Mutex;
use std::thread;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_mut_and_into_inner_see_every_write() {
        let mut counter = Mutex::new(0_u32);
        *counter.get_mut().unwrap() += 1;
        thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| *counter.lock().unwrap() += 1);
            }
        });
        *counter.get_mut().unwrap() += 1;
        assert_eq!(counter.into_inner().unwrap(), 6);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
