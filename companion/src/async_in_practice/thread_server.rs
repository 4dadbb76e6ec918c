//! The protocol's blocking shell: one thread per connection, `std::net`, the store behind a
//! `Mutex`. The protocol logic is all in [`super::protocol`]; this file only moves bytes.

// The protocol's items, shown in Listings 8.6 and 8.7 (in the notebook, earlier cells).
use super::protocol::{ProtocolError, Reply, Session, Store};

// ANCHOR: thread_server
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
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

/// What the server logs when a connection ends: nothing when the client left between two
/// requests, a line naming the client otherwise.
pub fn describe_end(peer: SocketAddr, end: &io::Result<Option<ProtocolError>>) -> Option<String> {
    match end {
        Ok(None) => None,
        Ok(Some(unfinished)) => Some(format!("{peer}: left mid-request, {unfinished:?}")),
        Err(error) => Some(format!("{peer}: connection ended with an error: {error}")),
    }
}

/// Accepts connections until `stop` is set, each on a thread of its own. A client that
/// sends nothing for `idle` is disconnected.
pub fn serve(listener: TcpListener, store: Arc<Mutex<Store>>, idle: Duration, stop: &AtomicBool) {
    loop {
        let accepted = listener.accept();
        if stop.load(Ordering::SeqCst) {
            break; // dropping the listener closes the port
        }
        let (stream, peer) = match accepted {
            Ok(accepted) => accepted,
            Err(error) => {
                // A failed accept ends no one else's connection: say so, and go on.
                eprintln!("accept failed: {error}");
                continue;
            }
        };
        let store = Arc::clone(&store);
        thread::spawn(move || {
            // What went wrong with one client ends that client's thread only, and is logged.
            let end = connection(stream, &store, idle);
            if let Some(line) = describe_end(peer, &end) {
                eprintln!("{line}");
            }
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

// ANCHOR: stop
/// A server running on a thread of its own; dropping it (or `shutdown`) stops accepting.
/// Connections already accepted go on until their client leaves or idles out.
pub struct Running {
    pub address: SocketAddr,
    stop: Arc<AtomicBool>,
    accepter: Option<thread::JoinHandle<()>>,
}

/// Binds 127.0.0.1 on a port the OS picks and serves `store` there.
pub fn start(store: Arc<Mutex<Store>>, idle: Duration) -> io::Result<Running> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let accepter = thread::spawn(move || serve(listener, store, idle, &flag));
    Ok(Running {
        address,
        stop,
        accepter: Some(accepter),
    })
}

impl Running {
    /// Stops accepting and waits until the listener is closed.
    pub fn shutdown(mut self) {
        self.stop_accepting();
    }

    fn stop_accepting(&mut self) {
        let Some(accepter) = self.accepter.take() else {
            return;
        };
        self.stop.store(true, Ordering::SeqCst);
        // `accept` only returns for a connection: make one, so the loop sees the flag.
        let _ = TcpStream::connect(self.address);
        accepter.join().expect("the accept loop did not panic");
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.stop_accepting();
    }
}
// ANCHOR_END: stop

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::io::{BufRead, BufReader};

    fn start_serving(idle: Duration) -> Running {
        start(Arc::new(Mutex::new(Store::default())), idle).unwrap()
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
        let server = start_serving(Duration::from_secs(10));
        let address = server.address;
        let replies = within(Duration::from_secs(10), move || {
            let mut client = TcpStream::connect(address).unwrap();
            ask(&mut client, b"SET k v\nGET k\n", 2)
        })
        .unwrap();
        assert_eq!(replies, ["STORED\n", "VALUE v\n"]);
    }

    #[test]
    fn bad_bytes_from_one_client_do_not_stop_another() {
        let server = start_serving(Duration::from_secs(10));
        let address = server.address;
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
    fn an_overlong_line_and_an_unknown_command_are_errors_for_their_client_only() {
        let server = start_serving(Duration::from_secs(10));
        let address = server.address;
        let (bad, good) = within(Duration::from_secs(10), move || {
            let mut bad = TcpStream::connect(address).unwrap();
            let mut good = TcpStream::connect(address).unwrap();
            let mut request = vec![b'x'; 3 * super::super::protocol::MAX_LINE];
            request.extend_from_slice(b"\nPUT k v\nSET k v\n");
            let bad_replies = ask(&mut bad, &request, 3);
            let good_replies = ask(&mut good, b"GET k\n", 1);
            (bad_replies, good_replies)
        })
        .unwrap();
        assert_eq!(
            bad,
            [
                "ERR LineTooLong { line: 1, limit: 1024 }\n",
                "ERR UnknownCommand { line: 2, command: \"PUT\" }\n",
                "STORED\n"
            ]
        );
        assert_eq!(good, ["VALUE v\n"], "the store is shared and still served");
    }

    #[test]
    fn a_silent_client_is_disconnected_while_others_are_served() {
        let server = start_serving(Duration::from_millis(300));
        let address = server.address;
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

    #[test]
    fn every_end_but_a_clean_goodbye_is_logged_with_the_client_address() {
        let peer: SocketAddr = "127.0.0.1:4000".parse().unwrap();
        assert_eq!(describe_end(peer, &Ok(None)), None);
        let unfinished = Ok(Some(ProtocolError::IncompleteLine { bytes: 5 }));
        assert_eq!(
            describe_end(peer, &unfinished).as_deref(),
            Some("127.0.0.1:4000: left mid-request, IncompleteLine { bytes: 5 }")
        );
        let idle = Err(io::Error::new(io::ErrorKind::TimedOut, "idle for 10 s"));
        assert_eq!(
            describe_end(peer, &idle).as_deref(),
            Some("127.0.0.1:4000: connection ended with an error: idle for 10 s")
        );
    }

    #[test]
    fn the_server_goes_on_after_a_client_leaves_mid_line() {
        let server = start_serving(Duration::from_secs(10));
        let address = server.address;
        let replies = within(Duration::from_secs(10), move || {
            TcpStream::connect(address)
                .unwrap()
                .write_all(b"SET half")
                .unwrap(); // and the stream is dropped: the client is gone
            let mut next = TcpStream::connect(address).unwrap();
            ask(&mut next, b"SET k v\n", 1)
        })
        .unwrap();
        assert_eq!(replies, ["STORED\n"]);
    }

    #[test]
    fn after_shutdown_the_port_refuses_connections() {
        let server = start_serving(Duration::from_secs(10));
        let address = server.address;
        within(Duration::from_secs(10), move || server.shutdown()).unwrap();
        let refused = TcpStream::connect(address);
        assert!(refused.is_err(), "still accepting after shutdown");
    }

    #[test]
    fn dropping_the_server_stops_accepting_too() {
        let server = start_serving(Duration::from_secs(10));
        let address = server.address;
        within(Duration::from_secs(10), move || drop(server)).unwrap();
        let refused = TcpStream::connect(address);
        assert!(
            refused.is_err(),
            "still accepting after the server was dropped"
        );
    }
}
