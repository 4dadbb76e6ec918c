//! `crossbeam::channel::select!` waits on several channel operations at once and runs the
//! branch of whichever is ready first; if several are ready, it picks one at random.

// ANCHOR: select
use crossbeam::channel::select;

/// Collects jobs until the job channel is finished or a stop signal arrives. A dropped
/// stop sender counts as a stop: `recv` on a disconnected channel is ready at once.
pub fn collect_until_stopped(
    jobs: crossbeam::channel::Receiver<u32>,
    stop: crossbeam::channel::Receiver<()>,
) -> Vec<u32> {
    let mut done = Vec::new();
    loop {
        select! {
            recv(jobs) -> job => match job {
                Ok(job) => done.push(job),
                Err(_) => break, // every job sender is gone
            },
            recv(stop) -> _ => break,
        }
    }
    done
}

pub fn main() {
    let (job_sender, jobs) = crossbeam::channel::unbounded();
    let (stop_sender, stop) = crossbeam::channel::bounded(1);
    for job in 0..5 {
        job_sender.send(job).unwrap();
    }
    drop(job_sender);
    // The stop sender is alive and silent: all five jobs are collected.
    println!("{:?}", collect_until_stopped(jobs, stop));
    drop(stop_sender);
}
// ANCHOR_END: select

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::within;
    use crossbeam::channel::{bounded, unbounded};
    use std::time::Duration;

    #[test]
    fn main_runs() {
        within(Duration::from_secs(10), main).unwrap();
    }

    #[test]
    fn without_a_stop_every_job_is_collected() {
        let (job_sender, jobs) = unbounded();
        let (_stop_sender, stop) = bounded::<()>(1);
        let producer = std::thread::spawn(move || {
            for job in 0..100 {
                job_sender.send(job).unwrap();
            }
        });
        let done = within(Duration::from_secs(10), move || {
            collect_until_stopped(jobs, stop)
        })
        .unwrap();
        producer.join().unwrap();
        assert_eq!(done, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn when_both_are_ready_the_result_is_some_prefix_of_the_jobs() {
        for _ in 0..20 {
            let (job_sender, jobs) = unbounded();
            let (stop_sender, stop) = bounded(1);
            for job in 0..10 {
                job_sender.send(job).unwrap();
            }
            stop_sender.send(()).unwrap();
            let done = within(Duration::from_secs(10), move || {
                collect_until_stopped(jobs, stop)
            })
            .unwrap();
            assert!(done.len() <= 10);
            assert_eq!(done, (0..done.len() as u32).collect::<Vec<_>>());
            drop(job_sender);
        }
    }

    #[test]
    fn a_dropped_stop_sender_stops_the_loop() {
        let (_job_sender, jobs) = unbounded::<u32>();
        let (stop_sender, stop) = bounded::<()>(1);
        drop(stop_sender);
        assert!(
            within(Duration::from_secs(10), move || collect_until_stopped(
                jobs, stop
            ))
            .unwrap()
            .is_empty()
        );
    }
}
