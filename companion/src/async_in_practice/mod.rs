//! Chapter 8 (draft, not yet in the book): async in practice.
//!
//! | module | what it shows |
//! |---|---|
//! | [`protocol`] | the sans-IO core of the chapter's servers: a key–value line protocol as a state machine, every bad input an error for its line |

pub mod protocol;
