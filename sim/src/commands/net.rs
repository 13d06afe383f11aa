//! `net`: `net start` (list), `net start NAME`, `net stop NAME [/y]`. Services are named by
//! service name or display name.
//!
//! Texts from windows-facts §9 and real captures (Microsoft's IIS `NET STOP iisadmin /y`
//! sample; console sessions of `net stop http`): progress lines on stdout with a blank line
//! after each finished service; errors on stderr as the message, a blank line, `More help is
//! available by typing NET HELPMSG <n>.` and a blank line. Exit code 2 on every error.
//! At a prompt with no input, net says `No valid response was provided.` (what unattended
//! `net user /add` prints, as reported by several scripts).

use crate::error::WinError;
use crate::host::Host;
use crate::services::{self, ServiceState, StartFailure};
use crate::shell::{Output, Session};

/// NERR_ServiceInstalled: the requested service has already been started.
const HELP_ALREADY_STARTED: u32 = 2182;
/// NERR_BadServiceName: the service name is invalid.
const HELP_BAD_NAME: u32 = 2185;
/// NERR_ServiceNotStarted: the service is not started.
const HELP_NOT_STARTED: u32 = 3521;

/// Runs `net` with `args` (program name excluded).
pub fn run(
    host: &mut Host,
    session: &mut Session,
    args: &[String],
    _stdin: Option<&str>,
) -> Output {
    let Some(verb) = args.first() else {
        return syntax(
            "NET\n    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\n      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |\n      STATISTICS | STOP | TIME | USE | USER | VIEW ]",
        );
    };
    let (switches, words): (Vec<&String>, Vec<&String>) =
        args[1..].iter().partition(|a| a.starts_with('/'));
    let yes = switches
        .iter()
        .any(|s| s.eq_ignore_ascii_case("/y") || s.eq_ignore_ascii_case("/yes"));
    match verb.to_ascii_lowercase().as_str() {
        "start" => match words.as_slice() {
            [] => list_started(host),
            [name] => start(host, session, name),
            _ => syntax("NET START\n[service]"),
        },
        "stop" => match words.as_slice() {
            [name] => stop(host, session, name, yes),
            _ => syntax("NET STOP\nservice"),
        },
        _ => syntax(
            "NET\n    [ ACCOUNTS | COMPUTER | CONFIG | CONTINUE | FILE | GROUP | HELP |\n      HELPMSG | LOCALGROUP | PAUSE | SESSION | SHARE | START |\n      STATISTICS | STOP | TIME | USE | USER | VIEW ]",
        ),
    }
}

fn syntax(text: &str) -> Output {
    let mut out = Output::with_code(1);
    out.outln("The syntax of this command is:");
    out.outln("");
    out.outln(text);
    out.outln("");
    out
}

/// A NET message with its help number, on stderr; exit code 2.
fn net_error(out: &mut Output, text: &str, help: u32) {
    out.errln(text);
    out.errln("");
    out.errln(format!(
        "More help is available by typing NET HELPMSG {help}."
    ));
    out.errln("");
    out.code = 2;
}

/// A Win32 error as net shows it: `System error N has occurred.` (the code as a signed
/// 32-bit number, so HRESULTs print negative), blank, message, blank; exit code 2.
fn system_error(out: &mut Output, err: WinError) {
    out.errln(format!("System error {} has occurred.", err.0 as i32));
    out.errln("");
    out.errln(services::message(err));
    out.errln("");
    out.code = 2;
}

fn list_started(host: &Host) -> Output {
    let mut names: Vec<&str> = host
        .services()
        .iter()
        .filter(|s| s.state == ServiceState::Running && s.service_type & 0x0f == 0)
        .map(|s| s.display_name.as_str())
        .collect();
    names.sort_by_key(|n| n.to_lowercase());
    let mut out = Output::default();
    out.outln("These Windows services are started:");
    out.outln("");
    for n in names {
        out.outln(format!("   {n}"));
    }
    out.outln("");
    out.outln("The command completed successfully.");
    out.outln("");
    out
}

fn start(host: &mut Host, session: &mut Session, name: &str) -> Output {
    let mut out = Output::default();
    let Some(svc) = host.services().get(name).cloned() else {
        net_error(&mut out, "The service name is invalid.", HELP_BAD_NAME);
        return out;
    };
    let display = &svc.display_name;
    match services::start_service_detailed(host, &svc.name, &session.token) {
        Ok(()) => {
            out.outln(format!("The {display} service is starting."));
            out.outln(format!("The {display} service was started successfully."));
            out.outln("");
        }
        Err(StartFailure::Refused(WinError::SERVICE_ALREADY_RUNNING)) => {
            net_error(
                &mut out,
                "The requested service has already been started.",
                HELP_ALREADY_STARTED,
            );
        }
        Err(StartFailure::Refused(e)) => system_error(&mut out, e),
        Err(StartFailure::Failed(e)) => {
            out.outln(format!("The {display} service is starting."));
            out.outln(format!("The {display} service could not be started."));
            out.outln("");
            out.errln("A system error has occurred.");
            out.errln("");
            system_error(&mut out, e);
        }
    }
    out
}

fn stop(host: &mut Host, session: &mut Session, name: &str, yes: bool) -> Output {
    let mut out = Output::default();
    let Some(svc) = host.services().get(name).cloned() else {
        net_error(&mut out, "The service name is invalid.", HELP_BAD_NAME);
        return out;
    };
    let display = svc.display_name.clone();
    if svc.state == ServiceState::Stopped {
        net_error(
            &mut out,
            &format!("The {display} service is not started."),
            HELP_NOT_STARTED,
        );
        return out;
    }
    let token = session.token.clone();
    if !(token.is_admin() || token.user == crate::principals::Sid::system()) {
        system_error(&mut out, WinError::ACCESS_DENIED);
        return out;
    }
    let dependents = host.services().active_dependents(&svc.name);
    if !dependents.is_empty() {
        out.outln(format!(
            "The following services are dependent on the {display} service."
        ));
        out.outln(format!(
            "Stopping the {display} service will also stop these services."
        ));
        out.outln("");
        for d in &dependents {
            let shown = host
                .services()
                .get(d)
                .map_or(d.as_str(), |s| s.display_name.as_str());
            out.outln(format!("   {shown}"));
        }
        out.outln("");
        if !yes && !confirm(session, &mut out) {
            return out;
        }
    }
    match host.stop_service(&svc.name, &token, true) {
        Ok(stopped) => {
            for s in stopped {
                let shown = host
                    .services()
                    .get(&s)
                    .map_or(s.clone(), |x| x.display_name.clone());
                out.outln(format!("The {shown} service is stopping."));
                out.outln(format!("The {shown} service was stopped successfully."));
                out.outln("");
            }
        }
        Err(e) => system_error(&mut out, e),
    }
    out
}

/// `Do you want to continue this operation? (Y/N) [N]: `; an empty answer takes the default
/// (No). No means exit code 2 with nothing stopped; no input at all adds `No valid response
/// was provided.`
fn confirm(session: &mut Session, out: &mut Output) -> bool {
    match session.ask(out, "Do you want to continue this operation? (Y/N) [N]: ") {
        Some(a) if a.trim().to_ascii_lowercase().starts_with('y') => true,
        Some(_) => {
            out.code = 2;
            false
        }
        None => {
            out.errln("No valid response was provided.");
            out.code = 2;
            false
        }
    }
}
