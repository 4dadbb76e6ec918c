// The tests of exercise 01-threads-and-tasks
use concurrent_rust::fixtures::within;
use std::sync::Mutex;
use std::sync::mpsc;
use std::time::Duration;

/// How long a job waits for the job after it to finish before it gives up: far longer
/// than starting a few threads takes, so only jobs that run one after another run out
/// of patience.
const PATIENCE: Duration = Duration::from_secs(2);

/// A runtime on one thread whose clock stands still until every task waits, then
/// jumps to the next timer: waits cost no real time, and durations are exact.
fn paused_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .start_paused(true)
        .build()
        .unwrap()
}

fn shops() -> Vec<Shop> {
    let shop = |name: &str, price, millis| Shop {
        name: name.to_string(),
        price,
        answers_after: Duration::from_millis(millis),
    };
    vec![
        shop("corner shop", 120, 30),
        shop("market", 95, 10),
        shop("online", 99, 20),
    ]
}

fn quotes() -> Vec<Quote> {
    let quote = |shop: &str, price| Quote {
        shop: shop.to_string(),
        price,
    };
    vec![
        quote("corner shop", 120),
        quote("market", 95),
        quote("online", 99),
    ]
}

#[test]
fn threads_answer_in_job_order_whatever_order_they_finish() {
    const JOBS: usize = 4;
    let (answers, finished) = within(Duration::from_secs(10), || {
        // Job i waits until job i + 1 has finished, so the last job finishes first and
        // the first job last: only jobs that all run at once can do that.
        let (tells, waits): (Vec<_>, Vec<_>) = (1..JOBS).map(|_| mpsc::channel::<()>()).unzip();
        let waits = waits.into_iter().map(Some).chain([None]);
        let tells = [None].into_iter().chain(tells.into_iter().map(Some));
        let finished = Mutex::new(Vec::new());
        let jobs: Vec<_> = waits
            .zip(tells)
            .enumerate()
            .map(|(i, (wait, tell))| {
                let finished = &finished;
                move || {
                    if let Some(wait) = wait {
                        wait.recv_timeout(PATIENCE).unwrap_or_else(|_| {
                            panic!(
                                "job {i} waited in vain for job {} to finish: the \
                                 threads ran one after another, not at the same time",
                                i + 1
                            )
                        });
                    }
                    finished.lock().unwrap().push(i);
                    if let Some(tell) = tell {
                        let _ = tell.send(());
                    }
                    format!("answer {i}")
                }
            })
            .collect();
        let answers = on_threads(jobs);
        (answers, finished.into_inner().unwrap())
    })
    .expect("on_threads never returned: a hang");
    assert_eq!(
        finished,
        [3, 2, 1, 0],
        "the jobs finished in an order they cannot finish in when they all run at once"
    );
    assert_eq!(
        answers,
        ["answer 0", "answer 1", "answer 2", "answer 3"],
        "on_threads must return the answers in the order of the jobs, whatever order the \
         threads finished in (here the last job finished first)"
    );
}

#[test]
fn quotes_on_threads_come_in_shop_order() {
    let got = within(Duration::from_secs(5), || quotes_on_threads(&shops()))
        .expect("quotes_on_threads never returned: a hang");
    assert_eq!(
        got,
        quotes(),
        "one quote per shop, with the shop's name and price, in the order of the shops \
         (the market answers first, but it is second in the list)"
    );
}

#[test]
fn tasks_wait_at_the_same_time() {
    let (answers, took) = within(Duration::from_secs(5), || {
        paused_runtime().block_on(async {
            let start = tokio::time::Instant::now();
            let jobs: Vec<_> = (1..=4_u64)
                .map(|seconds| async move {
                    tokio::time::sleep(Duration::from_secs(seconds)).await;
                    seconds
                })
                .collect();
            let answers = as_tasks(jobs).await;
            (answers, start.elapsed())
        })
    })
    .expect("as_tasks never returned: a hang");
    assert_eq!(
        took,
        Duration::from_secs(4),
        "four jobs that wait 1, 2, 3 and 4 s on the runtime's clock take 4 s together when \
         they wait at the same time; yours took {took:?}, so some of them waited one after \
         another (a future does nothing until it is polled)"
    );
    assert_eq!(answers, [1, 2, 3, 4], "the answers, in job order");
}

#[test]
fn tasks_answer_in_job_order_whatever_order_they_finish() {
    let answers = within(Duration::from_secs(5), || {
        paused_runtime().block_on(async {
            // The first job waits longest, so the jobs finish last one first.
            let jobs: Vec<_> = (0..4_u64)
                .map(|i| async move {
                    tokio::time::sleep(Duration::from_secs(4 - i)).await;
                    format!("answer {i}")
                })
                .collect();
            as_tasks(jobs).await
        })
    })
    .expect("as_tasks never returned: a hang");
    assert_eq!(
        answers,
        ["answer 0", "answer 1", "answer 2", "answer 3"],
        "as_tasks must return the answers in the order of the jobs, whatever order the \
         tasks finished in (here the last job finished first)"
    );
}

#[test]
fn quotes_as_tasks_wait_on_the_runtime_clock() {
    let (got, took) = within(Duration::from_secs(5), || {
        paused_runtime().block_on(async {
            let start = tokio::time::Instant::now();
            let got = quotes_as_tasks(&shops()).await;
            (got, start.elapsed())
        })
    })
    .expect("quotes_as_tasks never returned: a hang");
    assert_eq!(
        got,
        quotes(),
        "one quote per shop, with the shop's name and price, in the order of the shops"
    );
    assert_eq!(
        took,
        Duration::from_millis(30),
        "three shops that answer after 30, 10 and 20 ms, asked at the same time, take \
         30 ms of the runtime's clock; yours took {took:?}. Zero means the tasks did not \
         wait on the runtime's timers at all: a blocking sleep holds the runtime's only \
         thread, and every other task with it. 60 ms means they waited in turn"
    );
}
