//! Chapter 8's C10k figure: for each N given, an echo server holds N idle connections on
//! 127.0.0.1, first with a thread per connection, then with a tokio task per connection,
//! and one row per run says what that cost (`concurrent_rust::async_in_practice::c10k`).
//!
//! `cargo run --release -p concurrent_rust --example c10k -- 1000 2000 5000 10000`
//!
//! Default: 1000. Each connection needs two file descriptors (client and server are in this
//! process), so the program first raises its soft limit on open files to the hard limit,
//! and skips an N that the limit cannot hold. Every step is bounded; the program stops by
//! itself, with an error naming what failed (a refused thread, a full fd table).

use std::process::ExitCode;

use concurrent_rust::async_in_practice::c10k::{
    Model, hold_idle_connections, print_row, raise_fd_limit,
};

fn main() -> ExitCode {
    let mut counts = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.parse::<usize>() {
            Ok(n) if n > 0 => counts.push(n),
            _ => {
                eprintln!("{arg:?} is not a positive number of connections");
                return ExitCode::FAILURE;
            }
        }
    }
    if counts.is_empty() {
        counts.push(1000);
    }
    let fds = match raise_fd_limit() {
        Ok(limit) => limit,
        Err(error) => {
            eprintln!("cannot raise the open-files limit: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("open-files limit (soft = hard): {fds}");
    let mut failed = false;
    for n in counts {
        let needed = 2 * n as u64 + 32;
        if needed > fds {
            println!("{n}: skipped, needs about {needed} file descriptors, the limit is {fds}");
            continue;
        }
        for model in [Model::Threads, Model::Tokio] {
            match hold_idle_connections(model, n) {
                Ok(measurement) => print_row(&measurement),
                Err(error) => {
                    println!("{model:?} {n}: stopped: {error}");
                    failed = true;
                }
            }
        }
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
