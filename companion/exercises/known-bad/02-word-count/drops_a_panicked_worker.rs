// Known-bad answer to exercise 02-word-count: skips a worker whose `join` returned `Err`, so a
// panicked worker vanishes without a trace: its file's words are missing from the total, and
// no error says so.
// Fails: a_panicking_worker_is_an_error_naming_its_file
// REPLACES keep_every_outcome
        let _ = path;
        if let Ok(result) = outcome {
            match result {
                Ok(counts) => add(&mut total, counts),
                Err(error) => errors.push(error),
            }
        }
// END REPLACES
