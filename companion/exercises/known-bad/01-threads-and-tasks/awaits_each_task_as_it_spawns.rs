// Known-bad answer to exercise 01-threads-and-tasks: spawns a task per job but awaits each
// handle before spawning the next, so there is only ever one task: the tasks' version of
// joining each thread as it is spawned.
// Fails: tasks_wait_at_the_same_time, quotes_as_tasks_wait_on_the_runtime_clock
// REPLACES spawn_then_await
    let mut answers = Vec::with_capacity(jobs.len());
    for job in jobs {
        answers.push(tokio::spawn(job).await.expect("a job panicked"));
    }
    answers
// END REPLACES
