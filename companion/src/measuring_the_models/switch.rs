//! A context switch, measured the way Eli Bendersky measured it in 2018: two threads hand a
//! token back and forth, each sleeping until the other wakes it. Pinned to one core, every
//! hand-off is a switch from one thread to the other on that core; unpinned, the threads
//! run on two cores and a hand-off is a wake-up across cores.

// ANCHOR: pinning
/// Pins the calling thread to CPU 0 and returns the set of CPUs it was allowed before.
fn pin_to_cpu_0() -> std::io::Result<libc::cpu_set_t> {
    // Safety: `cpu_set_t` is a plain bit set, for which all zeroes is the empty set.
    let mut previous: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    let size = std::mem::size_of::<libc::cpu_set_t>();
    // Safety: `previous` is a valid, writable `cpu_set_t` of `size` bytes for the call;
    // pid 0 is the calling thread.
    if unsafe { libc::sched_getaffinity(0, size, &mut previous) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    // Safety: as above, all zeroes is the empty set.
    let mut only_0: libc::cpu_set_t = unsafe { std::mem::zeroed() };
    // Safety: CPU 0 is within the set's capacity (`CPU_SETSIZE`, 1024).
    unsafe { libc::CPU_SET(0, &mut only_0) };
    set_affinity(&only_0)?;
    Ok(previous)
}

fn set_affinity(set: &libc::cpu_set_t) -> std::io::Result<()> {
    // Safety: `set` is a valid `cpu_set_t`, read by the call and not kept; pid 0 is the
    // calling thread.
    if unsafe { libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), set) } != 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(())
}
// ANCHOR_END: pinning

// ANCHOR: hand_off
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// `turn` counts the hand-offs; the partner moves on odd turns, the caller on even ones.
/// A thread sleeps in `park` until the count says it is its turn (a loop, since `park` may
/// return early), so each hand-off puts one thread to sleep and wakes the other.
/// Returns `false` if the other side gave up (`turn` is [`BROKEN`]).
fn wait_for(turn: &AtomicU64, value: u64) -> bool {
    loop {
        match turn.load(Ordering::Acquire) {
            now if now == value => return true,
            BROKEN => return false,
            _ => thread::park(),
        }
    }
}

/// What the partner stores when a hand-off came out of turn, so that the caller stops
/// waiting instead of sleeping for ever.
const BROKEN: u64 = u64::MAX;

/// Hands the token back and forth `count` times (two hand-offs each) between this thread
/// and a partner, and returns the time all of them took. With `pinned`, both threads are
/// first pinned to CPU 0 (Linux only; the caller's affinity is restored after).
pub fn round_trips(count: u64, pinned: bool) -> std::io::Result<Duration> {
    let restore = if pinned { Some(pin_to_cpu_0()?) } else { None };
    let turn = Arc::new(AtomicU64::new(0));
    let caller = thread::current();
    let partner = {
        let turn = Arc::clone(&turn);
        thread::Builder::new().spawn(move || -> std::io::Result<()> {
            if pinned {
                pin_to_cpu_0()?;
            }
            for trip in 0..count {
                wait_for(&turn, 2 * trip + 1);
                // The token must be the partner's now; if not, the hand-off is broken.
                let handed = turn.compare_exchange(
                    2 * trip + 1,
                    2 * trip + 2,
                    Ordering::AcqRel,
                    Ordering::Acquire,
                );
                if let Err(seen) = handed {
                    turn.store(BROKEN, Ordering::Release);
                    caller.unpark();
                    return Err(std::io::Error::other(format!(
                        "hand-off {trip} came out of turn (the count was {seen})"
                    )));
                }
                caller.unpark();
            }
            Ok(())
        })?
    };
    let start = Instant::now();
    for trip in 0..count {
        turn.store(2 * trip + 1, Ordering::Release);
        partner.thread().unpark();
        if !wait_for(&turn, 2 * trip + 2) {
            break;
        }
    }
    let elapsed = start.elapsed();
    let partner_ended = partner
        .join()
        .map_err(|_| std::io::Error::other("the partner thread panicked"))
        .and_then(|ended| ended);
    if let Some(previous) = restore {
        set_affinity(&previous)?;
    }
    partner_ended?;
    Ok(elapsed)
}
// ANCHOR_END: hand_off

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;

    fn allowed_cpus() -> usize {
        // Safety: all zeroes is the empty set; the call fills it for the calling thread.
        let mut set: libc::cpu_set_t = unsafe { std::mem::zeroed() };
        // Safety: `set` is valid and writable for the call.
        let status =
            unsafe { libc::sched_getaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &mut set) };
        assert_eq!(status, 0);
        // Safety: `set` is an initialised `cpu_set_t`.
        unsafe { libc::CPU_COUNT(&set) as usize }
    }

    #[test]
    fn every_round_trip_completes_pinned_and_unpinned() {
        for pinned in [false, true] {
            let took = within(Duration::from_secs(20), move || {
                round_trips(1000, pinned).unwrap()
            })
            .expect("a hand-off was lost: both threads asleep");
            assert!(took > Duration::ZERO);
            // Two thousand hand-offs cannot take ten seconds on any machine.
            assert!(took < Duration::from_secs(10), "{took:?}");
        }
    }

    #[test]
    fn waiting_ends_at_its_turn_or_when_the_other_side_gave_up() {
        let turn = AtomicU64::new(3);
        assert!(wait_for(&turn, 3));
        turn.store(BROKEN, Ordering::Release);
        assert!(!wait_for(&turn, 5));
    }

    #[test]
    fn the_caller_is_unpinned_afterwards() {
        // `within` runs the work on a new thread, which starts with this thread's CPUs.
        let before = allowed_cpus();
        let (during, after) = within(Duration::from_secs(20), || {
            let probe = thread::spawn(|| {
                pin_to_cpu_0().unwrap();
                allowed_cpus()
            });
            let during = probe.join().unwrap();
            round_trips(10, true).unwrap();
            (during, allowed_cpus())
        })
        .unwrap();
        assert_eq!(during, 1, "pinning leaves one CPU");
        assert_eq!(after, before, "the caller's CPUs are restored");
    }
}
