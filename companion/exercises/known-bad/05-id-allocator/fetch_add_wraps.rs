// Known-bad answer to exercise 05-id-allocator: one `fetch_add` on an `AtomicU32`. No two
// threads can get the same id from it, and that looks like the whole job; but at u32::MAX
// `fetch_add` wraps around to 0 (atomics never panic on overflow, not even in a debug
// build), and the allocator starts handing out ids it already gave away.
// Fails: the_last_id_is_handed_out_once_and_then_never_again, threads_racing_for_the_last_ids_share_all_of_them
// REPLACES imports
use std::sync::atomic::{AtomicU32, Ordering};
// END REPLACES
// REPLACES fields
    next: AtomicU32,
// END REPLACES
// REPLACES new
        IdAllocator {
            next: AtomicU32::new(first),
        }
// END REPLACES
// REPLACES claim
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        after_read();
        Some(id)
// END REPLACES
