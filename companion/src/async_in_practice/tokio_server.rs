//! The protocol's async shell: a tokio task per connection. Same core, same replies as the
//! thread server; what changes is only how bytes are moved and how waiting is done.

// The protocol (Listings 8.6, 8.7), `reply_line` and `describe_end` (Listing 8.8): earlier
// cells in the notebook.
use super::protocol::{ProtocolError, Session, Store};
use super::thread_server::{describe_end, reply_line};

// ANCHOR: tokio_server
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Accepts connections for ever, each in a task of its own.
pub async fn serve_async(
    listener: tokio::net::TcpListener,
    store: Arc<Mutex<Store>>,
    idle: Duration,
) {
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                eprintln!("accept failed: {error}");
                continue;
            }
        };
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            let end = connection_async(stream, &store, idle).await;
            if let Some(line) = describe_end(peer, &end) {
                eprintln!("{line}");
            }
        });
    }
}

/// Serves one client until it disconnects; returns how it ended.
pub async fn connection_async(
    mut stream: tokio::net::TcpStream,
    store: &Mutex<Store>,
    idle: Duration,
) -> io::Result<Option<ProtocolError>> {
    let mut session = Session::default();
    let mut buffer = [0_u8; 4096];
    loop {
        let read = match tokio::time::timeout(idle, stream.read(&mut buffer)).await {
            Ok(Ok(0)) => return Ok(session.finish()),
            Ok(Ok(read)) => read,
            Ok(Err(error)) => return Err(error),
            Err(_elapsed) => {
                stream.write_all(b"ERR idle too long\n").await?;
                return Err(io::ErrorKind::TimedOut.into());
            }
        };
        // The std `Mutex` is right here: it is never held across an `.await`.
        let replies = session.feed(&buffer[..read], &mut store.lock().unwrap());
        for reply in &replies {
            stream.write_all(reply_line(reply).as_bytes()).await?;
        }
    }
}
// ANCHOR_END: tokio_server

// ANCHOR: stop
/// A server running as a task; dropping it (or `shutdown`) stops accepting. Connections
/// already accepted go on in their own tasks until their client leaves or idles out.
pub struct RunningAsync {
    pub address: SocketAddr,
    accepter: tokio::task::JoinHandle<()>,
}

/// Binds 127.0.0.1 on a port the OS picks and serves `store` there.
pub async fn start_async(store: Arc<Mutex<Store>>, idle: Duration) -> io::Result<RunningAsync> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let accepter = tokio::spawn(serve_async(listener, store, idle));
    Ok(RunningAsync { address, accepter })
}

impl RunningAsync {
    /// Stops accepting and waits until the listener is closed.
    pub async fn shutdown(mut self) {
        self.accepter.abort();
        // The task is dropped, and the listener with it, before the handle reports.
        let _cancelled = (&mut self.accepter).await;
    }
}

impl Drop for RunningAsync {
    fn drop(&mut self) {
        self.accepter.abort();
    }
}
// ANCHOR_END: stop

// ANCHOR: main
use tokio::io::{AsyncBufReadExt, BufReader};

/// One scripted client: sends each line and prints it with the server's reply.
pub async fn talk(address: SocketAddr, lines: &[&[u8]]) -> io::Result<Vec<String>> {
    let stream = tokio::net::TcpStream::connect(address).await?;
    let (read, mut write) = stream.into_split();
    let mut replies = BufReader::new(read).lines();
    let mut exchange = Vec::new();
    for line in lines {
        write.write_all(line).await?;
        write.write_all(b"\n").await?;
        let reply = replies.next_line().await?.unwrap_or_default();
        exchange.push(format!("> {}\n< {reply}", String::from_utf8_lossy(line)));
    }
    Ok(exchange)
}

pub fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime");
    runtime.block_on(async {
        let store = Arc::new(Mutex::new(Store::default()));
        let server = start_async(store, Duration::from_secs(5))
            .await
            .expect("bound 127.0.0.1:0");
        let script: [&[u8]; 5] = [
            b"SET greeting hello world",
            b"GET greeting",
            b"GET \xff",
            b"FETCH greeting",
            b"DEL greeting",
        ];
        for line in talk(server.address, &script)
            .await
            .expect("the server answered")
        {
            println!("{line}");
        }
        server.shutdown().await;
        println!("server stopped");
    });
}
// ANCHOR_END: main

#[cfg(test)]
mod tests {
    use super::super::protocol::MAX_LINE;
    use super::*;
    use tokio::net::{TcpListener, TcpStream};

    async fn start_serving(idle: Duration) -> RunningAsync {
        start_async(Arc::new(Mutex::new(Store::default())), idle)
            .await
            .unwrap()
    }

    async fn ask(stream: &mut TcpStream, request: &[u8], lines: usize) -> Vec<String> {
        stream.write_all(request).await.unwrap();
        let mut reader = BufReader::new(stream);
        let mut replies = Vec::new();
        for _ in 0..lines {
            let mut line = String::new();
            reader.read_line(&mut line).await.unwrap();
            replies.push(line);
        }
        replies
    }

    const LIMIT: Duration = Duration::from_secs(10);

