//! `.await` is allowed in any async context: an `async fn`, an `async` block, an async
//! closure. Each of them is compiled to a state machine like the one in `state_machine`.

// ANCHOR: await_anywhere
/// In an `async fn`.
pub async fn in_an_async_fn(count: usize) -> usize {
    Countdown::new(count).await
}

/// In an `async` block: a future written inline, here returned from a plain `fn`.
// Written as a block on purpose: `async fn` is the previous case.
#[allow(clippy::manual_async_fn)]
pub fn in_an_async_block(count: usize) -> impl Future<Output = usize> {
    async move { Countdown::new(count).await }
}

/// In an async closure (stable since Rust 1.85): calling it gives a future.
pub async fn in_an_async_closure(counts: &[usize]) -> usize {
    let polls = async |count: usize| Countdown::new(count).await;
    let mut total = 0;
    for &count in counts {
        total += polls(count).await;
    }
    total
}

pub fn main() {
    println!("async fn:      {}", block_on(in_an_async_fn(2)));
    println!("async block:   {}", block_on(in_an_async_block(2)));
    println!("async closure: {}", block_on(in_an_async_closure(&[2, 2])));
}
// ANCHOR_END: await_anywhere

use crate::how_async_works::executor::block_on;
use crate::how_async_works::futures::Countdown;
use std::future::Future;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn each_async_context_awaits_the_countdown_to_its_end() {
        let outputs = within(Duration::from_secs(10), || {
            (
                block_on(in_an_async_fn(2)),
                block_on(in_an_async_block(3)),
                block_on(in_an_async_closure(&[0, 1, 2])),
            )
        })
        .unwrap();
        assert_eq!(outputs, (3, 4, 1 + 2 + 3));
    }
}
