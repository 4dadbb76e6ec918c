use std::cell::Cell;

static VISITS: Cell<u64> = Cell::new(0);

fn main() {
    VISITS.set(VISITS.get() + 1);
}
