//! The game lobby of the notes' "Shared Mutable State" section, done with a `Mutex`: a queue
//! of waiting players; when enough have joined, the first `match_size` of them form a match.
//! Chapter 3 builds the same service with a thread that owns the queue and channels.

// ANCHOR: lobby
use std::collections::VecDeque;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    pub players: Vec<String>,
}

pub struct Lobby {
    match_size: usize,
    waiting: Mutex<VecDeque<String>>,
}

impl Lobby {
    pub fn new(match_size: usize) -> Lobby {
        assert!(match_size > 0, "a match needs at least one player");
        Lobby {
            match_size,
            waiting: Mutex::new(VecDeque::new()),
        }
    }

    /// Queues `player`; returns the match this join completed, if it completed one.
    pub fn join(&self, player: &str) -> Option<Match> {
        let mut waiting = self.waiting.lock().unwrap();
        waiting.push_back(player.to_string());
        if waiting.len() < self.match_size {
            return None;
        }
        let players = waiting.drain(..self.match_size).collect();
        Some(Match { players })
    }

    /// Removes `player` from the queue; `false` if they were not waiting.
    pub fn leave(&self, player: &str) -> bool {
        let mut waiting = self.waiting.lock().unwrap();
        match waiting.iter().position(|p| p == player) {
            Some(index) => waiting.remove(index).is_some(),
            None => false,
        }
    }

    pub fn waiting(&self) -> Vec<String> {
        self.waiting.lock().unwrap().iter().cloned().collect()
    }
}

pub fn main() {
    let lobby = Lobby::new(2);
    let matches: Vec<Match> = thread::scope(|s| {
        let handles: Vec<_> = ["ana", "ben", "cho", "dev", "eli"]
            .into_iter()
            .map(|player| {
                let lobby = &lobby;
                s.spawn(move || lobby.join(player))
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().unwrap())
            .collect()
    });
    for found in &matches {
        println!("match: {:?}", found.players);
    }
    println!("still waiting: {:?}", lobby.waiting());
}
// ANCHOR_END: lobby

use std::sync::Mutex;
use std::thread;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_player_ends_in_exactly_one_match_or_in_the_queue() {
        for _ in 0..20 {
            let lobby = Lobby::new(3);
            let players: Vec<String> = (0..10).map(|i| format!("player-{i:02}")).collect();
            let matches: Vec<Match> = thread::scope(|s| {
                let handles: Vec<_> = players
                    .iter()
                    .map(|player| {
                        let lobby = &lobby;
                        s.spawn(move || lobby.join(player))
                    })
                    .collect();
                handles
                    .into_iter()
                    .filter_map(|h| h.join().unwrap())
                    .collect()
            });
            assert_eq!(matches.len(), 3);
            assert!(matches.iter().all(|m| m.players.len() == 3));
            let waiting = lobby.waiting();
            assert_eq!(waiting.len(), 1);
            let mut everyone: Vec<String> = matches.into_iter().flat_map(|m| m.players).collect();
            everyone.extend(waiting);
            everyone.sort();
            assert_eq!(everyone, players);
        }
    }

    #[test]
    fn joins_on_one_thread_match_in_arrival_order() {
        let lobby = Lobby::new(2);
        assert_eq!(lobby.join("ana"), None);
        assert_eq!(
            lobby.join("ben"),
            Some(Match {
                players: vec!["ana".into(), "ben".into()]
            })
        );
        assert_eq!(lobby.join("cho"), None);
        assert!(lobby.leave("cho"));
        assert!(!lobby.leave("cho"));
        assert_eq!(lobby.waiting(), Vec::<String>::new());
    }

    #[test]
    #[should_panic(expected = "a match needs at least one player")]
    fn a_match_of_zero_players_is_refused() {
        Lobby::new(0);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
