//! Chapter 9 — a context switch, after Eli Bendersky's 2018 method: two threads hand a
//! token back and forth through `park`/`unpark` (a futex on Linux). One iteration is one
//! round trip, two hand-offs; pinned, both threads share CPU 0, so each hand-off is a
//! switch between them on that core; unpinned, each thread may have a core of its own.
//!
//! `cargo bench -p concurrent_rust --bench context_switch -- --warm-up-time 1 --measurement-time 3`

use concurrent_rust::measuring_the_models::switch::round_trips;
use criterion::{Criterion, criterion_group, criterion_main};

fn context_switch(c: &mut Criterion) {
    let mut group = c.benchmark_group("context_switch");
    group.bench_function("pinned_round_trip", |b| {
        b.iter_custom(|iters| round_trips(iters, true).expect("pinning to CPU 0"))
    });
    group.bench_function("unpinned_round_trip", |b| {
        b.iter_custom(|iters| round_trips(iters, false).expect("a partner thread"))
    });
    group.finish();
}

criterion_group!(benches, context_switch);
criterion_main!(benches);
