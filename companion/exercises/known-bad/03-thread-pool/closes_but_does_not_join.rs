// Known-bad answer to exercise 03-thread-pool: closes the queue but does not join the workers.
// The workers still run every queued job and then end, but nobody waits for them: drop
// returns at once, while jobs are still running, and the caller cannot tell when they are done.
// Fails: drop_waits_for_every_queued_job
// REPLACES close_then_join
        drop(self.jobs.take());
// END REPLACES
