// Known-bad answer to exercise 03-thread-pool: runs each job as it is, so a job's panic unwinds
// the worker's whole thread. The panicking job's caller still sees the end of its channel,
// but the pool has one worker fewer, and once they have all gone, nothing runs.
// Fails: a_panicking_job_loses_only_its_own_answer
// REPLACES survive_a_panic
        job();
// END REPLACES
