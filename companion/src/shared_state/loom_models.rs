//! loom models of the chapter's claims, compiled only under `RUSTFLAGS="--cfg loom"`. The
//! listings they check (`Venue`, `Account` and `transfer`, `BoundedQueue`, `Quorum`,
//! `MutexLobby`) take their `Mutex` and `Condvar` from the `concurrent_rust::sync` shim, so
//! under `--cfg loom` the models run the listings' own code. loom runs each model once per
//! distinct behaviour of its threads (up to `LOOM_MAX_PREEMPTIONS` preemptions, if set) and
//! reports a deadlock when every thread is blocked.
//!
//! Four models are of deliberately wrong code. Their tests are `should_panic` with the
//! message loom (or the model's own assertion) must fail with, so a model that fails for any
//! other reason (a typo, loom giving up) fails its test.

use crate::channels::lobby::{Lobby, Player};
use crate::shared_state::bounded_queue::BoundedQueue;
use crate::shared_state::check_then_act::Venue;
use crate::shared_state::lobby::MutexLobby;
use crate::shared_state::lock_order::{Account, transfer};
use crate::shared_state::quorum::Quorum;
use std::time::Duration;

// ANCHOR: loom_tickets
use concurrent_rust::sync::{Arc, thread};

/// Two buyers, one seat. `racy` picks `buy_racy` (with nothing in the gap) over `buy`.
pub fn ticket_model(racy: bool) {
    loom::model(move || {
        let venue = Arc::new(Venue::new(1));
        let other = {
            let venue = Arc::clone(&venue);
            thread::spawn(move || {
                if racy {
                    venue.buy_racy("ben", || {});
                } else {
                    let _ = venue.buy("ben");
                }
            })
        };
        if racy {
            venue.buy_racy("ana", || {});
        } else {
            let _ = venue.buy("ana");
        }
        other.join().unwrap();
        assert_eq!(venue.sold().len(), 1, "sold more tickets than seats");
    });
}
// ANCHOR_END: loom_tickets

// ANCHOR: loom_lock_order
/// WRONG: locks `from` first, whatever the ids.
fn transfer_unordered(from: &Account, to: &Account, amount: i64) {
    let mut from_balance = from.balance.lock().unwrap();
    let mut to_balance = to.balance.lock().unwrap();
    *from_balance -= amount;
    *to_balance += amount;
}

/// Two transfers in opposite directions, by `transfer` (Listing 4.14) or by the unordered
/// version. The accounts are shared through a `std` `Arc` (see the chapter for why).
pub fn opposite_transfers_model(ordered: bool) {
    loom::model(move || {
        let accounts = std::sync::Arc::new([Account::new(1, 10), Account::new(2, 10)]);
        let pay = move |accounts: &[Account; 2], from: usize, to: usize| {
            if ordered {
                transfer(&accounts[from], &accounts[to], 1).unwrap();
            } else {
                transfer_unordered(&accounts[from], &accounts[to], 1);
            }
        };
        let other = {
            let accounts = std::sync::Arc::clone(&accounts);
            thread::spawn(move || pay(&accounts, 1, 0))
        };
        pay(&accounts, 0, 1);
        other.join().unwrap();
        let total = *accounts[0].balance.lock().unwrap() + *accounts[1].balance.lock().unwrap();
        assert_eq!(total, 20);
    });
}
// ANCHOR_END: loom_lock_order

// ANCHOR: loom_queue
/// loom with at most three preemptions per schedule: the queue models are the biggest of
/// the course, and without a bound they take minutes (with 3: seconds).
fn bounded(model: impl Fn() + Sync + Send + 'static) {
    let mut builder = loom::model::Builder::new();
    builder.preemption_bound = Some(3);
    builder.check(model);
}

