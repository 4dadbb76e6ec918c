// Known-bad answer to exercise 02-word-count: returns as soon as it meets a failing file, the
// way `handle.join().unwrap()?` does. Every thread has been joined, so nothing is left
// running, but the errors of the later files are thrown away.
// Fails: every_failing_file_is_reported_in_input_order, a_panicking_worker_is_an_error_naming_its_file
// REPLACES keep_every_outcome
        match outcome {
            Ok(Ok(counts)) => add(&mut total, counts),
            Ok(Err(error)) => return Err(vec![error]),
            Err(payload) => {
                return Err(vec![FileError::WorkerPanicked {
                    files: vec![path.clone()],
                    message: panic_message(&*payload),
                }]);
            }
        }
// END REPLACES
