//! `kbsim connect`: an RDP client's attempt against the host.

use super::{CliError, HostArgs};
use clap::{Args, ValueEnum};
use winsim::rdp::{self, Client};

/// Examples shown by `kbsim connect --help`.
pub const HELP: &str = "\
Prints `Connected: <protocol>, certificate <subject> (<thumbprint>)` and exits 0, or prints
the client's error and exits 1. The attempt logs on the simulated host what Windows logs.

Examples:
  kbsim connect
  kbsim connect --fault machinekeys-acl
  kbsim connect --os 2008r2 --fault tls10-disabled --client legacy";

/// Which client connects.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ClientKind {
    /// A current client (TLS 1.2, 1.1, 1.0).
    Modern,
    /// A client that speaks only TLS 1.0.
    Legacy,
}

/// `kbsim connect` arguments.
#[derive(Debug, Args)]
pub struct ConnectArgs {
    #[command(flatten)]
    host: HostArgs,
    /// The client profile.
    #[arg(long, value_enum, default_value = "modern")]
    client: ClientKind,
}

/// Runs `kbsim connect`.
pub fn connect(a: &ConnectArgs) -> Result<u8, CliError> {
    let mut host = a.host.host()?;
    let client = match a.client {
        ClientKind::Modern => Client::Modern,
        ClientKind::Legacy => Client::Legacy,
    };
    match rdp::connect(&mut host, client) {
        Ok(s) => {
            super::out(&format!(
                "Connected: {}, certificate {} ({})\n",
                s.protocol,
                s.certificate.subject,
                s.certificate.thumbprint_hex()
            ))?;
            Ok(0)
        }
        Err(e) => {
            super::err(&format!("{}\n", e.message))?;
            Ok(1)
        }
    }
}
