//! Exercise 1.1: The same job on threads and as tasks.
//!
//! Ask every shop for its price at the same time, twice: once with one OS thread per
//! request, once with one tokio task per request. Both versions return the answers in the
//! order of the requests, whatever order they arrive in. The full statement is in the book
//! page.

use std::future::Future;
use std::thread;
use std::time::Duration;

/// A shop to ask for a price, and how long it takes to answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shop {
    pub name: String,
    pub price: u32,
    pub answers_after: Duration,
}

/// A shop's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    pub shop: String,
    pub price: u32,
}

/// Runs every job at the same time, each on an OS thread of its own, and returns their
/// answers in the order of `jobs`. The jobs may borrow what the caller owns.
pub fn on_threads<T, F>(jobs: Vec<F>) -> Vec<T>
where
    F: FnOnce() -> T + Send,
    T: Send,
{
    // STARTER: todo!("a thread per job, all started before any is joined; the answers in job order")
    // SOLUTION spawn_then_join
    thread::scope(|s| {
        // Start every thread first: `collect` runs the spawns before any join.
        let handles: Vec<_> = jobs.into_iter().map(|job| s.spawn(job)).collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a job panicked"))
            .collect()
    })
    // END SOLUTION
}

/// Runs every job at the same time, each as a tokio task of its own on the runtime the
/// caller is in, and returns their answers in the order of `jobs`.
pub async fn as_tasks<T, F>(jobs: Vec<F>) -> Vec<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    // STARTER: todo!("a task per job, all spawned before any is awaited; the answers in job order")
    // SOLUTION spawn_then_await
    // Spawn every task first: a future does nothing until it is polled, and the runtime
    // polls spawned tasks while this one waits on the first handle.
    let handles: Vec<_> = jobs.into_iter().map(tokio::spawn).collect();
    let mut answers = Vec::with_capacity(handles.len());
    for handle in handles {
        answers.push(handle.await.expect("a job panicked"));
    }
    answers
    // END SOLUTION
}

/// Asks one shop, blocking the calling thread while the shop takes its time.
pub fn ask_blocking(shop: &Shop) -> Quote {
    // STARTER: todo!("wait `shop.answers_after` on this thread, then answer with the shop's price")
    // SOLUTION
    thread::sleep(shop.answers_after);
    Quote {
        shop: shop.name.clone(),
        price: shop.price,
    }
    // END SOLUTION
}

/// Asks one shop, suspending only this task while the shop takes its time.
pub async fn ask(shop: Shop) -> Quote {
    // STARTER: todo!("wait `shop.answers_after` without holding the thread, then answer")
    // SOLUTION suspend
    tokio::time::sleep(shop.answers_after).await;
    // END SOLUTION
    // SOLUTION
    Quote {
        shop: shop.name,
        price: shop.price,
    }
    // END SOLUTION
}

/// Asks every shop at once, a thread per shop; the quotes in the order of `shops`.
pub fn quotes_on_threads(shops: &[Shop]) -> Vec<Quote> {
    // STARTER: todo!("`on_threads`, with a job per shop that calls `ask_blocking`")
    // SOLUTION
    // Scoped threads may borrow: each job holds a `&Shop`.
    on_threads(
        shops
            .iter()
            .map(|shop| move || ask_blocking(shop))
            .collect(),
    )
    // END SOLUTION
}

/// Asks every shop at once, a task per shop; the quotes in the order of `shops`.
pub async fn quotes_as_tasks(shops: &[Shop]) -> Vec<Quote> {
    // STARTER: todo!("`as_tasks`, with a future per shop from `ask`")
    // SOLUTION
    // A spawned task must be `'static`: each one owns a clone of its shop.
    as_tasks(shops.iter().cloned().map(ask).collect()).await
    // END SOLUTION
}

#[cfg(test)]
mod tests {
    use super::*;
    use concurrent_rust::fixtures::within;
    use std::sync::Mutex;
    use std::sync::mpsc;
    use std::time::Duration;

    /// How long a job waits for the job after it to finish before it gives up: far longer
    /// than starting a few threads takes, so only jobs that run one after another run out
    /// of patience.
    const PATIENCE: Duration = Duration::from_secs(2);

