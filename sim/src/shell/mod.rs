//! The cmd interpreter: a command line is parsed as cmd.exe parses it (quotes, `^`, `&`, `&&`,
//! `||`, `|`, `>`, `>>`, `2>`, `2>&1`, `<`, `%VAR%` and `%ERRORLEVEL%`), commands run against the
//! host, redirection writes simulated files. Hermetic: nothing reaches the real machine.
//! Bounded: statement count, output size, pipeline length (`exec::Limits`).
//!
//! - `mod.rs`           the entry points `run_line` and `run_script`.
//! - `cmd/parse.rs`     statements, pipelines and redirections (cmd's phase 2).
//! - `cmd/exec.rs`      running a line: built-ins, programs (`process::programs`), redirection,
//!   pipes, chaining, errorlevel, bounds.
//! - `cmd/script.rs`    `.cmd`/`.bat` scripts: lines, labels and `goto`, `echo on` transcripts.
//! - `cmd/builtin/`     cmd's own commands (`echo`, `type`, `dir`, `mkdir`, `cd`, `set`, ...).
//!
//! What a running program sees (token, location, environment, standard input, `Output`) is
//! the process layer's (`crate::process`); `%VAR%` expansion lives there with the variables.
//!
//! - `ps/`              PowerShell: `ps::run_script`, `ps::run_line`, `ps::Session` (see its map).

pub(crate) mod cmd;
pub mod ps;

pub use cmd::exec::Limits;
pub use cmd::script::{ScriptKind, ScriptOptions, run_script_with};

use crate::host::Host;
use crate::process::{Output, Process};

/// Runs one cmd.exe command line (with `&`, `&&`, `||`, `|`, redirections) and returns what it
/// printed; `process.last_exit` holds `%ERRORLEVEL%` afterwards (also the output's `code`).
pub fn run_line(host: &mut Host, process: &mut Process, line: &str) -> Output {
    let mut run = cmd::exec::Run::new(host, process, false);
    run.line(line);
    run.finish()
}

/// Runs a `.cmd`/`.bat` script line by line (bounded), as `cmd /c script.cmd` would, with echo
/// off (no command transcript; see `run_script_with` for Windows' echo-on default).
pub fn run_script(host: &mut Host, process: &mut Process, text: &str) -> Output {
    run_script_with(host, process, text, &ScriptOptions::default())
}

#[cfg(test)]
mod tests;
