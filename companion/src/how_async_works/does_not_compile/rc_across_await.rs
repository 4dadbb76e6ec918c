// A task that keeps an `Rc` across an `.await`: the task may resume on another worker
// thread, so its future must be `Send`, and an `Rc` is not.
use std::rc::Rc;

#[tokio::main]
async fn main() {
    let task = tokio::spawn(async {
        let shared = Rc::new(String::from("not Send"));
        tokio::task::yield_now().await;
        println!("{shared}");
    });
    task.await.unwrap();
}
