//! cmd built-ins and small tools: `echo`, `type`, `dir`, `mkdir`/`md`, `cd`/`chdir`, `cls`,
//! `ver`, `set`, `rem`, `pause`, `title`; the tools `whoami`, `hostname` and `more`.
//!
//! A built-in receives its raw text after the command name (`echo` prints it as written,
//! quotes included); the tools receive arguments split like any program. Which built-ins
//! reset `%ERRORLEVEL%` on success follows cmd's measured behaviour (see `ErrorlevelRule`).
//!
//! - `mod.rs`   the tables and lookup, `echo`, `cls`, `ver`, `rem`/`title`, `pause`, `whoami`,
//!   `hostname`.
//! - `files.rs` `type`, `mkdir`/`md`, `cd`/`chdir` and `more`.
//! - `dir.rs`   `dir`.
//! - `set.rs`   `set`, `set /p`, `set /a`.
//! - `fileops.rs` `del`/`erase`, `rd`/`rmdir`, `copy`, `move`, `ren`/`rename`.

mod dir;
pub use dir::group as group_thousands;
mod fileops;
mod files;
mod set;

use crate::host::Host;
use crate::os::Os;
use crate::process::{Output, Process};
use files::{cd, mkdir, type_};
use set::set;

/// A built-in's entry point: host, process, the text after its name, piped input.
pub type BuiltinFn = fn(&mut Host, &mut Process, &str) -> Output;

/// What a command does to `%ERRORLEVEL%` when it succeeds (on failure every command sets it).
/// Source: the experiments published in "Which cmd.exe internal commands clear the ERRORLEVEL
/// to 0 upon success?" (Stack Overflow 34968009): ECHO, CLS, REM, PAUSE, TITLE preserve it;
/// CD, DIR, MD, TYPE, VER clear it; SET clears it only in `.cmd` scripts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorlevelRule {
    /// Every exit code is stored (external programs).
    Always,
    /// Success stores 0.
    ClearOnSuccess,
    /// Success stores 0 only in a `.cmd` script.
    ClearInCmdScript,
    /// Success leaves `%ERRORLEVEL%` as it was.
    Preserve,
    /// Never touches `%ERRORLEVEL%`; a failure is seen only by `||` (RD, POPD).
    Never,
}

/// cmd's built-ins, by name.
const BUILTINS: &[(&str, BuiltinFn, ErrorlevelRule)] = &[
    ("echo", echo, ErrorlevelRule::Preserve),
    ("type", type_, ErrorlevelRule::ClearOnSuccess),
    ("dir", dir::run, ErrorlevelRule::ClearOnSuccess),
    ("mkdir", mkdir, ErrorlevelRule::ClearOnSuccess),
    ("md", mkdir, ErrorlevelRule::ClearOnSuccess),
    ("cd", cd, ErrorlevelRule::ClearOnSuccess),
    ("chdir", cd, ErrorlevelRule::ClearOnSuccess),
    ("cls", cls, ErrorlevelRule::Preserve),
    ("ver", ver, ErrorlevelRule::ClearOnSuccess),
    ("rem", nothing, ErrorlevelRule::Preserve),
    ("title", nothing, ErrorlevelRule::Preserve),
    ("pause", pause, ErrorlevelRule::Preserve),
    ("del", fileops::del, ErrorlevelRule::ClearOnSuccess),
    ("erase", fileops::del, ErrorlevelRule::ClearOnSuccess),
    ("rd", fileops::rd, ErrorlevelRule::Never),
    ("rmdir", fileops::rd, ErrorlevelRule::Never),
    ("ren", fileops::ren, ErrorlevelRule::ClearOnSuccess),
    ("rename", fileops::ren, ErrorlevelRule::ClearOnSuccess),
];

/// A built-in whose behaviour depends on running in a batch script (`copy` and `move`
/// overwrite without asking there).
pub type BatchAwareFn = fn(&mut Host, &mut Process, &str, bool) -> Output;

