//! cmd.exe: its parser, its interpreter, its scripts and its built-ins.
//!
//! - `parse.rs`   phase 2: statements, pipelines, redirections, blocks, `if`, `for`.
//! - `exec.rs`    running parsed lines: `%` expansion (bounded by the 8191-character line),
//!   redirections, pipes, chaining, command lookup, errorlevel, bounds.
//! - `flow.rs`    `if` and `for`, `for` variables and `~` modifiers, delayed expansion.
//! - `lines.rs`   `for /f`'s options and token splitting.
//! - `control.rs` `exit`, `goto`, `call`, `setlocal`/`endlocal`, `shift`, `pushd`/`popd`,
//!   and `cmd /c` (a new cmd.exe in a copy of the process).
//! - `redirect.rs` redirections and where output goes.
//! - `script.rs`  batch files: lines, labels, frames of `call`, the echo-on transcript.
//! - `builtin/`   cmd's own commands (`echo`, `type`, `dir`, `del`, `copy`, `set`, ...).

pub mod builtin;
pub mod control;
pub mod exec;
pub mod flow;
pub mod lines;
pub mod parse;
pub mod redirect;
pub mod script;

#[cfg(test)]
mod tests;
