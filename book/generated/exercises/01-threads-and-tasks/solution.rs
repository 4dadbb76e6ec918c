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
    thread::scope(|s| {
        // Start every thread first: `collect` runs the spawns before any join.
        let handles: Vec<_> = jobs.into_iter().map(|job| s.spawn(job)).collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a job panicked"))
            .collect()
    })
}

/// Runs every job at the same time, each as a tokio task of its own on the runtime the
/// caller is in, and returns their answers in the order of `jobs`.
pub async fn as_tasks<T, F>(jobs: Vec<F>) -> Vec<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    // Spawn every task first: a future does nothing until it is polled, and the runtime
    // polls spawned tasks while this one waits on the first handle.
    let handles: Vec<_> = jobs.into_iter().map(tokio::spawn).collect();
    let mut answers = Vec::with_capacity(handles.len());
    for handle in handles {
        answers.push(handle.await.expect("a job panicked"));
    }
    answers
}

/// Asks one shop, blocking the calling thread while the shop takes its time.
pub fn ask_blocking(shop: &Shop) -> Quote {
    thread::sleep(shop.answers_after);
    Quote {
        shop: shop.name.clone(),
        price: shop.price,
    }
}

/// Asks one shop, suspending only this task while the shop takes its time.
pub async fn ask(shop: Shop) -> Quote {
    tokio::time::sleep(shop.answers_after).await;
    Quote {
        shop: shop.name,
        price: shop.price,
    }
}

/// Asks every shop at once, a thread per shop; the quotes in the order of `shops`.
pub fn quotes_on_threads(shops: &[Shop]) -> Vec<Quote> {
    // Scoped threads may borrow: each job holds a `&Shop`.
    on_threads(
        shops
            .iter()
            .map(|shop| move || ask_blocking(shop))
            .collect(),
    )
}

/// Asks every shop at once, a task per shop; the quotes in the order of `shops`.
pub async fn quotes_as_tasks(shops: &[Shop]) -> Vec<Quote> {
    // A spawned task must be `'static`: each one owns a clone of its shop.
    as_tasks(shops.iter().cloned().map(ask).collect()).await
}
