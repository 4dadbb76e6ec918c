//! `thread::Builder` configures a thread before it starts: a name (shown in panic messages
//! and debuggers) and a stack size. Its `spawn` returns `io::Result`, because the OS may
//! refuse to create the thread; `thread::spawn` would panic instead.

// ANCHOR: builder
use std::io;
use std::thread;

pub fn spawn_named(name: &str, stack_size: usize) -> io::Result<Option<String>> {
    let handle = thread::Builder::new()
        .name(name.to_string())
        .stack_size(stack_size)
        .spawn(|| thread::current().name().map(String::from))?;
    Ok(handle.join().unwrap())
}

pub fn main() {
    let seen = spawn_named("glossary-loader", 4 * 1024 * 1024).expect("no thread for us");
    println!("the spawned thread calls itself {seen:?}");

    let anonymous = thread::spawn(|| thread::current().name().map(String::from));
    println!(
        "thread::spawn gives the name {:?}",
        anonymous.join().unwrap()
    );
}
// ANCHOR_END: builder

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_thread_sees_its_name() {
        let seen = spawn_named("glossary-loader", 4 * 1024 * 1024).unwrap();
        assert_eq!(seen.as_deref(), Some("glossary-loader"));
    }

    #[test]
    fn unnamed_threads_have_no_name() {
        let name = thread::spawn(|| thread::current().name().map(String::from));
        assert_eq!(name.join().unwrap(), None);
    }

    #[test]
    fn a_name_with_a_nul_byte_is_refused() {
        // `Builder::name` accepts any String, but the OS needs a C string: spawning fails
        // with a panic inside `spawn`, which the Builder does not turn into an `io::Error`.
        let outcome = std::panic::catch_unwind(|| spawn_named("bad\0name", 64 * 1024));
        assert!(outcome.is_err());
    }

    #[test]
    fn main_runs() {
        main();
    }
}
