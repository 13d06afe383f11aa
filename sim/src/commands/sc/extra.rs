//! `sc queryex`, `sc qdescription`, `sc enumdepend` and `sc sdshow`
//! (powershell-and-tools-formats §3 "sc").
//!
//! `queryex` is the `query` block plus `PID` (0 when stopped) and `FLAGS` (empty for a
//! service in its own or a shared svchost). `qdescription` prints
//! `[SC] QueryServiceConfig2 SUCCESS`, a blank line, `SERVICE_NAME: x` and `DESCRIPTION:  text`
//! (two spaces). `enumdepend` prints `Enum: entriesRead = N`, then each dependent with its
//! name, display name and status block (the layout of ReactOS's sc [unconfirmed for Windows
//! byte for byte]). `sdshow` prints a blank line and the service's SDDL: the descriptor the
//! SCM gives services by default (the services modelled here keep it) [unconfirmed per
//! service].

use super::query::status_lines;
use super::{failed, lookup, pid_of, usage};
use crate::error::WinError;
use crate::host::Host;
use crate::process::Output;
use crate::services::{Service, ServiceState};

/// The SCM's default service descriptor (SYSTEM and Administrators control, interactive and
/// service logons query, everything audited on failure).
const DEFAULT_SDDL: &str = "D:(A;;CCLCSWRPWPDTLOCRRC;;;SY)(A;;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;BA)(A;;CCLCSWLOCRRC;;;IU)(A;;CCLCSWLOCRRC;;;SU)S:(AU;FA;CCDCLCSWRPWPDTLOCRSDRCWDWO;;;WD)";

fn pid_lines(out: &mut Output, svc: &Service) {
    let pid = if svc.state == ServiceState::Stopped {
        0
    } else {
        pid_of(&svc.name)
    };
    out.outln(format!("        PID                : {pid}"));
    out.outln("        FLAGS              : ");
}

/// `sc queryex [NAME]`.
pub(super) fn queryex(host: &Host, rest: &[&str]) -> Output {
    let mut out = Output::default();
    if let Some(name) = rest.iter().find(|w| !w.ends_with('=')) {
        let Some(svc) = lookup(host, name) else {
            return failed(
                "EnumQueryServicesStatus:OpenService",
                WinError::SERVICE_DOES_NOT_EXIST,
            );
        };
        out.outln("");
        out.outln(format!("SERVICE_NAME: {} ", svc.name));
        status_lines(&mut out, svc, svc.state, svc.exit_code, 0);
        pid_lines(&mut out, svc);
        return out;
    }
    let mut list: Vec<&Service> = host
        .services()
        .iter()
        .filter(|s| s.state != ServiceState::Stopped && s.service_type & 0x0f == 0)
        .collect();
    list.sort_by_key(|s| s.name.to_lowercase());
    for svc in list {
        out.outln("");
        out.outln(format!("SERVICE_NAME: {}", svc.name));
        out.outln(format!("DISPLAY_NAME: {}", svc.display_name));
        status_lines(&mut out, svc, svc.state, svc.exit_code, 0);
        pid_lines(&mut out, svc);
    }
    out
}

/// `sc qdescription NAME`.
pub(super) fn qdescription(host: &Host, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    let Some(svc) = lookup(host, name) else {
        return failed("OpenService", WinError::SERVICE_DOES_NOT_EXIST);
    };
    let mut out = Output::default();
    out.outln("[SC] QueryServiceConfig2 SUCCESS");
    out.outln("");
    out.outln(format!("SERVICE_NAME: {}", svc.name));
    out.outln(format!("DESCRIPTION:  {}", svc.description));
    out
}

/// `sc enumdepend NAME`: the services that depend on NAME.
pub(super) fn enumdepend(host: &Host, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    let Some(svc) = lookup(host, name) else {
        return failed("OpenService", WinError::SERVICE_DOES_NOT_EXIST);
    };
    let dependents = host.services().dependents(&svc.name);
    let mut out = Output::default();
    out.outln(format!("Enum: entriesRead = {}", dependents.len()));
    for d in dependents {
        out.outln("");
        out.outln(format!("SERVICE_NAME: {}", d.name));
        out.outln(format!("DISPLAY_NAME: {}", d.display_name));
        status_lines(&mut out, d, d.state, d.exit_code, 0);
    }
    out
}

/// `sc sdshow NAME`.
pub(super) fn sdshow(host: &Host, rest: &[&str]) -> Output {
    let Some(name) = rest.first() else {
        return usage();
    };
    if lookup(host, name).is_none() {
        return failed("OpenService", WinError::SERVICE_DOES_NOT_EXIST);
    }
    let mut out = Output::default();
    out.outln("");
    out.outln(DEFAULT_SDDL);
    out
}
