//! The shells the knowledge base runs commands and scripts with: the simulated cmd.exe and
//! Windows PowerShell. `None` means the shell cannot run here.

use super::article::Shell;
use winsim::Host;
use winsim::process::{Output, Process};

/// Runs one command line.
pub fn run_line(
    shell: Shell,
    host: &mut Host,
    process: &mut Process,
    line: &str,
) -> Option<Output> {
    match shell {
        Shell::Cmd => Some(winsim::shell::run_line(host, process, line)),
        Shell::Ps => None,
    }
}

/// Runs a script (a `.cmd` file's or a `.ps1` file's text).
pub fn run_script(
    shell: Shell,
    host: &mut Host,
    process: &mut Process,
    text: &str,
) -> Option<Output> {
    match shell {
        Shell::Cmd => Some(winsim::shell::run_script(host, process, text)),
        Shell::Ps => None,
    }
}
