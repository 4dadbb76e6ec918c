// Known-bad answer to exercise 02-word-count: spawns and joins in one lazy iterator chain, so
// each worker is joined before the next is spawned. Every count and every error is right; the
// files are just counted one after another, with no parallelism at all.
// Fails: every_file_is_counted_at_the_same_time
// REPLACES fork_and_join
    let outcomes: Vec<thread::Result<Result<Counts, FileError>>> = thread::scope(|s| {
        files
            .iter()
            .map(|path| s.spawn(move || count(path)))
            .map(|handle| handle.join())
            .collect()
    });
// END REPLACES
