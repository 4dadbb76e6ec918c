use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

/// A running server; `shutdown` stops it.
pub struct EchoServer {
    address: SocketAddr,
    stop: CancellationToken,
    server: JoinHandle<()>,
}

impl EchoServer {
    /// Binds 127.0.0.1 on a port the OS picks and serves there, at most `limit` connections
    /// at once.
    pub async fn start(limit: usize) -> io::Result<EchoServer> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let address = listener.local_addr()?;
        let stop = CancellationToken::new();
        let server = tokio::spawn(serve(listener, limit, stop.clone()));
        Ok(EchoServer {
            address,
            stop,
            server,
        })
    }

    /// Where the server listens.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Stops accepting, tells every connection, and returns once every connection's task
    /// has ended.
    pub async fn shutdown(self) {
        self.stop.cancel();
        // The accept loop returns only after the last connection's task has ended.
        self.server.await.expect("the accept loop does not panic");
    }
}

/// Accepts clients while a place is free, until `stop` is cancelled; then stops accepting
/// and waits for every connection's task.
async fn serve(listener: tokio::net::TcpListener, limit: usize, stop: CancellationToken) {
    let places = Arc::new(Semaphore::new(limit));
    let mut connections = JoinSet::new();
    loop {
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
        let stream = tokio::select! {
            biased;
            _ = stop.cancelled() => break,
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(_) => continue, // that client is gone; its place goes back
            },
        };
        let stop = stop.clone();
        connections.spawn(async move {
            echo(stream, stop).await;
            // The place is free again only once the connection has ended.
            drop(place);
        });
        // Forget the tasks that have ended: the set holds the live connections only.
        while connections.try_join_next().is_some() {}
    }
    // Stop accepting: from here on a new client is refused, and the clients still waiting
    // in the backlog for a place are closed.
    drop(listener);
    // Every connection was told (the token); wait until the last one has ended.
    while connections.join_next().await.is_some() {}
}

/// Echoes what the client sends, as it arrives, until the client leaves. Once `stop` is
/// cancelled, closes as soon as the client is between two lines.
async fn echo(mut stream: tokio::net::TcpStream, stop: CancellationToken) {
    let mut buffer = [0; 1024];
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
}
