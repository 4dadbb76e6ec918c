// Known-bad answer to exercise 08-echo-server-with-a-limit: the accept loop takes a
// borrowed permit (`acquire`, not `acquire_owned`), which cannot move into the connection's
// task, so it is dropped at the end of the loop's turn, right after the spawn: the limit
// counts accepts in progress, not connections being served.
// Fails: the_client_over_the_limit_waits_until_a_place_is_free, a_client_waiting_for_a_place_at_shutdown_is_never_served
// REPLACES take_a_place
        // Holding a permit while we accept keeps the count.
        let _place = tokio::select! {
            biased;
            _ = stop.cancelled() => break,
            place = places.acquire() => place.expect("the semaphore is never closed"),
        };
// END REPLACES
// REPLACES spawn_connection
        connections.spawn(echo(stream, stop));
// END REPLACES
