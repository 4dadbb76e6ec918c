//! Globals: a `static` is shared by every thread, so its type must be `Sync`; its
//! initializer is evaluated at compile time, so it may only call `const fn`s.
//!
//! From source note 002 (errata: `book/errata.md`), "Global Variables": the note says "Atomic globals are
//! limited to simple integers and Booleans" and that any other global needs extra work.
//! That is dated: since Rust 1.63 `Mutex::new`, `RwLock::new` and `Condvar::new` are
//! `const fn`, so `static LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());` just works, and
//! since 1.70 / 1.80 `OnceLock` and `LazyLock` cover values built at run time.
//!
//! What fails, checked by trybuild (`tests/compile_fail.rs`) against the compiler output
//! committed beside each file:
//!
//! * `does_not_compile/static_cell.rs` (E0277): a `static` must be `Sync`, and `Cell` is not;
//! * `does_not_compile/static_mut.rs` (the `static_mut_refs` lint, no error code): edition
//!   2024 denies references to a `static mut`.

// ANCHOR: static_atomic
use concurrent_rust::sync::atomic::{AtomicU64, Ordering};

static NEXT_REQUEST_ID: AtomicU64 = AtomicU64::new(1);

pub fn next_request_id() -> u64 {
    NEXT_REQUEST_ID.fetch_add(1, Ordering::Relaxed)
}
// ANCHOR_END: static_atomic

// ANCHOR: static_mutex
use std::sync::Mutex;

static AUDIT_LOG: Mutex<Vec<String>> = Mutex::new(Vec::new());

pub fn audit(event: &str) -> u64 {
    let id = next_request_id();
    AUDIT_LOG.lock().unwrap().push(format!("#{id} {event}"));
    id
}

pub fn audit_entries() -> Vec<String> {
    AUDIT_LOG.lock().unwrap().clone()
}

pub fn main() {
    std::thread::scope(|s| {
        for user in ["ana", "bo"] {
            s.spawn(move || audit(&format!("{user} logged in")));
        }
    });
    println!("{:?}", audit_entries());
}
// ANCHOR_END: static_mutex

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_unique_across_threads() {
        let mut ids: Vec<u64> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|_| s.spawn(|| (0..500).map(|_| next_request_id()).collect::<Vec<_>>()))
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "an id was handed out twice");
        assert!(ids[0] >= 1);
    }

    #[test]
    fn every_audit_entry_is_kept() {
        let ids: Vec<u64> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..4)
                .map(|t| s.spawn(move || audit(&format!("test-entry {t}"))))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        let entries = audit_entries();
        for (t, id) in ids.iter().enumerate() {
            let expected = format!("#{id} test-entry {t}");
            assert!(
                entries.contains(&expected),
                "{expected} missing from {entries:?}"
            );
        }
    }

    #[test]
    fn main_runs() {
        main();
    }
}
