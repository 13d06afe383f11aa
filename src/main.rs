//! The `kbsim` command line: check the knowledge base against every fault of the catalog,
//! diagnose and remediate a host, run Windows commands and scripts on a simulated host, connect
//! an RDP client to it, list the fault catalog, write a host as a fixture.
//!
//! Exit codes: 0 success (or a healthy answer), 1 failure (a command or connection failed, or
//! problems found),
//! 2 bad input (a message names the file, line and what is wrong). `exec` and `run` exit with
//! the simulated command's own code when it fits in 0-255, and with 1 otherwise.

mod cli;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// Executable troubleshooting knowledge: a simulated Windows host, and a knowledge base that
/// diagnoses and repairs it.
#[derive(Debug, Parser)]
#[command(name = "kbsim", version, about, long_about = None, after_help = EXAMPLES)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

const EXAMPLES: &str = "\
Examples:
  kbsim check
  kbsim diagnose --fault machinekeys-deny-ace
  kbsim remediate --fault rsa-key-corrupt --json
  kbsim remediate --fault machinekeys-acl --script my-fix.ps1
  kbsim exec -- icacls 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys'
  kbsim exec --fault machinekeys-acl -- reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\" /v PortNumber
  kbsim connect fixtures/tls10-disabled --client legacy
  kbsim run fixtures/healthy fix.cmd
  kbsim exec --ps -- \"Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop'\"
  kbsim export --fault rsa-key-missing /tmp/broken-host
  kbsim faults";

#[derive(Debug, Subcommand)]
enum Command {
    /// Run one cmd.exe command line on the host and print what Windows would print.
    #[command(after_help = cli::exec::HELP)]
    Exec(cli::exec::ExecArgs),
    /// Run a .cmd/.bat script (read from your disk, never changed) on the host.
    #[command(after_help = cli::exec::RUN_HELP)]
    Run(cli::exec::RunArgs),
    /// Type commands at a simulated `C:\Windows\system32>` prompt (reads standard input).
    #[command(after_help = cli::shell::HELP)]
    Shell(cli::shell::ShellArgs),
    /// Let an RDP client connect to the host; prints the result (exit 1 if it fails).
    #[command(after_help = cli::connect::HELP)]
    Connect(cli::connect::ConnectArgs),
    /// Diagnose the host from its evidence, as the article's engineer would.
    #[command(after_help = cli::kb::DIAGNOSE_HELP)]
    Diagnose(cli::kb::KbArgs),
    /// Diagnose, then run the playbooks (or judge your --script) and check again.
    #[command(after_help = cli::kb::REMEDIATE_HELP)]
    Remediate(cli::kb::RemediateArgs),
    /// Every fault of the catalog on every OS preset: inject, diagnose, remediate, verify.
    #[command(after_help = cli::kb::CHECK_HELP)]
    Check(cli::kb::CheckArgs),
    /// List the fault catalog: one `id  summary` line per fault.
    Faults,
    /// Write the host (after faults) as a fixture directory that `HOST` arguments can load.
    #[command(after_help = cli::export::HELP)]
    Export(cli::export::ExportArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Exec(a) => cli::exec::exec(&a),
        Command::Run(a) => cli::exec::run(&a),
        Command::Shell(a) => cli::shell::shell(&a),
        Command::Connect(a) => cli::connect::connect(&a),
        Command::Diagnose(a) => cli::kb::diagnose(&a),
        Command::Remediate(a) => cli::kb::remediate(&a),
        Command::Check(a) => cli::kb::check(&a),
        Command::Faults => cli::faults(),
        Command::Export(a) => cli::export::export(&a),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // When stderr itself is gone there is nobody to tell; the exit code still says it.
            let _ = writeln!(std::io::stderr(), "kbsim: {}", e.message);
            ExitCode::from(e.code)
        }
    }
}
