// Known-bad answer to exercise 02-word-count: passes `&payload` instead of `&*payload` to
// `panic_message`. That compiles, because the `Box` itself coerces to `&dyn Any`, but then
// every downcast fails and each panic is reported without its message.
// Fails: a_panicking_worker_is_an_error_naming_its_file
// REPLACES keep_every_outcome
        match outcome {
            Ok(Ok(counts)) => add(&mut total, counts),
            Ok(Err(error)) => errors.push(error),
            Err(payload) => errors.push(FileError::WorkerPanicked {
                files: vec![path.clone()],
                message: panic_message(&payload),
            }),
        }
// END REPLACES
