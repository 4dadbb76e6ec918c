//! Exercise 8.1: An echo server with a limit.
//!
//! A tokio echo server on 127.0.0.1 that serves at most `limit` connections at once (the
//! next client waits until a place is free) and shuts down gracefully: it stops
//! accepting, lets each connection finish the line it is in the middle of, and
//! `shutdown().await` returns only once every connection's task has ended.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

/// A running server; `shutdown` stops it.
pub struct EchoServer {
    // STARTER: // Your fields: for example the address, a token to cancel, and the handle
    // STARTER: // of the task that accepts.
    // STARTER: _todo: (),
    // SOLUTION
    address: SocketAddr,
    stop: CancellationToken,
    server: JoinHandle<()>,
    // END SOLUTION
}

impl EchoServer {
    /// Binds 127.0.0.1 on a port the OS picks and serves there, at most `limit` connections
    /// at once.
    pub async fn start(limit: usize) -> io::Result<EchoServer> {
        // STARTER: todo!("bind 127.0.0.1:0 and spawn the task that accepts")
        // SOLUTION
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let stop = CancellationToken::new();
        let server = tokio::spawn(serve(listener, limit, stop.clone()));
        Ok(EchoServer {
            address,
            stop,
            server,
        })
        // END SOLUTION
    }

    /// Where the server listens.
    pub fn address(&self) -> SocketAddr {
        // STARTER: todo!("the bound address")
        // SOLUTION
        self.address
        // END SOLUTION
    }

    /// Stops accepting, tells every connection, and returns once every connection's task
    /// has ended.
    pub async fn shutdown(self) {
        // STARTER: todo!("tell the server to stop, and wait until it has")
        // SOLUTION wait_for_the_server
        self.stop.cancel();
        // The accept loop returns only after the last connection's task has ended.
        self.server.await.expect("the accept loop does not panic");
        // END SOLUTION
    }
}

// SOLUTION
/// Accepts clients while a place is free, until `stop` is cancelled; then stops accepting
/// and waits for every connection's task.
async fn serve(listener: tokio::net::TcpListener, limit: usize, stop: CancellationToken) {
    let places = Arc::new(Semaphore::new(limit));
    let mut connections = JoinSet::new();
    loop {
        // END SOLUTION
        // SOLUTION take_a_place
        // A place first, then a client: the client over the limit waits in the listen
        // backlog, connected but not accepted, until a place is free.
        let place = tokio::select! {
            // `biased`: once stopped, a freed place must not let one more client in.
            biased;
            _ = stop.cancelled() => break,
            place = Arc::clone(&places).acquire_owned() => {
                place.expect("the semaphore is never closed")
            }
        };
        // END SOLUTION
        // SOLUTION
        let stream = tokio::select! {
            biased;
            _ = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue, // that client is gone; its place goes back
            },
        };
        let stop = stop.clone();
        // END SOLUTION
        // SOLUTION spawn_connection
        connections.spawn(async move {
            echo(stream, stop).await;
            // The place is free again only once the connection has ended.
            drop(place);
        });
        // END SOLUTION
        // SOLUTION
        // Forget the tasks that have ended: the set holds the live connections only.
        while connections.try_join_next().is_some() {}
    }
    // END SOLUTION
    // SOLUTION stop_accepting
    // Stop accepting: from here on a new client is refused, and the clients still waiting
    // in the backlog for a place are closed.
    drop(listener);
    // END SOLUTION
    // SOLUTION
    // Every connection was told (the token); wait until the last one has ended.
    while connections.join_next().await.is_some() {}
}

/// Echoes what the client sends, as it arrives, until the client leaves. Once `stop` is
/// cancelled, closes as soon as the client is between two lines.
async fn echo(mut stream: tokio::net::TcpStream, stop: CancellationToken) {
    let mut buffer = [0; 1024];
    // END SOLUTION
    // SOLUTION finish_the_line
    // Everything echoed so far ends with a newline (or nothing came): no line in progress.
    let mut between_lines = true;
    loop {
        let read = tokio::select! {
            // `biased`: a connection between lines that has been told closes at once,
            // even if its client has sent more.
            biased;
            _ = stop.cancelled(), if between_lines => return,
            // `read` is cancel-safe: when the token wins, no byte has been read.
            read = stream.read(&mut buffer) => read,
        };
        let read = match read {
            Ok(0) | Err(_) => return, // the client left
            Ok(read) => read,
        };
        if stream.write_all(&buffer[..read]).await.is_err() {
            return;
        }
        between_lines = buffer[read - 1] == b'\n';
    }
    // END SOLUTION
    // SOLUTION
}
// END SOLUTION

