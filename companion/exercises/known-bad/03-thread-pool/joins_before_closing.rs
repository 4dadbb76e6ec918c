// Known-bad answer to exercise 03-thread-pool: joins the workers before it drops the queue's
// Sender. A worker's loop ends only when the queue has ended, and the queue ends only when
// its Sender is gone, so every join waits for ever: dropping the pool deadlocks.
// Fails: every_answer_arrives_on_its_own_receiver, workers_run_jobs_at_the_same_time, a_panicking_job_loses_only_its_own_answer, drop_waits_for_every_queued_job, dropping_an_idle_pool_returns
// REPLACES close_then_join
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
        drop(self.jobs.take());
// END REPLACES