    /// A runtime on one thread whose clock stands still until every task waits, then
    /// jumps to the next timer: waits cost no real time, and durations are exact.
    fn paused_runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .start_paused(true)
            .build()
            .unwrap()
    }

    fn shops() -> Vec<Shop> {
        let shop = |name: &str, price, millis| Shop {
            name: name.to_string(),
            price,
            answers_after: Duration::from_millis(millis),
        };
        vec![
            shop("corner shop", 120, 30),
            shop("market", 95, 10),
            shop("online", 99, 20),
        ]
    }

    fn quotes() -> Vec<Quote> {
        let quote = |shop: &str, price| Quote {
            shop: shop.to_string(),
            price,
        };
        vec![
            quote("corner shop", 120),
            quote("market", 95),
            quote("online", 99),
        ]
    }

    #[test]
    fn threads_answer_in_job_order_whatever_order_they_finish() {
        const JOBS: usize = 4;
        let (answers, finished) = within(Duration::from_secs(10), || {
            // Job i waits until job i + 1 has finished, so the last job finishes first and
            // the first job last: only jobs that all run at once can do that.
            let (tells, waits): (Vec<_>, Vec<_>) = (1..JOBS).map(|_| mpsc::channel::<()>()).unzip();
            let waits = waits.into_iter().map(Some).chain([None]);
            let tells = [None].into_iter().chain(tells.into_iter().map(Some));
            let finished = Mutex::new(Vec::new());
            let jobs: Vec<_> = waits
                .zip(tells)
                .enumerate()
                .map(|(i, (wait, tell))| {
                    let finished = &finished;
                    move || {
                        if let Some(wait) = wait {
                            wait.recv_timeout(PATIENCE).unwrap_or_else(|_| {
                                panic!(
                                    "job {i} waited in vain for job {} to finish: the \
                                     threads ran one after another, not at the same time",
                                    i + 1
                                )
                            });
                        }
                        finished.lock().unwrap().push(i);
                        if let Some(tell) = tell {
                            let _ = tell.send(());
                        }
                        format!("answer {i}")
                    }
                })
                .collect();
            let answers = on_threads(jobs);
            (answers, finished.into_inner().unwrap())
        })
        .expect("on_threads never returned: a hang");
        assert_eq!(
            finished,
            [3, 2, 1, 0],
            "the jobs finished in an order they cannot finish in when they all run at once"
        );
        assert_eq!(
            answers,
            ["answer 0", "answer 1", "answer 2", "answer 3"],
            "on_threads must return the answers in the order of the jobs, whatever order the \
             threads finished in (here the last job finished first)"
        );
    }

    #[test]
    fn quotes_on_threads_come_in_shop_order() {
        let got = within(Duration::from_secs(5), || quotes_on_threads(&shops()))
            .expect("quotes_on_threads never returned: a hang");
        assert_eq!(
            got,
            quotes(),
            "one quote per shop, with the shop's name and price, in the order of the shops \
             (the market answers first, but it is second in the list)"
        );
    }

    #[test]
    fn tasks_wait_at_the_same_time() {
        let (answers, took) = within(Duration::from_secs(5), || {
            paused_runtime().block_on(async {
                let start = tokio::time::Instant::now();
                let jobs: Vec<_> = (1..=4_u64)
                    .map(|seconds| async move {
                        tokio::time::sleep(Duration::from_secs(seconds)).await;
                        seconds
                    })
                    .collect();
                let answers = as_tasks(jobs).await;
                (answers, start.elapsed())
            })
        })
        .expect("as_tasks never returned: a hang");
        assert_eq!(
            took,
            Duration::from_secs(4),
            "four jobs that wait 1, 2, 3 and 4 s on the runtime's clock take 4 s together when \
             they wait at the same time; yours took {took:?}, so some of them waited one after \
             another (a future does nothing until it is polled)"
        );
        assert_eq!(answers, [1, 2, 3, 4], "the answers, in job order");
    }

    #[test]
    fn tasks_answer_in_job_order_whatever_order_they_finish() {
        let answers = within(Duration::from_secs(5), || {
            paused_runtime().block_on(async {
                // The first job waits longest, so the jobs finish last one first.
                let jobs: Vec<_> = (0..4_u64)
                    .map(|i| async move {
                        tokio::time::sleep(Duration::from_secs(4 - i)).await;
                        format!("answer {i}")
                    })
                    .collect();
                as_tasks(jobs).await
            })
        })
        .expect("as_tasks never returned: a hang");
        assert_eq!(
            answers,
            ["answer 0", "answer 1", "answer 2", "answer 3"],
            "as_tasks must return the answers in the order of the jobs, whatever order the \
             tasks finished in (here the last job finished first)"
        );
    }

    #[test]
    fn quotes_as_tasks_wait_on_the_runtime_clock() {
        let (got, took) = within(Duration::from_secs(5), || {
            paused_runtime().block_on(async {
                let start = tokio::time::Instant::now();
                let got = quotes_as_tasks(&shops()).await;
                (got, start.elapsed())
            })
        })
        .expect("quotes_as_tasks never returned: a hang");
        assert_eq!(
            got,
            quotes(),
            "one quote per shop, with the shop's name and price, in the order of the shops"
        );
        assert_eq!(
            took,
            Duration::from_millis(30),
            "three shops that answer after 30, 10 and 20 ms, asked at the same time, take \
             30 ms of the runtime's clock; yours took {took:?}. Zero means the tasks did not \
             wait on the runtime's timers at all: a blocking sleep holds the runtime's only \
             thread, and every other task with it. 60 ms means they waited in turn"
        );
    }
}
