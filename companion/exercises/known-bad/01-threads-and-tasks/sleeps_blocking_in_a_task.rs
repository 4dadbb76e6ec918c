// Known-bad answer to exercise 01-threads-and-tasks: waits with `std::thread::sleep` inside the
// async `ask`. It compiles and the quotes are right, but a blocking sleep holds the thread,
// and on a current-thread runtime that is every task's thread: the shops are asked in turn.
// Fails: quotes_as_tasks_wait_on_the_runtime_clock
// REPLACES suspend
    thread::sleep(shop.answers_after);
// END REPLACES
