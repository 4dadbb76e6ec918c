//! A race condition without a data race: every access to the ticket list is locked, yet a
//! venue with one seat sells two tickets, because the check and the act are two critical
//! sections with a gap between them. The fix makes them one.

// ANCHOR: racy
use std::sync::Barrier;

pub struct Venue {
    capacity: usize,
    sold: Mutex<Vec<String>>,
}

impl Venue {
    pub fn new(capacity: usize) -> Venue {
        Venue {
            capacity,
            sold: Mutex::new(Vec::new()),
        }
    }

    /// Buggy: checks in one critical section, acts in another. `between` runs in the gap.
    pub fn buy_racy(&self, buyer: &str, between: impl FnOnce()) -> bool {
        let has_room = self.sold.lock().unwrap().len() < self.capacity;
        between();
        if has_room {
            self.sold.lock().unwrap().push(buyer.to_string());
        }
        has_room
    }

    pub fn sold(&self) -> Vec<String> {
        let mut sold = self.sold.lock().unwrap().clone();
        sold.sort();
        sold
    }
}

pub fn main() {
    let venue = Venue::new(1);
    let both_have_checked = Barrier::new(2);
    thread::scope(|s| {
        for buyer in ["ana", "ben"] {
            let (venue, barrier) = (&venue, &both_have_checked);
            s.spawn(move || {
                venue.buy_racy(buyer, || {
                    barrier.wait();
                })
            });
        }
    });
    println!(
        "capacity {}, tickets sold: {:?}",
        venue.capacity,
        venue.sold()
    );
}
// ANCHOR_END: racy

// ANCHOR: fixed
use concurrent_rust::shared_state::errors::SoldOut;

impl Venue {
    /// Checks and acts under one guard: no other buyer can get in between.
    pub fn buy(&self, buyer: &str) -> Result<(), SoldOut> {
        let mut sold = self.sold.lock().unwrap();
        if sold.len() >= self.capacity {
            return Err(SoldOut {
                buyer: buyer.to_string(),
                capacity: self.capacity,
            });
        }
        sold.push(buyer.to_string());
        Ok(())
    }
}
// ANCHOR_END: fixed

// `Venue` uses the `Mutex` of the `crate::sync` shim, so that loom checks `buy` and
// `buy_racy` themselves (`loom_models.rs`).
use crate::sync::Mutex;
use std::thread;

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn the_racy_version_oversells_when_both_check_before_either_buys() {
        // `within`: were `between` called with the lock held, both buyers would wait for
        // each other forever, one at the barrier and one at the lock.
        within(Duration::from_secs(10), || {
            for _ in 0..20 {
                let venue = Venue::new(1);
                let both_have_checked = Barrier::new(2);
                let bought: Vec<bool> = thread::scope(|s| {
                    let handles: Vec<_> = ["ana", "ben"]
                        .into_iter()
                        .map(|buyer| {
                            let (venue, barrier) = (&venue, &both_have_checked);
                            s.spawn(move || {
                                venue.buy_racy(buyer, || {
                                    barrier.wait();
                                })
                            })
                        })
                        .collect();
                    handles.into_iter().map(|h| h.join().unwrap()).collect()
                });
                // The barrier forces the bad interleaving: both saw an empty list.
                assert_eq!(bought, vec![true, true]);
                assert_eq!(venue.sold(), vec!["ana", "ben"]);
            }
        })
        .expect("the buyers waited for each other: is `between` called under the lock?");
    }

    /// The racy version's check is right; only the gap is wrong. One buyer at a time, it
    /// refuses the second buyer of a one-seat venue.
    #[test]
    fn the_racy_version_refuses_when_its_check_sees_a_full_venue() {
        let venue = Venue::new(1);
        assert!(venue.buy_racy("ana", || {}));
        assert!(!venue.buy_racy("ben", || {}));
        assert_eq!(venue.sold(), vec!["ana"]);
    }

    #[test]
    fn the_fixed_version_never_sells_more_than_capacity() {
        for _ in 0..20 {
            let venue = Venue::new(3);
            let buyers: Vec<String> = (0..10).map(|i| format!("buyer-{i}")).collect();
            let refused: Vec<SoldOut> = thread::scope(|s| {
                let handles: Vec<_> = buyers
                    .iter()
                    .map(|buyer| {
                        let venue = &venue;
                        s.spawn(move || venue.buy(buyer))
                    })
                    .collect();
                handles
                    .into_iter()
                    .filter_map(|h| h.join().unwrap().err())
                    .collect()
            });
            let sold = venue.sold();
            assert_eq!(sold.len(), 3);
            assert_eq!(refused.len(), 7);
            // Every buyer is accounted for exactly once: sold, or refused by name.
            let mut everyone: Vec<String> = sold;
            everyone.extend(refused.iter().map(|r| r.buyer.clone()));
            everyone.sort();
            let mut expected = buyers.clone();
            expected.sort();
            assert_eq!(everyone, expected);
            assert!(refused.iter().all(|r| r.capacity == 3));
        }
    }

    #[test]
    fn sold_out_names_the_buyer() {
        let venue = Venue::new(0);
        let err = venue.buy("ana").unwrap_err();
        assert_eq!(err.to_string(), "no ticket for ana: all 0 seats are sold");
    }

    #[test]
    fn main_runs() {
        main();
    }
}
