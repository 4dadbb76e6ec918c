//! The protocol's async shell: a tokio task per connection. Same core, same replies as the
//! thread server; what changes is only how bytes are moved and how waiting is done.

// ANCHOR: tokio_server
use super::protocol::{ProtocolError, Session, Store};
use super::thread_server::reply_line;
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Accepts connections for ever, each in a task of its own.
pub async fn serve(listener: TcpListener, store: Arc<Mutex<Store>>, idle: Duration) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let store = Arc::clone(&store);
        tokio::spawn(async move {
            let _ = connection(stream, &store, idle).await;
        });
    }
}

/// Serves one client until it disconnects; returns how it ended.
pub async fn connection(
    mut stream: TcpStream,
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

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncBufReadExt, BufReader};

    async fn start(idle: Duration) -> std::net::SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let address = listener.local_addr().unwrap();
        tokio::spawn(serve(
            listener,
            Arc::new(Mutex::new(Store::default())),
            idle,
        ));
        address
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
            let address = start(Duration::from_secs(10)).await;
            let mut bad = TcpStream::connect(address).await.unwrap();
            let mut good = TcpStream::connect(address).await.unwrap();
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
    async fn a_silent_client_is_disconnected_while_others_are_served() {
        tokio::time::timeout(LIMIT, async {
            let address = start(Duration::from_millis(300)).await;
            let silent = TcpStream::connect(address).await.unwrap();
            let mut busy = TcpStream::connect(address).await.unwrap();
            assert_eq!(ask(&mut busy, b"SET b 2\n", 1).await, ["STORED\n"]);
            let mut told = String::new();
            BufReader::new(silent).read_line(&mut told).await.unwrap();
            assert_eq!(told, "ERR idle too long\n");
        })
        .await
        .expect("the server answered in time");
    }
}
