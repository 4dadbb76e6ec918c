//! A tokio actor: a task that owns its state and answers messages, and a cloneable handle
//! whose methods send a message with a `oneshot` for the reply. Chapter 3's lobby
//! (`channels::lobby`) is the same design on a thread.

// ANCHOR: actor
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;

/// What a handle can ask; each request carries the channel for its reply.
enum Message {
    Add {
        amount: u64,
        reply: oneshot::Sender<u64>,
    },
    Total {
        reply: oneshot::Sender<u64>,
    },
}

/// The actor's loop: the only code that ever touches `total`. It ends when every
/// handle is dropped (then `recv` returns `None`), and returns the final total.
async fn run(mut inbox: mpsc::Receiver<Message>) -> u64 {
    let mut total = 0;
    while let Some(message) = inbox.recv().await {
        match message {
            Message::Add { amount, reply } => {
                total += amount;
                // An error means the caller stopped waiting; the addition still counts.
                let _ = reply.send(total);
            }
            Message::Total { reply } => {
                let _ = reply.send(total);
            }
        }
    }
    total
}

/// The actor has stopped (it panicked or was aborted): nobody will answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActorGone;

/// A way to talk to the counter actor; clone it to give another task one.
#[derive(Clone)]
pub struct Counter {
    sender: mpsc::Sender<Message>,
}

impl Counter {
    /// Spawns the actor on the current runtime. The `JoinHandle` gives its final total
    /// once the last `Counter` is dropped.
    pub fn spawn() -> (Counter, JoinHandle<u64>) {
        let (sender, inbox) = mpsc::channel(32); // bounded: a flood of requests waits
        (Counter { sender }, tokio::spawn(run(inbox)))
    }

    async fn ask(
        &self,
        message: impl FnOnce(oneshot::Sender<u64>) -> Message,
    ) -> Result<u64, ActorGone> {
        let (reply, answer) = oneshot::channel();
        self.sender
            .send(message(reply))
            .await
            .map_err(|_| ActorGone)?;
        answer.await.map_err(|_| ActorGone)
    }

    /// Adds `amount`; returns the total just after this addition.
    pub async fn add(&self, amount: u64) -> Result<u64, ActorGone> {
        self.ask(|reply| Message::Add { amount, reply }).await
    }

    pub async fn total(&self) -> Result<u64, ActorGone> {
        self.ask(|reply| Message::Total { reply }).await
    }
}
// ANCHOR_END: actor

// ANCHOR: actor_main
pub fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("a current-thread runtime");
    runtime.block_on(async {
        let (counter, actor) = Counter::spawn();
        println!("add 2 -> {:?}", counter.add(2).await);
        println!("add 3 -> {:?}", counter.add(3).await);
        // Ten tasks, each with its own clone of the handle, add 1 at the same time.
        let clients: Vec<_> = (0..10)
            .map(|_| {
                let counter = counter.clone();
                tokio::spawn(async move { counter.add(1).await })
            })
            .collect();
        for client in clients {
            client
                .await
                .expect("a client did not panic")
                .expect("the actor is running");
        }
        println!("total -> {:?}", counter.total().await);
        drop(counter); // the last handle: the actor's `recv` returns `None`
        println!("the actor ended with {:?}", actor.await);
    });
}
// ANCHOR_END: actor_main

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    const LIMIT: Duration = Duration::from_secs(10);

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_adds_each_see_a_different_total_and_none_is_lost() {
        let (counter, actor) = Counter::spawn();
        let clients: Vec<_> = (0..100)
            .map(|_| {
                let counter = counter.clone();
                tokio::spawn(async move { counter.add(1).await })
            })
            .collect();
        let mut seen = Vec::new();
        for client in clients {
            let total = tokio::time::timeout(LIMIT, client)
                .await
                .expect("the actor answered in time")
                .unwrap()
                .unwrap();
            seen.push(total);
        }
        seen.sort_unstable();
        // One owner, one message at a time: the totals after each add are 1, 2, ... 100.
        assert_eq!(seen, (1..=100).collect::<Vec<u64>>());
        assert_eq!(counter.total().await, Ok(100));
        drop(counter);
        let last = tokio::time::timeout(LIMIT, actor)
            .await
            .expect("the actor ended");
        assert_eq!(last.unwrap(), 100);
    }

    #[tokio::test]
    async fn the_actor_ends_when_its_last_handle_is_dropped() {
        let (counter, actor) = Counter::spawn();
        let other = counter.clone();
        assert_eq!(counter.add(5).await, Ok(5));
        drop(counter);
        assert_eq!(
            other.add(1).await,
            Ok(6),
            "one handle is left: still running"
        );
        drop(other);
        let total = tokio::time::timeout(LIMIT, actor)
            .await
            .expect("the actor task ended: no task is leaked")
            .unwrap();
        assert_eq!(total, 6);
    }

    #[tokio::test]
    async fn a_call_after_the_actor_is_gone_is_an_error_not_a_hang() {
        let (counter, actor) = Counter::spawn();
        assert_eq!(counter.add(1).await, Ok(1));
        actor.abort();
        assert!(actor.await.unwrap_err().is_cancelled());
        let answer = tokio::time::timeout(LIMIT, counter.add(1))
            .await
            .expect("a call to a stopped actor returns at once");
        assert_eq!(answer, Err(ActorGone));
        assert_eq!(counter.total().await, Err(ActorGone));
    }
}
