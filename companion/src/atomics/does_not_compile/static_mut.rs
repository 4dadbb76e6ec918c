static mut VISITS: u64 = 0;

fn main() {
    // Safety: (wrong) this program has only one thread.
    unsafe {
        VISITS += 1;
        println!("visits: {}", VISITS);
    }
}
