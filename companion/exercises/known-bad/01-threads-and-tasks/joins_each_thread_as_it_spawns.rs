// Known-bad answer to exercise 01-threads-and-tasks: spawns and joins in one lazy iterator
// chain, so each thread is joined before the next one is spawned. The answers are right and
// in order, which is why it looks fine; but the jobs run one after another.
// Fails: threads_answer_in_job_order_whatever_order_they_finish
// REPLACES spawn_then_join
    thread::scope(|s| {
        jobs.into_iter()
            .map(|job| s.spawn(job))
            .map(|handle| handle.join().expect("a job panicked"))
            .collect()
    })
// END REPLACES
