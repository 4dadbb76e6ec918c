//! What a `const fn` can do in Rust 1.95, each claim backed by code that compiles.
//!
//! From source note 002 (errata: `book/errata.md`), "Global Variables": the note's list is outdated. It says
//! "**const** functions can't take types as generic arguments, only lifetimes, and it's not
//! possible to allocate memory or operate on raw pointers, even in **unsafe** blocks", and
//! allows only "logical operations that don't short-circuit". Generic `const fn`s (1.31,
//! with trait bounds since 1.61), `if`/`match`/loops and `&&`/`||` (1.46), raw-pointer
//! dereferences (1.58), floating point (1.82) and `&mut` (1.83) all work today. Still
//! true: no heap allocation, and no calls to trait methods, so no `for` loops.
//!
//! What still fails, checked by trybuild (`tests/compile_fail.rs`) against the compiler
//! output committed beside each file:
//!
//! * `does_not_compile/const_for_loop.rs` (E0015): a `for` loop calls
//!   `IntoIterator::into_iter` and `Iterator::next`, trait methods that are not `const`;
//! * `does_not_compile/static_string.rs` (E0015): a static's initializer may only call
//!   `const fn`s, and `String::from` allocates.

// ANCHOR: const_fn
pub const fn first_or<T: Copy>(items: &[T], fallback: T) -> T {
    match items {
        [first, ..] => *first,
        [] => fallback,
    }
}

pub const fn total(prices: &[u32]) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while i < prices.len() {
        sum += prices[i];
        i += 1;
    }
    sum
}

pub const fn is_ticket_code(code: &[u8]) -> bool {
    code.len() == 6 && code[0].is_ascii_uppercase() && (code[5] == b'A' || code[5] == b'B')
}

/// # Safety
///
/// `pointer` must point to at least two `u32`s.
pub const unsafe fn second(pointer: *const u32) -> u32 {
    // Safety: the caller promises two `u32`s.
    unsafe { *pointer.add(1) }
}

pub const fn swap_ends(bytes: &mut [u8; 4]) {
    let first = bytes[0];
    bytes[0] = bytes[3];
    bytes[3] = first;
}

pub const fn fahrenheit(celsius: f64) -> f64 {
    celsius * 9.0 / 5.0 + 32.0
}

pub const fn squares<const N: usize>() -> [u64; N] {
    let mut table = [0; N];
    let mut i = 0;
    while i < N {
        table[i] = (i * i) as u64;
        i += 1;
    }
    table
}

const PRICES: [u32; 3] = [3, 4, 5];
pub const FIRST_PRICE: u32 = first_or(&PRICES, 0);
pub const TOTAL: u32 = total(&PRICES);
pub const VALID: bool = is_ticket_code(b"K1234A");
// Safety: `PRICES` has three elements.
pub const SECOND_PRICE: u32 = unsafe { second(PRICES.as_ptr()) };
pub const SWAPPED: [u8; 4] = {
    let mut bytes = *b"rust";
    swap_ends(&mut bytes);
    bytes
};
pub const BOILING: f64 = fahrenheit(100.0);
pub static SQUARES: [u64; 6] = squares();

pub fn main() {
    println!("first {FIRST_PRICE}, total {TOTAL}, second {SECOND_PRICE}, valid {VALID}");
    println!(
        "{:?}, {BOILING} °F, {SQUARES:?}",
        std::str::from_utf8(&SWAPPED).unwrap()
    );
}
// ANCHOR_END: const_fn

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_constants_were_computed_at_compile_time() {
        // `const` items are evaluated by the compiler; these are their values.
        assert_eq!(FIRST_PRICE, 3);
        assert_eq!(TOTAL, 12);
        const { assert!(VALID) };
        assert_eq!(SECOND_PRICE, 4);
        assert_eq!(&SWAPPED, b"tusr");
        assert_eq!(BOILING, 212.0);
        assert_eq!(SQUARES, [0, 1, 4, 9, 16, 25]);
    }

    #[test]
    fn const_fns_also_run_at_run_time() {
        assert_eq!(first_or::<char>(&[], 'x'), 'x');
        assert_eq!(total(&[]), 0);
        assert!(!is_ticket_code(b"k1234A"));
        assert!(!is_ticket_code(b"K1234C"));
        assert!(!is_ticket_code(b"K123A"));
        assert_eq!(fahrenheit(-40.0), -40.0);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
