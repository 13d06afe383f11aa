//! `wmic`: the WMI paths remediation scripts use, over the same state the rest of the host
//! uses: `Win32_TSGeneralSetting` in `root\cimv2\TerminalServices` (the listener's
//! certificate thumbprint, `get`, `set` and `call SetSSLCertificateSHA1Hash`) and
//! `Win32_Service` (`service where name='X' get ...`, `call StartService|StopService`).
//!
//! Layout (powershell-and-tools-formats §3 "wmic", a real capture): `get` prints the
//! properties in alphabetical order, each column as wide as its longest value or header
//! plus two spaces, then a blank line; every line ends with `\r\r\n` (wmic writes CR CR LF,
//! which is why scripts see a trailing CR in `for /f`). `set` prints `Updating property(s) of
//! '\\HOST\namespace:Class.Key="value"'` and `Property(s) update successful.`; `call` prints
//! `Executing (...)->Method()`, `Method execution successful.` and the out parameters. No
//! instance: `No Instance(s) Available.` on stderr. The namespace echoes its case as typed;
//! the default shows `ROOT\CIMV2`.

#[cfg(test)]
mod tests;

use crate::certs;
use crate::host::Host;
use crate::os::tables::RDP_TCP_KEY;
use crate::process::{Output, Process};
use crate::registry::RegValue;
use crate::services::{ServiceState, StartType};

/// wmic's line end.
const EOL: &str = "\r\r\n";

/// The classes this wmic knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    TsGeneralSetting,
    Service,
}

/// What the command asks.
#[derive(Debug, Default)]
struct Request {
    namespace: Option<String>,
    class: Option<String>,
    filter: Vec<String>,
    verb: Option<String>,
    rest: Vec<String>,
}

/// Runs `wmic` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let r = parse(args);
    let namespace = r
        .namespace
        .clone()
        .unwrap_or_else(|| "ROOT\\CIMV2".to_string());
    let ns_key = namespace.trim_start_matches('\\').to_ascii_lowercase();
    let Some(class_name) = r.class.clone() else {
        return error(host, "Invalid alias verb.");
    };
    let class = match class_name.to_ascii_lowercase().as_str() {
        "win32_tsgeneralsetting" if ns_key == "root\\cimv2\\terminalservices" => {
            Class::TsGeneralSetting
        }
        "win32_service" | "service" if ns_key == "root\\cimv2" => Class::Service,
        _ => return error(host, "Invalid class "),
    };
    let instances = instances(host, class, &r.filter);
    let Some(verb) = r.verb.as_deref().map(str::to_ascii_lowercase) else {
        return error(host, "Invalid verb.");
    };
    let mut out = Output::default();
    if instances.is_empty() {
        out.err(format!("No Instance(s) Available.{EOL}"));
        return out;
    }
    let host_name = host.name().to_string();
    let path = |key: &str| {
        let (prop, value) = match class {
            Class::TsGeneralSetting => ("TerminalName", "RDP-Tcp".to_string()),
            Class::Service => ("Name", key.to_string()),
        };
        let class_shown = match class {
            Class::TsGeneralSetting => "Win32_TSGeneralSetting",
            Class::Service => "Win32_Service",
        };
        format!(
            "\\\\{host_name}\\{}:{class_shown}.{prop}=\"{value}\"",
            namespace.trim_start_matches('\\')
        )
    };
    match verb.as_str() {
        "get" => {
            let wanted: Vec<String> = r
                .rest
                .iter()
                .flat_map(|a| a.split(','))
                .map(|p| p.trim().to_string())
                .filter(|p| !p.is_empty() && !p.starts_with('/'))
                .collect();
            let rows: Vec<Vec<(String, String)>> = instances
                .iter()
                .map(|i| properties(host, class, i))
                .collect();
            let mut columns: Vec<String> = if wanted.is_empty() {
                rows[0].iter().map(|(k, _)| k.clone()).collect()
            } else {
                let mut cols = Vec::new();
                for w in &wanted {
                    match rows[0].iter().find(|(k, _)| k.eq_ignore_ascii_case(w)) {
                        Some((k, _)) => cols.push(k.clone()),
                        None => return error(host, "Invalid query"),
                    }
                }
                cols
            };
            columns.sort_by_key(|c| c.to_ascii_lowercase());
            columns.dedup();
            let value = |row: &Vec<(String, String)>, c: &str| {
                row.iter()
                    .find(|(k, _)| k == c)
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default()
            };
            let widths: Vec<usize> = columns
                .iter()
                .map(|c| {
                    rows.iter()
                        .map(|r| value(r, c).chars().count())
                        .chain([c.len()])
                        .max()
                        .unwrap_or(0)
                        + 2
                })
                .collect();
            let line = |cells: Vec<String>| {
                let mut l = String::new();
                for (cell, w) in cells.iter().zip(&widths) {
                    l.push_str(&format!("{cell:<w$}"));
                }
                format!("{l}{EOL}")
            };
            out.out(line(columns.clone()));
            for row in &rows {
                out.out(line(columns.iter().map(|c| value(row, c)).collect()));
            }
            out.out(EOL);
        }
        "set" => {
            for inst in &instances {
                let assignments = assignments(&r.rest);
                out.out(format!("Updating property(s) of '{}'{EOL}", path(inst)));
                for (prop, value) in assignments {
                    if let Err(text) = set_property(host, process, class, inst, &prop, &value) {
                        return error_with(out, host, &text);
                    }
                }
                out.out(format!("Property(s) update successful.{EOL}"));
            }
        }
        "call" => {
            let Some(method) = r.rest.first().cloned() else {
                return error(host, "Invalid verb switch.");
            };
            for inst in &instances {
                let result = call(host, process, class, inst, &method, &r.rest[1..]);
                let code = match result {
                    Ok(code) => code,
                    Err(text) => return error_with(out, host, &text),
                };
                out.out(format!(
                    "Executing ({})->{method}(){EOL}Method execution successful.{EOL}Out Parameters:{EOL}instance of __PARAMETERS{EOL}{{{EOL}\tReturnValue = {code};{EOL}}};{EOL}{EOL}",
                    path(inst)
                ));
            }
        }
        _ => return error(host, "Invalid verb."),
    }
    out
}

