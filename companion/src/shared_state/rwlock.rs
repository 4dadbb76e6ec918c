//! `RwLock<T>`: any number of readers, or one writer. `read` gives a guard that derefs to
//! `&T`, `write` one that derefs to `&mut T` — the borrow rules, checked at run time.

// ANCHOR: rwlock
use std::sync::RwLock;

#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub map: String,
    pub max_players: usize,
}

pub fn main() {
    let settings = RwLock::new(Settings {
        map: "harbour".into(),
        max_players: 4,
    });

    let reading = settings.read().unwrap();
    thread::scope(|s| {
        s.spawn(|| {
            // Another thread, while `reading` is held:
            let can_read = settings.try_read().is_ok();
            let can_write = settings.try_write().is_ok();
            println!("another reader gets in: {can_read}; a writer gets in: {can_write}");
        });
    });
    println!("{} for up to {} players", reading.map, reading.max_players);
    drop(reading);

    settings.write().unwrap().max_players = 8;
    println!("after the write: {:?}", *settings.read().unwrap());
}
// ANCHOR_END: rwlock

use std::thread;

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::TryLockError;

    fn harbour() -> RwLock<Settings> {
        RwLock::new(Settings {
            map: "harbour".into(),
            max_players: 4,
        })
    }

    #[test]
    fn readers_share_and_writers_exclude() {
        let settings = harbour();
        let reading = settings.read().unwrap();
        thread::scope(|s| {
            s.spawn(|| {
                assert!(settings.try_read().is_ok());
                assert!(matches!(
                    settings.try_write(),
                    Err(TryLockError::WouldBlock)
                ));
            });
        });
        drop(reading);

        let writing = settings.write().unwrap();
        thread::scope(|s| {
            s.spawn(|| {
                assert!(matches!(settings.try_read(), Err(TryLockError::WouldBlock)));
                assert!(matches!(
                    settings.try_write(),
                    Err(TryLockError::WouldBlock)
                ));
            });
        });
        drop(writing);
    }

    /// Real threads cannot promise to hit the one-unlock-wide window in which a split
    /// write would show a mix, so this test only checks that every value seen is one of
    /// the two. The exhaustive check is the loom model `readers_never_see_a_mix` (and its
    /// wrong twin, `a_split_write_shows_a_mix`) in `loom_models.rs`.
    #[test]
    fn readers_see_the_value_before_or_after_a_write_never_a_mix() {
        let settings = harbour();
        let seen: Vec<Settings> = thread::scope(|s| {
            let readers: Vec<_> = (0..4)
                .map(|_| s.spawn(|| settings.read().unwrap().clone()))
                .collect();
            s.spawn(|| {
                let mut writing = settings.write().unwrap();
                writing.map = "desert".into();
                writing.max_players = 8;
            });
            readers.into_iter().map(|r| r.join().unwrap()).collect()
        });
        let before = Settings {
            map: "harbour".into(),
            max_players: 4,
        };
        let after = Settings {
            map: "desert".into(),
            max_players: 8,
        };
        assert!(seen.iter().all(|s| *s == before || *s == after), "{seen:?}");
        assert_eq!(*settings.read().unwrap(), after);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
