// Known-bad answer to exercise 05-id-allocator: Listing 5.3's loop on an `AtomicU32`, with
// u32::MAX as the limit, because the counter cannot go past it. It never repeats an id and
// never wraps, but it never hands out u32::MAX either: a counter that must also say "all
// gone" needs one more value than there are ids.
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
        let mut current = self.next.load(Ordering::Relaxed);
        loop {
            after_read();
            if current == u32::MAX {
                return None; // the counter cannot go past u32::MAX
            }
            match self.next.compare_exchange_weak(
                current,
                current + 1,
                Ordering::Relaxed,
                Ordering::Relaxed,
            ) {
                Ok(_) => return Some(current),
                Err(actual) => current = actual,
            }
        }
// END REPLACES