/// `Node - HOST`, `ERROR:`, `Description = ...` on stderr; exit code 44210 (0xACB2) as wmic
/// reports a failed query [unconfirmed code].
fn error(host: &Host, description: &str) -> Output {
    error_with(Output::default(), host, description)
}

fn error_with(mut out: Output, host: &Host, description: &str) -> Output {
    out.err(format!(
        "Node - {}{EOL}ERROR:{EOL}Description = {}{EOL}{EOL}",
        host.name(),
        description.trim_end()
    ));
    out.code = 44210;
    out
}

fn parse(args: &[String]) -> Request {
    let mut r = Request::default();
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        let lower = a.to_ascii_lowercase();
        if r.class.is_none() && lower.starts_with('/') {
            if let Some(ns) = a.get(11..).filter(|_| lower.starts_with("/namespace:")) {
                r.namespace = Some(ns.to_string());
            }
        } else if r.class.is_none() && lower == "path" {
            i += 1;
            r.class = args.get(i).cloned();
        } else if r.class.is_none() {
            r.class = Some(a.clone());
        } else if r.verb.is_none() && lower == "where" {
            // The clause runs to the verb.
            while i + 1 < args.len()
                && !matches!(
                    args[i + 1].to_ascii_lowercase().as_str(),
                    "get" | "set" | "call" | "list"
                )
            {
                i += 1;
                r.filter.push(args[i].clone());
            }
        } else if r.verb.is_none() {
            r.verb = Some(a.clone());
        } else {
            r.rest.push(a.clone());
        }
        i += 1;
    }
    r
}

/// `name='X'` (or `"X"`, in parentheses, with `and`): the (property, value) pairs.
fn conditions(filter: &[String]) -> Vec<(String, String)> {
    let text = filter.join(" ");
    let text = text.trim().trim_start_matches('(').trim_end_matches(')');
    text.split(" and ")
        .filter_map(|c| {
            let (k, v) = c.split_once('=')?;
            let v = v.trim().trim_matches(['\'', '"']);
            Some((k.trim().to_string(), v.to_string()))
        })
        .collect()
}

/// The keys of the instances the filter selects.
fn instances(host: &Host, class: Class, filter: &[String]) -> Vec<String> {
    let all: Vec<String> = match class {
        Class::TsGeneralSetting => vec!["RDP-Tcp".to_string()],
        Class::Service => {
            let mut names: Vec<String> = host.services().iter().map(|s| s.name.clone()).collect();
            names.sort_by_key(|n| n.to_lowercase());
            names
        }
    };
    let conds = conditions(filter);
    all.into_iter()
        .filter(|key| {
            let props = properties(host, class, key);
            conds.iter().all(|(k, v)| {
                props
                    .iter()
                    .any(|(pk, pv)| pk.eq_ignore_ascii_case(k) && pv.eq_ignore_ascii_case(v))
            })
        })
        .collect()
}

/// The certificate the listener uses: the configured thumbprint, else the newest
/// certificate of the `Remote Desktop` store.
fn listener_thumbprint(host: &Host) -> String {
    match host
        .registry()
        .value_raw(RDP_TCP_KEY, "SSLCertificateSHA1Hash")
    {
        Some(RegValue::Binary(b)) => b.iter().map(|b| format!("{b:02X}")).collect(),
        _ => {
            let token = crate::principals::Token::system();
            certs::list(host.registry(), "Remote Desktop", &token)
                .unwrap_or_default()
                .iter()
                .max_by_key(|c| c.not_before)
                .map(|c| c.thumbprint_hex())
                .unwrap_or_default()
        }
    }
}

fn dword(host: &Host, name: &str) -> String {
    match host.registry().value_raw(RDP_TCP_KEY, name) {
        Some(RegValue::Dword(v)) => v.to_string(),
        _ => String::new(),
    }
}

