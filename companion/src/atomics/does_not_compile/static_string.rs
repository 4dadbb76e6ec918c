static GREETING: String = String::from("hello");

fn main() {
    println!("{GREETING}");
}
