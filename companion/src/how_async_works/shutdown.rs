//! Graceful shutdown: stop accepting, tell every connection's task through a
//! `CancellationToken`, wait for them up to a deadline, and abort (and count) the ones that
//! did not listen.

// ANCHOR: connection
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;
use tokio_util::sync::CancellationToken;

/// Echoes each line until the client leaves or `stop` is cancelled; then says goodbye.
/// The line `sleep` makes it sleep for an hour without looking at `stop`: the task that
/// ignores the shutdown, which the deadline is for.
pub async fn connection(stream: TcpStream, stop: CancellationToken) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    loop {
        tokio::select! {
            _ = stop.cancelled() => {
                let _ = write.write_all(b"shutting down\n").await;
                return;
            }
            // `next_line` is cancel-safe: if `stop` wins, no half-read line is lost.
            line = lines.next_line() => match line {
                Ok(Some(line)) if line == "sleep" => {
                    let _ = write.write_all(b"sleeping\n").await;
                    tokio::time::sleep(Duration::from_secs(3600)).await;
                }
                Ok(Some(line)) => {
                    if write.write_all(format!("{line}\n").as_bytes()).await.is_err() {
                        return;
                    }
                }
                Ok(None) | Err(_) => return,
            }
        }
    }
}
// ANCHOR_END: connection

// ANCHOR: serve
/// How the connections' tasks ended once shutdown began.
#[derive(Debug, PartialEq, Eq)]
pub struct ShutdownReport {
    /// Tasks that returned within the grace period.
    pub finished: usize,
    /// Tasks still running at the deadline, aborted.
    pub aborted: usize,
}

/// Serves `listener` until `stop` is cancelled, then shuts down in three steps.
pub async fn serve(
    listener: TcpListener,
    stop: CancellationToken,
    grace: Duration,
) -> ShutdownReport {
    let mut tasks = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.cancelled() => break,
            accepted = listener.accept() => {
                if let Ok((stream, _)) = accepted {
                    tasks.spawn(connection(stream, stop.child_token()));
                }
            }
        }
    }
    // 1. Stop accepting: from here on, a new client is refused.
    drop(listener);
    // 2. Every task was told when `stop` was cancelled (their tokens are its children).
    // 3. Wait for them, but only until the deadline.
    let mut report = ShutdownReport {
        finished: 0,
        aborted: 0,
    };
    let deadline = tokio::time::sleep(grace);
    tokio::pin!(deadline);
    loop {
        tokio::select! {
            next = tasks.join_next() => match next {
                Some(_) => report.finished += 1,
                None => break,
            },
            _ = &mut deadline => {
                report.aborted = tasks.len();
                tasks.shutdown().await; // aborts them and waits until they are gone
                break;
            }
        }
    }
    report
}
// ANCHOR_END: serve

// ANCHOR: shutdown_main
use tokio::io::AsyncReadExt;

pub fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("a bound address");
        let stop = CancellationToken::new();
        let server = tokio::spawn(serve(listener, stop.clone(), Duration::from_millis(200)));

        let mut polite = TcpStream::connect(address).await.expect("connect");
        let mut stubborn = TcpStream::connect(address).await.expect("connect");
        let mut reply = [0; 64];
        polite.write_all(b"hello\n").await.expect("write");
        let n = polite.read(&mut reply).await.expect("read");
        println!(
            "polite client got: {:?}",
            String::from_utf8_lossy(&reply[..n])
        );
        stubborn.write_all(b"sleep\n").await.expect("write");
        let n = stubborn.read(&mut reply).await.expect("read");
        println!(
            "stubborn client got: {:?}",
            String::from_utf8_lossy(&reply[..n])
        );

        stop.cancel();
        let n = polite.read(&mut reply).await.expect("read");
        println!(
            "polite client got: {:?}",
            String::from_utf8_lossy(&reply[..n])
        );
        println!("{:?}", server.await.expect("the server task"));
        let n = stubborn.read(&mut reply).await.unwrap_or(0);
        println!("stubborn client read {n} bytes: its connection was closed");
    });
}
// ANCHOR_END: shutdown_main

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::SocketAddr;
    use tokio::io::AsyncReadExt;
    use tokio::time::{Instant, timeout};

    const LIMIT: Duration = Duration::from_secs(10);

    async fn start(
        grace: Duration,
    ) -> (
        SocketAddr,
        CancellationToken,
        tokio::task::JoinHandle<ShutdownReport>,
    ) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        let stop = CancellationToken::new();
        let server = tokio::spawn(serve(listener, stop.clone(), grace));
        (address, stop, server)
    }

    /// Sends `line` and returns the server's one-line answer.
    async fn ask(client: &mut TcpStream, line: &str) -> String {
        client
            .write_all(format!("{line}\n").as_bytes())
            .await
            .unwrap();
        read_line(client).await
    }

    async fn read_line(client: &mut TcpStream) -> String {
        let mut bytes = Vec::new();
        let mut byte = [0];
        while client.read(&mut byte).await.unwrap() == 1 && byte[0] != b'\n' {
            bytes.push(byte[0]);
        }
        String::from_utf8(bytes).unwrap()
    }

    #[tokio::test]
    async fn every_connection_is_told_and_the_server_waits_for_all_of_them() {
        timeout(LIMIT, async {
            let (address, stop, server) = start(LIMIT).await;
            let mut clients = Vec::new();
            for i in 0..3 {
                let mut client = TcpStream::connect(address).await.unwrap();
                assert_eq!(
                    ask(&mut client, &format!("hi {i}")).await,
                    format!("hi {i}")
                );
                clients.push(client);
            }
            stop.cancel();
            for client in &mut clients {
                assert_eq!(read_line(client).await, "shutting down");
            }
            let report = server.await.unwrap();
            assert_eq!(
                report,
                ShutdownReport {
                    finished: 3,
                    aborted: 0
                }
            );
        })
        .await
        .expect("the shutdown finished");
    }

    #[tokio::test]
    async fn a_task_that_ignores_the_token_is_aborted_at_the_deadline_and_no_one_new_gets_in() {
        timeout(LIMIT, async {
            let grace = Duration::from_millis(300);
            let (address, stop, server) = start(grace).await;
            let mut polite = TcpStream::connect(address).await.unwrap();
            let mut stubborn = TcpStream::connect(address).await.unwrap();
            assert_eq!(ask(&mut polite, "hi").await, "hi");
            assert_eq!(ask(&mut stubborn, "sleep").await, "sleeping");
            let start = Instant::now();
            stop.cancel();
            assert_eq!(read_line(&mut polite).await, "shutting down");
            // The stubborn task keeps the server in its grace period: the listener is gone.
            let late = TcpStream::connect(address).await;
            assert!(late.is_err(), "a client got in after shutdown began");
            let report = server.await.unwrap();
            assert!(
                start.elapsed() >= grace,
                "the server waited out the grace period"
            );
            assert_eq!(
                report,
                ShutdownReport {
                    finished: 1,
                    aborted: 1
                }
            );
            // Aborting the task dropped its socket: the client sees the end of the stream.
            let mut rest = Vec::new();
            assert_eq!(stubborn.read_to_end(&mut rest).await.unwrap(), 0);
        })
        .await
        .expect("the shutdown finished");
    }
}