/// `BoundedQueue` (Listing 4.17) with room for one item. Two producers, one consumer:
/// a woken producer can find that the other one filled the queue first.
pub fn two_producers_model() {
    bounded(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let producers: Vec<_> = [vec![1, 2], vec![3]]
            .into_iter()
            .map(|items| {
                let queue = Arc::clone(&queue);
                thread::spawn(move || items.into_iter().for_each(|item| queue.push(item)))
            })
            .collect();
        let mut received: Vec<u32> = (0..3).map(|_| queue.pop()).collect();
        for producer in producers {
            producer.join().unwrap();
        }
        received.sort();
        assert_eq!(received, [1, 2, 3]);
    });
}

/// One producer, two consumers: a woken consumer can find that the other one emptied the
/// queue first.
pub fn two_consumers_model() {
    bounded(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || [1, 2].into_iter().for_each(|item| queue.push(item)))
        };
        let other = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || queue.pop())
        };
        let mut received = [queue.pop(), other.join().unwrap()];
        producer.join().unwrap();
        received.sort();
        assert_eq!(received, [1, 2]);
    });
}

/// A producer blocked on a full queue is woken by `pop_timeout` (loom's `wait_timeout`
/// never times out, so here `pop_timeout` is `pop`).
pub fn pop_timeout_model() {
    loom::model(|| {
        let queue = Arc::new(BoundedQueue::new(1));
        let producer = {
            let queue = Arc::clone(&queue);
            thread::spawn(move || {
                queue.push(1);
                queue.push(2); // waits until the first item is taken
            })
        };
        let first = queue.pop_timeout(Duration::from_secs(3600));
        let second = queue.pop_timeout(Duration::from_secs(3600));
        producer.join().unwrap();
        assert_eq!((first, second), (Some(1), Some(2)));
    });
}
// ANCHOR_END: loom_queue

// ANCHOR: loom_one_condvar
use concurrent_rust::sync::{Condvar, Mutex};

/// WRONG for more than one producer: a one-slot queue with ONE condition variable for
/// both sides, and `notify_one`. A producer can wake the other producer instead of the
/// consumer, and then all three sleep.
pub fn one_condvar_model() {
    loom::model(|| {
        let slot = std::sync::Arc::new((Mutex::new(None::<u32>), Condvar::new()));
        let producers: Vec<_> = [[1, 2], [3, 4]]
            .map(|items| {
                let slot = std::sync::Arc::clone(&slot);
                thread::spawn(move || {
                    let (value, changed) = &*slot;
                    for item in items {
                        let mut value = value.lock().unwrap();
                        while value.is_some() {
                            value = changed.wait(value).unwrap();
                        }
                        *value = Some(item);
                        drop(value);
                        changed.notify_one();
                    }
                })
            })
            .into();
        let (value, changed) = &*slot;
        for _ in 0..4 {
            let mut value = value.lock().unwrap();
            while value.is_none() {
                value = changed.wait(value).unwrap();
            }
            value.take();
            drop(value);
            changed.notify_one();
        }
        for producer in producers {
            producer.join().unwrap();
        }
    });
}
// ANCHOR_END: loom_one_condvar

// ANCHOR: loom_quorum
/// Two waiters, one report: `Quorum` (Listing 4.19) wakes both.
pub fn quorum_model() {
    loom::model(|| {
        let quorum = Arc::new(Quorum::new(1));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let quorum = Arc::clone(&quorum);
                thread::spawn(move || quorum.wait(Duration::from_secs(3600)))
            })
            .collect();
        quorum.report_ready();
        for waiter in waiters {
            assert_eq!(waiter.join().unwrap(), Ok(1));
        }
    });
}

/// WRONG: the same two waiters and one report, woken with `notify_one`.
pub fn quorum_notify_one_model() {
    loom::model(|| {
        let state = std::sync::Arc::new((Mutex::new(false), Condvar::new()));
        let waiters: Vec<_> = (0..2)
            .map(|_| {
                let state = std::sync::Arc::clone(&state);
                thread::spawn(move || {
                    let (ready, changed) = &*state;
                    let mut ready = ready.lock().unwrap();
                    while !*ready {
                        ready = changed.wait(ready).unwrap();
                    }
                })
            })
            .collect();
        let (ready, changed) = &*state;
        *ready.lock().unwrap() = true;
        changed.notify_one();
        for waiter in waiters {
            waiter.join().unwrap();
        }
    });
}
// ANCHOR_END: loom_quorum

