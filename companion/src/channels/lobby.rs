//! Channels as a service: one thread owns the list of players waiting for a game, and
//! other threads talk to it only through messages, each request carrying the channel for
//! its reply.
//!
//! From source note 002 (errata: `book/errata.md`), "Beyond Pipelines" and "Shared Mutable State": the note
//! describes "a new thread whose whole job is to manage this list" but never builds it.
//!
//! The [`Lobby`] trait is the API; chapter 4 implements the same trait with a `Mutex`, and
//! [`join_from_threads`] drives any implementation from several threads.

// ANCHOR: lobby_api
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Player(pub String);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// In the order they joined the lobby.
    pub players: Vec<Player>,
}

/// Players join one at a time; as soon as enough are waiting, they leave the lobby
/// together as one match.
pub trait Lobby {
    /// Adds `player` to the waiting list. Returns the match this join completed, if any.
    fn join(&self, player: Player) -> Option<Match>;
    /// The players waiting, in the order they joined.
    fn waiting(&self) -> Vec<Player>;
}
// ANCHOR_END: lobby_api

// ANCHOR: lobby_service
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};

enum Request {
    Join {
        player: Player,
        reply: Sender<Option<Match>>,
    },
    Waiting {
        reply: Sender<Vec<Player>>,
    },
}

/// The service loop: the only code that ever touches `waiting`.
fn serve(requests: Receiver<Request>, players_per_match: usize) {
    let mut waiting: Vec<Player> = Vec::new();
    for request in requests {
        match request {
            Request::Join { player, reply } => {
                waiting.push(player);
                let full = waiting.len() == players_per_match;
                let completed = full.then(|| Match {
                    players: std::mem::take(&mut waiting),
                });
                // An error means the caller is gone; the match is still formed.
                let _ = reply.send(completed);
            }
            Request::Waiting { reply } => {
                let _ = reply.send(waiting.clone());
            }
        }
    }
    // Every handle is dropped: nobody can ask anything any more.
}

pub struct ChannelLobby {
    requests: Option<Sender<Request>>,
    service: Option<JoinHandle<()>>,
}

impl ChannelLobby {
    /// Panics if `players_per_match` is 0.
    pub fn new(players_per_match: usize) -> ChannelLobby {
        assert!(players_per_match > 0, "a match needs at least one player");
        let (requests, inbox) = mpsc::channel();
        let service = thread::spawn(move || serve(inbox, players_per_match));
        ChannelLobby {
            requests: Some(requests),
            service: Some(service),
        }
    }

    fn ask<T>(&self, request: impl FnOnce(Sender<T>) -> Request) -> T {
        let (reply, answer) = mpsc::channel();
        let requests = self.requests.as_ref().expect("set until drop");
        requests
            .send(request(reply))
            .expect("the lobby service thread has stopped");
        answer.recv().expect("the lobby service thread has stopped")
    }
}

impl Lobby for ChannelLobby {
    fn join(&self, player: Player) -> Option<Match> {
        self.ask(|reply| Request::Join { player, reply })
    }

    fn waiting(&self) -> Vec<Player> {
        self.ask(|reply| Request::Waiting { reply })
    }
}

impl Drop for ChannelLobby {
    fn drop(&mut self) {
        drop(self.requests.take()); // ends the service's `for` loop...
        if let Some(service) = self.service.take() {
            let _ = service.join(); // ...so this returns
        }
    }
}
// ANCHOR_END: lobby_service

// ANCHOR: lobby_main
/// Each of `threads` threads joins its share of `players`; returns every match formed.
pub fn join_from_threads<L: Lobby + Sync>(
    lobby: &L,
    players: Vec<Player>,
    threads: usize,
) -> Vec<Match> {
    let per_thread = players.len().div_ceil(threads.max(1)).max(1);
    thread::scope(|scope| {
        let handles: Vec<_> = players
            .chunks(per_thread)
            .map(|chunk| {
                scope.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|player| lobby.join(player.clone()))
                        .collect::<Vec<Match>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|handle| handle.join().unwrap())
            .collect()
    })
}

pub fn main() {
    let lobby = ChannelLobby::new(3);
    let players: Vec<Player> = ["ada", "bob", "cy", "dee", "eve", "fay", "gus"]
        .map(|name| Player(name.to_string()))
        .to_vec();
    for game in join_from_threads(&lobby, players, 3) {
        println!("match: {:?}", game.players);
    }
    println!("still waiting: {:?}", lobby.waiting());
}
// ANCHOR_END: lobby_main

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{check_concurrent_joins, within};
    use std::time::Duration;

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn the_second_player_completes_a_match_of_two() {
        let lobby = ChannelLobby::new(2);
        let [ada, bob] = [Player("ada".into()), Player("bob".into())];
        assert_eq!(lobby.join(ada.clone()), None);
        assert_eq!(lobby.waiting(), vec![ada.clone()]);
        assert_eq!(
            lobby.join(bob.clone()),
            Some(Match {
                players: vec![ada, bob]
            })
        );
        assert!(lobby.waiting().is_empty());
    }

    #[test]
    fn concurrent_joins_form_full_matches_and_lose_nobody() {
        within(Duration::from_secs(10), || {
            check_concurrent_joins(&ChannelLobby::new(4), 4, 100);
            check_concurrent_joins(&ChannelLobby::new(4), 4, 103);
            check_concurrent_joins(&ChannelLobby::new(1), 1, 10);
        })
        .unwrap();
    }

    #[test]
    fn dropping_the_lobby_returns_only_after_its_service_thread_has_ended() {
        use crate::testing::SetWhenDropped;
        use std::sync::Arc;
        use std::sync::atomic::{AtomicBool, Ordering};
        // A lobby built as `new` builds it, except that its service thread also owns a
        // guard that sets `ended` as the thread finishes.
        let ended = Arc::new(AtomicBool::new(false));
        let guard = SetWhenDropped(Arc::clone(&ended));
        let ended_at_drop = within(Duration::from_secs(10), move || {
            let (requests, inbox) = mpsc::channel();
            let service = thread::spawn(move || {
                let _ends_with_the_thread = guard;
                serve(inbox, 2);
            });
            let lobby = ChannelLobby {
                requests: Some(requests),
                service: Some(service),
            };
            assert_eq!(lobby.join(Player("ada".into())), None);
            drop(lobby);
            ended.load(Ordering::SeqCst)
        })
        .unwrap();
        assert!(
            ended_at_drop,
            "`drop` returned while the service was still running"
        );
    }
}