#[cfg(test)]
mod tests {
    use super::*;
    use concurrent_rust::fixtures::within;
    use std::future::Future;
    use std::net::SocketAddr;
    use std::time::Duration;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::task::JoinHandle;
    use tokio::time::timeout;

    /// How long the tests wait for something that must happen.
    const LONG: Duration = Duration::from_secs(2);
    /// How long they watch for something that must not happen.
    const SHORT: Duration = Duration::from_millis(300);

    /// Runs the async test on a current-thread runtime with the real clock (the sockets
    /// are real), on a thread of its own: a hang fails the test instead of stopping it.
    fn on_tokio<F: Future<Output = ()>>(test: impl FnOnce() -> F + Send + 'static) {
        within(Duration::from_secs(5), move || {
            tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap()
                .block_on(test())
        })
        .expect(
            "the test did not finish within 5 s: something hangs (a task that blocks the \
             runtime's thread?)",
        );
    }

    async fn started(limit: usize) -> EchoServer {
        timeout(LONG, EchoServer::start(limit))
            .await
            .expect("start did not return")
            .expect("start could not bind 127.0.0.1")
    }

    async fn connect(address: SocketAddr) -> tokio::net::TcpStream {
        timeout(LONG, tokio::net::TcpStream::connect(address))
            .await
            .expect("connecting to the server hung")
            .expect("could not connect to the server")
    }

    /// Reads exactly `len` bytes, or fails with `why`.
    async fn read_exactly(client: &mut tokio::net::TcpStream, len: usize, why: &str) -> String {
        let mut bytes = vec![0; len];
        match timeout(LONG, client.read_exact(&mut bytes)).await {
            Ok(Ok(_)) => String::from_utf8_lossy(&bytes).into_owned(),
            Ok(Err(error)) => panic!("{why} (the connection ended instead: {error})"),
            Err(_) => panic!("{why} (nothing came for {LONG:?})"),
        }
    }

    /// Sends `text` and checks that exactly `text` comes back.
    async fn round_trip(client: &mut tokio::net::TcpStream, text: &str) {
        client.write_all(text.as_bytes()).await.unwrap();
        let echo = read_exactly(
            client,
            text.len(),
            &format!("the server did not echo {text:?} back"),
        )
        .await;
        assert_eq!(echo, text, "the server must echo exactly the bytes it got");
    }

    /// True if the server closed the connection (end of stream, or a reset) within `LONG`.
    async fn is_closed(client: &mut tokio::net::TcpStream) -> bool {
        let mut byte = [0];
        matches!(
            timeout(LONG, client.read(&mut byte)).await,
            Ok(Ok(0) | Err(_))
        )
    }

    async fn shut_down_in_time(shutdown: JoinHandle<()>, why: &str) {
        timeout(LONG, shutdown)
            .await
            .unwrap_or_else(|_| panic!("{why}"))
            .expect("shutdown panicked");
    }

    #[test]
    fn each_client_gets_its_own_bytes_back() {
        on_tokio(|| async {
            let server = started(4).await;
            let mut clients = Vec::new();
            for _ in 0..3 {
                clients.push(connect(server.address()).await);
            }
            for (i, client) in clients.iter_mut().enumerate() {
                round_trip(client, &format!("hello from client {i}\n")).await;
            }
            // Bytes come back as they arrive, without waiting for the end of the line.
            round_trip(&mut clients[0], "one half, ").await;
            round_trip(&mut clients[0], "the other half\n").await;
            round_trip(&mut clients[2], "still here\n").await;
            shut_down_in_time(
                tokio::spawn(server.shutdown()),
                "shutdown did not return although every client was between two lines",
            )
            .await;
        });
    }

    #[test]
    fn the_client_over_the_limit_waits_until_a_place_is_free() {
        on_tokio(|| async {
            let server = started(2).await;
            let mut first = connect(server.address()).await;
            let mut second = connect(server.address()).await;
            round_trip(&mut first, "first\n").await;
            round_trip(&mut second, "second\n").await;
            // Both places are taken and both clients stay connected.
            let mut third = connect(server.address()).await;
            third.write_all(b"third\n").await.unwrap();
            let mut echo = [0; 6];
            assert!(
                timeout(SHORT, third.read_exact(&mut echo)).await.is_err(),
                "a third client was served while two clients held the server's two places: \
                 the limit is not enforced (is each place held until its connection ends?)"
            );
            drop(first);
            let echo = read_exactly(
                &mut third,
                6,
                "after a client left, the waiting client was not served: a connection's \
                 place must be freed when it ends",
            )
            .await;
            assert_eq!(echo, "third\n");
            round_trip(&mut second, "second again\n").await;
            shut_down_in_time(
                tokio::spawn(server.shutdown()),
                "shutdown did not return although every client was between two lines",
            )
            .await;
        });
    }

