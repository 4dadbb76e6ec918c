//! Runs one of the course's programs by name.
//!
//! `cargo run -p concurrent_rust --example listing -- threads::spawn_join`
//!
//! The name is the module path of the listing's file inside the crate. Without a name, or
//! with one that is not a program, it prints the list of programs and exits with status 2.

use std::process::ExitCode;

use concurrent_rust::programs::{PROGRAMS, find};

fn main() -> ExitCode {
    let name = std::env::args().nth(1);
    match name.as_deref().and_then(find) {
        Some(program) => {
            (program.main)();
            ExitCode::SUCCESS
        }
        None => {
            match name {
                Some(name) => eprintln!("no program named `{name}`; the programs are:"),
                None => eprintln!("usage: listing NAME; the programs are:"),
            }
            for program in PROGRAMS {
                println!("{}", program.name);
            }
            ExitCode::from(2)
        }
    }
}
