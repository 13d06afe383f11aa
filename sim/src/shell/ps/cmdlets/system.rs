//! Services (with the dependent-service rules of Windows PowerShell 5.1), ACLs, events,
//! WMI/CIM, Windows features, restart, and what a locked-down host refuses.

use super::{path_not_found, paths, registry_denied, resolve};
use crate::error::WinError;
use crate::eventlog::NewEvent;
use crate::ops::security::{Object, get_security, set_security};
use crate::services::{ServiceState, StartType};
use crate::shell::ps::acl::{AclObject, Target};
use crate::shell::ps::ast::Span;
use crate::shell::ps::errors::ErrorRecord;
use crate::shell::ps::interp::{Call, Flow, Interp, R};
use crate::shell::ps::provider::{Loc, ps_props};
use crate::shell::ps::value::{Native, Obj, Value};

/// The registry key of the RDP-Tcp listener.
const RDP_TCP: &str =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";

fn state_name(s: ServiceState) -> &'static str {
    match s {
        ServiceState::Stopped => "Stopped",
        ServiceState::StartPending => "StartPending",
        ServiceState::StopPending => "StopPending",
        ServiceState::Running => "Running",
    }
}

fn start_name(s: StartType) -> &'static str {
    match s {
        StartType::Boot => "Boot",
        StartType::System => "System",
        StartType::Auto => "Automatic",
        StartType::Manual => "Manual",
        StartType::Disabled => "Disabled",
    }
}

/// A service as `Get-Service` returns it.
fn service_value(ip: &Interp<'_>, name: &str) -> Value {
    let Some(s) = ip.host.services().get(name) else {
        return Value::Null;
    };
    let dependents: Vec<Value> = ip
        .host
        .services()
        .dependents(&s.name)
        .iter()
        .map(|d| Value::str(&d.name))
        .collect();
    let depended: Vec<Value> = s.dependencies.iter().map(Value::str).collect();
    let mut o = Obj::new("System.ServiceProcess.ServiceController")
        .with("Name", Value::str(&s.name))
        .with("RequiredServices", Value::array(depended.clone()))
        .with("CanPauseAndContinue", Value::Bool(false))
        .with(
            "CanShutdown",
            Value::Bool(s.state == ServiceState::Running && s.accepts_shutdown),
        )
        .with("CanStop", Value::Bool(s.state == ServiceState::Running))
        .with("DisplayName", Value::str(&s.display_name))
        .with("DependentServices", Value::array(dependents))
        .with("MachineName", Value::str("."))
        .with("ServiceName", Value::str(&s.name))
        .with("ServicesDependedOn", Value::array(depended))
        .with("ServiceHandle", Value::Null)
        .with("Status", Value::str(state_name(s.state)))
        .with(
            "ServiceType",
            Value::str(match s.service_type {
                t if t & 0x1 != 0 => "KernelDriver",
                t if t & 0x2 != 0 => "FileSystemDriver",
                t if t & 0x10 != 0 => "Win32OwnProcess",
                _ => "Win32ShareProcess",
            }),
        )
        .with("StartType", Value::str(start_name(s.start_type)))
        .with("Site", Value::Null)
        .with("Container", Value::Null);
    o.native = Native::Service(s.name.clone());
    o.into_value()
}

fn service_target(s: &crate::services::Service) -> String {
    format!("{} ({})", s.display_name, s.name)
}

fn controller_error(message: String, id: &str, category: &str) -> ErrorRecord {
    ErrorRecord::new(message, id)
        .category(
            category,
            "System.ServiceProcess.ServiceController",
            "ServiceController",
        )
        .exception("Microsoft.PowerShell.Commands.ServiceCommandException")
}

/// The services a cmdlet names (`-Name` with wildcards, `-DisplayName`, `-InputObject`,
/// pipeline objects or names); missing ones are reported.
/// Every service as ServiceController.GetServices() lists them: Win32 services, not drivers.
fn all_services(ip: &Interp<'_>) -> Vec<(String, String)> {
    ip.host
        .services()
        .iter()
        .filter(|s| s.service_type & 0x0B == 0)
        .map(|s| (s.name.clone(), s.display_name.clone()))
        .collect()
}

fn named_services(ip: &mut Interp<'_>, call: &Call, all_if_none: bool) -> R<Vec<String>> {
    let mut names: Vec<String> = call.strings("Name");
    if let Some(v) = call.get("InputObject") {
        names.extend(v.enumerate().iter().map(service_name_of));
    }
    if names.is_empty() && call.get("DisplayName").is_none() {
        if let Some(items) = &call.input {
            names.extend(items.iter().map(service_name_of));
        }
    }
    let mut out = Vec::new();
    if let Some(d) = call.get("DisplayName") {
        for pat in d.enumerate().iter().map(|v| v.to_str()) {
            let hits: Vec<String> = all_services(ip)
                .iter()
                .filter(|(_, dn)| crate::fs::wildcard_match(&pat, dn))
                .map(|(n, _)| n.clone())
                .collect();
            if hits.is_empty() && !crate::fs::has_wildcard(&pat) {
                ip.write_error(
                    call,
                    ErrorRecord::new(
                        format!("Cannot find any service with display name '{pat}'."),
                        "NoServiceFoundForGivenDisplayName",
                    )
                    .category("ObjectNotFound", &pat, "String")
                    .exception("Microsoft.PowerShell.Commands.ServiceCommandException"),
                )?;
            }
            out.extend(hits);
        }
    }
    if names.is_empty() && out.is_empty() && all_if_none && call.get("DisplayName").is_none() {
        let mut v: Vec<String> = all_services(ip).iter().map(|(n, _)| n.clone()).collect();
        v.sort_by_key(|n| n.to_lowercase());
        return Ok(v);
    }
    for pat in names {
        if crate::fs::has_wildcard(&pat) {
            let mut hits: Vec<String> = all_services(ip)
                .iter()
                .filter(|(n, _)| crate::fs::wildcard_match(&pat, n))
                .map(|(n, _)| n.clone())
                .collect();
            hits.sort_by_key(|n| n.to_lowercase());
            out.extend(hits);
            continue;
        }
        match ip.host.services().get(&pat) {
            Some(s) => out.push(s.name.clone()),
            None => {
                let by_display = all_services(ip)
                    .iter()
                    .find(|(_, d)| d.eq_ignore_ascii_case(&pat))
                    .map(|(n, _)| n.clone());
                match by_display {
                    Some(n) => out.push(n),
                    None => ip.write_error(
                        call,
                        ErrorRecord::new(
                            format!("Cannot find any service with service name '{pat}'."),
                            "NoServiceFoundForGivenName",
                        )
                        .category("ObjectNotFound", &pat, "String")
                        .exception("Microsoft.PowerShell.Commands.ServiceCommandException"),
                    )?,
                }
            }
        }
    }
    Ok(out)
}

