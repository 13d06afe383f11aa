//! The CLI's parts, one file per subcommand family:
//! - `mod.rs`     host selection (`HOST`, `--os`, `--fault`), errors, printing output.
//! - `exec.rs`    `kbsim exec` (one command line) and `kbsim run` (a script).
//! - `shell.rs`   `kbsim shell` (the interactive prompt).
//! - `connect.rs` `kbsim connect`.
//! - `kb.rs`      `kbsim diagnose`, `kbsim remediate`, `kbsim check`.
//! - `export.rs`  `kbsim export`.

pub mod connect;
pub mod exec;
pub mod export;
pub mod kb;
pub mod shell;

use clap::Args;
use std::io::Write;
use std::path::PathBuf;
use winsim::Host;
use winsim::os::Os;
use winsim::process::{Output, Stream};

/// A failure of the CLI itself: a message and the exit code (2 = bad input).
#[derive(Debug)]
pub struct CliError {
    /// What went wrong, in plain words.
    pub message: String,
    /// The process exit code.
    pub code: u8,
}

impl CliError {
    /// Bad input (exit 2).
    pub fn input(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            code: 2,
        }
    }
    /// A failure while doing what was asked (exit 1).
    pub fn failed(message: impl Into<String>) -> CliError {
        CliError {
            message: message.into(),
            code: 1,
        }
    }
}

/// Which host to work on: a fixture directory or an OS preset, and faults to inject.
#[derive(Debug, Clone, Args)]
pub struct HostArgs {
    /// A fixture directory (see fixtures/README.md); default: the built-in healthy
    /// Windows Server 2019 RD Session Host.
    #[arg(value_name = "HOST")]
    pub host: Option<PathBuf>,
    #[command(flatten)]
    pub options: HostOptions,
}

/// `--os` and `--fault`.
#[derive(Debug, Clone, Args)]
pub struct HostOptions {
    /// The OS preset of the built-in host (not with HOST, whose host.toml names the OS).
    #[arg(long, value_name = "OS", value_parser = ["2008r2", "2012r2", "2016", "2019", "2022"])]
    pub os: Option<String>,
    /// Inject a fault from the catalog (`kbsim faults`); may repeat; `id@48h` for an old one.
    #[arg(long = "fault", value_name = "F")]
    pub faults: Vec<String>,
}

impl HostArgs {
    /// Builds or loads the host and injects the faults.
    pub fn host(&self) -> Result<Host, CliError> {
        self.options.host(self.host.as_deref())
    }

    /// The host before its faults, what its fixture captured, and the faults (for a judge
    /// that forks it per fault).
    pub fn base(&self) -> Result<Base, CliError> {
        self.options.base(self.host.as_deref())
    }
}

/// A host before its faults: the preset, or a fixture and what it captured.
#[derive(Debug)]
pub struct Base {
    /// The host.
    pub host: Host,
    /// What the fixture captured of its machine (`None`: the built-in preset).
    pub captured: Option<winsim::fixture::Captured>,
    /// The faults to inject.
    pub faults: Vec<winsim::Fault>,
}

impl Base {
    /// A fork of the host with the faults injected.
    pub fn broken(&self) -> Host {
        let mut host = self.host.fork();
        for f in &self.faults {
            winsim::faults::inject(&mut host, f);
        }
        host
    }
}

impl HostOptions {
    /// Builds the host (from the fixture `dir`, or the preset) and injects the faults.
    pub fn host(&self, dir: Option<&std::path::Path>) -> Result<Host, CliError> {
        self.base(dir).map(|b| b.broken())
    }

    /// Builds the host (from the fixture `dir`, or the preset) and parses the faults, without
    /// injecting them.
    pub fn base(&self, dir: Option<&std::path::Path>) -> Result<Base, CliError> {
        let seed = kbsim::seed::from_env().map_err(CliError::input)?;
        let (host, captured) = match dir {
            Some(dir) => {
                if self.os.is_some() {
                    return Err(CliError::input(
                        "--os cannot be used with HOST: the fixture's host.toml names its OS",
                    ));
                }
                let loaded = load_fixture(dir, seed)?;
                (loaded.host, Some(loaded.captured))
            }
            None => {
                let mut b = Host::builder();
                b.seed(seed);
                if let Some(os) = &self.os {
                    let os = Os::parse(os)
                        .ok_or_else(|| CliError::input(format!("unknown OS {os:?}")))?;
                    b.os(os);
                }
                (b.build(), None)
            }
        };
        let faults = self
            .faults
            .iter()
            .map(|f| winsim::faults::parse(f).map_err(|e| CliError::input(e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Base {
            host,
            captured,
            faults,
        })
    }
}

/// `[HOST] LAST` given as one or two positional paths: (HOST, LAST).
pub fn split_host(paths: &[PathBuf]) -> (Option<&std::path::Path>, &std::path::Path) {
    match paths {
        [host, last] => (Some(host.as_path()), last.as_path()),
        [last] => (None, last.as_path()),
        _ => unreachable!("clap asks for one or two paths"),
    }
}

fn load_fixture(dir: &std::path::Path, seed: u64) -> Result<winsim::fixture::Loaded, CliError> {
    if !dir.exists() {
        return Err(CliError::input(format!(
            "HOST {}: no such fixture directory",
            dir.display()
        )));
    }
    if !dir.is_dir() {
        return Err(CliError::input(format!(
            "HOST {}: not a directory (a fixture is a directory holding host.toml)",
            dir.display()
        )));
    }
    let loaded =
        winsim::fixture::load_seeded(dir, seed).map_err(|e| CliError::input(e.to_string()))?;
    for w in &loaded.warnings {
        err(&format!("kbsim: warning: {w}\n"))?;
    }
    Ok(loaded)
}

/// Writes `text` to stdout. A closed pipe (`kbsim ... | head`) or a full disk is an error
/// (exit 1): output that was lost is never a success, and never a panic.
pub fn out(text: &str) -> Result<(), CliError> {
    let mut o = std::io::stdout().lock();
    o.write_all(text.as_bytes())
        .and_then(|_| o.flush())
        .map_err(|e| lost("standard output", &e))
}

/// Writes `text` to stderr, with `out`'s rules.
pub fn err(text: &str) -> Result<(), CliError> {
    let mut e = std::io::stderr().lock();
    e.write_all(text.as_bytes())
        .and_then(|_| e.flush())
        .map_err(|err| lost("standard error", &err))
}

fn lost(stream: &str, e: &std::io::Error) -> CliError {
    CliError {
        message: format!("cannot write to {stream}: {e}"),
        code: 1,
    }
}

/// Prints an output's chunks to stdout and stderr, in order.
pub fn print(output: &Output) -> Result<(), CliError> {
    for (stream, text) in &output.chunks {
        match stream {
            Stream::Out => out(text)?,
            Stream::Err => err(text)?,
        }
    }
    Ok(())
}

/// The process exit code for a simulated exit code: itself if it fits in 0-255, else 1.
pub fn exit_code(code: u32) -> u8 {
    u8::try_from(code).unwrap_or(1)
}

/// `kbsim faults`: the catalog, ids aligned.
pub fn faults() -> Result<u8, CliError> {
    let width = winsim::faults::catalog()
        .map(|e| e.name.len())
        .max()
        .unwrap_or(0);
    for e in winsim::faults::catalog() {
        out(&format!("{:<width$}  {}\n", e.name, e.summary))?;
    }
    Ok(0)
}
