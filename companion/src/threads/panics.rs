//! A panic unwinds only the thread it happens on. `join` reports it as `Err(payload)`,
//! where the payload is whatever was passed to `panic!`: a `&'static str` for a literal
//! message, a `String` for a formatted one. Other threads carry on.
//!
//! From source note 002 (errata: `book/errata.md`), "Error Handling Across Threads": `handle.join().unwrap()?`
//! turns a worker's panic into a panic of the joining thread; see
//! [`crate::threads::fork_join`] for the version that reports it instead.

// ANCHOR: panic_message
use std::any::Any;

pub fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&'static str>() {
        message.to_string()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "a panic payload that is not a string".to_string()
    }
}
// ANCHOR_END: panic_message

// ANCHOR: panics
use std::thread;

pub fn load_glossaries(sources: Vec<&'static str>) -> Vec<Result<usize, String>> {
    let handles: Vec<_> = sources
        .into_iter()
        .map(|source| {
            thread::spawn(move || match source {
                "" => panic!("the glossary source is empty"),
                _ if !source.contains(':') => panic!("no `term: definition` in {source:?}"),
                _ => source.lines().count(),
            })
        })
        .collect();

    handles
        .into_iter()
        .map(|handle| handle.join().map_err(|payload| panic_message(&*payload)))
        .collect()
}

pub fn main() {
    let sources = vec![
        "thread: a unit of execution\njoin: wait for a thread",
        "",
        "oops",
    ];
    for (index, outcome) in load_glossaries(sources).into_iter().enumerate() {
        match outcome {
            Ok(terms) => println!("source {index}: {terms} terms"),
            Err(message) => println!("source {index}: the worker panicked: {message}"),
        }
    }
}
// ANCHOR_END: panics

// ANCHOR: scope_panic
pub fn scope_with_a_panicking_worker() -> std::thread::Result<usize> {
    std::panic::catch_unwind(|| {
        std::thread::scope(|s| {
            s.spawn(|| panic!("a scoped worker gave up"));
            let healthy = s.spawn(|| 2 + 2);
            healthy.join().unwrap()
        })
    })
}
// ANCHOR_END: scope_panic

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use std::time::Duration;

    #[test]
    fn join_returns_the_payload_and_others_are_unaffected() {
        let outcomes = load_glossaries(vec!["a: b\nc: d", "", "oops", "e: f"]);
        assert_eq!(
            outcomes,
            vec![
                Ok(2),
                Err("the glossary source is empty".to_string()),
                Err("no `term: definition` in \"oops\"".to_string()),
                Ok(1),
            ]
        );
    }

    #[test]
    fn every_worker_is_spawned_before_any_is_joined() {
        // Three sources that each make their worker panic. A panic hook (it runs on the
        // panicking thread, before the unwinding) holds each of these workers until all
        // three have panicked, so they must all be running at once: joining each worker
        // inside the `map` that spawns it would wait for ever on the first.
        use std::sync::{Arc, Condvar, Mutex};
        const MARK: &str = "three-at-once";
        // (workers that have panicked, whether the test has given up waiting)
        let meeting = Arc::new((Mutex::new((0, false)), Condvar::new()));
        let previous: Arc<dyn Fn(&std::panic::PanicHookInfo<'_>) + Send + Sync> =
            Arc::from(std::panic::take_hook());
        std::panic::set_hook(Box::new({
            let (previous, meeting) = (Arc::clone(&previous), Arc::clone(&meeting));
            move |info| {
                if info.payload_as_str().is_some_and(|m| m.contains(MARK)) {
                    let (state, changed) = &*meeting;
                    let mut state = state.lock().unwrap();
                    state.0 += 1;
                    changed.notify_all();
                    let _all_here = changed
                        .wait_while(state, |(panicked, gave_up)| *panicked < 3 && !*gave_up)
                        .unwrap();
                }
                previous(info); // every other panic, here or in another test, as before
            }
        }));
        let outcomes = within(Duration::from_secs(10), || load_glossaries(vec![MARK; 3]));
        // Let a worker still held in the hook go (the hook holds a lock `set_hook` needs),
        // then put the previous hook back.
        meeting.0.lock().unwrap().1 = true;
        meeting.1.notify_all();
        std::panic::set_hook(Box::new(move |info| previous(info)));
        let expected = Err(format!("no `term: definition` in {MARK:?}"));
        assert_eq!(
            outcomes.expect("the workers did not all run at the same time"),
            vec![expected; 3]
        );
    }

    #[test]
    fn payloads_downcast_to_str_or_string() {
        let literal = thread::spawn(|| panic!("literal")).join().unwrap_err();
        assert!(literal.is::<&'static str>());
        assert_eq!(panic_message(&*literal), "literal");

        // A message with a runtime argument is formatted into a `String`. (A message whose
        // arguments are all literals may be folded into a `&'static str` by the compiler.)
        let answer = std::hint::black_box(42);
        let formatted = thread::spawn(move || panic!("formatted {answer}"))
            .join()
            .unwrap_err();
        assert!(formatted.is::<String>());
        assert_eq!(panic_message(&*formatted), "formatted 42");

        let other = thread::spawn(|| std::panic::panic_any(7_u8))
            .join()
            .unwrap_err();
        assert_eq!(other.downcast_ref::<u8>(), Some(&7));
        assert_eq!(
            panic_message(&*other),
            "a panic payload that is not a string"
        );
    }

    #[test]
    fn scope_repanics_after_joining_everyone() {
        let payload = scope_with_a_panicking_worker().unwrap_err();
        // `scope` re-panics with its own message, not the worker's payload.
        assert_eq!(panic_message(&*payload), "a scoped thread panicked");
    }

    #[test]
    fn a_scoped_panic_joined_by_hand_is_just_an_err() {
        let outcome = thread::scope(|s| s.spawn(|| panic!("handled")).join());
        assert_eq!(panic_message(&*outcome.unwrap_err()), "handled");
    }

    /// What every run of `main` guarantees: both workers' panic messages (on stderr, in
    /// either order) come before `main` prints, because `load_glossaries` joins every
    /// thread before it returns; then one line per source, in source order.
    #[cfg(not(loom))]
    #[test]
    fn every_run_reports_both_panics_then_every_source_in_order() {
        let output = crate::testing::run_in_child("threads::panics");
        let lines: Vec<&str> = output.lines().collect();
        let sources = [
            "source 0: 2 terms",
            "source 1: the worker panicked: the glossary source is empty",
            "source 2: the worker panicked: no `term: definition` in \"oops\"",
        ];
        assert!(lines.ends_with(&sources), "{output}");
        let before = &lines[..lines.len() - sources.len()];
        let panicked = before
            .iter()
            .filter(|line| line.contains("panicked at"))
            .count();
        assert_eq!(panicked, 2, "{output}");
        assert!(before.contains(&"the glossary source is empty"), "{output}");
        assert!(
            before.contains(&"no `term: definition` in \"oops\""),
            "{output}"
        );
    }

    #[test]
    fn main_runs() {
        main();
    }
}
