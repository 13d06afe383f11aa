//! `kbsim shell`: a `C:\Windows\system32>` prompt on a simulated host.
//!
//! Each line read from standard input runs as a cmd line in one session (the current folder,
//! variables and `%ERRORLEVEL%` carry over). When standard input is not a terminal, the lines
//! are read up front: a command that asks a question (`reg add` without `/f`, `net stop` with
//! dependents) takes its answer from the next line, as cmd would. At a terminal nobody can
//! answer ahead of time, so such commands run unattended (they print their prompt and go on
//! as if end-of-input was read).

use super::exec::session_for;
use super::{CliError, HostArgs, out, print};
use clap::Args;
use std::io::{BufRead, IsTerminal};
use winsim::shell;

/// Examples shown by `kbsim shell --help`.
pub const HELP: &str = "\
`exit` ends the session (its code becomes kbsim's exit code when it fits 0-255).

Examples:
  kbsim shell
  printf 'reg add HKLM\\SOFTWARE\\X /v A /d 1\\nreg add HKLM\\SOFTWARE\\X /v A /d 2\\nYes\\n' | kbsim shell";

/// `kbsim shell` arguments.
#[derive(Debug, Args)]
pub struct ShellArgs {
    #[command(flatten)]
    host: HostArgs,
    /// Run as this principal (default: the elevated local administrator).
    #[arg(long = "as", value_name = "PRINCIPAL")]
    principal: Option<String>,
}

/// Runs `kbsim shell`.
pub fn shell(a: &ShellArgs) -> Result<u8, CliError> {
    let mut host = a.host.host()?;
    let mut session = session_for(&host, a.principal.as_deref())?;
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut queued: std::collections::VecDeque<String> = if interactive {
        Default::default()
    } else {
        stdin.lock().lines().map_while(Result::ok).collect()
    };
    let mut lines = stdin.lock().lines();
    if interactive {
        out(&format!(
            "{} {} (simulated). Type exit to leave.\n",
            host.os().display_name(),
            host.name()
        ))?;
    }
    loop {
        out(&format!("{}>", session.cwd))?;
        let line = if interactive {
            match lines.next() {
                Some(Ok(l)) => l,
                _ => break,
            }
        } else {
            match queued.pop_front() {
                Some(l) => {
                    out(&format!("{l}\n"))?;
                    l
                }
                None => break,
            }
        };
        let trimmed = line.trim();
        if trimmed.eq_ignore_ascii_case("exit") {
            return Ok(super::exit_code(session.last_exit));
        }
        session.answers = std::mem::take(&mut queued);
        let output = shell::run_line(&mut host, &mut session, &line);
        queued = std::mem::take(&mut session.answers);
        print(&output)?;
        out("\n")?;
    }
    out("\n")?;
    Ok(super::exit_code(session.last_exit))
}
