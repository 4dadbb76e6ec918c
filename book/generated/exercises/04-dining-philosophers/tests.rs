// The tests of exercise 04-dining-philosophers
use concurrent_rust::fixtures::within;
use std::collections::HashSet;
use std::sync::atomic::Ordering::SeqCst;
use std::sync::atomic::{AtomicBool, AtomicUsize};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

const TABLE_LIMIT: Duration = Duration::from_secs(5);

/// How long a rendezvous waits for the next arrival before it gives up. Long enough for
/// a thread to be scheduled on a busy machine; short, because with a correct answer the
/// rendezvous cannot complete, and then this whole wait is spent once.
const PATIENCE: Duration = Duration::from_millis(200);

/// A meeting point for `parties` philosophers that gives up: each one who arrives waits
/// until all have arrived, or until `PATIENCE` passes with no new arrival. After that it
/// stays open, and later arrivals pass straight through.
struct Rendezvous {
    parties: usize,
    state: Mutex<(HashSet<usize>, bool)>,
    changed: Condvar,
}

impl Rendezvous {
    fn new(parties: usize) -> Self {
        Rendezvous {
            parties,
            state: Mutex::new((HashSet::new(), false)),
            changed: Condvar::new(),
        }
    }

    fn arrive(&self, philosopher: usize) {
        let mut state = self.state.lock().unwrap();
        if state.1 {
            return;
        }
        state.0.insert(philosopher);
        self.changed.notify_all();
        while !state.1 && state.0.len() < self.parties {
            let seen = state.0.len();
            let (next, waited) = self.changed.wait_timeout(state, PATIENCE).unwrap();
            state = next;
            if waited.timed_out() && state.0.len() == seen {
                break; // nobody new came: the others cannot come
            }
        }
        state.1 = true;
        self.changed.notify_all();
    }
}

/// What the `eat` hook saw: meals per philosopher, and every broken rule, in words.
struct Meals {
    eaten: Vec<AtomicUsize>,
    in_use: Vec<AtomicBool>,
    problems: Mutex<Vec<String>>,
}

impl Meals {
    fn new(philosophers: usize) -> Self {
        Meals {
            eaten: (0..philosophers).map(|_| AtomicUsize::new(0)).collect(),
            in_use: (0..philosophers).map(|_| AtomicBool::new(false)).collect(),
            problems: Mutex::new(Vec::new()),
        }
    }

    fn problem(&self, text: String) {
        self.problems.lock().unwrap().push(text);
    }

    /// Called at the start of a meal: checks the forks are the philosopher's own and
    /// that nobody else holds them, and marks them in use.
    fn start(&self, philosopher: usize, forks: [usize; 2]) {
        let n = self.eaten.len();
        let own = HashSet::from([philosopher, (philosopher + 1) % n]);
        if HashSet::from(forks) != own {
            self.problem(format!(
                "philosopher {philosopher} ate with forks {forks:?}; its forks are \
                 {philosopher} and {}",
                (philosopher + 1) % n
            ));
            return;
        }
        for fork in forks {
            if self.in_use[fork].swap(true, SeqCst) {
                self.problem(format!(
                    "philosopher {philosopher} ate with fork {fork} while a neighbour \
                     was eating with it"
                ));
            }
        }
    }

    fn finish(&self, philosopher: usize, forks: [usize; 2]) {
        for fork in forks {
            self.in_use[fork].store(false, SeqCst);
        }
        self.eaten[philosopher].fetch_add(1, SeqCst);
    }

    /// Every problem seen, and the meals each philosopher ate.
    fn report(&self) -> (Vec<String>, Vec<usize>) {
        (
            self.problems.lock().unwrap().clone(),
            self.eaten.iter().map(|e| e.load(SeqCst)).collect(),
        )
    }
}

#[test]
fn every_philosopher_eats_every_meal_with_its_own_two_forks() {
    for philosophers in [2, 3, 5] {
        let (problems, eaten) = within(TABLE_LIMIT, move || {
            let meals = Meals::new(philosophers);
            dine(
                philosophers,
                30,
                |_| {},
                |i, forks| {
                    meals.start(i, forks);
                    meals.finish(i, forks);
                },
            );
            meals.report()
        })
        .expect("the philosophers did not finish their meals within 5 s: a deadlock");
        assert_eq!(
            problems,
            Vec::<String>::new(),
            "with {philosophers} philosophers, every meal must be eaten with the \
             philosopher's own two forks, which nobody else holds"
        );
        assert_eq!(
            eaten,
            vec![30; philosophers],
            "with {philosophers} philosophers and 30 meals each, `eat` must be called \
             30 times for every philosopher"
        );
    }
}

#[test]
fn no_deadlock_even_when_every_philosopher_holds_one_fork() {
    // The schedule that deadlocks a table where everybody takes the same side first:
    // each philosopher who holds a first fork waits in the hook until all do. If the
    // order makes that impossible, the rendezvous gives up, and the meal goes on.
    for philosophers in [2, 5] {
        let eaten = within(TABLE_LIMIT, move || {
            let all_hold_one = Rendezvous::new(philosophers);
            let eaten: Vec<AtomicUsize> =
                (0..philosophers).map(|_| AtomicUsize::new(0)).collect();
            dine(
                philosophers,
                3,
                |i| all_hold_one.arrive(i),
                |i, _| {
                    eaten[i].fetch_add(1, SeqCst);
                },
            );
            eaten
                .into_iter()
                .map(|e| e.into_inner())
                .collect::<Vec<_>>()
        })
        .unwrap_or_else(|_| {
            panic!(
                "{philosophers} philosophers deadlocked: each picked up one fork and waits \
                 for the next one, which its neighbour holds. A circle of waiting \
                 philosophers must be impossible in every schedule (Listing 4.14 rules \
                 out the same circle for two accounts)"
            )
        });
        assert_eq!(
            eaten,
            vec![3; philosophers],
            "every philosopher must eat all its meals"
        );
    }
}

#[test]
fn no_fork_is_ever_held_by_two_philosophers() {
    // The first philosopher to eat keeps eating until a neighbour starts a meal with
    // one of its forks, or until nobody has started a meal for a while: with forks that
    // really are held, no neighbour can, and the wait ends by itself.
    let (problems, eaten) = within(TABLE_LIMIT, || {
        let meals = Meals::new(5);
        let started = Mutex::new(0_usize);
        let progress = Condvar::new();
        dine(
            5,
            20,
            |_| {},
            |i, forks| {
                meals.start(i, forks);
                let mut count = started.lock().unwrap();
                *count += 1;
                progress.notify_all();
                if *count == 1 {
                    loop {
                        let seen = *count;
                        let (next, waited) = progress.wait_timeout(count, PATIENCE).unwrap();
                        count = next;
                        let overlap = !meals.problems.lock().unwrap().is_empty();
                        if overlap || (waited.timed_out() && *count == seen) {
                            break;
                        }
                    }
                }
                drop(count);
                meals.finish(i, forks);
            },
        );
        meals.report()
    })
    .expect(
        "the philosophers did not finish their meals within 5 s: a deadlock, or a meal \
         that never ends",
    );
    assert_eq!(
        problems,
        Vec::<String>::new(),
        "a fork is held by one philosopher at a time: a philosopher must hold both of its \
         forks for the whole meal (one that puts a fork down before eating, or drops its \
         guard early, eats with a fork that its neighbour may have picked up)"
    );
    assert_eq!(
        eaten,
        vec![20; 5],
        "every philosopher must eat all its meals"
    );
}
