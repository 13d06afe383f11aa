//! The shells the knowledge base runs commands and scripts with: the simulated cmd.exe and
//! Windows PowerShell 5.1. `None` means the shell cannot run here (kept for shells an article
//! may name that the host lacks).

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
    Some(match shell {
        Shell::Cmd => winsim::shell::run_line(host, process, line),
        Shell::Ps => winsim::shell::ps::run_line(host, process, line),
    })
}

/// Runs a script (a `.cmd` file's or a `.ps1` file's text).
pub fn run_script(
    shell: Shell,
    host: &mut Host,
    process: &mut Process,
    text: &str,
) -> Option<Output> {
    Some(match shell {
        Shell::Cmd => winsim::shell::run_script(host, process, text),
        Shell::Ps => winsim::shell::ps::run_script(host, process, text),
    })
}
