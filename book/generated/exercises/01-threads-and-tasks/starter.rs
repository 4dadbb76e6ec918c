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
    todo!("a thread per job, all started before any is joined; the answers in job order")
}

/// Runs every job at the same time, each as a tokio task of its own on the runtime the
/// caller is in, and returns their answers in the order of `jobs`.
pub async fn as_tasks<T, F>(jobs: Vec<F>) -> Vec<T>
where
    F: Future<Output = T> + Send + 'static,
    T: Send + 'static,
{
    todo!("a task per job, all spawned before any is awaited; the answers in job order")
}

/// Asks one shop, blocking the calling thread while the shop takes its time.
pub fn ask_blocking(shop: &Shop) -> Quote {
    todo!("wait `shop.answers_after` on this thread, then answer with the shop's price")
}

/// Asks one shop, suspending only this task while the shop takes its time.
pub async fn ask(shop: Shop) -> Quote {
    todo!("wait `shop.answers_after` without holding the thread, then answer")
}

/// Asks every shop at once, a thread per shop; the quotes in the order of `shops`.
pub fn quotes_on_threads(shops: &[Shop]) -> Vec<Quote> {
    todo!("`on_threads`, with a job per shop that calls `ask_blocking`")
}

/// Asks every shop at once, a task per shop; the quotes in the order of `shops`.
pub async fn quotes_as_tasks(shops: &[Shop]) -> Vec<Quote> {
    todo!("`as_tasks`, with a future per shop from `ask`")
}
