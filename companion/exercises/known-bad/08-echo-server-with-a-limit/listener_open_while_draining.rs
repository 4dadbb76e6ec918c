// Known-bad answer to exercise 08-echo-server-with-a-limit: the accept loop ends, but the
// listener lives on until `serve` returns, after the wait for the connections; meanwhile
// the kernel keeps completing new clients' connections that no one will ever serve.
// Fails: shutdown_waits_for_the_line_in_progress_and_lets_no_one_new_in
// REPLACES stop_accepting
    // The listener is dropped when `serve` returns.
// END REPLACES
