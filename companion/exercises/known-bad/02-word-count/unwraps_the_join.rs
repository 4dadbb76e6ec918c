// Known-bad answer to exercise 02-word-count: unwraps what `join` returned, so a worker's panic
// becomes a panic of the caller, and one bad file brings the whole count down.
// Fails: a_panicking_worker_is_an_error_naming_its_file
// REPLACES keep_every_outcome
        match outcome.unwrap() {
            Ok(counts) => add(&mut total, counts),
            Err(error) => errors.push(error),
        }
// END REPLACES
