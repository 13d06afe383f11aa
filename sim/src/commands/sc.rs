//! `sc`: `query [NAME]`, `qc NAME`, `start NAME`, `stop NAME`, `config NAME opt= value...`,
//! `showsid NAME`.
//!
//! Layouts follow real captures (windows-facts §9; sc.exe output quoted in public parsers'
//! test fixtures with CRLF and trailing spaces kept): a single-service block opens with a blank
//! line, `SERVICE_NAME: X ` carries a trailing space, `TYPE` a two-space tail, `STATE` a
//! one-space tail, and a stopped service has no controls line. Everything goes to stdout;
//! failures read `[SC] <Api> FAILED <code>:`, a blank line, the system message and a blank
//! line. The exit code is the Win32 error.

use crate::error::WinError;
use crate::host::Host;
use crate::principals::Sid;
use crate::registry::RegValue;
use crate::services::{self, Service, ServiceState, StartFailure, StartType};
use crate::shell::{Output, Session};

/// ERROR_INVALID_COMMAND_LINE, what sc returns for arguments it cannot use [U].
const INVALID_COMMAND_LINE: u32 = 1639;

/// Runs `sc` with `args` (program name excluded).
pub fn run(
    host: &mut Host,
    session: &mut Session,
    args: &[String],
    _stdin: Option<&str>,
) -> Output {
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
        "start" => start(host, session, rest),
        "stop" => stop(host, session, rest),
        "config" => config(host, session, rest),
        "showsid" => showsid(host, rest),
        _ => usage(),
    }
}

fn usage() -> Output {
    let mut out = Output::with_code(INVALID_COMMAND_LINE);
    out.outln("DESCRIPTION:");
    out.outln("        SC is a command line program used for communicating with the");
    out.outln("        Service Control Manager and services.");
    out.outln("USAGE:");
    out.outln("        sc <server> [command] [service name] <option1> <option2>...");
    out
}

/// `[SC] <api> FAILED <code>:`, blank, message, blank; exit code = the error.
fn failed(api: &str, err: WinError) -> Output {
    let mut out = Output::with_code(err.0);
    out.outln(format!("[SC] {api} FAILED {}:", err.0));
    out.outln("");
    out.outln(services::message(err));
    out.outln("");
    out
}

/// sc opens services by key name only (OpenService does not take display names).
fn lookup<'a>(host: &'a Host, name: &str) -> Option<&'a Service> {
    host.services()
        .get(name)
        .filter(|s| s.name.eq_ignore_ascii_case(name))
}

fn type_text(service_type: u32) -> String {
    let name = match service_type & !0x100 {
        0x1 => "KERNEL_DRIVER",
        0x2 => "FILE_SYSTEM_DRIVER",
        0x10 => "WIN32_OWN_PROCESS",
        0x20 => "WIN32_SHARE_PROCESS",
        0x30 => "WIN32",
        0x50 => "USER_OWN_PROCESS",
        0x60 => "USER_SHARE_PROCESS",
        _ => "",
    };
    format!("{service_type:x}  {name}")
}

fn state_name(state: ServiceState) -> &'static str {
    match state {
        ServiceState::Stopped => "STOPPED",
        ServiceState::StartPending => "START_PENDING",
        ServiceState::StopPending => "STOP_PENDING",
        ServiceState::Running => "RUNNING",
    }
}

/// The controls a service accepts in `state` (a starting service accepts none yet).
fn controls(svc: &Service, state: ServiceState) -> Option<&'static str> {
    match state {
        ServiceState::Stopped => None,
        ServiceState::StartPending => Some("(NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)"),
        _ if svc.accepts_shutdown => Some("(STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)"),
        _ => Some("(STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)"),
    }
}

