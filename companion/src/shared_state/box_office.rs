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
    let refused: Vec<String> = outcomes
        .into_iter()
        .filter_map(|outcome| outcome.err().map(|sold_out| sold_out.to_string()))
        .collect();
    println!("refused: {refused:?}");
    println!("tickets sold: {:?}", venue.sold());
}
// ANCHOR_END: box_office

use crate::shared_state::check_then_act::Venue;
use crate::shared_state::errors::SoldOut;
use std::thread;

#[cfg(all(test, not(loom)))]
mod tests {
    use super::*;

    /// What every run of `main` guarantees, whoever gets in first: two buyers are refused
    /// by name, the other two hold the two tickets, and every buyer is in exactly one of
    /// the two groups.
    #[test]
    fn two_buyers_get_the_seats_and_the_others_are_refused_by_name() {
        /// The items of a line `prefix[a, "b"]`, without their quotes.
        fn items<'a>(line: &'a str, prefix: &str) -> Vec<&'a str> {
            line.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix(']'))
                .unwrap_or_else(|| panic!("{line:?} should be {prefix}…]"))
                .split(", ")
                .map(|item| item.trim_matches('"'))
                .collect()
        }
        let output = crate::testing::run_in_child("shared_state::box_office");
        let lines: Vec<&str> = output.lines().collect();
        assert_eq!(lines.len(), 2, "{output}");
        let mut everyone: Vec<&str> = items(lines[0], "refused: [")
            .into_iter()
            .map(|refusal| {
                refusal
                    .strip_prefix("no ticket for ")
                    .and_then(|rest| rest.strip_suffix(": all 2 seats are sold"))
                    .unwrap_or_else(|| panic!("not a refusal: {refusal:?}"))
            })
            .collect();
        assert_eq!(everyone.len(), 2, "{output}");
        let sold = items(lines[1], "tickets sold: [");
        assert_eq!(sold.len(), 2, "{output}");
        everyone.extend(sold);
        everyone.sort();
        assert_eq!(everyone, ["ana", "ben", "cho", "dev"], "{output}");
    }

    #[test]
    fn main_runs() {
        main();
    }
}