/// An instance's properties, as wmic shows them.
fn properties(host: &Host, class: Class, key: &str) -> Vec<(String, String)> {
    match class {
        Class::TsGeneralSetting => vec![
            (
                "MinEncryptionLevel".into(),
                dword(host, "MinEncryptionLevel"),
            ),
            ("SecurityLayer".into(), dword(host, "SecurityLayer")),
            ("SSLCertificateSHA1Hash".into(), listener_thumbprint(host)),
            ("TerminalName".into(), "RDP-Tcp".into()),
            (
                "UserAuthenticationRequired".into(),
                dword(host, "UserAuthentication"),
            ),
        ],
        Class::Service => {
            let Some(s) = host.services().get(key) else {
                return Vec::new();
            };
            let running = s.state != ServiceState::Stopped;
            let state = match s.state {
                ServiceState::Stopped => "Stopped",
                ServiceState::StartPending => "Start Pending",
                ServiceState::StopPending => "Stop Pending",
                ServiceState::Running => "Running",
            };
            let mode = match s.start_type {
                StartType::Boot => "Boot",
                StartType::System => "System",
                StartType::Auto => "Auto",
                StartType::Manual => "Manual",
                StartType::Disabled => "Disabled",
            };
            let pid = if running {
                crate::commands::sc::pid_of(&s.name)
            } else {
                0
            };
            vec![
                (
                    "AcceptStop".into(),
                    if running { "TRUE" } else { "FALSE" }.into(),
                ),
                ("Description".into(), s.description.clone()),
                ("DisplayName".into(), s.display_name.clone()),
                ("Name".into(), s.name.clone()),
                ("PathName".into(), s.binary_path.clone()),
                ("ProcessId".into(), pid.to_string()),
                (
                    "Started".into(),
                    if running { "TRUE" } else { "FALSE" }.into(),
                ),
                ("StartMode".into(), mode.into()),
                ("StartName".into(), s.account.clone()),
                ("State".into(), state.into()),
                ("Status".into(), "OK".into()),
            ]
        }
    }
}

/// `Prop="value"` words of `set`.
fn assignments(rest: &[String]) -> Vec<(String, String)> {
    rest.join(" ")
        .split(',')
        .filter_map(|a| {
            let (k, v) = a.split_once('=')?;
            Some((
                k.trim().to_string(),
                v.trim().trim_matches(['"', '\'']).to_string(),
            ))
        })
        .collect()
}

/// Sets the listener's certificate thumbprint (REG_BINARY under RDP-Tcp, written with the
/// caller's token: WMI providers impersonate their caller).
fn set_thumbprint(host: &mut Host, process: &Process, value: &str) -> Result<(), String> {
    let hex: String = value.chars().filter(|c| !c.is_whitespace()).collect();
    if hex.len() != 40 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err("Invalid parameter".into());
    }
    let bytes: Vec<u8> = (0..20)
        .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap_or(0))
        .collect();
    host.registry_mut()
        .set_value(
            RDP_TCP_KEY,
            "SSLCertificateSHA1Hash",
            RegValue::Binary(bytes),
            &process.token,
        )
        .map_err(|_| "Access denied".to_string())
}

fn set_property(
    host: &mut Host,
    process: &Process,
    class: Class,
    _key: &str,
    prop: &str,
    value: &str,
) -> Result<(), String> {
    match class {
        Class::TsGeneralSetting if prop.eq_ignore_ascii_case("SSLCertificateSHA1Hash") => {
            set_thumbprint(host, process, value)
        }
        _ => Err("Generic failure".into()),
    }
}

fn call(
    host: &mut Host,
    process: &Process,
    class: Class,
    key: &str,
    method: &str,
    args: &[String],
) -> Result<u32, String> {
    match (class, method.to_ascii_lowercase().as_str()) {
        (Class::TsGeneralSetting, "setsslcertificatesha1hash") => {
            let value = args.join(" ");
            set_thumbprint(host, process, value.trim().trim_matches(['"', '\'']))?;
            Ok(0)
        }
        // Win32_Service return values: 0 success, 2 access denied, 5 cannot accept the
        // control, 10 already running, 3 dependent services running (learn.microsoft.com
        // "StartService method of the Win32_Service class").
        (Class::Service, "startservice") => Ok(match host.start_service(key, &process.token) {
            Ok(()) => 0,
            Err(crate::error::WinError::ACCESS_DENIED) => 2,
            Err(crate::error::WinError::SERVICE_ALREADY_RUNNING) => 10,
            Err(_) => 8,
        }),
        (Class::Service, "stopservice") => {
            Ok(match host.stop_service(key, &process.token, false) {
                Ok(_) => 0,
                Err(crate::error::WinError::ACCESS_DENIED) => 2,
                Err(crate::error::WinError::DEPENDENT_SERVICES_RUNNING) => 3,
                Err(crate::error::WinError::SERVICE_NOT_ACTIVE) => 5,
                Err(_) => 8,
            })
        }
        _ => Err("Invalid method Parameter(s) ".into()),
    }
}
