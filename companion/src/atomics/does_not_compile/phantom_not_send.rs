use std::marker::PhantomData;
use std::thread;

pub struct WindowHandle {
    id: u32,
    _not_send: PhantomData<*const ()>,
}

impl WindowHandle {
    fn close(self) -> u32 {
        self.id
    }
}

fn main() {
    let window = WindowHandle { id: 7, _not_send: PhantomData };
    let handle = thread::spawn(move || window.close());
    println!("closed window {}", handle.join().unwrap());
}
