// Known-bad answer to exercise 04-dining-philosophers: every philosopher picks up the fork
// with its own number first, then the next one. Each rule looks fair, but together they
// close a circle: when all hold their first fork, each waits for its neighbour's.
// Fails: no_deadlock_even_when_every_philosopher_holds_one_fork
// REPLACES fork_order
                let (first, second) = (left, right);
// END REPLACES
