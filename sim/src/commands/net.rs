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
use crate::process::{Output, Process};
use crate::services::{self, ServiceState, StartFailure};

/// NERR_ServiceInstalled: the requested service has already been started.
const HELP_ALREADY_STARTED: u32 = 2182;
/// NERR_BadServiceName: the service name is invalid.
const HELP_BAD_NAME: u32 = 2185;
/// NERR_ServiceNotStarted: the service is not started.
const HELP_NOT_STARTED: u32 = 3521;

/// Runs `net` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
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
            [name] => start(host, process, name),
            _ => syntax("NET START\n[service]"),
        },
        "stop" => match words.as_slice() {
            [name] => stop(host, process, name, yes),
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
    out.errln(err.message());
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

fn start(host: &mut Host, process: &mut Process, name: &str) -> Output {
    let mut out = Output::default();
    let Some(svc) = host.services().get(name).cloned() else {
        net_error(&mut out, "The service name is invalid.", HELP_BAD_NAME);
        return out;
    };
    let display = &svc.display_name;
    match services::start_service_detailed(host, &svc.name, &process.token) {
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

fn stop(host: &mut Host, process: &mut Process, name: &str, yes: bool) -> Output {
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
    let token = process.token.clone();
    if !crate::ops::services::may_control(&token) {
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
        if !yes && !confirm(process, &mut out) {
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
fn confirm(process: &mut Process, out: &mut Output) -> bool {
    match process.ask(out, "Do you want to continue this operation? (Y/N) [N]: ") {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn net(host: &mut Host, args: &[&str], answers: &[&str]) -> Output {
        let mut process = Process::new(host.admin_token());
        process.answers = answers.iter().map(|a| a.to_string()).collect();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        run(host, &mut process, &args)
    }

    const DEPENDENTS: &str = "The following services are dependent on the Remote Desktop Services service.\nStopping the Remote Desktop Services service will also stop these services.\n\n   Remote Desktop Services UserMode Port Redirector\n\n";
    const STOPPED_BOTH: &str = "The Remote Desktop Services UserMode Port Redirector service is stopping.\nThe Remote Desktop Services UserMode Port Redirector service was stopped successfully.\n\nThe Remote Desktop Services service is stopping.\nThe Remote Desktop Services service was stopped successfully.\n\n";

    #[test]
    fn unattended_stop_with_a_dependent_stops_nothing() {
        let mut h = Host::builder().build();
        let out = net(&mut h, &["stop", "TermService"], &[]);
        assert_eq!(
            out.stdout(),
            format!("{DEPENDENTS}Do you want to continue this operation? (Y/N) [N]: \n")
        );
        assert_eq!(out.stderr(), "No valid response was provided.\n");
        assert_eq!(out.code, 2);
        assert!(h.is_running("TermService") && h.is_running("UmRdpService"));
    }

    #[test]
    fn answering_no_or_enter_stops_nothing() {
        for answer in ["N", ""] {
            let mut h = Host::builder().build();
            let out = net(&mut h, &["stop", "TermService"], &[answer]);
            assert_eq!(out.code, 2);
            assert_eq!(out.stderr(), "");
            assert!(h.is_running("TermService"));
        }
    }

    #[test]
    fn yes_stops_the_dependent_first() {
        let mut h = Host::builder().build();
        let out = net(&mut h, &["stop", "TermService", "/y"], &[]);
        assert_eq!(out.stdout(), format!("{DEPENDENTS}{STOPPED_BOTH}"));
        assert_eq!(out.code, 0);
        assert!(!h.is_running("TermService") && !h.is_running("UmRdpService"));
        let mut h = Host::builder().build();
        let out = net(&mut h, &["stop", "TermService"], &["y"]);
        assert_eq!(
            out.stdout(),
            format!(
                "{DEPENDENTS}Do you want to continue this operation? (Y/N) [N]: y\n{STOPPED_BOTH}"
            )
        );
    }

    #[test]
    fn start_and_stop_by_either_name() {
        let mut h = Host::builder().build();
        let out = net(&mut h, &["stop", "SessionEnv"], &[]);
        assert_eq!(
            out.stdout(),
            "The Remote Desktop Configuration service is stopping.\nThe Remote Desktop Configuration service was stopped successfully.\n\n"
        );
        let out = net(&mut h, &["stop", "Remote Desktop Configuration"], &[]);
        assert_eq!(
            out.stderr(),
            "The Remote Desktop Configuration service is not started.\n\nMore help is available by typing NET HELPMSG 3521.\n\n"
        );
        assert_eq!(out.code, 2);
        let out = net(&mut h, &["start", "remote desktop configuration"], &[]);
        assert_eq!(
            out.stdout(),
            "The Remote Desktop Configuration service is starting.\nThe Remote Desktop Configuration service was started successfully.\n\n"
        );
        assert!(h.is_running("SessionEnv"));
        let out = net(&mut h, &["start", "SessionEnv"], &[]);
        assert_eq!(
            out.stderr(),
            "The requested service has already been started.\n\nMore help is available by typing NET HELPMSG 2182.\n\n"
        );
        assert_eq!(out.code, 2);
    }

    #[test]
    fn unknown_names_and_listing() {
        let mut h = Host::builder().build();
        let out = net(&mut h, &["stop", "Bogus"], &[]);
        assert_eq!(
            out.stderr(),
            "The service name is invalid.\n\nMore help is available by typing NET HELPMSG 2185.\n\n"
        );
        assert_eq!(out.code, 2);
        let out = net(&mut h, &["start"], &[]);
        let text = out.stdout();
        assert!(text.starts_with("These Windows services are started:\n\n"));
        assert!(text.contains("\n   Remote Desktop Services\n"));
        assert!(text.ends_with("\nThe command completed successfully.\n\n"));
    }
}
