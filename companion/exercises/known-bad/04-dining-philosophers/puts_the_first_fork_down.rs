// Known-bad answer to exercise 04-dining-philosophers: a philosopher puts its first fork down
// before it reaches for the second, reasoning that a deadlock needs a thread that holds one
// lock while it waits for another. No schedule deadlocks now, but the philosopher eats with
// a fork it no longer holds, while the neighbour who picked it up eats with it too.
// Fails: no_fork_is_ever_held_by_two_philosophers
// REPLACES pick_up
                    let first_fork = forks[first].lock().unwrap();
                    after_first_fork(i);
                    drop(first_fork); // never hold one fork while waiting for the other
                    let _second = forks[second].lock().unwrap();
// END REPLACES
