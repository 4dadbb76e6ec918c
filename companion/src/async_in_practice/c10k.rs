//! C10k measured: an echo server holds `n` idle connections from clients in the same
//! process, either with a thread per connection (`std::net`) or with a tokio task per
//! connection, and we read what that costs from `/proc/self/status` (Linux): resident
//! memory (`VmRSS`) and the number of threads (`Threads`), before and while holding them.
//! Everything is on 127.0.0.1, bounded in count, and ends by itself.
//! `companion/examples/c10k.rs` runs it for large `n`.

// ANCHOR: c10k_measure
use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How the server holds its connections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Model {
    /// A thread per connection, blocking `std::net` I/O.
    Threads,
    /// A tokio task per connection, on a multi-thread runtime with 2 workers.
    Tokio,
}

/// What holding `connections` idle connections cost the process.
#[derive(Debug, Clone, Copy)]
pub struct Measurement {
    pub model: Model,
    pub connections: usize,
    /// Time to open every connection and get its first echo back, one after another.
    pub setup: Duration,
    pub rss_kib_before: u64,
    pub rss_kib_holding: u64,
    pub threads_before: usize,
    pub threads_holding: usize,
}

impl Measurement {
    /// Resident memory added per connection, in KiB (client and server side together).
    pub fn kib_per_connection(&self) -> f64 {
        self.rss_kib_holding.saturating_sub(self.rss_kib_before) as f64 / self.connections as f64
    }

    pub fn setups_per_second(&self) -> f64 {
        self.connections as f64 / self.setup.as_secs_f64()
    }
}

/// A field of `/proc/self/status`, such as `VmRSS` (in kB) or `Threads`.
pub fn status_field(name: &str) -> io::Result<u64> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(name)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| io::Error::other(format!("no {name} in /proc/self/status")))
}

/// Echoes what the client sends until it disconnects. Both servers use this buffer size.
const BUFFER: usize = 256;
/// How long any single step may take before the measurement gives up.
const STEP_LIMIT: Duration = Duration::from_secs(10);

fn echo_thread(mut stream: TcpStream, live: &AtomicUsize) {
    live.fetch_add(1, Ordering::SeqCst);
    let mut buffer = [0_u8; BUFFER];
    while let Ok(read @ 1..) = stream.read(&mut buffer) {
        if stream.write_all(&buffer[..read]).is_err() {
            break;
        }
    }
    live.fetch_sub(1, Ordering::SeqCst);
}

async fn echo_task(mut stream: tokio::net::TcpStream, live: Arc<AtomicUsize>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    live.fetch_add(1, Ordering::SeqCst);
    let mut buffer = [0_u8; BUFFER];
    while let Ok(read @ 1..) = stream.read(&mut buffer).await {
        if stream.write_all(&buffer[..read]).await.is_err() {
            break;
        }
    }
    live.fetch_sub(1, Ordering::SeqCst);
}

/// A running server of either model, and how to stop it.
enum Server {
    Threads {
        stop: Arc<AtomicBool>,
        acceptor: std::thread::JoinHandle<io::Result<()>>,
    },
    Tokio(tokio::runtime::Runtime),
}

fn start_server(model: Model, live: Arc<AtomicUsize>) -> io::Result<(Server, SocketAddr)> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let address = listener.local_addr()?;
    match model {
        Model::Threads => {
            let stop = Arc::new(AtomicBool::new(false));
            let stopping = Arc::clone(&stop);
            let acceptor = std::thread::Builder::new().spawn(move || {
                let mut connections = Vec::new();
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        break;
                    }
                    let live = Arc::clone(&live);
                    let stream = stream?;
                    // `Builder::spawn` reports a failed thread start instead of panicking.
                    connections.push(
                        std::thread::Builder::new().spawn(move || echo_thread(stream, &live))?,
                    );
                }
                for connection in connections {
                    // An echo thread cannot fail, short of a panic: report one if it came.
                    connection
                        .join()
                        .map_err(|_| io::Error::other("an echo thread panicked"))?;
                }
                Ok(())
            })?;
            Ok((Server::Threads { stop, acceptor }, address))
        }
        Model::Tokio => {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()?;
            listener.set_nonblocking(true)?;
            let listener =
                runtime.block_on(async { tokio::net::TcpListener::from_std(listener) })?;
            runtime.spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(echo_task(stream, Arc::clone(&live)));
                }
            });
            Ok((Server::Tokio(runtime), address))
        }
    }
}