// ANCHOR: loom_rwlock
use concurrent_rust::sync::RwLock;

/// A reader and a writer of two fields that belong together. With `split_write`, the
/// writer changes them in two critical sections instead of one.
pub fn rwlock_model(split_write: bool) {
    loom::model(move || {
        let settings = Arc::new(RwLock::new(("harbour", 4)));
        let writer = {
            let settings = Arc::clone(&settings);
            thread::spawn(move || {
                if split_write {
                    settings.write().unwrap().0 = "desert";
                    settings.write().unwrap().1 = 8;
                } else {
                    *settings.write().unwrap() = ("desert", 8);
                }
            })
        };
        let seen = *settings.read().unwrap();
        writer.join().unwrap();
        assert!(
            seen == ("harbour", 4) || seen == ("desert", 8),
            "a reader saw a mix: {seen:?}"
        );
    });
}
// ANCHOR_END: loom_rwlock

/// Three players join a lobby for matches of two: one match of two, one player waiting.
pub fn lobby_model() {
    loom::model(|| {
        let lobby = Arc::new(MutexLobby::new(2));
        let others: Vec<_> = ["ben", "cho"]
            .map(|name| {
                let lobby = Arc::clone(&lobby);
                thread::spawn(move || lobby.join(Player(name.into())))
            })
            .into();
        let mut matches: Vec<_> = lobby.join(Player("ana".into())).into_iter().collect();
        matches.extend(others.into_iter().filter_map(|other| other.join().unwrap()));
        assert_eq!(matches.len(), 1, "one match of two, not {matches:?}");
        let mut everyone = matches[0].players.clone();
        assert_eq!(everyone.len(), 2, "a match of two, not {everyone:?}");
        everyone.extend(lobby.waiting());
        everyone.sort_by(|a, b| a.0.cmp(&b.0));
        let names: Vec<&str> = everyone.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(names, ["ana", "ben", "cho"]);
    });
}

mod tests {
    use super::*;

    #[test]
    fn buy_never_oversells() {
        ticket_model(false);
    }

    #[test]
    #[should_panic(expected = "sold more tickets than seats")]
    fn buy_racy_oversells_in_some_interleaving() {
        ticket_model(true);
    }

    #[test]
    fn ordered_transfers_never_deadlock() {
        opposite_transfers_model(true);
    }

    #[test]
    #[should_panic(expected = "deadlock; threads = ")]
    fn opposite_orders_deadlock_in_some_interleaving() {
        opposite_transfers_model(false);
    }

    #[test]
    fn two_producers_one_consumer_deliver_every_item_once() {
        two_producers_model();
    }

    #[test]
    fn one_producer_two_consumers_deliver_every_item_once() {
        two_consumers_model();
    }

    #[test]
    fn pop_timeout_wakes_a_blocked_producer() {
        pop_timeout_model();
    }

    #[test]
    #[should_panic(expected = "deadlock; threads = ")]
    fn one_condvar_for_two_producers_deadlocks() {
        one_condvar_model();
    }

    #[test]
    fn every_quorum_waiter_wakes() {
        quorum_model();
    }

    #[test]
    #[should_panic(expected = "deadlock; threads = ")]
    fn notify_one_leaves_a_waiter_asleep() {
        quorum_notify_one_model();
    }

    #[test]
    fn readers_never_see_a_mix() {
        rwlock_model(false);
    }

    #[test]
    #[should_panic(expected = "a reader saw a mix")]
    fn a_split_write_shows_a_mix() {
        rwlock_model(true);
    }

    #[test]
    fn three_players_make_one_match_and_one_waits() {
        lobby_model();
    }
}
