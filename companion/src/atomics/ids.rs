//! A `compare_exchange` loop: hand out ticket numbers up to a limit, and never past it.
//! `fetch_add` cannot do this: it would add first and check afterwards, so the counter
//! could run past the limit (and, at the type's maximum, wrap around to 0).

// ANCHOR: ids
use concurrent_rust::sync::atomic::{AtomicU32, Ordering};

pub fn next_ticket(next: &AtomicU32, limit: u32) -> Option<u32> {
    let mut current = next.load(Ordering::Relaxed);
    loop {
        if current >= limit {
            return None; // sold out, and the counter stays at `limit`
        }
        match next.compare_exchange_weak(current, current + 1, Ordering::Relaxed, Ordering::Relaxed)
        {
            Ok(_) => return Some(current),
            Err(actual) => current = actual, // another thread got there first: retry
        }
    }
}

pub fn main() {
    let next = AtomicU32::new(0);
    let sold: Vec<Vec<u32>> = std::thread::scope(|s| {
        let sellers: Vec<_> = (0..3)
            .map(|_| s.spawn(|| std::iter::from_fn(|| next_ticket(&next, 300_000)).collect()))
            .collect();
        sellers
            .into_iter()
            .map(|seller| seller.join().unwrap())
            .collect()
    });
    for (seller, tickets) in sold.iter().enumerate() {
        println!("seller {seller} sold {} tickets", tickets.len());
    }
    let mut all: Vec<u32> = sold.concat();
    all.sort_unstable();
    let each_once = all.iter().copied().eq(0..300_000);
    println!("every ticket from 0 to 299999 sold exactly once: {each_once}");
    println!(
        "counter after selling out: {}",
        next.load(Ordering::Relaxed)
    );
}
// ANCHOR_END: ids

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;
    use std::thread;

    #[test]
    fn every_ticket_is_sold_exactly_once() {
        for sellers in [1, 2, 4, 8] {
            let next = AtomicU32::new(0);
            let mut sold: Vec<u32> = thread::scope(|s| {
                let handles: Vec<_> = (0..sellers)
                    .map(|_| {
                        s.spawn(|| {
                            std::iter::from_fn(|| next_ticket(&next, 5_000)).collect::<Vec<_>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .flat_map(|h| h.join().unwrap())
                    .collect()
            });
            sold.sort_unstable();
            assert_eq!(sold, (0..5_000).collect::<Vec<u32>>());
            assert_eq!(next.load(Ordering::Relaxed), 5_000);
        }
    }

    #[test]
    fn the_limit_holds_even_at_the_top_of_the_range() {
        let next = AtomicU32::new(u32::MAX - 1);
        assert_eq!(next_ticket(&next, u32::MAX), Some(u32::MAX - 1));
        assert_eq!(next_ticket(&next, u32::MAX), None);
        assert_eq!(next_ticket(&next, u32::MAX), None);
        assert_eq!(next.load(Ordering::Relaxed), u32::MAX);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
