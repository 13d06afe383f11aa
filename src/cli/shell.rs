//! `kbsim shell`: a `C:\Windows\system32>` prompt on a simulated host (`--ps`: a
//! `PS C:\Windows\system32>` PowerShell console).
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
  kbsim shell --ps
  printf 'reg add HKLM\\SOFTWARE\\X /v A /d 1\\nreg add HKLM\\SOFTWARE\\X /v A /d 2\\nYes\\n' | kbsim shell";

/// `kbsim shell` arguments.
#[derive(Debug, Args)]
pub struct ShellArgs {
    #[command(flatten)]
    host: HostArgs,
    /// Run as this principal (default: the elevated local administrator).
    #[arg(long = "as", value_name = "PRINCIPAL")]
    principal: Option<String>,
    /// A PowerShell prompt (`PS C:\Windows\system32>`) instead of cmd.exe.
    #[arg(long)]
    ps: bool,
}

/// Runs `kbsim shell`.
pub fn shell(a: &ShellArgs) -> Result<u8, CliError> {
    if a.ps {
        return ps_shell(a);
    }
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

/// `kbsim shell --ps`: a PowerShell console. A line that leaves a block, a string or a
/// parenthesis open asks for more (`>> `), as the console does; an empty line ends it.
fn ps_shell(a: &ShellArgs) -> Result<u8, CliError> {
    let mut host = a.host.host()?;
    let mut process = session_for(&host, a.principal.as_deref())?;
    let stdin = std::io::stdin();
    let interactive = stdin.is_terminal();
    let mut ps = shell::ps::Session::new(&process.cwd, interactive);
    let mut queued: std::collections::VecDeque<String> = if interactive {
        Default::default()
    } else {
        stdin.lock().lines().map_while(Result::ok).collect()
    };
    let mut lines = stdin.lock().lines();
    let mut next =
        |queued: &mut std::collections::VecDeque<String>| -> Result<Option<String>, CliError> {
            if interactive {
                return Ok(match lines.next() {
                    Some(Ok(l)) => Some(l),
                    _ => None,
                });
            }
            Ok(match queued.pop_front() {
                Some(l) => {
                    out(&format!("{l}\n"))?;
                    Some(l)
                }
                None => None,
            })
        };
    if interactive {
        out("Windows PowerShell\nCopyright (C) Microsoft Corporation. All rights reserved.\n\n")?;
    }
    let mut code = 0;
    loop {
        out(&ps.prompt())?;
        let Some(first) = next(&mut queued)? else {
            break;
        };
        let mut text = first;
        while !shell::ps::is_complete(&text) {
            out(">> ")?;
            match next(&mut queued)? {
                Some(l) if !l.trim().is_empty() => {
                    text.push('\n');
                    text.push_str(&l);
                }
                _ => break,
            }
        }
        if text.trim().eq_ignore_ascii_case("exit") {
            return Ok(super::exit_code(code));
        }
        process.answers = std::mem::take(&mut queued);
        let output = ps.run(
            &mut host,
            &mut process,
            &text,
            &shell::ps::Options::default(),
        );
        queued = std::mem::take(&mut process.answers);
        code = output.code;
        print(&output)?;
        if ps.exited() {
            return Ok(super::exit_code(code));
        }
    }
    out("\n")?;
    Ok(super::exit_code(code))
}
