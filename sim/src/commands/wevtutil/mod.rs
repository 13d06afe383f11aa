//! `wevtutil`: `qe` (query-events), `el` (enum-logs), `gli` (get-loginfo), `cl` (clear-log).
//!
//! - here: the command table, option parsing (`/name:value` or `-name:value`, short and long
//!   names, case-insensitive) and the error texts and codes measured on Windows (reference §1);
//! - `qe.rs`: queries, renderings, `/lf` log files and `/sq` structured queries.

mod qe;

use crate::clock::FileTime;
use crate::error::WinError;
use crate::host::Host;
use crate::process::{Output, Process};

/// An option's kind.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Bool,
    Text,
}

/// (short, long, kind) of the options each command accepts.
type OptSpec = (&'static str, &'static str, Kind);

const QE_OPTS: &[OptSpec] = &[
    ("lf", "logfile", Kind::Bool),
    ("sq", "structuredquery", Kind::Bool),
    ("q", "query", Kind::Text),
    ("bm", "bookmark", Kind::Text),
    ("sbm", "savebookmark", Kind::Text),
    ("rd", "reversedirection", Kind::Bool),
    ("f", "format", Kind::Text),
    ("l", "locale", Kind::Text),
    ("c", "count", Kind::Text),
    ("e", "element", Kind::Text),
];
const GLI_OPTS: &[OptSpec] = &[("lf", "logfile", Kind::Bool)];
const CL_OPTS: &[OptSpec] = &[("bu", "backup", Kind::Text)];

/// Parsed arguments: positionals and options keyed by their short name.
pub(crate) struct Args {
    pub positional: Vec<String>,
    pub opts: Vec<(&'static str, String)>,
}

impl Args {
    pub fn get(&self, short: &str) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|(k, _)| *k == short)
            .map(|(_, v)| v.as_str())
    }
    pub fn flag(&self, short: &str) -> bool {
        self.get(short)
            .is_some_and(|v| v.eq_ignore_ascii_case("true"))
    }
}

/// Writes wevtutil's error lines and sets the code.
pub(crate) fn fail(code: u32, lines: &[&str]) -> Output {
    let mut out = Output::with_code(code);
    for l in lines {
        out.errln(l);
    }
    out
}

const INCORRECT: &str = "The parameter is incorrect.";

fn parse(args: &[String], spec: &[OptSpec]) -> Result<Args, Output> {
    let mut a = Args {
        positional: Vec::new(),
        opts: Vec::new(),
    };
    for arg in args {
        let Some(body) = arg.strip_prefix('/').or_else(|| arg.strip_prefix('-')) else {
            a.positional.push(arg.clone());
            continue;
        };
        let (name, value) = match body.split_once(':') {
            Some((n, v)) => (n, Some(v)),
            None => (body, None),
        };
        let Some(&(short, _, kind)) = spec
            .iter()
            .find(|(s, l, _)| s.eq_ignore_ascii_case(name) || l.eq_ignore_ascii_case(name))
        else {
            return Err(fail(
                87,
                &[&format!("Invalid option {name}. Option is not valid.")],
            ));
        };
        let value = match (kind, value) {
            (Kind::Bool, None) => "true".to_string(),
            (Kind::Bool, Some(v))
                if v.eq_ignore_ascii_case("true") || v.eq_ignore_ascii_case("false") =>
            {
                v.to_ascii_lowercase()
            }
            (Kind::Bool, Some(_)) => {
                return Err(fail(
                    87,
                    &[&format!("Invalid option {name}. Option is not Boolean.")],
                ));
            }
            (Kind::Text, v) => v.unwrap_or("").to_string(),
        };
        a.opts.push((short, value));
    }
    Ok(a)
}

/// The single positional argument (the log name or file), or the usage errors.
fn one_path(a: &Args) -> Result<&str, Output> {
    match a.positional.as_slice() {
        [p] => Ok(p),
        [] => Err(fail(
            87,
            &["Required argument(s) is/are not specified.", INCORRECT],
        )),
        _ => Err(fail(87, &["Too many arguments are specified.", INCORRECT])),
    }
}

