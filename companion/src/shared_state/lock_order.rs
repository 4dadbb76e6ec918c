//! Deadlock 2: two threads take the same two locks in opposite orders. Each gets its first
//! lock and then waits forever for the one the other holds. The demonstration makes that
//! interleaving certain with a `Barrier` and asks for the second lock with `try_lock`. The
//! fix: every thread takes the locks in one global order (here, by account id).

// ANCHOR: accounts
pub struct Account {
    pub id: u32,
    pub balance: Mutex<i64>,
}

impl Account {
    pub fn new(id: u32, balance: i64) -> Account {
        Account {
            id,
            balance: Mutex::new(balance),
        }
    }
}

/// Locks `first`, waits until the other thread holds its first lock too, then asks for
/// `second`. Returns whether it got it.
fn lock_both(first: &Account, second: &Account, both_hold_one: &Barrier) -> bool {
    let _held = first.balance.lock().unwrap();
    both_hold_one.wait();
    // With `second.balance.lock()` this thread would wait forever, and so would the other.
    let got_second = second.balance.try_lock().is_ok();
    both_hold_one.wait(); // keep holding `first` until the other thread has asked, too
    got_second
}

pub fn main() {
    let (a, b) = (Account::new(1, 100), Account::new(2, 100));
    let both_hold_one = Barrier::new(2);
    let (a_then_b, b_then_a) = thread::scope(|s| {
        let t1 = s.spawn(|| lock_both(&a, &b, &both_hold_one));
        let t2 = s.spawn(|| lock_both(&b, &a, &both_hold_one));
        (t1.join().unwrap(), t2.join().unwrap())
    });
    println!("thread 1 (a then b) got b: {a_then_b}");
    println!("thread 2 (b then a) got a: {b_then_a}");
}
// ANCHOR_END: accounts

// ANCHOR: transfer
use concurrent_rust::shared_state::errors::TransferError;
use std::cmp::Ordering;

pub fn transfer(from: &Account, to: &Account, amount: i64) -> Result<(), TransferError> {
    // Every thread locks the lower id first, so no two threads wait on each other.
    let from_is_lower = match from.id.cmp(&to.id) {
        Ordering::Less => true,
        Ordering::Greater => false,
        // Locking the same mutex twice would be deadlock 1.
        Ordering::Equal => return Err(TransferError::SameAccount { id: from.id }),
    };
    let (low, high) = if from_is_lower {
        (from, to)
    } else {
        (to, from)
    };
    let mut low_balance = low.balance.lock().unwrap();
    let mut high_balance = high.balance.lock().unwrap();
    let (from_balance, to_balance) = if from_is_lower {
        (&mut *low_balance, &mut *high_balance)
    } else {
        (&mut *high_balance, &mut *low_balance)
    };
    if *from_balance < amount {
        let balance = *from_balance;
        return Err(TransferError::InsufficientFunds {
            from: from.id,
            balance,
            amount,
        });
    }
    *from_balance -= amount;
    *to_balance += amount;
    Ok(())
}
// ANCHOR_END: transfer

// `Account` and `transfer` use the `Mutex` of the `crate::sync` shim, so that loom checks
// this very code (`loom_models.rs`); the demonstration's `Barrier` has no loom version.
use crate::sync::Mutex;
use std::sync::Barrier;
use std::thread;

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::sync::Arc;
    use std::time::Duration;

    #[test]
    fn opposite_orders_leave_each_thread_waiting_for_the_other() {
        // `within`: with `lock` in place of `try_lock`, this would be the deadlock itself.
        within(Duration::from_secs(10), || {
            for _ in 0..20 {
                let (a, b) = (Account::new(1, 100), Account::new(2, 100));
                let barrier = Barrier::new(2);
                let (first, second) = thread::scope(|s| {
                    let t1 = s.spawn(|| lock_both(&a, &b, &barrier));
                    let t2 = s.spawn(|| lock_both(&b, &a, &barrier));
                    (t1.join().unwrap(), t2.join().unwrap())
                });
                // Guaranteed: each asked while the other held what it wanted.
                assert!(!first && !second);
            }
        })
        .expect("the demonstration deadlocked");
    }

    /// The demonstration's `false`s mean something only if `lock_both` can say `true`:
    /// alone, with no other thread holding anything, it gets both locks.
    #[test]
    fn lock_both_gets_the_second_lock_when_nobody_holds_it() {
        let (a, b) = (Account::new(1, 100), Account::new(2, 100));
        assert!(lock_both(&a, &b, &Barrier::new(1)));
    }

    #[test]
    fn transfers_in_both_directions_finish_and_conserve_money() {
        let outcome = within(Duration::from_secs(20), || {
            let accounts = Arc::new([Account::new(1, 1_000), Account::new(2, 1_000)]);
            let workers: Vec<_> = [(0, 1), (1, 0), (0, 1), (1, 0)]
                .into_iter()
                .map(|(from, to)| {
                    let accounts = Arc::clone(&accounts);
                    thread::spawn(move || {
                        for _ in 0..2_000 {
                            // Insufficient funds is a fine outcome; a deadlock is not.
                            let _ = transfer(&accounts[from], &accounts[to], 1);
                        }
                    })
                })
                .collect();
            for worker in workers {
                worker.join().unwrap();
            }
            let a = *accounts[0].balance.lock().unwrap();
            let b = *accounts[1].balance.lock().unwrap();
            (a, b)
        });
        let (a, b) = outcome.expect("the transfers did not finish: deadlock?");
        assert_eq!(a + b, 2_000);
        assert!(a >= 0 && b >= 0);
    }

    #[test]
    fn errors_name_the_accounts() {
        let (a, b) = (Account::new(1, 5), Account::new(2, 0));
        assert_eq!(
            transfer(&a, &a, 1),
            Err(TransferError::SameAccount { id: 1 })
        );
        assert_eq!(
            transfer(&b, &a, 3),
            Err(TransferError::InsufficientFunds {
                from: 2,
                balance: 0,
                amount: 3
            })
        );
        assert_eq!(transfer(&a, &b, 5), Ok(()));
        assert_eq!(*a.balance.lock().unwrap(), 0);
        assert_eq!(*b.balance.lock().unwrap(), 5);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
