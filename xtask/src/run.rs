//! Running other programs, with the command line shown first.

use anyhow::{Context, Result, bail};
use std::path::Path;
use std::process::{Command, Stdio};

/// Runs `command` in `dir`, streaming its output; fails if it exits non-zero.
pub fn run(dir: &Path, command: &mut Command) -> Result<()> {
    command.current_dir(dir);
    println!("$ {}", describe(command));
    let status = command
        .status()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(command));
    }
    Ok(())
}

/// Runs `command` in `dir` with its stdout and stderr merged, printing them as they come
/// and returning them; fails if it exits non-zero.
pub fn run_logged(dir: &Path, command: &mut Command) -> Result<String> {
    use std::io::Read;
    command.current_dir(dir);
    println!("$ {}", describe(command));
    let (mut reader, writer) = std::io::pipe()?;
    command.stdout(writer.try_clone()?).stderr(writer);
    let mut child = command
        .spawn()
        .with_context(|| format!("could not start `{}`", describe(command)))?;
    // The child holds the only write ends now; drop ours so the read ends at its exit.
    command.stdout(Stdio::null()).stderr(Stdio::null());
    let mut log = Vec::new();
    let mut buffer = [0u8; 8192];
    loop {
        let n = reader.read(&mut buffer)?;
        if n == 0 {
            break;
        }
        std::io::Write::write_all(&mut std::io::stdout(), &buffer[..n])?;
        log.extend_from_slice(&buffer[..n]);
    }
    let status = child.wait()?;
    if !status.success() {
        bail!("`{}` failed ({status})", describe(command));
    }
    Ok(String::from_utf8_lossy(&log).into_owned())
}

/// Runs `command` quietly and returns its stdout, or `None` if it cannot start or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let output = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

/// `program arg arg …`, with the environment variables that were set on it.
pub fn describe(command: &Command) -> String {
    let mut words: Vec<String> = command
        .get_envs()
        .filter_map(|(key, value)| {
            Some(format!(
                "{}={}",
                key.to_string_lossy(),
                value?.to_string_lossy()
            ))
        })
        .collect();
    words.push(command.get_program().to_string_lossy().into_owned());
    words.extend(command.get_args().map(|a| a.to_string_lossy().into_owned()));
    words.join(" ")
}

/// `cargo ARGS…`, with the cargo that runs this xtask (`$CARGO`) when there is one.
pub fn cargo(args: &[&str]) -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command.args(args);
    command
}
