//! PowerShell (Windows PowerShell 5.1 semantics) over the process layer: objects flow through
//! the pipeline, providers sit on the operations layer, output is formatted by 5.1's default
//! views, errors print as the 5.1 console prints them. Hermetic (nothing reaches the real
//! machine) and bounded (`interp::Limits`).
//!
//! - `mod.rs`      the entry points: `run_script`, `run_line`, `Session` (a console).
//! - `ast.rs`      the syntax tree and its printer.
//! - `parse.rs`    tokenizer and parser (positions, `ParserStrings` errors, typographic dashes and quotes).
//! - `value.rs`    values, objects, conversions and comparisons.
//! - `interp.rs`   statements, expressions, pipelines, scopes, functions, errors, bounds.
//! - `bind.rs`     parameter binding (name, prefix, alias, position, common parameters).
//! - `ops.rs`      comparison operators and casts.
//! - `regex.rs`    the small regex engine behind `-match`, `-replace`, `-split`.
//! - `members.rs`  properties and methods, static members of the supported .NET types.
//! - `acl.rs`      `Get-Acl` objects and access rules.
//! - `provider.rs` FileSystem, Registry and Certificate paths and items.
//! - `cmdlets/`    the cmdlets and aliases.
//! - `format.rs`   Out-Default: tables, lists, group headers.
//! - `errors.rs`   error records and their console rendering.
//! - `encoding.rs` base64 and UTF-16 for `-EncodedCommand`.

pub mod acl;
pub mod ast;
pub mod bind;
pub mod cmdlets;
pub mod encoding;
pub mod errors;
pub mod format;
pub mod interp;
pub mod members;
pub mod ops;
pub mod parse;
pub mod provider;
pub mod regex;
pub mod value;

use crate::host::Host;
use crate::process::{Output, Process};
use errors::{ErrorRecord, from_parse_error};
use interp::{Flow, Interp, State};

pub use interp::Limits;

/// How a script is run.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The script's path, shown in error positions (`At C:\fix.ps1:3 char:1`); `None` shows
    /// `At line:3 char:1` as for `-Command` and typed input.
    pub file: Option<String>,
    /// `-Command` exit-code rules (`$?` of the last statement) rather than `-File`'s.
    pub command: bool,
    /// Bounds (the defaults when `None`).
    pub limits: Option<Limits>,
}

/// Runs a `.ps1` script as `powershell -File` does: the exit code is `exit N`, else 0 (1
/// after a script-terminating error).
pub fn run_script(host: &mut Host, process: &mut Process, text: &str) -> Output {
    run_script_with(host, process, text, &Options::default())
}

/// Runs one command line as `powershell -Command` does (exit code 0/1 from `$?`, or `exit N`).
pub fn run_line(host: &mut Host, process: &mut Process, line: &str) -> Output {
    let options = Options {
        command: true,
        ..Options::default()
    };
    run_script_with(host, process, line, &options)
}

/// Runs a script with options.
pub fn run_script_with(
    host: &mut Host,
    process: &mut Process,
    text: &str,
    options: &Options,
) -> Output {
    let mut session = Session::new(&process.cwd, false);
    let out = session.run(host, process, text, options);
    process.last_exit = out.code;
    out
}

/// A PowerShell console: variables, functions, location and modules persist from one input
/// to the next (`kbsim shell --ps`).
#[derive(Debug, Clone)]
pub struct Session {
    state: State,
    exited: bool,
}

impl Session {
    /// A session whose location is `cwd`; an interactive console has PSReadLine loaded.
    pub fn new(cwd: &str, interactive: bool) -> Session {
        Session {
            state: State::new(cwd, interactive),
            exited: false,
        }
    }

    /// The prompt: `PS C:\Windows\system32> `.
    pub fn prompt(&self) -> String {
        format!("PS {}> ", self.state.location)
    }

    /// True once `exit` ran (a console then closes).
    pub fn exited(&self) -> bool {
        self.exited
    }

    /// The current location.
    pub fn location(&self) -> &str {
        &self.state.location
    }

