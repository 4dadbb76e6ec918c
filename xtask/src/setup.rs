//! Installing what the course needs, only when it is missing.
//!
//! The pinned versions live here (Rust tools) and in `xtask/requirements.txt` (Python).
//! Each step first checks whether its tool is already there at the pinned version, so a
//! second run installs nothing and takes a second or two.

use crate::paths::{self, REQUIREMENTS, VENV};
use crate::run;
use anyhow::{Context, Result, bail};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// `cargo install --locked NAME --version VERSION`, checked by `cargo install --list` or,
/// for a tool that the machine image ships outside cargo (nextest), by `BINARY --version`.
pub struct CargoTool {
    pub name: &'static str,
    pub version: &'static str,
    pub binary: &'static str,
    /// What the course uses it for.
    pub purpose: &'static str,
    /// How long its first install took, measured; shown before a cold install, so a long
    /// compile is expected, and in the README's table (`facts`).
    pub cold_install: &'static str,
}

pub const EVCXR: CargoTool = CargoTool {
    name: "evcxr_jupyter",
    version: "0.22.0",
    binary: "evcxr_jupyter",
    purpose: "the Rust kernel for Jupyter (the notebooks)",
    cold_install: "12 minutes (697 s), measured with other builds sharing the 2 cores",
};
pub const MDBOOK: CargoTool = CargoTool {
    name: "mdbook",
    version: "0.5.4",
    binary: "mdbook",
    purpose: "builds and serves the book",
    cold_install: "3.3 minutes (197 s), measured under the same load",
};
pub const LINKCHECK: CargoTool = CargoTool {
    name: "mdbook-linkcheck2",
    version: "0.13.0",
    binary: "mdbook-linkcheck2",
    purpose: "checks every link of the built book",
    cold_install: "3.4 minutes (205 s), measured under the same load",
};

/// The test runner: every test runs under its time limit (`.config/nextest.toml`).
pub const NEXTEST: CargoTool = CargoTool {
    name: "cargo-nextest",
    version: "0.9.143",
    binary: "cargo-nextest",
    purpose: "runs every test under a time limit",
    cold_install: "preinstalled on the course's machine (not measured)",
};
/// Mutation testing (`cargo xtask mutants`); installed only when that command runs.
pub const MUTANTS: CargoTool = CargoTool {
    name: "cargo-mutants",
    version: "27.1.0",
    binary: "cargo-mutants",
    purpose: "mutation testing: the test of the tests",
    cold_install: "about 8 minutes, measured under load",
};

/// The tools `start` and `check` install, in the order [`install_missing`] installs them
/// (the README's table lists them from here).
pub const INSTALLED: &[&CargoTool] = &[&NEXTEST, &EVCXR, &MDBOOK, &LINKCHECK];
/// How long the Python `.venv` takes to install, measured.
pub const VENV_INSTALL: &str = "about 20 s (measured), longer on a slow network";

/// Which parts of the toolchain a command needs.
#[derive(Clone, Copy)]
pub struct Needs {
    pub book: bool,
    pub notebooks: bool,
}

impl Needs {
    pub fn everything() -> Needs {
        Needs {
            book: true,
            notebooks: true,
        }
    }
    pub fn notebooks() -> Needs {
        Needs {
            book: false,
            notebooks: true,
        }
    }
}