/// Runs `wevtutil` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let Some((cmd, rest)) = args.split_first() else {
        let mut out = Output::default();
        out.out(USAGE);
        return out;
    };
    let result = match cmd.to_ascii_lowercase().as_str() {
        "/?" | "-?" => {
            let mut out = Output::default();
            out.out(USAGE);
            Ok(out)
        }
        "qe" | "query-events" => parse(rest, QE_OPTS).and_then(|a| qe::run(host, process, &a)),
        "el" | "enum-logs" => parse(rest, &[]).map(|_| enum_logs(host)),
        "gli" | "get-loginfo" => parse(rest, GLI_OPTS).and_then(|a| get_log_info(host, &a)),
        "cl" | "clear-log" => parse(rest, CL_OPTS).and_then(|a| clear_log(host, process, &a)),
        _ => Err(fail(87, &[&format!("Unknown command {cmd}."), INCORRECT])),
    };
    result.unwrap_or_else(|e| e)
}

const USAGE: &str = "Windows Events Command Line Utility.\n\nEnables you to retrieve information about event logs and publishers, install\nand uninstall event manifests, run queries, and export, archive and clear logs.\n\nUsage:\n\nYou can use either the short (for example, ep /uni) or long (for example,\nenum-publishers /unicode) version of the command and option names. Commands,\noptions and option values are not case-sensitive.\n\nVariables are noted in all upper-case.\n\nwevtutil COMMAND [ARGUMENT [ARGUMENT] ...] [/OPTION:VALUE [/OPTION:VALUE] ...]\n\nCommands:\n\nel | enum-logs          List log names.\ngli | get-loginfo       Get log status information.\nqe | query-events       Query events from a log or log file.\ncl | clear-log          Clear a log.\n";

fn enum_logs(host: &Host) -> Output {
    let mut out = Output::default();
    for c in host.eventlog().channels() {
        out.outln(c);
    }
    out
}

/// ISO form `wevtutil gli` prints (`2026-11-20T10:00:00.000Z`).
fn iso_ms(t: FileTime) -> String {
    let s = t.to_system_time_string();
    format!("{}Z", &s[..23])
}

fn get_log_info(host: &Host, a: &Args) -> Result<Output, Output> {
    let path = one_path(a)?;
    let Some(info) = host.eventlog().channel_info(path) else {
        return Err(fail(
            15007,
            &[
                &format!("Failed to read log status information for log {path}."),
                "The specified channel could not be found.",
            ],
        ));
    };
    // An .evtx file grows by 64 KiB chunks after its 4 KiB header; ~1 KiB per record is a fair
    // average for the records these logs hold.
    let chunks = (info.records as u64 * 1024).div_ceil(65536).max(1);
    let mut out = Output::default();
    out.outln(format!("creationTime: {}", iso_ms(info.created)));
    out.outln(format!("lastAccessTime: {}", iso_ms(host.now())));
    out.outln(format!("lastWriteTime: {}", iso_ms(info.last_write)));
    out.outln(format!("fileSize: {}", 4096 + chunks * 65536));
    out.outln("attributes: 32");
    out.outln(format!("numberOfLogRecords: {}", info.records));
    out.outln(format!("oldestRecordNumber: {}", info.oldest_record_id));
    Ok(out)
}

/// `cl LOG`: prints nothing on success; the rule (administrators only, Eventlog 104) is the
/// operation's (`ops::eventlog::clear_log`).
fn clear_log(host: &mut Host, process: &Process, a: &Args) -> Result<Output, Output> {
    let path = one_path(a)?;
    match crate::ops::eventlog::clear_log(host, &process.token, path) {
        Ok(()) => Ok(Output::default()),
        Err(WinError::FILE_NOT_FOUND) => Err(fail(
            15007,
            &[
                &format!("Failed to clear log {path}."),
                "The specified channel could not be found.",
            ],
        )),
        Err(e) => Err(fail(
            e.0,
            &[&format!("Failed to clear log {path}."), e.message()],
        )),
    }
}

#[cfg(test)]
mod tests;
