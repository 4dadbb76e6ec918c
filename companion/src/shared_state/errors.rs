//! The error types of the chapter's listings, kept here so that the listings show the
//! locking and not the ceremony of an error type. Each one says what went wrong, with the
//! values that a caller needs (who was refused, which account, how far the quorum got).

use std::fmt;
use std::time::Duration;

/// `Venue::buy` refused `buyer`: all `capacity` seats were sold (Listing 4.8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SoldOut {
    pub buyer: String,
    pub capacity: usize,
}

impl fmt::Display for SoldOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no ticket for {}: all {} seats are sold",
            self.buyer, self.capacity
        )
    }
}

impl std::error::Error for SoldOut {}

/// Why `lock_order::transfer` moved no money (Listing 4.14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransferError {
    SameAccount {
        id: u32,
    },
    InsufficientFunds {
        from: u32,
        balance: i64,
        amount: i64,
    },
}

impl fmt::Display for TransferError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransferError::SameAccount { id } => {
                write!(f, "account {id} cannot pay itself")
            }
            TransferError::InsufficientFunds {
                from,
                balance,
                amount,
            } => write!(
                f,
                "account {from} holds {balance}, not the {amount} to transfer"
            ),
        }
    }
}

impl std::error::Error for TransferError {}

/// `Quorum::wait` gave up: only `ready` of the `needed` workers had reported after
/// `waited` (Listing 4.19).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoQuorum {
    pub ready: usize,
    pub needed: usize,
    pub waited: Duration,
}

impl fmt::Display for NoQuorum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let NoQuorum {
            ready,
            needed,
            waited,
        } = self;
        write!(
            f,
            "only {ready} of the {needed} workers needed were ready after {waited:?}"
        )
    }
}

impl std::error::Error for NoQuorum {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_error_says_what_went_wrong() {
        let sold_out = SoldOut {
            buyer: "ana".into(),
            capacity: 0,
        };
        assert_eq!(
            sold_out.to_string(),
            "no ticket for ana: all 0 seats are sold"
        );
        assert_eq!(
            TransferError::SameAccount { id: 1 }.to_string(),
            "account 1 cannot pay itself"
        );
        let poor = TransferError::InsufficientFunds {
            from: 2,
            balance: 0,
            amount: 3,
        };
        assert_eq!(poor.to_string(), "account 2 holds 0, not the 3 to transfer");
        let no_quorum = NoQuorum {
            ready: 2,
            needed: 3,
            waited: Duration::from_millis(20),
        };
        assert_eq!(
            no_quorum.to_string(),
            "only 2 of the 3 workers needed were ready after 20ms"
        );
    }
}