/// The status lines under SERVICE_NAME (TYPE .. WAIT_HINT), as QueryServiceStatus reports.
fn status_lines(
    out: &mut Output,
    svc: &Service,
    state: ServiceState,
    exit_code: u32,
    wait_hint: u32,
) {
    let interactive = if svc.service_type & 0x100 != 0 {
        "(interactive)"
    } else {
        ""
    };
    out.outln(format!(
        "        TYPE               : {}  {interactive}",
        type_text(svc.service_type)
    ));
    out.outln(format!(
        "        STATE              : {}  {} ",
        state.code(),
        state_name(state)
    ));
    if let Some(c) = controls(svc, state) {
        out.outln(format!("                                {c}"));
    }
    out.outln(format!(
        "        WIN32_EXIT_CODE    : {exit_code}  (0x{exit_code:x})"
    ));
    out.outln("        SERVICE_EXIT_CODE  : 0  (0x0)");
    out.outln("        CHECKPOINT         : 0x0");
    out.outln(format!("        WAIT_HINT          : 0x{wait_hint:x}"));
}

fn query(host: &Host, rest: &[&str]) -> Output {
    let (names, options) = split_options(rest);
    if let Some(name) = names.first() {
        let Some(svc) = lookup(host, name) else {
            return failed(
                "EnumQueryServicesStatus:OpenService",
                WinError::SERVICE_DOES_NOT_EXIST,
            );
        };
        let mut out = Output::default();
        out.outln("");
        out.outln(format!("SERVICE_NAME: {} ", svc.name));
        status_lines(&mut out, svc, svc.state, svc.exit_code, 0);
        return out;
    }
    // Enumeration: `state= active|inactive|all` (default active), `type= service|driver|all`
    // (default service), in service-name order as EnumServicesStatus returns them.
    let state = option(&options, "state=")
        .unwrap_or("active")
        .to_ascii_lowercase();
    let kind = option(&options, "type=")
        .unwrap_or("service")
        .to_ascii_lowercase();
    let mut list: Vec<&Service> = host
        .services()
        .iter()
        .filter(|s| match state.as_str() {
            "all" => true,
            "inactive" => s.state == ServiceState::Stopped,
            _ => s.state != ServiceState::Stopped,
        })
        .filter(|s| {
            let driver = s.service_type & 0x0f != 0;
            match kind.as_str() {
                "all" => true,
                "driver" => driver,
                _ => !driver,
            }
        })
        .collect();
    list.sort_by_key(|s| s.name.to_lowercase());
    let mut out = Output::default();
    for svc in list {
        out.outln("");
        out.outln(format!("SERVICE_NAME: {}", svc.name));
        out.outln(format!("DISPLAY_NAME: {}", svc.display_name));
        status_lines(&mut out, svc, svc.state, svc.exit_code, 0);
    }
    out
}

/// Splits `name opt= value ...` into plain words and (option, value) pairs. sc options are
/// the word with its `=`, and the value is the next word (`start= demand`).
fn split_options<'a>(rest: &[&'a str]) -> (Vec<&'a str>, Vec<(String, &'a str)>) {
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

fn option<'a>(options: &[(String, &'a str)], key: &str) -> Option<&'a str> {
    options
        .iter()
        .rev()
        .find(|(k, _)| k == key)
        .map(|(_, v)| *v)
}

fn qc(host: &Host, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    let Some(svc) = lookup(host, name) else {
        return failed("OpenService", WinError::SERVICE_DOES_NOT_EXIST);
    };
    let mut out = Output::default();
    out.outln("[SC] QueryServiceConfig SUCCESS");
    out.outln("");
    out.outln(format!("SERVICE_NAME: {}", svc.name));
    out.outln(format!(
        "        TYPE               : {}",
        type_text(svc.service_type)
    ));
    out.outln(format!(
        "        START_TYPE         : {}   {}",
        svc.start_type.code(),
        svc.start_type.sc_name()
    ));
    out.outln("        ERROR_CONTROL      : 1   NORMAL");
    out.outln(format!("        BINARY_PATH_NAME   : {}", svc.binary_path));
    // Empty fields keep their `: ` (sc prints the label, then the value) [U].
    out.outln("        LOAD_ORDER_GROUP   : ");
    out.outln("        TAG                : 0");
    out.outln(format!("        DISPLAY_NAME       : {}", svc.display_name));
    match svc.dependencies.split_first() {
        None => out.outln("        DEPENDENCIES       : "),
        Some((first, more)) => {
            out.outln(format!("        DEPENDENCIES       : {first}"));
            for d in more {
                out.outln(format!("                           : {d}"));
            }
        }
    }
    out.outln(format!("        SERVICE_START_NAME : {}", svc.account));
    out
}

