//! The protocol's blocking shell: one thread per connection, `std::net`, the store behind a
//! `Mutex`. The protocol logic is all in [`super::protocol`]; this file only moves bytes.

// ANCHOR: thread_server
use super::protocol::{ProtocolError, Reply, Session, Store};
use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// How a reply travels: one line of text.
pub fn reply_line(reply: &Reply) -> String {
    match reply {
        Reply::Value(value) => format!("VALUE {value}\n"),
        Reply::NotFound => "NOT_FOUND\n".to_string(),
        Reply::Stored => "STORED\n".to_string(),
        Reply::Deleted => "DELETED\n".to_string(),
        Reply::Error(error) => format!("ERR {error:?}\n"),
    }
}

/// Accepts connections for ever, each on a thread of its own. A client that sends
/// nothing for `idle` is disconnected.
pub fn serve(listener: TcpListener, store: Arc<Mutex<Store>>, idle: Duration) {
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue }; // a failed accept ends no one else's
        let store = Arc::clone(&store);
        thread::spawn(move || {
            // What went wrong with one client is that client's business: the thread ends.
            let _ = connection(stream, &store, idle);
        });
    }
}

/// Serves one client until it disconnects; returns how it ended.
pub fn connection(
    mut stream: TcpStream,
    store: &Mutex<Store>,
    idle: Duration,
) -> io::Result<Option<ProtocolError>> {
    stream.set_read_timeout(Some(idle))?;
    let mut session = Session::default();
    let mut buffer = [0_u8; 4096];
    loop {
        let read = match stream.read(&mut buffer) {
            Ok(0) => return Ok(session.finish()), // the client closed its side
            Ok(read) => read,
            Err(error)
                if matches!(
                    error.kind(),
                    io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
                ) =>
            {
                stream.write_all(b"ERR idle too long\n")?;
                return Err(error);
            }
            Err(error) => return Err(error),
        };
        let replies = session.feed(&buffer[..read], &mut store.lock().unwrap());
        for reply in &replies {
            stream.write_all(reply_line(reply).as_bytes())?;
        }
    }
}
// ANCHOR_END: thread_server

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::io::{BufRead, BufReader};

    fn start(idle: Duration) -> std::net::SocketAddr {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let store = Arc::new(Mutex::new(Store::default()));
        thread::spawn(move || serve(listener, store, idle));
        address
    }

    /// Sends `request` and reads `lines` reply lines.
    fn ask(stream: &mut TcpStream, request: &[u8], lines: usize) -> Vec<String> {
        stream.write_all(request).unwrap();
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        (0..lines)
            .map(|_| {
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                line
            })
            .collect()
    }

    #[test]
    fn a_client_stores_and_reads_back_a_value() {
        let address = start(Duration::from_secs(10));
        let replies = within(Duration::from_secs(10), move || {
            let mut client = TcpStream::connect(address).unwrap();
            ask(&mut client, b"SET k v\nGET k\n", 2)
        })
        .unwrap();
        assert_eq!(replies, ["STORED\n", "VALUE v\n"]);
    }

    #[test]
    fn bad_bytes_from_one_client_do_not_stop_another() {
        let address = start(Duration::from_secs(10));
        let (bad, good) = within(Duration::from_secs(10), move || {
            let mut bad = TcpStream::connect(address).unwrap();
            let mut good = TcpStream::connect(address).unwrap();
            let bad_replies = ask(&mut bad, b"GET \xff\n", 1);
            let good_replies = ask(&mut good, b"SET a 1\nGET a\n", 2);
            (bad_replies, good_replies)
        })
        .unwrap();
        assert_eq!(bad, ["ERR NotUtf8 { line: 1 }\n"]);
        assert_eq!(good, ["STORED\n", "VALUE 1\n"]);
    }

    #[test]
    fn a_silent_client_is_disconnected_while_others_are_served() {
        let address = start(Duration::from_millis(300));
        let (told, served) = within(Duration::from_secs(10), move || {
            let silent = TcpStream::connect(address).unwrap();
            let mut busy = TcpStream::connect(address).unwrap();
            let served = ask(&mut busy, b"SET b 2\n", 1);
            let mut told = String::new();
            BufReader::new(silent).read_line(&mut told).unwrap();
            (told, served)
        })
        .unwrap();
        assert_eq!(served, ["STORED\n"]);
        assert_eq!(told, "ERR idle too long\n");
    }

    #[test]
    fn a_client_that_leaves_mid_line_ends_with_that_error() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let ended = within(Duration::from_secs(10), move || {
            let client = thread::spawn(move || {
                let mut stream = TcpStream::connect(address).unwrap();
                stream.write_all(b"SET k").unwrap();
            });
            let (stream, _) = listener.accept().unwrap();
            client.join().unwrap();
            let store = Mutex::new(Store::default());
            connection(stream, &store, Duration::from_secs(10)).unwrap()
        })
        .unwrap();
        assert_eq!(ended, Some(ProtocolError::IncompleteLine { bytes: 5 }));
    }
}
