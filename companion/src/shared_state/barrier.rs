//! `Barrier`: a meeting point for a fixed number of threads. Nobody leaves `wait` until
//! everybody has arrived, and exactly one of them is told it is the leader.

// ANCHOR: barrier
pub struct RoundReport {
    pub round: usize,
    pub scores: Vec<u32>,
}

pub fn play_rounds(players: usize, rounds: usize) -> Vec<RoundReport> {
    let table = Mutex::new(vec![None; players]);
    let reports = Mutex::new(Vec::new());
    let everyone = Barrier::new(players);
    thread::scope(|s| {
        for player in 0..players {
            let (table, reports, everyone) = (&table, &reports, &everyone);
            s.spawn(move || {
                for round in 0..rounds {
                    let score = (player * 10 + round) as u32; // this round's "move"
                    table.lock().unwrap()[player] = Some(score);
                    if everyone.wait().is_leader() {
                        // Everyone has written this round's score; nobody writes the
                        // next one until the leader is done reading.
                        let scores = table.lock().unwrap().iter().map(|s| s.unwrap()).collect();
                        reports.lock().unwrap().push(RoundReport { round, scores });
                    }
                    everyone.wait();
                }
            });
        }
    });
    reports.into_inner().unwrap()
}

pub fn main() {
    for report in play_rounds(3, 3) {
        println!("round {}: {:?}", report.round, report.scores);
    }
}
// ANCHOR_END: barrier

use std::sync::{Barrier, Mutex};
use std::thread;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn one_leader_per_round_and_it_sees_every_players_move() {
        for _ in 0..10 {
            // `within`: std's `Barrier` does not poison, so a player that panicked would
            // leave the others waiting at it forever.
            let reports = within(Duration::from_secs(10), || play_rounds(4, 5))
                .expect("the players hung at the barrier");
            assert_eq!(reports.len(), 5, "exactly one leader per round");
            for (round, report) in reports.iter().enumerate() {
                assert_eq!(report.round, round, "rounds reported in order");
                let expected: Vec<u32> = (0..4).map(|p| (p * 10 + round) as u32).collect();
                assert_eq!(report.scores, expected);
            }
        }
    }

    #[test]
    fn main_runs() {
        main();
    }
}
