use rayon::prelude::*;

fn total_length(words: &[&str]) -> usize {
    let mut total = 0;
    words.par_iter().for_each(|word| total += word.len());
    total
}

fn main() {
    println!("{} letters", total_length(&["fork", "join", "steal"]));
}
