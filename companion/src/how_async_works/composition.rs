//! Combining futures inside one task: `join!`, `try_join!`, `select!`, and `JoinSet` for
//! spawned tasks.

// ANCHOR: fetch
use std::time::Duration;

/// Stands in for a call to another service: waits `delay`, then answers.
pub async fn fetch(name: &str, delay: Duration) -> String {
    tokio::time::sleep(delay).await;
    format!("{name} after {delay:?}")
}

/// Awaits one call, then the next: the second does not start until the first is done.
pub async fn in_sequence(delay: Duration) -> (String, String) {
    let a = fetch("a", delay).await;
    let b = fetch("b", delay).await;
    (a, b)
}

/// Polls both calls together, in this task, and returns both answers.
pub async fn together(delay: Duration) -> (String, String) {
    tokio::join!(fetch("a", delay), fetch("b", delay))
}
// ANCHOR_END: fetch

// ANCHOR: try_join
use std::sync::{Arc, Mutex};

/// Waits `delay`, logs that it finished, and fails if `fails`.
pub async fn step(
    name: &'static str,
    delay: Duration,
    fails: bool,
    log: Arc<Mutex<Vec<&'static str>>>,
) -> Result<&'static str, String> {
    tokio::time::sleep(delay).await;
    log.lock().unwrap().push(name);
    if fails {
        Err(format!("{name} failed"))
    } else {
        Ok(name)
    }
}

/// A fast step that fails and a slow one that would succeed: `try_join!` returns the error
/// at once and drops the slow step, which never logs.
pub async fn first_error_wins(log: Arc<Mutex<Vec<&'static str>>>) -> Result<(), String> {
    let fast = step("fast", Duration::from_millis(10), true, Arc::clone(&log));
    let slow = step("slow", Duration::from_secs(10), false, log);
    tokio::try_join!(fast, slow)?;
    Ok(())
}
// ANCHOR_END: try_join

// ANCHOR: select
/// Which of two calls answers first; the other one is dropped, mid-sleep.
pub async fn race(a: Duration, b: Duration) -> String {
    tokio::select! {
        answer = fetch("a", a) => answer,
        answer = fetch("b", b) => answer,
    }
}

/// Two branches that are both ready at once: without `biased;`, `select!` picks one at
/// random; with it, it tries them in the order written.
pub async fn both_ready(biased: bool) -> &'static str {
    let ready = std::future::ready;
    if biased {
        tokio::select! {
            biased;
            first = ready("first") => first,
            second = ready("second") => second,
        }
    } else {
        tokio::select! {
            first = ready("first") => first,
            second = ready("second") => second,
        }
    }
}
// ANCHOR_END: select

// ANCHOR: join_set
use tokio::task::JoinSet;

/// Spawns one task per delay and collects their answers as they finish.
pub async fn as_they_finish(delays: &[u64]) -> Vec<u64> {
    let mut set = JoinSet::new();
    for &millis in delays {
        set.spawn(async move {
            tokio::time::sleep(Duration::from_millis(millis)).await;
            millis
        });
    }
    let mut finished = Vec::new();
    while let Some(result) = set.join_next().await {
        finished.push(result.expect("no task panics"));
    }
    finished
}
// ANCHOR_END: join_set

// ANCHOR: composition_main
pub fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let ms = Duration::from_millis;
        println!("{:?}", together(ms(20)).await);
        let log = Arc::new(Mutex::new(Vec::new()));
        println!(
            "{:?}, log {:?}",
            first_error_wins(Arc::clone(&log)).await,
            log.lock().unwrap()
        );
        println!("{}", race(ms(30), ms(10)).await);
        println!("{:?}", as_they_finish(&[30, 10, 20]).await);
    });
}
// ANCHOR_END: composition_main

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::time::Instant;

    const SECOND: Duration = Duration::from_secs(1);

    #[tokio::test(start_paused = true)]
    async fn in_sequence_takes_twice_as_long_as_together() {
        let start = Instant::now();
        let sequential = in_sequence(SECOND).await;
        assert_eq!(start.elapsed(), 2 * SECOND);
        let start = Instant::now();
        let joined = together(SECOND).await;
        assert_eq!(start.elapsed(), SECOND);
        assert_eq!(sequential, joined, "the same answers either way");
        assert_eq!(joined, ("a after 1s".into(), "b after 1s".into()));
    }

    #[tokio::test(start_paused = true)]
    async fn try_join_returns_the_first_error_and_drops_the_rest() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let start = Instant::now();
        assert_eq!(
            first_error_wins(Arc::clone(&log)).await,
            Err("fast failed".into())
        );
        assert_eq!(start.elapsed(), Duration::from_millis(10));
        // Past the slow step's sleep: a step that still existed would have logged by now.
        tokio::time::sleep(Duration::from_secs(20)).await;
        assert_eq!(*log.lock().unwrap(), ["fast"]);
    }

    #[tokio::test(start_paused = true)]
    async fn select_returns_the_first_answer_when_it_arrives() {
        let start = Instant::now();
        assert_eq!(race(3 * SECOND, SECOND).await, "b after 1s");
        assert_eq!(start.elapsed(), SECOND, "it did not wait for the loser");
    }

    #[tokio::test]
    async fn select_picks_at_random_unless_biased() {
        let mut unbiased = std::collections::BTreeSet::new();
        for _ in 0..200 {
            unbiased.insert(both_ready(false).await);
            assert_eq!(both_ready(true).await, "first");
        }
        // Two hundred fair coin tosses all landing the same way: probability 2^-199.
        assert_eq!(
            unbiased.into_iter().collect::<Vec<_>>(),
            ["first", "second"]
        );
    }

    #[tokio::test(start_paused = true)]
    async fn a_join_set_yields_results_in_completion_order() {
        let delays = [300, 100, 200, 50];
        let finished = as_they_finish(&delays).await;
        let mut sorted = finished.clone();
        sorted.sort();
        let mut expected = delays.to_vec();
        expected.sort();
        assert_eq!(sorted, expected, "every task's result, once");
        // On the paused clock, distinct deadlines end in order of their length.
        assert_eq!(finished, expected, "in the order they finished");
    }

    #[test]
    fn main_runs() {
        main();
    }
}
