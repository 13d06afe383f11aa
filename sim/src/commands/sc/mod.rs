//! `sc`: `query [NAME]`, `queryex [NAME]`, `qc NAME`, `qdescription NAME`, `enumdepend NAME`,
//! `sdshow NAME`, `start NAME`, `stop NAME`, `config NAME opt= value...`, `showsid NAME`.
//!
//! Layouts follow real captures (windows-facts §9; sc.exe output quoted in public parsers'
//! test fixtures with CRLF and trailing spaces kept): a single-service block opens with a blank
//! line, `SERVICE_NAME: X ` carries a trailing space, `TYPE` a two-space tail, `STATE` a
//! one-space tail, and a stopped service has no controls line. Everything goes to stdout;
//! failures read `[SC] <Api> FAILED <code>:`, a blank line, the system message and a blank
//! line. The exit code is the Win32 error.
//!
//! - `mod.rs`    dispatch, usage and failure texts, option parsing, `start`, `stop`, `showsid`.
//! - `query.rs`  `query` and `qc`, and the status block every command prints.
//! - `config.rs` `config`: the SCM database and the service's registry key.
//! - `extra.rs`  `queryex`, `qdescription`, `enumdepend`, `sdshow`.
//! - `tests.rs`  stories against the default host.

mod config;
mod extra;
mod query;
#[cfg(test)]
mod tests;

use crate::error::WinError;
use crate::host::Host;
use crate::principals::Sid;
use crate::process::{Output, Process};
use crate::services::{self, Service, ServiceState, StartFailure};
use config::config;
use query::{qc, query, status_lines};
/// ERROR_INVALID_COMMAND_LINE, what sc returns for arguments it cannot use [U].
const INVALID_COMMAND_LINE: u32 = 1639;

/// Runs `sc` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut args: Vec<&str> = args.iter().map(String::as_str).collect();
    // `sc \\SERVER command ...`: only the local computer exists here.
    if args.first().is_some_and(|a| a.starts_with("\\\\")) {
        args.remove(0);
    }
    let Some(command) = args.first() else {
        return usage();
    };
    let rest = &args[1..];
    match command.to_ascii_lowercase().as_str() {
        "query" => query(host, rest),
        "qc" => qc(host, rest),
        "start" => start(host, process, rest),
        "stop" => stop(host, process, rest),
        "config" => config(host, process, rest),
        "showsid" => showsid(host, rest),
        "queryex" => extra::queryex(host, rest),
        "qdescription" => extra::qdescription(host, rest),
        "enumdepend" => extra::enumdepend(host, rest),
        "sdshow" => extra::sdshow(host, rest),
        _ => usage(),
    }
}

pub(super) fn usage() -> Output {
    let mut out = Output::with_code(INVALID_COMMAND_LINE);
    out.outln("DESCRIPTION:");
    out.outln("        SC is a command line program used for communicating with the");
    out.outln("        Service Control Manager and services.");
    out.outln("USAGE:");
    out.outln("        sc <server> [command] [service name] <option1> <option2>...");
    out
}

/// `[SC] <api> FAILED <code>:`, blank, message, blank; exit code = the error.
pub(super) fn failed(api: &str, err: WinError) -> Output {
    let mut out = Output::with_code(err.0);
    out.outln(format!("[SC] {api} FAILED {}:", err.0));
    out.outln("");
    out.outln(err.message());
    out.outln("");
    out
}

/// sc opens services by key name only (OpenService does not take display names).
pub(super) fn lookup<'a>(host: &'a Host, name: &str) -> Option<&'a Service> {
    host.services()
        .get(name)
        .filter(|s| s.name.eq_ignore_ascii_case(name))
}

/// Splits `name opt= value ...` into plain words and (option, value) pairs. sc options are
/// the word with its `=`, and the value is the next word (`start= demand`).
pub(super) fn split_options<'a>(rest: &[&'a str]) -> (Vec<&'a str>, Vec<(String, &'a str)>) {
    let mut names = Vec::new();
    let mut options = Vec::new();
    let mut i = 0;
    while i < rest.len() {
        let word = rest[i];
        if word.ends_with('=') {
            options.push((
                word.to_ascii_lowercase(),
                rest.get(i + 1).copied().unwrap_or(""),
            ));
            i += 2;
        } else {
            names.push(word);
            i += 1;
        }
    }
    (names, options)
}

pub(super) fn option<'a>(options: &[(String, &'a str)], key: &str) -> Option<&'a str> {
    options
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| *v)
}

/// A stable, plausible process id for a service (svchost PIDs are multiples of 4).
pub(crate) fn pid_of(name: &str) -> u32 {
    let h = name
        .to_ascii_uppercase()
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
    1000 + (h % 2000) * 4
}

fn start(host: &mut Host, process: &mut Process, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    let Some(svc_name) = lookup(host, name).map(|s| s.name.clone()) else {
        return failed(
            "StartService: OpenService",
            WinError::SERVICE_DOES_NOT_EXIST,
        );
    };
    match services::start_service_detailed(host, &svc_name, &process.token) {
        Err(StartFailure::Refused(WinError::ACCESS_DENIED)) => {
            failed("StartService: OpenService", WinError::ACCESS_DENIED)
        }
        Err(StartFailure::Refused(e)) => failed("StartService", e),
        // StartService succeeded; the service stopped again during its initialisation, which
        // `sc start` (it returns while START_PENDING) does not see.
        Ok(()) | Err(StartFailure::Failed(_)) => {
            let svc = lookup(host, &svc_name)
                .expect("it was just started")
                .clone();
            let mut out = Output::default();
            out.outln("");
            out.outln(format!("SERVICE_NAME: {} ", svc.name));
            status_lines(&mut out, &svc, ServiceState::StartPending, 0, 0x7d0);
            out.outln(format!(
                "        PID                : {}",
                pid_of(&svc.name)
            ));
            out.outln("        FLAGS              : ");
            out
        }
    }
}

fn stop(host: &mut Host, process: &mut Process, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    let Some(svc) = lookup(host, name).cloned() else {
        return failed("OpenService", WinError::SERVICE_DOES_NOT_EXIST);
    };
    match host.stop_service(&svc.name, &process.token, false) {
        Err(WinError::ACCESS_DENIED) => failed("OpenService", WinError::ACCESS_DENIED),
        Err(e) => failed("ControlService", e),
        Ok(_) => {
            let mut out = Output::default();
            out.outln("");
            out.outln(format!("SERVICE_NAME: {} ", svc.name));
            status_lines(&mut out, &svc, ServiceState::StopPending, 0, 0);
            out
        }
    }
}

/// `sc showsid NAME`: the service SID is computed from the name, installed or not; STATUS says
/// whether the SCM adds it to the service's token (Active for every installed service here).
fn showsid(host: &Host, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    let status = if lookup(host, name).is_some() {
        "Active"
    } else {
        "Inactive"
    };
    let mut out = Output::default();
    out.outln("");
    out.outln(format!("NAME: {name}"));
    out.outln(format!("SERVICE SID: {}", Sid::service(name)));
    out.outln(format!("STATUS: {status}"));
    out
}
