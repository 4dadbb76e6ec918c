use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};
use tokio_util::sync::CancellationToken;

/// A running server; `shutdown` stops it.
pub struct EchoServer {
    // Your fields: for example the address, a token to cancel, and the handle
    // of the task that accepts.
    _todo: (),
}

impl EchoServer {
    /// Binds 127.0.0.1 on a port the OS picks and serves there, at most `limit` connections
    /// at once.
    pub async fn start(limit: usize) -> io::Result<EchoServer> {
        todo!("bind 127.0.0.1:0 and spawn the task that accepts")
    }

    /// Where the server listens.
    pub fn address(&self) -> SocketAddr {
        todo!("the bound address")
    }

    /// Stops accepting, tells every connection, and returns once every connection's task
    /// has ended.
    pub async fn shutdown(self) {
        todo!("tell the server to stop, and wait until it has")
    }
}
