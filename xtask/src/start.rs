//! `cargo xtask start`: install what is missing, then serve the book and JupyterLab.

use crate::paths::{self, NOTEBOOKS};
use crate::{run, setup};
use anyhow::{Context, Result, bail};
use std::net::{Ipv4Addr, TcpListener};
use std::process::{Child, Command};
use std::thread;
use std::time::Duration;

const HOST: Ipv4Addr = Ipv4Addr::LOCALHOST;

pub fn start(args: &[String]) -> Result<()> {
    if !args.is_empty() {
        bail!("usage: cargo xtask start");
    }
    let root = paths::root();
    setup::install_missing(&setup::Needs::everything())?;

    // The notebooks are generated; make sure they match the book before opening them.
    let written = crate::generate::generate_all(root)?;
    for path in &written {
        println!("regenerated {}", path.display());
    }

    let book_port = free_port(3000)?;
    let lab_port = free_port(8888)?;
    let token = random_token()?;

    let mut mdbook = Command::new(setup::MDBOOK.binary);
    mdbook.args([
        "serve",
        "--hostname",
        &HOST.to_string(),
        "--port",
        &book_port.to_string(),
    ]);
    mdbook.current_dir(root);
    println!("$ {}", run::describe(&mdbook));
    let book = mdbook.spawn().context("starting mdbook serve")?;

    let mut jupyter = Command::new(paths::venv_bin(root, "jupyter"));
    jupyter.args([
        "lab",
        "--no-browser",
        &format!("--ServerApp.ip={HOST}"),
        &format!("--ServerApp.port={lab_port}"),
        "--ServerApp.port_retries=0",
        &format!("--ServerApp.root_dir={}", root.join(NOTEBOOKS).display()),
        &format!("--IdentityProvider.token={token}"),
    ]);
    if running_as_root() {
        // JupyterLab refuses to start as root unless told; containers often run as root.
        jupyter.arg("--allow-root");
    }
    jupyter.current_dir(root);
    println!("$ jupyter lab --ServerApp.ip={HOST} --ServerApp.port={lab_port} …");
    let lab = jupyter.spawn().context("starting JupyterLab")?;

    thread::sleep(Duration::from_secs(2));
    println!();
    println!("  The book:    http://{HOST}:{book_port}/");
    println!("  JupyterLab:  http://{HOST}:{lab_port}/lab?token={token}");
    println!();
    println!("  Both listen on {HOST} only. Press Ctrl-C to stop them.");
    wait_for_either(book, lab)
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// The first free port on 127.0.0.1 at or after `preferred`.
fn free_port(preferred: u16) -> Result<u16> {
    (preferred..preferred + 50)
        .find(|port| TcpListener::bind((HOST, *port)).is_ok())
        .with_context(|| format!("no free port on {HOST} in {preferred}..{}", preferred + 50))
}

/// A fresh JupyterLab token, so the URL we print is the one that logs in.
fn random_token() -> Result<String> {
    use std::io::Read;
    let mut bytes = [0u8; 24];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut random| random.read_exact(&mut bytes))
        .context("reading /dev/urandom for a JupyterLab token")?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Waits until one server exits, then stops the other.
fn wait_for_either(mut book: Child, mut lab: Child) -> Result<()> {
    loop {
        if let Some(status) = book.try_wait()? {
            let _ = lab.kill();
            let _ = lab.wait();
            bail!("mdbook serve exited ({status})");
        }
        if let Some(status) = lab.try_wait()? {
            let _ = book.kill();
            let _ = book.wait();
            if status.success() {
                return Ok(());
            }
            bail!("JupyterLab exited ({status})");
        }
        thread::sleep(Duration::from_millis(300));
    }
}
