const fn total(prices: &[u32]) -> u32 {
    let mut sum = 0;
    for price in prices {
        sum += *price;
    }
    sum
}

const TOTAL: u32 = total(&[3, 4, 5]);

fn main() {
    println!("{TOTAL}");
}
