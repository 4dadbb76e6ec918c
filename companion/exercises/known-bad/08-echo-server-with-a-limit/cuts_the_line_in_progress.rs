// Known-bad answer to exercise 08-echo-server-with-a-limit: each connection races the
// token against the next read, as in chapter 7's graceful shutdown, and closes as soon as
// it is told, even when its client is in the middle of a line.
// Fails: a_line_in_progress_at_shutdown_is_echoed_to_its_end, shutdown_waits_for_the_line_in_progress_and_lets_no_one_new_in
// REPLACES finish_the_line
    loop {
        let read = tokio::select! {
            _ = stop.cancelled() => return,
            read = stream.read(&mut buffer) => read,
        };
        let read = match read {
            Ok(0) | Err(_) => return, // the client left
            Ok(read) => read,
        };
        if stream.write_all(&buffer[..read]).await.is_err() {
            return;
        }
    }
// END REPLACES