/// The batch-aware built-ins, by name.
const BATCH_AWARE: &[(&str, BatchAwareFn, ErrorlevelRule)] = &[
    ("set", set_builtin, ErrorlevelRule::ClearInCmdScript),
    ("copy", fileops::copy, ErrorlevelRule::ClearOnSuccess),
    ("move", fileops::move_, ErrorlevelRule::ClearOnSuccess),
];

/// `set`; `set /a` prints its result only at the command line, not in a batch script.
fn set_builtin(host: &mut Host, process: &mut Process, text: &str, batch: bool) -> Output {
    let mut out = set(host, process, text);
    let arith = text
        .trim_start()
        .get(..2)
        .is_some_and(|s| s.eq_ignore_ascii_case("/a"));
    if batch && arith {
        out.chunks
            .retain(|(s, _)| *s == crate::process::Stream::Err);
    }
    out
}

/// Finds a batch-aware built-in by name.
pub fn lookup_batch_aware(name: &str) -> Option<(BatchAwareFn, ErrorlevelRule)> {
    BATCH_AWARE
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, f, r)| (*f, *r))
}

/// Finds a built-in by its (lower-case) name.
pub fn lookup(name: &str) -> Option<(BuiltinFn, ErrorlevelRule)> {
    BUILTINS
        .iter()
        .find(|(n, _, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, f, r)| (*f, *r))
}

/// cmd's answer to a built-in it cannot parse: the message on stderr, exit code 1.
fn incorrect_syntax() -> Output {
    let mut out = Output::with_code(1);
    out.errln("The syntax of the command is incorrect.");
    out
}

/// `echo`, `echo.`, `echo off|on`, `echo` alone (the state).
fn echo(_host: &mut Host, process: &mut Process, text: &str) -> Output {
    let mut out = Output::default();
    // The first character after `echo` separates; everything after it is printed verbatim.
    let mut chars = text.chars();
    let first = chars.next();
    let body = chars.as_str();
    let trimmed = text.trim();
    if first.is_none() || (matches!(first, Some(' ' | '\t')) && trimmed.is_empty()) {
        out.outln(if process.echo {
            "ECHO is on."
        } else {
            "ECHO is off."
        });
        return out;
    }
    if matches!(first, Some(' ' | '\t')) {
        if trimmed.eq_ignore_ascii_case("off") {
            process.echo = false;
            return out;
        }
        if trimmed.eq_ignore_ascii_case("on") {
            process.echo = true;
            return out;
        }
    }
    out.outln(body);
    out
}

/// `cls`: a form feed, which is what cls writes when its output is not a console.
fn cls(_host: &mut Host, _session: &mut Process, _text: &str) -> Output {
    let mut out = Output::default();
    out.out("\u{c}");
    out
}

/// `ver`: a blank line, then `Microsoft Windows [Version ...]`.
fn ver(host: &mut Host, _session: &mut Process, _text: &str) -> Output {
    let mut out = Output::default();
    out.outln("");
    out.outln(format!(
        "Microsoft Windows [Version {}]",
        version_string(host.os())
    ));
    out
}

/// The version `ver` prints. The revision (UBR) depends on the updates installed; these are
/// plausible patched values [unconfirmed: any real image differs in the last number].
pub fn version_string(os: Os) -> String {
    match os {
        Os::Server2008R2 => "6.1.7601".to_string(),
        Os::Server2012R2 => "6.3.9600".to_string(),
        Os::Server2016 => "10.0.14393.7428".to_string(),
        Os::Server2019 => "10.0.17763.6414".to_string(),
        Os::Server2022 => "10.0.20348.2762".to_string(),
    }
}

fn nothing(_host: &mut Host, _session: &mut Process, _text: &str) -> Output {
    Output::default()
}

/// `pause`: waits for a key (an answer); unattended, end-of-input continues at once.
fn pause(_host: &mut Host, process: &mut Process, _text: &str) -> Output {
    let mut out = Output::default();
    process.ask(&mut out, "Press any key to continue . . . ");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtins_are_found_case_insensitively() {
        assert!(lookup("ECHO").is_some());
        assert!(lookup_batch_aware("Set").is_some());
        assert!(lookup("icacls").is_none());
    }
}
