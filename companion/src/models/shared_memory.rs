//! What the threads of one process share, shown by the addresses they see.
//!
//! Fixes source note 000 (errata: `book/errata.md`), "2.9 Concurrency": it says threads "share heap memory"; they
//! share the whole address space (statics, heap, code, even each other's stacks), and only
//! the stack and the thread-locals are per thread.

// ANCHOR: shared_memory
use std::cell::Cell;
use std::ptr;
use std::sync::Barrier;
use std::thread;

static GLOBAL: u32 = 7;

/// The addresses one thread saw, as plain numbers.
#[derive(Debug, Clone, Copy)]
pub struct Seen {
    pub global: usize,
    pub heap: usize,
    pub parents_local: usize,
    pub own_local: usize,
    pub thread_local: usize,
}

/// `on_the_heap` is the contents of the caller's `Box`.
pub fn look_around(threads: usize, on_the_heap: &u32) -> Vec<Seen> {
    thread_local! {
        static PER_THREAD: Cell<u32> = const { Cell::new(0) };
    }
    let parents_local = 0_u32;
    let barrier = Barrier::new(threads);
    thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let own_local = 0_u32;
                    let seen = Seen {
                        global: ptr::from_ref(&GLOBAL).addr(),
                        heap: ptr::from_ref(on_the_heap).addr(),
                        parents_local: ptr::from_ref(&parents_local).addr(),
                        own_local: ptr::from_ref(&own_local).addr(),
                        thread_local: PER_THREAD.with(|cell| ptr::from_ref(cell).addr()),
                    };
                    // Wait until every thread has looked: all are alive at once,
                    // so no thread can reuse the stack of one that has finished.
                    barrier.wait();
                    seen
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}

/// How many different addresses the threads saw for one variable.
fn distinct(seen: &[Seen], address: impl Fn(&Seen) -> usize) -> usize {
    let mut addresses: Vec<usize> = seen.iter().map(address).collect();
    addresses.sort_unstable();
    addresses.dedup();
    addresses.len()
}

pub fn main() {
    let on_the_heap = Box::new(0_u32);
    let seen = look_around(4, &on_the_heap);
    let rows = [
        ("the static", distinct(&seen, |s| s.global)),
        ("the Box's contents", distinct(&seen, |s| s.heap)),
        ("the parent's local", distinct(&seen, |s| s.parents_local)),
        ("their own local", distinct(&seen, |s| s.own_local)),
        ("their thread-local", distinct(&seen, |s| s.thread_local)),
    ];
    println!("{} threads saw:", seen.len());
    for (what, count) in rows {
        println!("  {what:<20} {count} address(es)");
    }
}
// ANCHOR_END: shared_memory

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threads_share_statics_heap_and_the_parents_stack() {
        let on_the_heap = Box::new(0_u32);
        let seen = look_around(4, &on_the_heap);
        assert_eq!(seen.len(), 4);
        assert_eq!(distinct(&seen, |s| s.global), 1);
        assert_eq!(distinct(&seen, |s| s.parents_local), 1);
        // Every thread saw the Box's contents on the heap, not some copy of the pointer.
        let contents = ptr::from_ref(&*on_the_heap).addr();
        assert!(seen.iter().all(|s| s.heap == contents), "{seen:?}");
        assert!(
            seen.iter()
                .all(|s| s.global == ptr::from_ref(&GLOBAL).addr())
        );
    }

    #[test]
    fn each_thread_has_its_own_stack_and_thread_locals() {
        let seen = look_around(4, &0);
        assert_eq!(distinct(&seen, |s| s.own_local), 4);
        assert_eq!(distinct(&seen, |s| s.thread_local), 4);
    }

    #[test]
    fn main_runs() {
        main();
    }
}
