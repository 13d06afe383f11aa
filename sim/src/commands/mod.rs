//! The Windows commands, one file per command, looked up by name as cmd.exe finds them on PATH.
//!
//! Each command receives its arguments split as the C runtime splits a command line
//! (`CommandLineToArgvW` rules) without the program name, and the piped-in text if any.

use crate::host::Host;
use crate::shell::{Output, Session};

/// A command's entry point.
pub type CommandFn = fn(&mut Host, &mut Session, &[String], Option<&str>) -> Output;

/// Finds a command by name (case-insensitive, `.exe` optional).
pub fn lookup(name: &str) -> Option<CommandFn> {
    let n = name.to_ascii_lowercase();
    let n = n.strip_suffix(".exe").unwrap_or(&n);
    let table: &[(&str, CommandFn)] = &[];
    table.iter().find(|(k, _)| *k == n).map(|(_, f)| *f)
}
