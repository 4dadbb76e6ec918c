//! The game lobby of source note 002's "Shared Mutable State" section (errata:
//! `book/errata.md`), done with a `Mutex`: a list of waiting players; when enough have
//! joined, they leave together as a match.
//!
//! It implements chapter 3's [`Lobby`] trait, so the two versions are interchangeable and
//! the tests below run chapter 3's own concurrency check on this one.

// ANCHOR: lobby
use concurrent_rust::channels::lobby::{Lobby, Match, Player, join_from_threads};
use concurrent_rust::sync::Mutex;

pub struct MutexLobby {
    players_per_match: usize,
    waiting: Mutex<Vec<Player>>,
}

impl MutexLobby {
    pub fn new(players_per_match: usize) -> MutexLobby {
        assert!(players_per_match > 0, "a match needs at least one player");
        MutexLobby {
            players_per_match,
            waiting: Mutex::new(Vec::new()),
        }
    }

    /// Removes `player` from the list; `false` if they were not waiting.
    pub fn leave(&self, player: &Player) -> bool {
        let mut waiting = self.waiting.lock().unwrap();
        match waiting.iter().position(|p| p == player) {
            Some(index) => {
                waiting.remove(index);
                true
            }
            None => false,
        }
    }
}

impl Lobby for MutexLobby {
    fn join(&self, player: Player) -> Option<Match> {
        let mut waiting = self.waiting.lock().unwrap();
        waiting.push(player);
        let full = waiting.len() == self.players_per_match;
        full.then(|| Match {
            players: std::mem::take(&mut *waiting),
        })
    }

    fn waiting(&self) -> Vec<Player> {
        self.waiting.lock().unwrap().clone()
    }
}

pub fn main() {
    let lobby = MutexLobby::new(2);
    let players = ["ana", "ben", "cho", "dev", "eli"]
        .map(|name| Player(name.to_string()))
        .to_vec();
    for found in join_from_threads(&lobby, players, 5) {
        println!("match: {:?}", found.players);
    }
    println!("still waiting: {:?}", lobby.waiting());
}
// ANCHOR_END: lobby

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::check_concurrent_joins;

    #[test]
    fn every_player_ends_in_exactly_one_match_or_in_the_queue() {
        for _ in 0..20 {
            check_concurrent_joins(&MutexLobby::new(3), 3, 10);
            check_concurrent_joins(&MutexLobby::new(4), 4, 103);
        }
    }

    #[test]
    fn joins_on_one_thread_match_in_arrival_order() {
        let player = |name: &str| Player(name.to_string());
        let lobby = MutexLobby::new(2);
        assert_eq!(lobby.join(player("ana")), None);
        assert_eq!(
            lobby.join(player("ben")),
            Some(Match {
                players: vec![player("ana"), player("ben")]
            })
        );
        assert_eq!(lobby.join(player("cho")), None);
        assert!(lobby.leave(&player("cho")));
        assert!(!lobby.leave(&player("cho")));
        assert_eq!(lobby.waiting(), Vec::<Player>::new());
    }

    #[test]
    #[should_panic(expected = "a match needs at least one player")]
    fn a_match_of_zero_players_is_refused() {
        MutexLobby::new(0);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
