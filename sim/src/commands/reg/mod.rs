//! `reg`: `reg query|add|delete|export|import`, with reg.exe's output, prompts and exit codes.
//!
//! - `mod.rs`   dispatch, switches, key names, the shared messages, prompts, data rendering.
//! - `query.rs` `reg query` (`/v`, `/ve`, `/s`, `/f` with `/k /d /c /e`, `/t`, `/se`).
//! - `edit.rs`  `reg add` and `reg delete`, with their confirmation prompts.
//! - `file.rs`  `reg export` and `reg import` against the simulated filesystem.
//!
//! Texts: learn.microsoft.com reg-query, reg-add, reg-delete, reg-export, reg-import; the
//! error texts as scripts match them (a Node wrapper of reg.exe, code id 14021807243:
//! `ERROR: Invalid key name.` / `ERROR: Invalid syntax.` + `Type "REG QUERY /?" for usage.`);
//! the layout of `reg query` as Wine reproduces it (code id 71089940). Exit codes: 0 success,
//! 1 failure (learn.microsoft.com reg-query "Return value").

mod edit;
mod file;
mod query;
#[cfg(test)]
mod tests;

use crate::host::Host;
use crate::process::{Output, Process};
use crate::registry::{RegValue, canonical_path};

/// `ERROR: The system was unable to find the specified registry key or value.`
const NOT_FOUND: &str = "ERROR: The system was unable to find the specified registry key or value.";
/// `ERROR: Access is denied.`
const ACCESS_DENIED: &str = "ERROR: Access is denied.";
/// Success line of add, delete, export and import.
const SUCCESS: &str = "The operation completed successfully.";
/// What reg prints when a confirmation is answered No.
const CANCELED: &str = "The operation was canceled by the user.";

/// Runs `reg` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let Some(op) = args.first() else {
        return usage_error("");
    };
    let rest = &args[1..];
    match op.to_ascii_uppercase().as_str() {
        "QUERY" => query::run(host, process, rest),
        "ADD" => edit::add(host, process, rest),
        "DELETE" => edit::delete(host, process, rest),
        "EXPORT" => file::export(host, process, rest),
        "IMPORT" => file::import(host, process, rest),
        _ => usage_error(""),
    }
}

/// `ERROR: Invalid syntax.` and the usage hint for `op` (`QUERY`; empty for plain `REG`), exit 1.
fn usage_error(op: &str) -> Output {
    let hint = if op.is_empty() {
        "REG /?".to_string()
    } else {
        format!("REG {op} /?")
    };
    let mut out = Output::with_code(1);
    out.errln("ERROR: Invalid syntax.");
    out.errln(format!("Type \"{hint}\" for usage."));
    out
}

/// `ERROR: Invalid key name.` and the usage hint, exit 1.
fn key_error(op: &str) -> Output {
    let mut out = Output::with_code(1);
    out.errln("ERROR: Invalid key name.");
    out.errln(format!("Type \"REG {op} /?\" for usage."));
    out
}

/// A one-line error on stderr, exit 1.
fn fail(out: &mut Output, line: &str) {
    out.errln(line);
    out.code = 1;
}

/// The stderr line for a registry failure.
fn error_line(e: crate::error::WinError) -> String {
    match e {
        crate::error::WinError::FILE_NOT_FOUND => NOT_FOUND.to_string(),
        crate::error::WinError::ACCESS_DENIED => ACCESS_DENIED.to_string(),
        other => format!("ERROR: {}", other.message()),
    }
}

/// The key argument as reg.exe expands it (`HKLM\x` -> `HKEY_LOCAL_MACHINE\x`), or the
/// invalid-key-name error. Remote keys (`\\machine\...`) are not simulated: invalid.
fn key_arg(arg: &str, op: &str) -> Result<String, Output> {
    canonical_path(arg).ok_or_else(|| key_error(op))
}

/// Switches after the key: `/x` or `-x`, case-insensitive, some taking the next argument.
struct Switches {
    /// (lower-cased switch name without its `/`, its argument if it takes one).
    found: Vec<(String, Option<String>)>,
}

impl Switches {
    /// Parses `args`; `with_arg` lists the switches that take an argument. `None` on a
    /// repeated or unknown switch, a missing argument, or a stray positional argument.
    fn parse(args: &[String], known: &[&str], with_arg: &[&str]) -> Option<Switches> {
        let mut found: Vec<(String, Option<String>)> = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            let name = a
                .strip_prefix('/')
                .or_else(|| a.strip_prefix('-'))?
                .to_ascii_lowercase();
            if !known.contains(&name.as_str()) || found.iter().any(|(n, _)| *n == name) {
                return None;
            }
            let arg = if with_arg.contains(&name.as_str()) {
                Some(it.next()?.clone())
            } else {
                None
            };
            found.push((name, arg));
        }
        Some(Switches { found })
    }
    fn has(&self, name: &str) -> bool {
        self.found.iter().any(|(n, _)| n == name)
    }
    fn arg(&self, name: &str) -> Option<&str> {
        self.found
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, a)| a.as_deref())
    }
}

/// Asks `prompt` until an answer starts with Y or N (as reg.exe does); `false` for No and for
/// end-of-input (an unattended process): nothing is changed then.
fn confirm(process: &mut Process, out: &mut Output, prompt: &str) -> bool {
    loop {
        match process.ask(out, prompt) {
            None => return false,
            Some(a) => match a
                .trim_start()
                .chars()
                .next()
                .map(|c| c.to_ascii_uppercase())
            {
                Some('Y') => return true,
                Some('N') => return false,
                _ => continue,
            },
        }
    }
}

/// The cancel message, exit 0: reg.exe treats a No as the user's choice, not a failure
/// (Wine's reg and other reimplementations exit 0 here; Windows' own code is unconfirmed).
fn canceled(out: &mut Output) {
    out.outln(CANCELED);
    out.code = 0;
}

/// The name reg prints for a value: `(Default)` for the unnamed one.
fn display_name(name: &str) -> &str {
    if name.is_empty() { "(Default)" } else { name }
}

/// One value line: `    Name    REG_TYPE    Data`.
fn value_line(name: &str, value: &RegValue) -> String {
    format!(
        "    {}    {}    {}",
        display_name(name),
        value.type_name(),
        value.data_text()
    )
}