/// Opens one connection and checks that it echoes.
fn connect_and_echo(address: SocketAddr) -> io::Result<TcpStream> {
    let mut stream = TcpStream::connect(address)?;
    stream.set_read_timeout(Some(STEP_LIMIT))?;
    stream.write_all(b"ping\n")?;
    let mut echo = [0_u8; 5];
    stream.read_exact(&mut echo)?;
    if &echo != b"ping\n" {
        return Err(io::Error::other(format!("echo returned {echo:?}")));
    }
    Ok(stream)
}

/// Waits until `live` equals `target`, for at most `STEP_LIMIT`.
fn wait_for(live: &AtomicUsize, target: usize) -> io::Result<()> {
    let deadline = Instant::now() + STEP_LIMIT;
    while live.load(Ordering::SeqCst) != target {
        if Instant::now() > deadline {
            return Err(io::Error::other(format!(
                "{} server connections alive, expected {target}",
                live.load(Ordering::SeqCst)
            )));
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    Ok(())
}

/// Starts a server of `model`, opens `n` connections to it (each echoes once), measures,
/// closes them and stops the server. Needs about `2 * n` file descriptors.
pub fn hold_idle_connections(model: Model, n: usize) -> io::Result<Measurement> {
    let live = Arc::new(AtomicUsize::new(0));
    let (server, address) = start_server(model, Arc::clone(&live))?;
    // A first connection, so that what every server allocates once is already there.
    drop(connect_and_echo(address)?);
    wait_for(&live, 0)?;
    let rss_kib_before = status_field("VmRSS")?;
    let threads_before = status_field("Threads")? as usize;

    let started = Instant::now();
    let clients = (0..n)
        .map(|i| {
            connect_and_echo(address)
                .map_err(|e| io::Error::new(e.kind(), format!("connection {i} of {n}: {e}")))
        })
        .collect::<io::Result<Vec<TcpStream>>>();
    let setup = started.elapsed();
    let clients = clients?; // on error, the streams opened so far are already closed
    wait_for(&live, n)?;
    let rss_kib_holding = status_field("VmRSS")?;
    let threads_holding = status_field("Threads")? as usize;

    drop(clients); // every server connection reads end-of-file and ends
    wait_for(&live, 0)?;
    match server {
        Server::Threads { stop, acceptor } => {
            stop.store(true, Ordering::SeqCst);
            drop(TcpStream::connect(address)); // wakes the blocked `accept`
            acceptor
                .join()
                .map_err(|_| io::Error::other("the acceptor thread panicked"))??;
        }
        Server::Tokio(runtime) => runtime.shutdown_timeout(STEP_LIMIT),
    }
    Ok(Measurement {
        model,
        connections: n,
        setup,
        rss_kib_before,
        rss_kib_holding,
        threads_before,
        threads_holding,
    })
}
// ANCHOR_END: c10k_measure

// ANCHOR: fd_limit
/// Raises this process's soft limit on open files to its hard limit; returns the new
/// soft limit. An unprivileged process may go up to the hard limit, not beyond.
pub fn raise_fd_limit() -> io::Result<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // Safety: `limit` is a valid, writable `rlimit` for the duration of the call.
    if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    limit.rlim_cur = limit.rlim_max;
    // Safety: `limit` is a valid `rlimit`, read by the call and not kept.
    if unsafe { libc::setrlimit(libc::RLIMIT_NOFILE, &limit) } != 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(limit.rlim_cur)
}
// ANCHOR_END: fd_limit

// ANCHOR: c10k_main
/// Prints one row of the table.
pub fn print_row(m: &Measurement) {
    // No padding: the width of a number must not change the line's shape.
    println!(
        "{:?}, {} connections: {} threads ({:+}), {:.1} KiB/connection, {:.0} set-ups/s",
        m.model,
        m.connections,
        m.threads_holding,
        m.threads_holding as i64 - m.threads_before as i64,
        m.kib_per_connection(),
        m.setups_per_second()
    );
}

pub fn main() {
    for model in [Model::Threads, Model::Tokio] {
        match hold_idle_connections(model, 100) {
            Ok(measurement) => print_row(&measurement),
            Err(error) => println!("{model:?}: {error}"),
        }
    }
}
// ANCHOR_END: c10k_main

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wait_for_returns_only_once_the_count_is_reached() {
        let live = Arc::new(AtomicUsize::new(0));
        let setter = {
            let live = Arc::clone(&live);
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_millis(50));
                live.store(1, Ordering::SeqCst);
            })
        };
        wait_for(&live, 1).unwrap();
        assert_eq!(
            live.load(Ordering::SeqCst),
            1,
            "it returned before the count was 1"
        );
        setter.join().unwrap();
    }

    #[test]
    fn a_measurement_divides_memory_and_time_by_the_connections() {
        let measurement = Measurement {
            model: Model::Tokio,
            connections: 4,
            setup: Duration::from_secs(2),
            rss_kib_before: 1000,
            rss_kib_holding: 1010,
            threads_before: 3,
            threads_holding: 3,
        };
        assert_eq!(measurement.kib_per_connection(), 2.5);
        assert_eq!(measurement.setups_per_second(), 2.0);
        // Memory that shrank (the allocator gave pages back) counts as no growth.
        let shrank = Measurement {
            rss_kib_holding: 990,
            ..measurement
        };
        assert_eq!(shrank.kib_per_connection(), 0.0);
    }
    use crate::testing::within;

    const N: usize = 50;

    /// The measurement reads the whole process: under `cargo test`, where tests share
    /// one process, the two measurements must not run at the same time.
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

    fn measure(model: Model) -> Measurement {
        let _alone = ONE_AT_A_TIME
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        within(Duration::from_secs(30), move || {
            hold_idle_connections(model, N)
        })
        .expect("the measurement ended by itself")
        .expect("every connection echoed")
    }

    #[test]
    fn a_thread_per_connection_means_a_thread_and_its_stack_per_idle_connection() {
        let m = measure(Model::Threads);
        assert_eq!(m.connections, N);
        // Every server thread is alive while the connections are held. (Not a difference
        // from `threads_before`: under `cargo test` other tests' threads come and go.)
        assert!(
            m.threads_holding >= N,
            "{} threads while holding {N} connections, {} before",
            m.threads_holding,
            m.threads_before
        );
        // Each thread touches at least one 4 KiB page of its own stack; half of them
        // counted leaves room for pages other tests of this process free meanwhile.
        assert!(
            m.rss_kib_holding >= m.rss_kib_before + 4 * N as u64 / 2,
            "RSS grew from {} to {} KiB for {N} threads",
            m.rss_kib_before,
            m.rss_kib_holding
        );
    }

    #[test]
    fn tokio_holds_every_idle_connection_without_a_thread_each() {
        let m = measure(Model::Tokio);
        assert_eq!(m.connections, N);
        assert!(
            m.threads_holding.saturating_sub(m.threads_before) < N / 2,
            "{} threads while holding {N} connections, {} before",
            m.threads_holding,
            m.threads_before
        );
    }

    #[test]
    fn status_fields_are_read_and_a_missing_one_is_an_error_naming_it() {
        assert!(status_field("VmRSS").unwrap() > 0);
        assert!(status_field("Threads").unwrap() >= 1);
        let error = status_field("NoSuchField").unwrap_err();
        assert!(error.to_string().contains("NoSuchField"), "{error}");
    }

    #[test]
    fn the_fd_limit_is_raised_to_the_hard_limit() {
        let soft = raise_fd_limit().unwrap();
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // Safety: `limit` is a valid, writable `rlimit` for the duration of the call.
        let status = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
        assert_eq!(status, 0);
        assert_eq!(soft, limit.rlim_cur);
        assert_eq!(limit.rlim_cur, limit.rlim_max);
    }
}