/// A stable, plausible process id for a service (svchost PIDs are multiples of 4).
fn pid_of(name: &str) -> u32 {
    let h = name
        .to_ascii_uppercase()
        .bytes()
        .fold(2166136261u32, |h, b| (h ^ b as u32).wrapping_mul(16777619));
    1000 + (h % 2000) * 4
}

fn start(host: &mut Host, session: &mut Session, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    let Some(svc_name) = lookup(host, name).map(|s| s.name.clone()) else {
        return failed(
            "StartService: OpenService",
            WinError::SERVICE_DOES_NOT_EXIST,
        );
    };
    match services::start_service_detailed(host, &svc_name, &session.token) {
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

fn stop(host: &mut Host, session: &mut Session, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    let Some(svc) = lookup(host, name).cloned() else {
        return failed("OpenService", WinError::SERVICE_DOES_NOT_EXIST);
    };
    match host.stop_service(&svc.name, &session.token, false) {
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

fn parse_start_type(value: &str) -> Option<StartType> {
    match value.to_ascii_lowercase().as_str() {
        "boot" => Some(StartType::Boot),
        "system" => Some(StartType::System),
        "auto" | "delayed-auto" => Some(StartType::Auto),
        "demand" => Some(StartType::Manual),
        "disabled" => Some(StartType::Disabled),
        _ => None,
    }
}

/// `sc config NAME start= ... binPath= ... DisplayName= ... depend= a/b obj= ...`: changes the
/// SCM database and the service's registry key, as ChangeServiceConfig does.
fn config(host: &mut Host, session: &mut Session, rest: &[&str]) -> Output {
    let (names, options) = split_options(rest);
    let (Some(name), false) = (names.first(), options.is_empty()) else {
        return usage();
    };
    let Some(svc) = lookup(host, name).cloned() else {
        return failed("OpenService", WinError::SERVICE_DOES_NOT_EXIST);
    };
    let token = &session.token;
    if !(token.is_admin() || token.user == Sid::system()) {
        return failed("OpenService", WinError::ACCESS_DENIED);
    }
    let mut changed = svc.clone();
    for (key, value) in &options {
        match key.as_str() {
            "start=" => match parse_start_type(value) {
                // Boot and system start are for drivers only.
                Some(StartType::Boot | StartType::System) if changed.service_type & 0x0f == 0 => {
                    return failed("ChangeServiceConfig", WinError::INVALID_PARAMETER);
                }
                Some(t) => changed.start_type = t,
                None => return usage(),
            },
            "binpath=" => changed.binary_path = value.to_string(),
            "displayname=" => changed.display_name = value.to_string(),
            "depend=" => {
                changed.dependencies = value
                    .split('/')
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "obj=" => changed.account = value.to_string(),
            "password=" | "type=" | "error=" | "group=" | "tag=" => {}
            _ => return usage(),
        }
    }
    write_config(host, &changed);
    let mut out = Output::default();
    out.outln("[SC] ChangeServiceConfig SUCCESS");
    out
}

fn write_config(host: &mut Host, svc: &Service) {
    let key = format!(
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\{}",
        svc.name
    );
    if let Some(s) = host.services_mut().get_mut(&svc.name) {
        *s = svc.clone();
    }
    let reg = host.registry_mut();
    if reg.key(&key).is_none() {
        return;
    }
    reg.put_value_raw(&key, "Start", RegValue::Dword(svc.start_type.code()));
    reg.put_value_raw(
        &key,
        "ImagePath",
        RegValue::ExpandSz(svc.binary_path.clone()),
    );
    reg.put_value_raw(&key, "DisplayName", RegValue::Sz(svc.display_name.clone()));
    reg.put_value_raw(
        &key,
        "DependOnService",
        RegValue::MultiSz(svc.dependencies.clone()),
    );
    if !svc.account.is_empty() {
        reg.put_value_raw(&key, "ObjectName", RegValue::Sz(svc.account.clone()));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::principals::Token;

    fn sc(host: &mut Host, line: &str) -> Output {
        let mut session = Session::new(host.admin_token());
        let args: Vec<String> = line.split_whitespace().map(str::to_string).collect();
        run(host, &mut session, &args, None)
    }

    #[test]
    fn query_shows_termservice_running() {
        let mut h = Host::builder().build();
        let out = sc(&mut h, "query TermService");
        assert_eq!(
            out.stdout(),
            "\nSERVICE_NAME: TermService \n        TYPE               : 30  WIN32  \n        STATE              : 4  RUNNING \n                                (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)\n        WIN32_EXIT_CODE    : 0  (0x0)\n        SERVICE_EXIT_CODE  : 0  (0x0)\n        CHECKPOINT         : 0x0\n        WAIT_HINT          : 0x0\n"
        );
        assert_eq!(out.code, 0);
    }

    #[test]
    fn unknown_services_fail_with_1060() {
        let mut h = Host::builder().build();
        let out = sc(&mut h, "query NoSuch");
        assert_eq!(
            out.stdout(),
            "[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n\n"
        );
        assert_eq!(out.code, 1060);
        assert!(
            sc(&mut h, "stop NoSuch")
                .stdout()
                .starts_with("[SC] OpenService FAILED 1060:\n")
        );
        assert!(
            sc(&mut h, "start NoSuch")
                .stdout()
                .starts_with("[SC] StartService: OpenService FAILED 1060:\n")
        );
        // sc takes service names, not display names
        assert_eq!(sc(&mut h, "query Remote Desktop Services").code, 1060);
    }

    #[test]
    fn stop_refuses_while_a_dependent_runs() {
        let mut h = Host::builder().build();
        let out = sc(&mut h, "stop TermService");
        assert_eq!(
            out.stdout(),
            "[SC] ControlService FAILED 1051:\n\nA stop control has been sent to a service that other running services are dependent on.\n\n"
        );
        assert_eq!(out.code, 1051);
        assert!(h.is_running("TermService"));
    }

    #[test]
    fn stop_then_query_then_start() {
        let mut h = Host::builder().build();
        let out = sc(&mut h, "stop SessionEnv");
        assert!(out.stdout().contains("        STATE              : 3  STOP_PENDING \n                                (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n"));
        assert_eq!(out.code, 0);
        let out = sc(&mut h, "query SessionEnv");
        assert!(out.stdout().contains(
            "        STATE              : 1  STOPPED \n        WIN32_EXIT_CODE    : 0  (0x0)\n"
        ));
        let out = sc(&mut h, "stop SessionEnv");
        assert_eq!(out.code, 1062);
        assert!(
            out.stdout()
                .ends_with("The service has not been started.\n\n")
        );
        let out = sc(&mut h, "start SessionEnv");
        assert!(out.stdout().starts_with("\nSERVICE_NAME: SessionEnv \n"));
        assert!(out.stdout().contains("        STATE              : 2  START_PENDING \n                                (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)\n"));
        assert!(
            out.stdout()
                .contains("        WAIT_HINT          : 0x7d0\n        PID                : ")
        );
        assert!(out.stdout().ends_with("        FLAGS              : \n"));
        assert!(h.is_running("SessionEnv"));
        let out = sc(&mut h, "start SessionEnv");
        assert_eq!(out.code, 1056);
        assert!(out.stdout().starts_with(
            "[SC] StartService FAILED 1056:\n\nAn instance of the service is already running.\n"
        ));
    }

    #[test]
    fn qc_lists_the_configuration() {
        let mut h = Host::builder().build();
        let out = sc(&mut h, "qc SessionEnv");
        assert_eq!(
            out.stdout(),
            "[SC] QueryServiceConfig SUCCESS\n\nSERVICE_NAME: SessionEnv\n        TYPE               : 30  WIN32\n        START_TYPE         : 3   DEMAND_START\n        ERROR_CONTROL      : 1   NORMAL\n        BINARY_PATH_NAME   : C:\\Windows\\System32\\svchost.exe -k netsvcs -p\n        LOAD_ORDER_GROUP   : \n        TAG                : 0\n        DISPLAY_NAME       : Remote Desktop Configuration\n        DEPENDENCIES       : RPCSS\n                           : LanmanWorkstation\n        SERVICE_START_NAME : LocalSystem\n"
        );
    }

    #[test]
    fn config_start_disabled_is_kept_and_enforced() {
        let mut h = Host::builder().build();
        let out = sc(&mut h, "config SessionEnv start= disabled");
        assert_eq!(out.stdout(), "[SC] ChangeServiceConfig SUCCESS\n");
        let key = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\SessionEnv";
        let start = h
            .registry()
            .get_value(key, "Start", &Token::system())
            .unwrap();
        assert_eq!(start, RegValue::Dword(4));
        sc(&mut h, "stop SessionEnv");
        let out = sc(&mut h, "start SessionEnv");
        assert_eq!(out.code, 1058);
        assert!(
            sc(&mut h, "qc SessionEnv")
                .stdout()
                .contains("START_TYPE         : 4   DISABLED\n")
        );
        assert_eq!(
            sc(&mut h, "config SessionEnv start= sometimes").code,
            INVALID_COMMAND_LINE
        );
        assert_eq!(sc(&mut h, "config SessionEnv start= boot").code, 87);
    }

    #[test]
    fn showsid_derives_the_service_sid() {
        let mut h = Host::builder().build();
        let out = sc(&mut h, "showsid SessionEnv");
        assert_eq!(
            out.stdout(),
            "\nNAME: SessionEnv\nSERVICE SID: S-1-5-80-4022436659-1090538466-1613889075-870485073-3428993833\nSTATUS: Active\n"
        );
        assert!(
            sc(&mut h, "showsid NotInstalled")
                .stdout()
                .ends_with("STATUS: Inactive\n")
        );
    }

    #[test]
    fn users_cannot_stop_services() {
        let mut h = Host::builder().build();
        let mut session = Session::new(Token::for_principal(Sid::users()));
        let out = run(
            &mut h,
            &mut session,
            &["stop".into(), "SessionEnv".into()],
            None,
        );
        assert_eq!(
            out.stdout(),
            "[SC] OpenService FAILED 5:\n\nAccess is denied.\n\n"
        );
        assert_eq!(out.code, 5);
    }

    #[test]
    fn enumeration_lists_running_services_with_display_names() {
        let mut h = Host::builder().build();
        let out = sc(&mut h, "query");
        let text = out.stdout();
        assert!(
            text.contains(
                "\nSERVICE_NAME: SessionEnv\nDISPLAY_NAME: Remote Desktop Configuration\n"
            )
        );
        assert!(
            !text.contains("SERVICE_NAME: RDPDR"),
            "drivers are not services"
        );
        let names: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("SERVICE_NAME: "))
            .collect();
        let mut sorted = names.clone();
        sorted.sort_by_key(|n| n.to_lowercase());
        assert_eq!(names, sorted);
    }
}
