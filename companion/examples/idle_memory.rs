//! Chapter 9's memory figure: resident memory per idle thread and per idle tokio task,
//! for each count given (default 1000 2000 5000 10000). Each sample runs in a fresh child
//! process of this program (`--one MODEL COUNT`), since memory freed by one sample stays
//! with the allocator and would make the next look cheaper. Prints CSV on stdout.
//!
//! `cargo run --release -p concurrent_rust --example idle_memory -- 1000 2000 5000 10000`

use std::process::{Command, ExitCode};

use concurrent_rust::measuring_the_models::idle::{Idle, IdleSample, idle_tasks, idle_threads};

fn row(sample: &IdleSample) -> String {
    format!(
        "{},{},{},{},{}",
        match sample.model {
            Idle::Threads => "threads",
            Idle::Tasks => "tasks",
        },
        sample.count,
        sample.rss_kib_before,
        sample.rss_kib_holding,
        sample.threads_holding
    )
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, model, count] = args.as_slice()
        && flag == "--one"
    {
        let Ok(count) = count.parse::<usize>() else {
            eprintln!("{count:?} is not a count");
            return ExitCode::FAILURE;
        };
        let sample = match model.as_str() {
            "threads" => idle_threads(count),
            "tasks" => idle_tasks(count),
            other => {
                eprintln!("{other:?} is neither threads nor tasks");
                return ExitCode::FAILURE;
            }
        };
        return match sample {
            Ok(sample) => {
                println!("{}", row(&sample));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{model} × {count}: {error}");
                ExitCode::FAILURE
            }
        };
    }
    let mut counts = Vec::new();
    for arg in &args {
        match arg.parse::<usize>() {
            Ok(n) if n > 0 => counts.push(n),
            _ => {
                eprintln!("{arg:?} is not a positive count");
                return ExitCode::FAILURE;
            }
        }
    }
    if counts.is_empty() {
        counts = vec![1000, 2000, 5000, 10000];
    }
    let me = match std::env::current_exe() {
        Ok(me) => me,
        Err(error) => {
            eprintln!("cannot find this program to run its samples: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("model,count,rss_kib_before,rss_kib_holding,threads_holding");
    for model in ["threads", "tasks"] {
        for count in &counts {
            let run = Command::new(&me)
                .args(["--one", model, &count.to_string()])
                .output();
            match run {
                Ok(out) if out.status.success() => {
                    print!("{}", String::from_utf8_lossy(&out.stdout))
                }
                Ok(out) => {
                    eprintln!(
                        "{model} × {count} failed ({}): {}",
                        out.status,
                        String::from_utf8_lossy(&out.stderr).trim()
                    );
                    return ExitCode::FAILURE;
                }
                Err(error) => {
                    eprintln!("{model} × {count}: cannot start the sample: {error}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    ExitCode::SUCCESS
}
