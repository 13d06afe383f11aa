//! `kbsim export`: the host (after faults) written as a fixture directory.

use super::{CliError, HostOptions, split_host};
use clap::Args;
use std::path::PathBuf;
use winsim::fixture::{self, ExportOptions};

/// Examples shown by `kbsim export --help`.
pub const HELP: &str = "\
The directory is written next to its final place and renamed into it, so a reader never sees
half a fixture. An existing non-empty DIR is refused unless --force replaces it; a DIR that
is a file, a symbolic link, ., .. or a root is always refused, and --force never deletes a
folder holding the current directory. A failed export leaves nothing temporary behind.
Loading the directory again (`kbsim exec DIR -- ...`) gives back the same host. Each log
that holds records is written as a real .evtx file (DIR/System.evtx, ...) that Event Viewer
and EVTX tools open.

Examples:
  kbsim export /tmp/healthy
  kbsim export --fault certstore-deny /tmp/certstore-deny
  kbsim export fixtures/tls10-disabled --fault rsa-key-missing --force /tmp/two-faults";

/// `kbsim export` arguments.
#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    host: HostOptions,
    /// Replace DIR if it exists and is not empty.
    #[arg(long)]
    force: bool,
    /// An optional fixture directory to start from (HOST), then where to write (DIR).
    #[arg(value_name = "[HOST] DIR", num_args = 1..=2, required = true)]
    paths: Vec<PathBuf>,
}

/// Runs `kbsim export`.
pub fn export(a: &ExportArgs) -> Result<u8, CliError> {
    let (host_dir, dir) = split_host(&a.paths);
    let host = a.host.host(host_dir)?;
    let options = ExportOptions { force: a.force };
    match fixture::export_with(&host, dir, &options) {
        Ok(()) => {
            super::out(&format!("Exported {} to {}\n", host.name(), dir.display()))?;
            Ok(0)
        }
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::InvalidInput
            ) =>
        {
            Err(CliError::input(format!("{}: {e}", dir.display())))
        }
        Err(e) => Err(CliError::failed(format!("{}: {e}", dir.display()))),
    }
}