    /// Runs text in the session.
    pub fn run(
        &mut self,
        host: &mut Host,
        process: &mut Process,
        text: &str,
        options: &Options,
    ) -> Output {
        let state = std::mem::take(&mut self.state);
        let mut ip = Interp::new(host, process, state, text);
        ip.file = options.file.clone();
        if let Some(l) = options.limits {
            ip.limits = l;
        }
        let code = match parse::parse_script(text) {
            Err(e) => {
                let rec = from_parse_error(&e, &ip.src, options.file.as_deref());
                ip.print_error(&rec);
                1
            }
            Ok(block) => match ip.run_top(&block) {
                Ok(()) => {
                    if options.command && !ip.success {
                        1
                    } else {
                        0
                    }
                }
                Err(Flow::Exit(n)) => {
                    self.exited = true;
                    n as u32
                }
                Err(Flow::Error(rec)) => {
                    ip.print_error(&rec);
                    1
                }
                Err(Flow::Halt(message)) => {
                    let rec = ErrorRecord::new(message, "ScriptLimitExceeded")
                        .category("OperationStopped", "", "")
                        .exception("System.Management.Automation.ScriptLimitException");
                    ip.print_error(&rec);
                    1
                }
                Err(Flow::Break) | Err(Flow::Continue) | Err(Flow::Return(_)) => 0,
            },
        };
        ip.flush();
        let mut out = std::mem::take(&mut ip.out);
        out.code = code;
        self.state = std::mem::take(&mut ip.state);
        drop(ip);
        if let Some(fs) = provider::filesystem_location(&self.state.location) {
            process.cwd = fs;
        }
        out
    }
}

/// True if `text` is a complete input (a console asks for more lines while a block, a
/// string or a parenthesis is still open).
pub fn is_complete(text: &str) -> bool {
    match parse::parse_script(text) {
        Ok(_) => true,
        Err(e) => {
            let open = matches!(
                e.id,
                "MissingEndCurlyBrace"
                    | "MissingEndParenthesisInExpression"
                    | "TerminatorExpectedAtEndOfString"
                    | "MissingEndParenthesisInSubexpression"
                    | "IncompleteHashLiteral"
                    | "MissingEndParenthesisAfterStatement"
            );
            let at_end = e.start >= text.trim_end().chars().count();
            !(open || (at_end && e.id == "MissingStatementBlock"))
        }
    }
}

/// `powershell.exe`: `-Command`, `-File`, `-EncodedCommand`, `-NoProfile`,
/// `-ExecutionPolicy`, `-NonInteractive`, `-NoLogo`; a bare argument is a command.
pub fn powershell_exe(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut i = 0;
    while i < args.len() {
        let a = args[i].to_ascii_lowercase();
        let a = a.trim_start_matches(['-', '/']);
        let takes = |full: &str, min: usize| a.len() >= min && full.starts_with(a);
        if takes("noprofile", 3)
            || takes("noninteractive", 4)
            || takes("nologo", 3)
            || takes("noexit", 3)
            || a == "sta"
            || a == "mta"
        {
            i += 1;
            continue;
        }
        if takes("executionpolicy", 2)
            || takes("windowstyle", 1)
            || takes("inputformat", 2)
            || takes("outputformat", 1)
            || takes("version", 1)
            || a == "ep"
        {
            i += 2;
            continue;
        }
        if takes("encodedcommand", 1) || a == "ec" {
            let Some(text) = args.get(i + 1).and_then(|t| encoding::decode_command(t)) else {
                let mut out = Output::default();
                out.errln("Cannot process the command because the value specified with -EncodedCommand is not properly encoded. The value must be Base64 encoded.");
                out.code = 1;
                return out;
            };
            return run_line(host, process, &text);
        }
        if takes("file", 1) {
            let Some(path) = args.get(i + 1) else {
                let mut out = Output::default();
                out.errln("Missing the argument for parameter 'File'.");
                out.code = 1;
                return out;
            };
            let full = process.full_path(path);
            let bytes = match host.fs().read_file(&full, &process.token) {
                Ok(b) => b,
                Err(_) => {
                    let mut out = Output::default();
                    out.errln(format!("The argument '{path}' to the -File parameter does not exist. Provide the path to an existing '.ps1' file as an argument to the -File parameter."));
                    out.code = 4294770688;
                    return out;
                }
            };
            let text = crate::text::decode_console(&bytes);
            let options = Options {
                file: Some(full),
                ..Options::default()
            };
            return run_script_with(host, process, &text, &options);
        }
        if takes("command", 1) {
            let rest = args[i + 1..].join(" ");
            return run_line(host, process, &rest);
        }
        // The first other argument starts the command.
        let rest = args[i..].join(" ");
        return run_line(host, process, &rest);
    }
    let mut out = Output::default();
    out.outln("Windows PowerShell");
    out.outln("Copyright (C) Microsoft Corporation. All rights reserved.");
    out.outln("");
    out
}

#[cfg(test)]
mod tests;