/// Installs what `needs` requires and is missing, printing one line per step.
pub fn install_missing(needs: &Needs) -> Result<()> {
    let root = paths::root();
    let started = Instant::now();
    println!("== setup: checking tools (installs only what is missing)");
    // Every command needs these: nextest runs the tests, and rustc quotes the standard
    // library's source in some of the compiler output that trybuild compares (evcxr also
    // needs it to infer the types of top-level `let`s).
    cargo_tool(&NEXTEST)?;
    rust_src()?;
    if needs.notebooks {
        cargo_tool(&EVCXR)?;
    }
    if needs.book {
        cargo_tool(&MDBOOK)?;
        cargo_tool(&LINKCHECK)?;
    }
    if needs.notebooks {
        python_venv(root)?;
        rust_kernel(root)?;
    }
    println!("== setup: done in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

fn step(what: &str, state: &str) {
    println!("   {what:<28} {state}");
}

/// The standard library's source (`rustup component add rust-src`).
fn rust_src() -> Result<()> {
    let sysroot = run::output(Command::new("rustc").args(["--print", "sysroot"]))
        .context("`rustc --print sysroot` failed: is Rust installed?")?;
    let src = Path::new(sysroot.trim()).join("lib/rustlib/src/rust/library");
    if src.is_dir() {
        step("rust-src component", "present");
        return Ok(());
    }
    step("rust-src component", "installing");
    run::run(
        paths::root(),
        Command::new("rustup").args(["component", "add", "rust-src"]),
    )
}

/// The version a tool reports, if it is on the PATH.
fn installed_version(binary: &str) -> Option<String> {
    run::output(Command::new(binary).arg("--version"))
}

/// Is `tool` on the PATH at its pinned version? `cargo install --list` knows the versions
/// of tools without `--version`; a tool installed another way (the machine image ships
/// cargo-nextest in /usr/local/bin) counts when its `--version` names the pinned version.
pub fn cargo_installed(tool: &CargoTool) -> bool {
    if which(tool.binary).is_none() {
        return false;
    }
    let wanted = format!("{} v{}:", tool.name, tool.version);
    let by_cargo = run::output(Command::new("cargo").args(["install", "--list"]))
        .is_some_and(|list| list.lines().any(|line| line.trim() == wanted));
    by_cargo
        || installed_version(tool.binary).is_some_and(|version| {
            version
                .split_whitespace()
                .take(2)
                .eq([tool.name, tool.version])
        })
}

/// Installs `tool` unless it is already there at its pinned version.
pub fn cargo_tool(tool: &CargoTool) -> Result<()> {
    let label = format!("{} {}", tool.name, tool.version);
    if cargo_installed(tool) {
        step(&label, "present");
        return Ok(());
    }
    step(
        &label,
        &format!("installing with cargo ({})", tool.cold_install),
    );
    let started = Instant::now();
    run::run(
        paths::root(),
        Command::new("cargo").args(["install", "--locked", tool.name, "--version", tool.version]),
    )?;
    step(
        &label,
        &format!("installed in {:.0} s", started.elapsed().as_secs_f64()),
    );
    if which(tool.binary).is_none() {
        bail!(
            "{} was installed but `{}` is not on the PATH: add ~/.cargo/bin to it",
            tool.name,
            tool.binary
        );
    }
    Ok(())
}

/// `.venv` with JupyterLab, nbclient and nbconvert at the pinned versions. A stamp file
/// holding the requirements it was built from makes the check instant.
fn python_venv(root: &Path) -> Result<()> {
    let requirements = fs::read_to_string(root.join(REQUIREMENTS))
        .with_context(|| format!("reading {REQUIREMENTS}"))?;
    let stamp = root.join(VENV).join("installed-requirements.txt");
    let python = paths::venv_bin(root, "python");
    if python.exists() && fs::read_to_string(&stamp).ok().as_deref() == Some(&requirements) {
        step("Python .venv (JupyterLab)", "present");
        return Ok(());
    }
    step(
        "Python .venv (JupyterLab)",
        &format!("installing from {REQUIREMENTS} ({VENV_INSTALL})"),
    );
    if !python.exists() {
        let system_python = ["python3", "python"]
            .into_iter()
            .find(|p| installed_version(p).is_some())
            .context("no python3 on the PATH: install Python 3.9 or newer")?;
        run::run(root, Command::new(system_python).args(["-m", "venv", VENV]))?;
    }
    run::run(
        root,
        Command::new(&python).args([
            "-m",
            "pip",
            "install",
            "--disable-pip-version-check",
            "--progress-bar",
            "on",
            "-r",
            REQUIREMENTS,
        ]),
    )?;
    fs::write(&stamp, requirements)?;
    Ok(())
}

/// Registers evcxr as the Jupyter kernel `rust`, where the venv's Jupyter finds it: the
/// user-wide spec that `evcxr_jupyter --install` writes, and in `.venv` (which the venv's
/// Jupyter prefers) a spec that starts evcxr through `xtask/evcxr_kernel.py`, so that its
/// build directory survives a kernel restart.
fn rust_kernel(root: &Path) -> Result<()> {
    let spec = kernel_spec_file();
    let evcxr = which(EVCXR.binary);
    let registered = fs::read_to_string(&spec).ok().is_some_and(|text| {
        evcxr
            .as_ref()
            .is_some_and(|bin| text.contains(&*bin.to_string_lossy()))
    });
    if registered {
        step("Jupyter kernel `rust`", "registered");
    } else {
        step(
            "Jupyter kernel `rust`",
            "registering (evcxr_jupyter --install)",
        );
        run::run(root, Command::new(EVCXR.binary).arg("--install"))?;
    }
    venv_kernel(
        root,
        &which(EVCXR.binary).context("evcxr_jupyter is not on the PATH")?,
    )
}

/// The kernel wrapper.
pub const KERNEL_WRAPPER: &str = "xtask/evcxr_kernel.py";

/// The folder of the kernel's build directories (one per running kernel):
/// `/var/tmp/concurrent_rust-evcxr-USER` (kept across reboots, unlike `/tmp`). Not inside
/// the repository, where Cargo would take evcxr's project for a stray member of this
/// workspace and refuse to load it; and not inside the home directory, where evcxr 0.22's
/// compiled cells cannot find the standard library (rustc's relative rpath to a rustup
/// toolchain in the same home is one `..` too long, so `dlopen` fails).
fn kernel_build_dirs() -> PathBuf {
    let user = std::env::var("USER").unwrap_or_else(|_| "user".to_string());
    PathBuf::from(format!("/var/tmp/concurrent_rust-evcxr-{user}"))
}

/// `.venv/share/jupyter/kernels/rust/kernel.json`, rewritten only when it differs.
fn venv_kernel(root: &Path, evcxr: &Path) -> Result<()> {
    let dir = root.join(VENV).join("share/jupyter/kernels/rust");
    let spec = serde_json::json!({
        "argv": [
            paths::venv_bin(root, "python"),
            root.join(KERNEL_WRAPPER),
            evcxr,
            kernel_build_dirs(),
            "{connection_file}",
        ],
        "display_name": "Rust",
        "interrupt_mode": "message",
        "language": "rust",
    });
    let text = format!("{}\n", serde_json::to_string_pretty(&spec)?);
    let file = dir.join("kernel.json");
    if fs::read_to_string(&file).ok().as_deref() == Some(text.as_str()) {
        step(
            "kernel `rust` in .venv",
            "present (build directory kept between starts)",
        );
        return Ok(());
    }
    fs::create_dir_all(&dir)?;
    fs::write(&file, text).with_context(|| format!("writing {}", file.display()))?;
    // The logos JupyterLab shows in its launcher, from evcxr's own install.
    if let Some(installed) = kernel_spec_file().parent() {
        for logo in ["logo-32x32.png", "logo-64x64.png"] {
            let _ = fs::copy(installed.join(logo), dir.join(logo));
        }
    }
    step(
        "kernel `rust` in .venv",
        "written (build directory kept between starts)",
    );
    Ok(())
}

/// Where `evcxr_jupyter --install` writes the kernel spec on Linux.
fn kernel_spec_file() -> PathBuf {
    let data = std::env::var_os("XDG_DATA_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".local/share")))
        .unwrap_or_default();
    data.join("jupyter/kernels/rust/kernel.json")
}

fn which(binary: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(binary))
        .find(|p| p.is_file())
}
