//! Counting the OS threads of this process while some work runs (Linux: `/proc`), for
//! Listing 1.15, which compares what a thread per job and a task per job cost in threads.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::Duration;

/// How many OS threads the process had before some work, and the most it had while the
/// work ran. Both are `None` where there is no `/proc` to read them from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OsThreads {
    pub before: Option<usize>,
    pub most_during: Option<usize>,
}

impl fmt::Display for OsThreads {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.before, self.most_during) {
            (Some(before), Some(most)) => write!(
                f,
                "threads in the process: {before} before, at most {most} during"
            ),
            _ => write!(f, "threads in the process: unknown (no /proc/self/status)"),
        }
    }
}

/// The number of OS threads in this process, from the `Threads:` line of
/// `/proc/self/status` (Linux).
pub fn os_threads_now() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("Threads:"))?
        .trim()
        .parse()
        .ok()
}

/// Runs `work` while a watcher thread reads [`os_threads_now`] every millisecond, and
/// returns what `work` returned with the counts (the watcher itself not counted).
pub fn threads_in_process_during<T>(work: impl FnOnce() -> T) -> (T, OsThreads) {
    let Some(before) = os_threads_now() else {
        let unknown = OsThreads {
            before: None,
            most_during: None,
        };
        return (work(), unknown);
    };
    let finished = AtomicBool::new(false);
    thread::scope(|s| {
        let watcher = s.spawn(|| {
            let mut most = 0;
            while !finished.load(Ordering::SeqCst) {
                most = most.max(os_threads_now().unwrap_or(0).saturating_sub(1));
                thread::sleep(Duration::from_millis(1));
            }
            most
        });
        let value = work();
        finished.store(true, Ordering::SeqCst);
        let most_during = watcher.join().unwrap();
        let counts = OsThreads {
            before: Some(before),
            most_during: Some(most_during),
        };
        (value, counts)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_count_is_read_from_proc() {
        let before = os_threads_now().expect("Linux has /proc/self/status");
        assert!(before >= 1);
        let ((), counts) = threads_in_process_during(|| {
            let barrier = std::sync::Barrier::new(4);
            thread::scope(|s| {
                for _ in 0..3 {
                    s.spawn(|| {
                        barrier.wait();
                        thread::sleep(Duration::from_millis(50));
                    });
                }
                barrier.wait();
                thread::sleep(Duration::from_millis(50));
            })
        });
        // Other tests run threads in this process too, so only a lower bound holds here:
        // the three threads were alive together for 50 ms.
        assert!(counts.before.is_some());
        assert!(counts.most_during.unwrap() >= 4, "{counts:?}");
    }
}
