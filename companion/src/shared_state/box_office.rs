//! The fixed `Venue::buy` at work: four buyers, two seats, every refusal names its buyer.

// ANCHOR: box_office
pub fn main() {
    let venue = Venue::new(2);
    let outcomes: Vec<Result<(), SoldOut>> = thread::scope(|s| {
        let handles: Vec<_> = ["ana", "ben", "cho", "dev"]
            .into_iter()
            .map(|buyer| {
                let venue = &venue;
                s.spawn(move || venue.buy(buyer))
            })
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().unwrap())
            .collect()
    });
    for outcome in outcomes {
        if let Err(sold_out) = outcome {
            println!("{sold_out}");
        }
    }
    println!("tickets sold: {:?}", venue.sold());
}
// ANCHOR_END: box_office

use crate::shared_state::check_then_act::{SoldOut, Venue};
use std::thread;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn main_runs() {
        main();
    }
}