fn service_name_of(v: &Value) -> String {
    match v {
        Value::Object(o) => o
            .borrow()
            .get("Name")
            .map(|x| x.to_str())
            .unwrap_or_default(),
        other => other.to_str(),
    }
}

/// `Get-Service`.
pub fn get_service(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = named_services(ip, call, true)?;
    let mut out = Vec::new();
    for n in names {
        if call.switch("DependentServices") {
            let deps: Vec<String> = ip
                .host
                .services()
                .dependents(&n)
                .iter()
                .map(|d| d.name.clone())
                .collect();
            out.extend(deps.iter().map(|d| service_value(ip, d)));
        } else if call.switch("RequiredServices") {
            let deps = ip
                .host
                .services()
                .get(&n)
                .map(|s| s.dependencies.clone())
                .unwrap_or_default();
            out.extend(deps.iter().map(|d| service_value(ip, d)));
        } else {
            out.push(service_value(ip, &n));
        }
    }
    Ok(out)
}

fn start_one(ip: &mut Interp<'_>, call: &Call, name: &str) -> R<()> {
    if ip.host.is_running(name) {
        return Ok(());
    }
    let token = ip.proc.token.clone();
    if let Err(e) = ip.host.start_service(name, &token) {
        let target = ip
            .host
            .services()
            .get(name)
            .map(service_target)
            .unwrap_or_else(|| name.to_string());
        let reason = if e == WinError::ACCESS_DENIED {
            format!("Cannot open {name} service on computer '.'.")
        } else {
            format!("Cannot start service {name} on computer '.'.")
        };
        ip.write_error(
            call,
            controller_error(
                format!(
                    "Service '{target}' cannot be started due to the following error: {reason}"
                ),
                "CouldNotStartService",
                "OpenError",
            ),
        )?;
    }
    Ok(())
}

/// Stops a service as `Stop-Service` does: `Ok(false)` when an error was reported.
fn stop_one(ip: &mut Interp<'_>, call: &Call, name: &str, force: bool) -> R<bool> {
    if !ip.host.is_running(name) {
        return Ok(true);
    }
    let token = ip.proc.token.clone();
    match ip.host.stop_service(name, &token, force) {
        Ok(_) => Ok(true),
        Err(e) => {
            let target = ip
                .host
                .services()
                .get(name)
                .map(service_target)
                .unwrap_or_else(|| name.to_string());
            let rec = if e == WinError::DEPENDENT_SERVICES_RUNNING {
                controller_error(
                    format!(
                        "Cannot stop service '{target}' because it has dependent services. It can only be stopped if the Force flag is set."
                    ),
                    "ServiceHasDependentServices",
                    "InvalidOperation",
                )
            } else if e == WinError::ACCESS_DENIED {
                controller_error(
                    format!(
                        "Service '{target}' cannot be stopped due to the following error: Cannot open {name} service on computer '.'."
                    ),
                    "CouldNotStopService",
                    "CloseError",
                )
            } else {
                controller_error(
                    format!(
                        "Service '{target}' cannot be stopped due to the following error: Cannot stop {name} service on computer '.'."
                    ),
                    "CouldNotStopService",
                    "CloseError",
                )
            };
            ip.write_error(call, rec)?;
            Ok(false)
        }
    }
}

/// `Start-Service`.
pub fn start_service(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = named_services(ip, call, false)?;
    let mut out = Vec::new();
    for n in names {
        start_one(ip, call, &n)?;
        if call.switch("PassThru") {
            out.push(service_value(ip, &n));
        }
    }
    Ok(out)
}

/// `Stop-Service`.
pub fn stop_service(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = named_services(ip, call, false)?;
    let force = call.switch("Force");
    let mut out = Vec::new();
    for n in names {
        stop_one(ip, call, &n, force)?;
        if call.switch("PassThru") {
            out.push(service_value(ip, &n));
        }
    }
    Ok(out)
}

/// `Restart-Service`: stops the service (its running dependents first with `-Force`), then
/// starts the named service only, as Windows PowerShell 5.1 does (windows-facts §9: the
/// dependents stopped with it stay stopped).
pub fn restart_service(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = named_services(ip, call, false)?;
    let force = call.switch("Force");
    let mut out = Vec::new();
    for n in names {
        if stop_one(ip, call, &n, force)? {
            start_one(ip, call, &n)?;
        }
        if call.switch("PassThru") {
            out.push(service_value(ip, &n));
        }
    }
    Ok(out)
}