    #[tokio::test]
    async fn bad_bytes_from_one_client_do_not_stop_another() {
        tokio::time::timeout(LIMIT, async {
            let server = start_serving(Duration::from_secs(10)).await;
            let mut bad = TcpStream::connect(server.address).await.unwrap();
            let mut good = TcpStream::connect(server.address).await.unwrap();
            assert_eq!(
                ask(&mut bad, b"GET \xff\n", 1).await,
                ["ERR NotUtf8 { line: 1 }\n"]
            );
            assert_eq!(
                ask(&mut good, b"SET a 1\nGET a\n", 2).await,
                ["STORED\n", "VALUE 1\n"]
            );
        })
        .await
        .expect("the server answered in time");
    }

    #[tokio::test]
    async fn an_overlong_line_and_an_unknown_command_are_errors_for_their_client_only() {
        tokio::time::timeout(LIMIT, async {
            let server = start_serving(Duration::from_secs(10)).await;
            let mut bad = TcpStream::connect(server.address).await.unwrap();
            let mut good = TcpStream::connect(server.address).await.unwrap();
            let mut request = vec![b'x'; 3 * MAX_LINE];
            request.extend_from_slice(b"\nPUT k v\nSET k v\n");
            assert_eq!(
                ask(&mut bad, &request, 3).await,
                [
                    "ERR LineTooLong { line: 1, limit: 1024 }\n",
                    "ERR UnknownCommand { line: 2, command: \"PUT\" }\n",
                    "STORED\n"
                ]
            );
            assert_eq!(ask(&mut good, b"GET k\n", 1).await, ["VALUE v\n"]);
        })
        .await
        .expect("the server answered in time");
    }

    #[tokio::test]
    async fn a_silent_client_is_disconnected_while_others_are_served() {
        tokio::time::timeout(LIMIT, async {
            let server = start_serving(Duration::from_millis(300)).await;
            let silent = TcpStream::connect(server.address).await.unwrap();
            let mut busy = TcpStream::connect(server.address).await.unwrap();
            assert_eq!(ask(&mut busy, b"SET b 2\n", 1).await, ["STORED\n"]);
            let mut told = String::new();
            BufReader::new(silent).read_line(&mut told).await.unwrap();
            assert_eq!(told, "ERR idle too long\n");
        })
        .await
        .expect("the server answered in time");
    }

    #[tokio::test]
    async fn a_client_that_leaves_mid_line_ends_with_that_error() {
        tokio::time::timeout(LIMIT, async {
            let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
            let address = listener.local_addr().unwrap();
            let mut client = TcpStream::connect(address).await.unwrap();
            let (stream, _) = listener.accept().await.unwrap();
            client.write_all(b"SET k").await.unwrap();
            drop(client);
            let store = Mutex::new(Store::default());
            let ended = connection_async(stream, &store, Duration::from_secs(10)).await;
            assert_eq!(
                ended.unwrap(),
                Some(ProtocolError::IncompleteLine { bytes: 5 })
            );
        })
        .await
        .expect("the connection ended in time");
    }

    #[tokio::test]
    async fn the_server_goes_on_after_a_client_leaves_mid_line() {
        tokio::time::timeout(LIMIT, async {
            let server = start_serving(Duration::from_secs(10)).await;
            let mut leaving = TcpStream::connect(server.address).await.unwrap();
            leaving.write_all(b"SET half").await.unwrap();
            drop(leaving);
            let mut next = TcpStream::connect(server.address).await.unwrap();
            assert_eq!(ask(&mut next, b"SET k v\n", 1).await, ["STORED\n"]);
        })
        .await
        .expect("the server answered in time");
    }

    #[tokio::test]
    async fn after_shutdown_the_port_refuses_connections() {
        let server = start_serving(Duration::from_secs(10)).await;
        let address = server.address;
        tokio::time::timeout(LIMIT, server.shutdown())
            .await
            .expect("shut down in time");
        assert!(
            TcpStream::connect(address).await.is_err(),
            "still accepting after shutdown"
        );
    }

    #[tokio::test]
    async fn dropping_the_server_stops_accepting_too() {
        let server = start_serving(Duration::from_secs(10)).await;
        let address = server.address;
        // `Drop` cannot wait: it aborts the accept task, and the runtime drops the task,
        // and its listener, at its next chance. So the port closes soon, not at once.
        drop(server);
        tokio::time::timeout(LIMIT, async {
            while TcpStream::connect(address).await.is_ok() {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
        })
        .await
        .expect("still accepting 10 s after the server was dropped");
    }

    #[tokio::test]
    async fn the_scripted_client_gets_a_reply_for_every_line() {
        let server = start_serving(Duration::from_secs(10)).await;
        let exchange = tokio::time::timeout(
            LIMIT,
            talk(server.address, &[b"SET a 1", b"GET \xff", b"GET a"]),
        )
        .await
        .expect("answered in time")
        .unwrap();
        assert_eq!(
            exchange,
            [
                "> SET a 1\n< STORED",
                "> GET \u{fffd}\n< ERR NotUtf8 { line: 2 }",
                "> GET a\n< VALUE 1"
            ]
        );
    }
}