    #[test]
    fn shutdown_closes_a_connection_between_lines_at_once() {
        on_tokio(|| async {
            let server = started(2).await;
            let mut idle = connect(server.address()).await;
            round_trip(&mut idle, "a whole line\n").await;
            let shutdown = tokio::spawn(server.shutdown());
            assert!(
                is_closed(&mut idle).await,
                "a client between two lines must be closed when shutdown begins; its \
                 connection stayed open"
            );
            shut_down_in_time(
                shutdown,
                "shutdown did not return although its only connection had closed",
            )
            .await;
        });
    }

    /// Connects, sends half a line and reads its echo: the server has the line in progress.
    async fn in_the_middle_of_a_line(address: SocketAddr) -> tokio::net::TcpStream {
        let mut busy = connect(address).await;
        round_trip(&mut busy, "hel").await;
        busy
    }

    #[test]
    fn a_line_in_progress_at_shutdown_is_echoed_to_its_end() {
        on_tokio(|| async {
            let server = started(2).await;
            let mut busy = in_the_middle_of_a_line(server.address()).await;
            let shutdown = tokio::spawn(server.shutdown());
            let mut byte = [0];
            assert!(
                timeout(SHORT, busy.read(&mut byte)).await.is_err(),
                "the client was in the middle of a line when shutdown began, and the server \
                 closed its connection (or sent bytes the client had not sent): a line in \
                 progress must be finished before the connection closes"
            );
            round_trip(&mut busy, "lo\n").await;
            assert!(
                is_closed(&mut busy).await,
                "once its line was finished, the connection must close: the server is \
                 shutting down"
            );
            shut_down_in_time(
                shutdown,
                "shutdown did not return after its last connection had closed",
            )
            .await;
        });
    }

    #[test]
    fn shutdown_waits_for_the_line_in_progress_and_lets_no_one_new_in() {
        on_tokio(|| async {
            let server = started(2).await;
            let address = server.address();
            let mut busy = in_the_middle_of_a_line(address).await;
            let mut shutdown = tokio::spawn(server.shutdown());
            timeout(LONG, async {
                while let Ok(late) = tokio::net::TcpStream::connect(address).await {
                    drop(late);
                    tokio::time::sleep(Duration::from_millis(10)).await;
                }
            })
            .await
            .expect(
                "after shutdown began, the port still took new connections: stop accepting \
                 (drop the listener) before waiting for the connections",
            );
            assert!(
                timeout(SHORT, &mut shutdown).await.is_err(),
                "shutdown returned while a client was in the middle of a line: it must wait \
                 until every connection's task has ended"
            );
            round_trip(&mut busy, "lo\n").await;
            assert!(
                is_closed(&mut busy).await,
                "once its line was finished, the connection must close"
            );
            shut_down_in_time(
                shutdown,
                "shutdown did not return after its last connection had closed",
            )
            .await;
        });
    }

    #[test]
    fn a_client_waiting_for_a_place_at_shutdown_is_never_served() {
        on_tokio(|| async {
            let server = started(1).await;
            let mut served = connect(server.address()).await;
            round_trip(&mut served, "served\n").await;
            let mut waiting = connect(server.address()).await;
            waiting.write_all(b"waiting\n").await.unwrap();
            let mut echo = [0; 8];
            assert!(
                timeout(SHORT, waiting.read_exact(&mut echo)).await.is_err(),
                "a second client was served while the first held the server's only place: \
                 the limit is not enforced (is each place held until its connection ends?)"
            );
            let shutdown = tokio::spawn(server.shutdown());
            assert!(
                is_closed(&mut served).await,
                "a client between two lines must be closed when shutdown begins"
            );
            let mut got = Vec::new();
            let ended = timeout(LONG, waiting.read_to_end(&mut got)).await;
            assert!(
                ended.is_ok(),
                "the client that was waiting for a place was left open after shutdown: its \
                 connection must be closed"
            );
            assert!(
                got.is_empty(),
                "the client that was waiting for a place got {:?}: a server that is shutting \
                 down must not serve anyone new (and with a limit of 1, no one else may be \
                 served while the first client is)",
                String::from_utf8_lossy(&got)
            );
            shut_down_in_time(
                shutdown,
                "shutdown did not return although no connection was left",
            )
            .await;
        });
    }
}
