//! `sc query [NAME] [state= all|inactive] [type= ...]` and `sc qc NAME`, and the status block
//! (TYPE .. WAIT_HINT) that `query`, `start` and `stop` print.

use super::{failed, lookup, option, split_options, usage};
use crate::error::WinError;
use crate::host::Host;
use crate::process::Output;
use crate::services::{Service, ServiceState};

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
pub(super) fn status_lines(
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

pub(super) fn query(host: &Host, rest: &[&str]) -> Output {
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

pub(super) fn qc(host: &Host, rest: &[&str]) -> Output {
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
