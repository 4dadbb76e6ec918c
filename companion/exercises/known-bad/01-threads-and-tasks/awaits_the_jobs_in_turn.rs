// Known-bad answer to exercise 01-threads-and-tasks: awaits the futures one after another
// instead of spawning them, as a line-by-line translation of Kotlin's `async` would. A Rust
// future does nothing until it is polled, so each job starts only when the previous one ends.
// Fails: tasks_wait_at_the_same_time, quotes_as_tasks_wait_on_the_runtime_clock
// REPLACES spawn_then_await
    let mut answers = Vec::with_capacity(jobs.len());
    for job in jobs {
        answers.push(job.await);
    }
    answers
// END REPLACES