/// `Set-Service -StartupType` / `-Status`, through the SCM's configuration operation.
pub fn set_service(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = named_services(ip, call, false)?;
    for n in names {
        if let Some(t) = call.string("StartupType") {
            let st = match t.to_ascii_lowercase().as_str() {
                "automatic" => StartType::Auto,
                "manual" => StartType::Manual,
                "disabled" => StartType::Disabled,
                _ => {
                    return Err(ip.throw(call, ErrorRecord::new(format!("Cannot bind parameter 'StartupType'. Cannot convert value \"{t}\" to type \"System.ServiceProcess.ServiceStartMode\"."), "CannotConvertArgumentNoMessage").category("InvalidArgument", "", "").exception("System.Management.Automation.ParameterBindingException")));
                }
            };
            let Some(mut svc) = ip.host.services().get(&n).cloned() else {
                continue;
            };
            svc.start_type = st;
            let token = ip.proc.token.clone();
            if crate::ops::services::change_config(ip.host, &token, svc).is_err() {
                let target = ip
                    .host
                    .services()
                    .get(&n)
                    .map(service_target)
                    .unwrap_or_default();
                ip.write_error(call, controller_error(format!("Service '{target}' cannot be configured due to the following error: Access is denied"), "CouldNotSetService", "PermissionDenied"))?;
            }
        }
        match call
            .string("Status")
            .map(|s| s.to_ascii_lowercase())
            .as_deref()
        {
            Some("running") => start_one(ip, call, &n)?,
            Some("stopped") => {
                stop_one(ip, call, &n, false)?;
            }
            _ => {}
        }
    }
    Ok(Vec::new())
}

// ---------------------------------------------------------------------------------------
// ACLs

fn acl_value(ip: &Interp<'_>, loc: &Loc, acl: AclObject) -> Value {
    let type_name = match (acl.target, acl.container) {
        (Target::Key, _) => "System.Security.AccessControl.RegistrySecurity",
        (Target::File, true) => "System.Security.AccessControl.DirectorySecurity",
        (Target::File, false) => "System.Security.AccessControl.FileSecurity",
    };
    let _ = ip;
    let mut o = ps_props(Obj::new(type_name), loc);
    o.native = Native::Acl(acl);
    o.into_value()
}

/// `Get-Acl` through `ops::security::get_security`.
pub fn get_acl(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let mut out = Vec::new();
    let ps = {
        let p = paths(call, "Path");
        if p.is_empty() {
            vec![ip.state.location.clone()]
        } else {
            p
        }
    };
    for p in ps {
        let loc = match resolve(ip, call, &p) {
            Ok(l) => l,
            Err(e) => {
                ip.write_error(call, *e)?;
                continue;
            }
        };
        let (object, target, native) = match &loc {
            Loc::Fs(path) => (Object::File(path), Target::File, path.clone()),
            Loc::Reg(native, _) => (Object::Key(native), Target::Key, native.clone()),
            Loc::Cert(_) => {
                ip.write_error(
                    call,
                    ErrorRecord::new(
                        "The method or operation is not implemented.",
                        "System.NotImplementedException",
                    )
                    .category("NotSpecified", "", "")
                    .exception("System.NotImplementedException"),
                )?;
                continue;
            }
        };
        let r = get_security(ip.host, &ip.proc.token, object);
        match r {
            Ok(sd) => {
                let container = match target {
                    Target::File => ip.host.fs().is_dir(&native),
                    Target::Key => true,
                };
                let ps_path = match &loc {
                    Loc::Fs(p) => {
                        let shown = ip
                            .host
                            .fs()
                            .node(p)
                            .map(|n| n.path.clone())
                            .unwrap_or_else(|| p.clone());
                        Loc::Fs(shown).ps_path()
                    }
                    other => other.ps_path(),
                };
                let acl = AclObject {
                    target,
                    path: native,
                    ps_path,
                    sd,
                    container,
                };
                out.push(acl_value(ip, &loc, acl));
            }
            Err(WinError::ACCESS_DENIED) => {
                let rec = match target {
                    Target::Key => registry_denied(&native),
                    Target::File => ErrorRecord::new(
                        "Attempted to perform an unauthorized operation.",
                        "System.UnauthorizedAccessException",
                    )
                    .category("NotSpecified", "", "")
                    .exception("System.UnauthorizedAccessException"),
                };
                ip.write_error(call, rec)?;
            }
            Err(_) => ip.write_error(call, path_not_found(&loc.display()))?,
        }
    }
    Ok(out)
}

/// `Set-Acl` through `ops::security::set_security`.
pub fn set_acl(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let acl_val = match call.get("AclObject") {
        Some(v) => v.clone(),
        None => call
            .input
            .as_ref()
            .and_then(|i| i.first().cloned())
            .unwrap_or(Value::Null),
    };
    let acl = match &acl_val {
        Value::Object(o) => match &o.borrow().native {
            Native::Acl(a) => Some(a.clone()),
            _ => None,
        },
        _ => None,
    };
    let Some(acl) = acl else {
        return Err(ip.throw(
            call,
            ErrorRecord::new(
                "Cannot bind argument to parameter 'AclObject' because it is null.",
                "ParameterArgumentValidationErrorNullNotAllowed",
            )
            .category("InvalidData", "", "")
            .exception("System.Management.Automation.ParameterBindingValidationException"),
        ));
    };
    let targets: Vec<String> = match call.get("Path") {
        Some(v) => v.enumerate().iter().map(|x| x.to_str()).collect(),
        None => vec![acl.ps_path.clone()],
    };
    let mut out = Vec::new();
    for p in targets {
        let loc = match resolve(ip, call, &p) {
            Ok(l) => l,
            Err(e) => {
                ip.write_error(call, *e)?;
                continue;
            }
        };
        let (object, native) = match &loc {
            Loc::Fs(path) => (Object::File(path), path.clone()),
            Loc::Reg(native, _) => (Object::Key(native), native.clone()),
            Loc::Cert(_) => continue,
        };
        let token = ip.proc.token.clone();
        match set_security(ip.host, &token, object, acl.sd.clone()) {
            Ok(()) => {
                if call.switch("Passthru") {
                    out.push(acl_val.clone());
                }
            }
            Err(WinError::ACCESS_DENIED) => {
                let rec = match &loc {
                    Loc::Reg(..) => registry_denied(&native),
                    _ => ErrorRecord::new(
                        "Attempted to perform an unauthorized operation.",
                        "System.UnauthorizedAccessException",
                    )
                    .category("PermissionDenied", &native, "String")
                    .exception("System.UnauthorizedAccessException"),
                };
                ip.write_error(call, rec)?;
            }
            Err(WinError::INVALID_OWNER) => ip.write_error(
                call,
                ErrorRecord::new(
                    "The security identifier is not allowed to be the owner of this object.",
                    "System.InvalidOperationException",
                )
                .category("InvalidOperation", &native, "String")
                .exception("System.InvalidOperationException"),
            )?,
            Err(_) => ip.write_error(call, path_not_found(&loc.display()))?,
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// Events

fn event_value(e: &crate::eventlog::EventRef<'_>) -> Value {
    let props: Vec<Value> = e
        .data()
        .iter()
        .map(|(_, v)| {
            Obj::new("System.Diagnostics.Eventing.Reader.EventProperty")
                .with("Value", Value::str(v))
                .into_value()
        })
        .collect();
    let level = crate::eventlog::templates::level_name(e.level());
    let o = Obj::new("System.Diagnostics.Eventing.Reader.EventLogRecord")
        .with("Message", Value::str(e.message()))
        .with("Id", Value::Int(e.event_id() as i64))
        .with("Version", Value::Int(e.version() as i64))
        .with(
            "Qualifiers",
            e.qualifiers()
                .map(|q| Value::Int(q as i64))
                .unwrap_or(Value::Null),
        )
        .with("Level", Value::Int(e.level() as i64))
        .with("Task", Value::Int(e.task() as i64))
        .with("Opcode", Value::Int(e.opcode() as i64))
        .with("Keywords", Value::Int(e.keywords() as i64))
        .with("RecordId", Value::Int(e.record_id() as i64))
        .with("ProviderName", Value::str(e.provider()))
        .with(
            "ProviderId",
            e.provider_guid().map(Value::str).unwrap_or(Value::Null),
        )
        .with("LogName", Value::str(e.channel()))
        .with("ProcessId", Value::Int(e.process_id() as i64))
        .with("ThreadId", Value::Int(e.thread_id() as i64))
        .with("MachineName", Value::str(e.computer()))
        .with("UserId", e.user().map(Value::str).unwrap_or(Value::Null))
        .with("TimeCreated", Value::Date(e.time()))
        .with("LevelDisplayName", Value::str(level))
        .with(
            "TaskDisplayName",
            Value::str(crate::eventlog::templates::task_name(e.task())),
        )
        .with("KeywordsDisplayNames", Value::array(vec![]))
        .with("Properties", Value::array(props));
    o.into_value()
}

fn xpath_from_hashtable(h: &crate::shell::ps::value::Hash) -> (Vec<String>, String) {
    let get = |k: &str| h.get(k).cloned();
    let logs: Vec<String> = get("LogName")
        .map(|v| v.enumerate().iter().map(|x| x.to_str()).collect())
        .unwrap_or_default();
    // A key's value, one item or a list, as `term or term or ...`.
    let any_of = |v: &Value, term: &dyn Fn(String) -> String| {
        v.enumerate()
            .iter()
            .map(|x| term(x.to_str()))
            .collect::<Vec<_>>()
            .join(" or ")
    };
    let mut conds = Vec::new();
    if let Some(p) = get("ProviderName") {
        conds.push(format!(
            "Provider[{}]",
            any_of(&p, &|n| format!("@Name='{n}'"))
        ));
    }
    if let Some(ids) = get("Id") {
        conds.push(format!("({})", any_of(&ids, &|n| format!("EventID={n}"))));
    }
    if let Some(l) = get("Level") {
        conds.push(format!("({})", any_of(&l, &|n| format!("Level={n}"))));
    }
    let time = |v: &Value| match v {
        Value::Date(t) => t.to_system_time_string(),
        other => crate::shell::ps::ops::parse_date(&other.to_str())
            .map(|t| t.to_system_time_string())
            .unwrap_or_default(),
    };
    let mut tc = Vec::new();
    if let Some(s) = get("StartTime") {
        tc.push(format!("@SystemTime>='{}'", time(&s)));
    }
    if let Some(e) = get("EndTime") {
        tc.push(format!("@SystemTime<='{}'", time(&e)));
    }
    if !tc.is_empty() {
        conds.push(format!("TimeCreated[{}]", tc.join(" and ")));
    }
    let xpath = if conds.is_empty() {
        "*".to_string()
    } else {
        format!("*[System[{}]]", conds.join(" and "))
    };
    (logs, xpath)
}

/// `Get-WinEvent` over the simulated logs (`EventLog::query_with`).
pub fn get_win_event(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let (logs, xpath) = match call.get("FilterHashtable") {
        Some(Value::Hash(h)) => xpath_from_hashtable(&h.borrow()),
        Some(_) => {
            return Err(ip.throw(
                call,
                ErrorRecord::new(
                    "Cannot bind parameter 'FilterHashtable'.",
                    "CannotConvertArgumentNoMessage",
                )
                .category("InvalidArgument", "", "")
                .exception("System.Management.Automation.ParameterBindingException"),
            ));
        }
        None => (
            call.strings("LogName"),
            call.string("FilterXPath").unwrap_or_else(|| "*".into()),
        ),
    };
    if logs.is_empty() {
        return Err(ip.throw(call, ErrorRecord::new("Cannot process command because of one or more missing mandatory parameters: LogName.", "MissingMandatoryParameter").category("InvalidArgument", "", "").exception("System.Management.Automation.ParameterBindingException")));
    }
    let max = call
        .get("MaxEvents")
        .and_then(|v| v.to_i64())
        .map(|n| n.max(0) as usize);
    let oldest = call.switch("Oldest");
    let now = ip.host.now();
    let mut out = Vec::new();
    for log in &logs {
        let opts = crate::eventlog::QueryOptions {
            reverse: !oldest,
            limit: max.map(|m| m.saturating_sub(out.len())),
        };
        match ip.host.eventlog().query_with(log, &xpath, now, opts) {
            Ok(events) => out.extend(events.iter().map(event_value)),
            Err(crate::eventlog::QueryError::ChannelNotFound(_)) => {
                ip.write_error(call, ErrorRecord::new(format!("There is not an event log on the localhost computer that matches \"{log}\"."), "NoMatchingLogsFound").category("ObjectNotFound", log, "String").exception("System.Exception"))?;
            }
            Err(_) => {
                return Err(ip.throw(
                    call,
                    ErrorRecord::new(
                        "The specified query is invalid",
                        "System.Diagnostics.Eventing.Reader.EventLogException",
                    )
                    .category("NotSpecified", "", "")
                    .exception("System.Diagnostics.Eventing.Reader.EventLogException"),
                ));
            }
        }
    }
    if out.is_empty() && ip.success {
        ip.write_error(
            call,
            ErrorRecord::new(
                "No events were found that match the specified selection criteria.",
                "NoMatchingEventsFound",
            )
            .category("ObjectNotFound", "", "")
            .exception("System.Exception"),
        )?;
    }
    Ok(out)
}

/// `Write-EventLog`: a classic event in the simulated log.
pub fn write_event_log(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let log = call.string("LogName").unwrap_or_default();
    let source = call.string("Source").unwrap_or_default();
    let id = call.get("EventId").and_then(|v| v.to_i64()).unwrap_or(0);
    let Some(channel) = ip.host.eventlog().channel_name(&log).map(str::to_string) else {
        return Err(ip.throw(
            call,
            ErrorRecord::new(
                format!("The Log name \"{log}\" does not exist in the computer \"localhost\"."),
                "System.InvalidOperationException",
            )
            .category("InvalidOperation", "", "")
            .exception("System.InvalidOperationException"),
        ));
    };
    if !(0..=65535).contains(&id) {
        return Err(ip.throw(call, ErrorRecord::new(format!("Cannot validate argument on parameter 'EventId'. The {id} argument is greater than the maximum allowed range of 65535. Supply an argument that is less than or equal to 65535 and then try the command again."), "ParameterArgumentValidationError").category("InvalidData", "", "").exception("System.Management.Automation.ParameterBindingValidationException")));
    }
    let level = match call
        .string("EntryType")
        .unwrap_or_else(|| "Information".into())
        .to_ascii_lowercase()
        .as_str()
    {
        "error" => 2,
        "warning" => 3,
        _ => 4,
    };
    let message = call.string("Message").unwrap_or_default();
    let event = NewEvent::new(&channel, &source, id as u16)
        .level(level)
        .qualifiers(0)
        .keywords(0x0080_0000_0000_0000)
        .data("", message);
    ip.host.log(event);
    Ok(Vec::new())
}

/// `Get-EventLog` (classic view of the same logs).
pub fn get_event_log(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let log = call.string("LogName").unwrap_or_default();
    let newest = call
        .get("Newest")
        .and_then(|v| v.to_i64())
        .map(|n| n.max(0) as usize);
    let now = ip.host.now();
    let opts = crate::eventlog::QueryOptions {
        reverse: true,
        limit: None,
    };
    let events = match ip.host.eventlog().query_with(&log, "*", now, opts) {
        Ok(e) => e,
        Err(_) => {
            return Err(ip.throw(
                call,
                ErrorRecord::new(
                    format!("The event log '{log}' on computer '.' does not exist."),
                    "System.InvalidOperationException",
                )
                .category("NotSpecified", "", "")
                .exception("System.InvalidOperationException"),
            ));
        }
    };
    let sources = call.strings("Source");
    let ids: Vec<i64> = call
        .get("InstanceId")
        .map(|v| v.enumerate().iter().filter_map(|x| x.to_i64()).collect())
        .unwrap_or_default();
    let mut out = Vec::new();
    for e in events {
        if !sources.is_empty()
            && !sources
                .iter()
                .any(|s| crate::fs::wildcard_match(s, e.provider()))
        {
            continue;
        }
        if !ids.is_empty() && !ids.contains(&(e.event_id() as i64)) {
            continue;
        }
        let entry = match e.level() {
            1 | 2 => "Error",
            3 => "Warning",
            _ => "Information",
        };
        out.push(
            Obj::new("System.Diagnostics.EventLogEntry")
                .with("Index", Value::Int(e.record_id() as i64))
                .with("Time", Value::Date(e.time()))
                .with("EntryType", Value::str(entry))
                .with("Source", Value::str(e.provider()))
                .with("InstanceID", Value::Int(e.event_id() as i64))
                .with("Message", Value::str(e.message()))
                .with("TimeGenerated", Value::Date(e.time()))
                .with("EventID", Value::Int(e.event_id() as i64))
                .into_value(),
        );
        if newest.is_some_and(|n| out.len() >= n) {
            break;
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------
// WMI / CIM

fn wmi_filter(filter: &str) -> Vec<(String, String)> {
    filter
        .split('&')
        .flat_map(|s| s.split(" and ").map(str::to_string).collect::<Vec<_>>())
        .filter_map(|c| {
            let (k, v) = c.split_once('=')?;
            Some((
                k.trim().to_string(),
                v.trim().trim_matches(['\'', '"']).to_string(),
            ))
        })
        .collect()
}

fn thumb_hex(v: &crate::registry::RegValue) -> String {
    match v {
        crate::registry::RegValue::Binary(b) | crate::registry::RegValue::None(b) => {
            b.iter().map(|x| format!("{x:02X}")).collect()
        }
        other => other.data_text(),
    }
}

/// `Get-WmiObject` / `Get-CimInstance`.
pub fn get_wmi_object(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let cim = call.cmdlet == "Get-CimInstance";
    let class = call
        .string("Class")
        .or_else(|| call.string("ClassName"))
        .unwrap_or_default();
    let ns = call
        .string("Namespace")
        .unwrap_or_else(|| "root\\cimv2".into())
        .replace('/', "\\")
        .to_ascii_lowercase();
    let class_l = class.to_ascii_lowercase();
    let invalid = |ip: &Interp<'_>, call: &Call| {
        let rec = if cim {
            ErrorRecord::new("Invalid class ", "HRESULT 0x80041010,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand").category("MetadataError", &format!("{ns}:{class}"), "String").exception("Microsoft.Management.Infrastructure.CimException")
        } else {
            ErrorRecord::new("Invalid class ", "GetWMIManagementException")
                .category("InvalidType", "", "")
                .exception("System.Management.ManagementException")
        };
        ip.throw(call, rec)
    };
    let prefix = if cim {
        format!(
            "Microsoft.Management.Infrastructure.CimInstance#{}/",
            ns.replace('\\', "/")
        )
    } else {
        format!("System.Management.ManagementObject#{ns}\\")
    };
    let mut out: Vec<Value> = match (ns.as_str(), class_l.as_str()) {
        ("root\\cimv2", "win32_computersystem") => vec![
            Obj::new(&format!("{prefix}Win32_ComputerSystem"))
                .with("Domain", Value::str("WORKGROUP"))
                .with("Manufacturer", Value::str("Microsoft Corporation"))
                .with("Model", Value::str("Virtual Machine"))
                .with("Name", Value::str(ip.host.name()))
                .with("PrimaryOwnerName", Value::str(""))
                .with("TotalPhysicalMemory", Value::Int(8_589_463_552))
                .with("DNSHostName", Value::str(ip.host.name()))
                .with("PartOfDomain", Value::Bool(false))
                .with("Workgroup", Value::str("WORKGROUP"))
                .into_value(),
        ],
        ("root\\cimv2", "win32_operatingsystem") => vec![
            Obj::new(&format!("{prefix}Win32_OperatingSystem"))
                .with("SystemDirectory", Value::str("C:\\Windows\\system32"))
                .with("Organization", Value::str(""))
                .with("BuildNumber", Value::str("17763"))
                .with("RegisteredUser", Value::str("Windows User"))
                .with("SerialNumber", Value::str("00430-00000-00000-AA000"))
                .with("Version", Value::str("10.0.17763"))
                .with(
                    "Caption",
                    Value::str(format!("Microsoft {}", ip.host.os().display_name())),
                )
                .with("CSName", Value::str(ip.host.name()))
                .into_value(),
        ],
        ("root\\cimv2", "win32_service") => {
            let mut svcs: Vec<crate::services::Service> =
                ip.host.services().iter().cloned().collect();
            svcs.sort_by_key(|s| s.name.to_lowercase());
            svcs.iter()
                .map(|s| {
                    let mode = match s.start_type {
                        StartType::Auto => "Auto",
                        StartType::Manual => "Manual",
                        StartType::Disabled => "Disabled",
                        StartType::Boot => "Boot",
                        StartType::System => "System",
                    };
                    Obj::new(&format!("{prefix}Win32_Service"))
                        .with(
                            "ExitCode",
                            Value::Int(if s.state == ServiceState::Running {
                                0
                            } else {
                                s.exit_code as i64
                            }),
                        )
                        .with("Name", Value::str(&s.name))
                        .with(
                            "ProcessId",
                            Value::Int(if s.state == ServiceState::Running {
                                1000 + (s.name.len() as i64 * 37)
                            } else {
                                0
                            }),
                        )
                        .with("StartMode", Value::str(mode))
                        .with("State", Value::str(state_name(s.state)))
                        .with("Status", Value::str("OK"))
                        .with("DisplayName", Value::str(&s.display_name))
                        .with("StartName", Value::str(&s.account))
                        .with("PathName", Value::str(&s.binary_path))
                        .with("Description", Value::str(&s.description))
                        .into_value()
                })
                .collect()
        }
        ("root\\cimv2\\terminalservices", "win32_tsgeneralsetting") => {
            let hash = ip
                .host
                .registry()
                .value_raw(RDP_TCP, "SSLCertificateSHA1Hash")
                .map(thumb_hex)
                .unwrap_or_else(|| {
                    crate::certs::list(
                        ip.host.registry(),
                        "Remote Desktop",
                        &crate::principals::Token::system(),
                    )
                    .ok()
                    .and_then(|c| c.first().map(|c| c.thumbprint_hex()))
                    .unwrap_or_default()
                });
            let dword = |n: &str, d: u32| match ip.host.registry().value_raw(RDP_TCP, n) {
                Some(crate::registry::RegValue::Dword(v)) => *v as i64,
                _ => d as i64,
            };
            let mut o = Obj::new(&format!("{prefix}Win32_TSGeneralSetting"))
                .with("TerminalName", Value::str("RDP-Tcp"))
                .with("SSLCertificateSHA1Hash", Value::str(hash))
                .with(
                    "SSLCertificateSHA1HashType",
                    Value::Int(
                        if ip
                            .host
                            .registry()
                            .value_raw(RDP_TCP, "SSLCertificateSHA1Hash")
                            .is_some()
                        {
                            3
                        } else {
                            2
                        },
                    ),
                )
                .with("SecurityLayer", Value::Int(dword("SecurityLayer", 2)))
                .with(
                    "MinEncryptionLevel",
                    Value::Int(dword("MinEncryptionLevel", 2)),
                )
                .with(
                    "UserAuthenticationRequired",
                    Value::Int(dword("UserAuthentication", 1)),
                )
                .with("TerminalProtocol", Value::str("Microsoft RDP 8.0"))
                .with("Transport", Value::str("tcp"))
                .with("Comment", Value::str(""));
            o.native = Native::TsSetting;
            vec![o.into_value()]
        }
        ("root\\cimv2", _) | ("root\\cimv2\\terminalservices", _) => return Err(invalid(ip, call)),
        _ => {
            return Err(ip.throw(call, ErrorRecord::new("Invalid namespace ", if cim { "HRESULT 0x8004100e,Microsoft.Management.Infrastructure.CimCmdlets.GetCimInstanceCommand" } else { "GetWMIManagementException" }).category(if cim { "ObjectNotFound" } else { "InvalidArgument" }, "", "").exception("System.Management.ManagementException")));
        }
    };
    if let Some(f) = call.string("Filter") {
        let conds = wmi_filter(&f);
        out.retain(|v| {
            let Value::Object(o) = v else { return false };
            let o = o.borrow();
            conds.iter().all(|(k, val)| {
                o.get(k)
                    .is_some_and(|x| x.to_str().eq_ignore_ascii_case(val))
            })
        });
    }
    Ok(out)
}

/// `Win32_TSGeneralSetting.SetSSLCertificateSHA1Hash`: the certificate must be in
/// LocalMachine\My; the listener's `SSLCertificateSHA1Hash` is written as SYSTEM (the WMI
/// provider's account).
pub fn wmi_set_thumbprint(ip: &mut Interp<'_>, thumb: &str, span: Span) -> R<Value> {
    let t = thumb.trim();
    let ok = t.len() == 40
        && t.chars().all(|c| c.is_ascii_hexdigit())
        && crate::certs::find(
            ip.host.registry(),
            "My",
            t,
            &crate::principals::Token::system(),
        )
        .is_some();
    if !ok {
        return Err(ip.runtime_error(
            span,
            ErrorRecord::new(
                "Exception calling \"SetSSLCertificateSHA1Hash\" : \"Invalid parameter \"",
                "WMIMethodException",
            )
            .category("NotSpecified", "", "")
            .exception("System.Management.Automation.MethodInvocationException"),
        ));
    }
    let bytes: Vec<u8> = (0..20)
        .map(|i| u8::from_str_radix(&t[i * 2..i * 2 + 2], 16).unwrap_or(0))
        .collect();
    let system = crate::principals::Token::system();
    if ip
        .host
        .registry_mut()
        .set_value(
            RDP_TCP,
            "SSLCertificateSHA1Hash",
            crate::registry::RegValue::Binary(bytes),
            &system,
        )
        .is_err()
    {
        return Err(ip.runtime_error(
            span,
            ErrorRecord::new(
                "Exception calling \"SetSSLCertificateSHA1Hash\" : \"Access denied \"",
                "WMIMethodException",
            )
            .category("NotSpecified", "", "")
            .exception("System.Management.Automation.MethodInvocationException"),
        ));
    }
    Ok(Obj::new("System.Management.ManagementBaseObject")
        .with("__GENUS", Value::Int(2))
        .with("__CLASS", Value::str("__PARAMETERS"))
        .with("ReturnValue", Value::Int(0))
        .into_value())
}

/// `Test-ComputerSecureChannel`.
pub fn test_secure_channel(_ip: &mut Interp<'_>, _call: &mut Call) -> R<Vec<Value>> {
    Ok(vec![Value::Bool(true)])
}

// ---------------------------------------------------------------------------------------
// Features, restart

fn feature_display(name: &str) -> &'static str {
    match name.to_ascii_lowercase().as_str() {
        "rds-connection-broker" => "Remote Desktop Connection Broker",
        "windows-internal-database" => "Windows Internal Database",
        "rds-rd-server" => "Remote Desktop Session Host",
        _ => "",
    }
}

fn feature_result(success: bool, restart: bool, code: &str, features: Vec<String>) -> Value {
    Obj::new("Microsoft.Windows.ServerManager.Commands.FeatureOperationResult")
        .with("Success", Value::Bool(success))
        .with(
            "RestartNeeded",
            Value::str(if restart { "Yes" } else { "No" }),
        )
        .with(
            "FeatureResult",
            Value::array(features.into_iter().map(Value::str).collect()),
        )
        .with("ExitCode", Value::str(code))
        .into_value()
}

fn unknown_feature(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        format!("ArgumentNotValid: The role, role service, or feature name is not valid: '{name}'. The name was not found."),
        "NameDoesNotExist",
    )
    .category("InvalidArgument", name, "String")
    .exception("System.Exception")
}

/// `Install-WindowsFeature` (`rdp::install_feature`).
pub fn install_feature(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let mut installed = Vec::new();
    for n in call.strings("Name") {
        let was_wid =
            crate::rdp::broker::feature_installed(ip.host, crate::rdp::broker::WID_FEATURE);
        match crate::rdp::broker::install_feature(ip.host, &n) {
            Ok(true) => {
                installed.push(feature_display(&n).to_string());
                if !was_wid
                    && crate::rdp::broker::feature_installed(
                        ip.host,
                        crate::rdp::broker::WID_FEATURE,
                    )
                    && !n.eq_ignore_ascii_case(crate::rdp::broker::WID_FEATURE)
                {
                    installed.push(feature_display(crate::rdp::broker::WID_FEATURE).to_string());
                }
            }
            Ok(false) => {}
            Err(_) => return Err(ip.throw(call, unknown_feature(&n))),
        }
    }
    let code = if installed.is_empty() {
        "NoChangeNeeded"
    } else {
        "Success"
    };
    Ok(vec![feature_result(true, false, code, installed)])
}

/// `Uninstall-WindowsFeature` (`rdp::uninstall_feature`): removal asks for a restart.
pub fn uninstall_feature(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let mut removed = Vec::new();
    for n in call.strings("Name") {
        let had_broker = crate::rdp::broker::feature_installed(ip.host, "RDS-Connection-Broker");
        match crate::rdp::broker::uninstall_feature(ip.host, &n) {
            Ok(true) => {
                if had_broker
                    && !n.eq_ignore_ascii_case("RDS-Connection-Broker")
                    && !crate::rdp::broker::feature_installed(ip.host, "RDS-Connection-Broker")
                {
                    removed.push(feature_display("RDS-Connection-Broker").to_string());
                }
                removed.push(feature_display(&n).to_string());
            }
            Ok(false) => {}
            Err(_) => return Err(ip.throw(call, unknown_feature(&n))),
        }
    }
    removed.dedup();
    if removed.is_empty() {
        return Ok(vec![feature_result(true, false, "NoChangeNeeded", removed)]);
    }
    ip.host_line("WARNING: You must restart this server to finish the removal process.");
    Ok(vec![feature_result(
        true,
        true,
        "SuccessRestartRequired",
        removed,
    )])
}

/// `Get-WindowsFeature`.
pub fn get_feature(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = call.strings("Name");
    let all = [
        "RDS-Connection-Broker",
        "RDS-RD-Server",
        "Windows-Internal-Database",
    ];
    Ok(all
        .iter()
        .filter(|f| names.is_empty() || names.iter().any(|n| crate::fs::wildcard_match(n, f)))
        .map(|f| {
            let on = crate::rdp::broker::feature_installed(ip.host, f);
            Obj::new("Microsoft.Windows.ServerManager.Commands.Feature")
                .with(
                    "Display Name",
                    Value::str(format!(
                        "{} {}",
                        if on { "[X]" } else { "[ ]" },
                        feature_display(f)
                    )),
                )
                .with("Name", Value::str(*f))
                .with(
                    "Install State",
                    Value::str(if on { "Installed" } else { "Available" }),
                )
                .with("Installed", Value::Bool(on))
                .into_value()
        })
        .collect())
}

/// `Restart-Computer`: the host reboots and the script ends there.
pub fn restart_computer(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    if call.cmdlet == "Restart-Computer" {
        ip.flush();
        ip.host.reboot();
    }
    Err(Flow::Exit(0))
}

// ---------------------------------------------------------------------------------------
// What a locked-down host refuses

/// `Start-Process`.
pub fn start_process(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let rec = ErrorRecord::new(
        "This command cannot be run due to the error: Access is denied.",
        "InvalidOperationException",
    )
    .category("InvalidOperation", "", "")
    .exception("System.InvalidOperationException");
    Err(ip.throw(call, rec))
}

/// `Invoke-WebRequest` / `Invoke-RestMethod`: the simulated host has no network.
pub fn invoke_web_request(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let id = "WebCmdletWebResponseException";
    let rec = ErrorRecord::new("Unable to connect to the remote server", id)
        .category(
            "InvalidOperation",
            "System.Net.HttpWebRequest",
            "HttpWebRequest",
        )
        .exception("System.Net.WebException");
    Err(ip.throw(call, rec))
}

/// `Add-Type`.
pub fn add_type(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let rec = ErrorRecord::new(
        "Cannot add type. Definition of new types is not supported in this language mode.",
        "CannotDefineNewType",
    )
    .category("PermissionDenied", "", "")
    .exception("System.Management.Automation.PSNotSupportedException");
    Err(ip.throw(call, rec))
}
