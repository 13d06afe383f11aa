//! The provider cmdlets over FileSystem, Registry and Certificate, with PowerShell's errors.

use super::{file_denied, path_not_found, paths, registry_denied, resolve};
use crate::error::WinError;
use crate::registry::{KEY_QUERY_VALUE, RegValue};
use crate::security::AccessMask;
use crate::shell::ps::errors::ErrorRecord;
use crate::shell::ps::interp::{Call, Interp, R};
use crate::shell::ps::provider::{self, Loc, cert_item, file_item, key_item, ps_props, reg_value};
use crate::shell::ps::value::{CUSTOM, Obj, Value};

fn report(ip: &mut Interp<'_>, call: &Call, rec: impl Into<ErrorRecord>) -> R<()> {
    ip.write_error(call, rec.into())
}

/// Where the cmdlet works: the `-Path` values, the pipeline's paths, or the current location.
/// The location `path` names, or `None` once its error is reported (non-terminating unless
/// `-ErrorAction Stop` makes it end the command).
fn resolve_or_report(ip: &mut Interp<'_>, call: &Call, path: &str) -> R<Option<Loc>> {
    match resolve(ip, call, path) {
        Ok(l) => Ok(Some(l)),
        Err(e) => report(ip, call, e).map(|()| None),
    }
}

fn targets(ip: &Interp<'_>, call: &Call) -> Vec<String> {
    let p = paths(call, "Path");
    if p.is_empty() {
        vec![ip.state.location.clone()]
    } else {
        p
    }
}

/// Expands a wildcard in the last component into the matching items.
fn expand(ip: &Interp<'_>, loc: &Loc) -> Vec<Loc> {
    let leaf = loc.leaf();
    if !crate::fs::has_wildcard(&leaf) {
        return vec![loc.clone()];
    }
    let Some(parent) = loc.parent() else {
        return vec![];
    };
    children_names(ip, &parent)
        .into_iter()
        .filter(|n| crate::fs::wildcard_match(&leaf, n))
        .map(|n| parent.child(&n))
        .collect()
}

fn children_names(ip: &Interp<'_>, loc: &Loc) -> Vec<String> {
    match loc {
        Loc::Fs(p) => ip
            .host
            .fs()
            .list_dir(p, &ip.proc.token)
            .map(|nodes| {
                nodes
                    .iter()
                    .map(|n| crate::fs::leaf(&n.path).to_string())
                    .collect()
            })
            .unwrap_or_default(),
        Loc::Reg(native, _) => ip
            .host
            .registry()
            .subkeys(native)
            .iter()
            .map(|k| k.rsplit('\\').next().unwrap_or(k).to_string())
            .collect(),
        Loc::Cert(parts) => cert_children(ip, parts)
            .into_iter()
            .map(|(n, _)| n)
            .collect(),
    }
}

/// True if the item exists.
pub fn exists(ip: &Interp<'_>, loc: &Loc) -> bool {
    match loc {
        Loc::Fs(p) => ip.host.fs().exists(p),
        Loc::Reg(native, _) => ip.host.registry().key_exists(native),
        Loc::Cert(parts) => match parts.len() {
            0 => true,
            1 => {
                parts[0].eq_ignore_ascii_case("LocalMachine")
                    || parts[0].eq_ignore_ascii_case("CurrentUser")
            }
            2 => ip
                .host
                .registry()
                .key_exists(&crate::certs::store_key(&parts[1])),
            // The store entry's key (`...\<store>\Certificates\<THUMBPRINT>`) is there.
            3 => ip.host.registry().key_exists(&format!(
                "{}\\Certificates\\{}",
                crate::certs::store_key(&parts[1]),
                parts[2].to_ascii_uppercase()
            )),
            _ => false,
        },
    }
}

fn find_cert(ip: &Interp<'_>, store: &str, thumb: &str) -> Option<crate::certs::Certificate> {
    crate::certs::find(ip.host.registry(), store, thumb, &ip.proc.token)
}

/// The store names under `SystemCertificates`, as the registry lists them.
fn store_names(ip: &Interp<'_>) -> Vec<String> {
    ip.host
        .registry()
        .subkeys("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates")
        .iter()
        .map(|k| k.rsplit('\\').next().unwrap_or(k).to_string())
        .collect()
}

fn cert_children(ip: &Interp<'_>, parts: &[String]) -> Vec<(String, Value)> {
    match parts.len() {
        0 => ["CurrentUser", "LocalMachine"]
            .iter()
            .map(|l| {
                let o = Obj::new("Microsoft.PowerShell.Commands.X509StoreLocation")
                    .with("Location", Value::str(*l))
                    .with(
                        "StoreNames",
                        Value::array(store_names(ip).into_iter().map(Value::str).collect()),
                    );
                (l.to_string(), o.into_value())
            })
            .collect(),
        1 => store_names(ip)
            .into_iter()
            .map(|s| {
                let loc = Loc::Cert(vec![parts[0].clone(), s.clone()]);
                let o = ps_props(
                    Obj::new("System.Security.Cryptography.X509Certificates.X509Store"),
                    &loc,
                )
                .with("Name", Value::str(&s))
                .with("Location", Value::str(&parts[0]));
                (s, o.into_value())
            })
            .collect(),
        2 => crate::certs::list(ip.host.registry(), &parts[1], &ip.proc.token)
            .unwrap_or_default()
            .iter()
            .map(|c| {
                let loc = Loc::Cert(vec![parts[0].clone(), parts[1].clone(), c.thumbprint_hex()]);
                (c.thumbprint_hex(), cert_item(&loc, c))
            })
            .collect(),
        _ => vec![],
    }
}

/// The item at `loc` as an object.
fn item(ip: &Interp<'_>, loc: &Loc) -> Option<Value> {
    if !exists(ip, loc) {
        return None;
    }
    Some(match loc {
        Loc::Fs(p) => file_item(ip.host, p),
        Loc::Reg(..) => key_item(ip.host, loc),
        Loc::Cert(parts) => match parts.len() {
            3 => cert_item(loc, &find_cert(ip, &parts[1], &parts[2])?),
            0 => return None,
            _ => {
                let parent = Loc::Cert(parts[..parts.len() - 1].to_vec());
                let Loc::Cert(pp) = &parent else { return None };
                cert_children(ip, pp)
                    .into_iter()
                    .find(|(n, _)| n.eq_ignore_ascii_case(&loc.leaf()))
                    .map(|(_, v)| v)?
            }
        },
    })
}

/// `Get-Item`.
pub fn get_item(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let mut out = Vec::new();
    for p in targets(ip, call) {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        let found = expand(ip, &loc);
        if found.is_empty() || !crate::fs::has_wildcard(&loc.leaf()) && !exists(ip, &loc) {
            if !crate::fs::has_wildcard(&loc.leaf()) {
                report(ip, call, path_not_found(&loc.display()))?;
            }
            continue;
        }
        for l in found {
            if let Some(v) = item(ip, &l) {
                out.push(v);
            }
        }
    }
    Ok(out)
}

/// `Get-ChildItem`.
pub fn get_child_item(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let recurse = call.switch("Recurse");
    let filter = call.string("Filter");
    let names_only = call.switch("Name");
    let include: Vec<String> = call.strings("Include");
    let exclude: Vec<String> = call.strings("Exclude");
    let mut out = Vec::new();
    for p in targets(ip, call) {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        let roots = if crate::fs::has_wildcard(&loc.leaf()) {
            let r = expand(ip, &loc);
            if r.is_empty() {
                continue;
            }
            // Wildcard matches are listed themselves (folders are listed inside).
            for l in &r {
                if is_container(ip, l) {
                    list(ip, call, l, recurse, 0, &mut out)?;
                } else if let Some(v) = item(ip, l) {
                    out.push(v);
                }
            }
            continue;
        } else {
            vec![loc]
        };
        for l in roots {
            if !exists(ip, &l) {
                report(ip, call, path_not_found(&l.display()))?;
                continue;
            }
            if !is_container(ip, &l) {
                if let Some(v) = item(ip, &l) {
                    out.push(v);
                }
                continue;
            }
            list(ip, call, &l, recurse, 0, &mut out)?;
        }
    }
    let keep = |v: &Value| {
        let name = match v {
            Value::Object(o) => o
                .borrow()
                .get("PSChildName")
                .map(|x| x.to_str())
                .unwrap_or_default(),
            _ => String::new(),
        };
        filter
            .as_deref()
            .is_none_or(|f| crate::fs::wildcard_match(f, &name))
            && (include.is_empty() || include.iter().any(|i| crate::fs::wildcard_match(i, &name)))
            && !exclude.iter().any(|x| crate::fs::wildcard_match(x, &name))
    };
    let mut out: Vec<Value> = out.into_iter().filter(keep).collect();
    if call.switch("Directory") {
        out.retain(|v| crate::shell::ps::members::get_member(ip, v, "PSIsContainer").truthy());
    }
    if call.switch("File") {
        out.retain(|v| !crate::shell::ps::members::get_member(ip, v, "PSIsContainer").truthy());
    }
    if names_only {
        out = out
            .iter()
            .map(|v| crate::shell::ps::members::get_member(ip, v, "PSChildName"))
            .collect();
    }
    Ok(out)
}

fn is_container(ip: &Interp<'_>, loc: &Loc) -> bool {
    match loc {
        Loc::Fs(p) => ip.host.fs().is_dir(p),
        Loc::Reg(..) => true,
        Loc::Cert(parts) => parts.len() < 3,
    }
}

fn list(
    ip: &mut Interp<'_>,
    call: &Call,
    loc: &Loc,
    recurse: bool,
    depth: usize,
    out: &mut Vec<Value>,
) -> R<()> {
    if depth > 512 {
        return Ok(());
    }
    match loc {
        Loc::Fs(p) => {
            let nodes = match ip.host.fs().list_dir(p, &ip.proc.token) {
                Ok(n) => n
                    .iter()
                    .map(|n| (n.path.clone(), n.is_dir()))
                    .collect::<Vec<_>>(),
                Err(_) => {
                    report(ip, call, file_denied(p))?;
                    return Ok(());
                }
            };
            // Folders first, then files, each by name (as NTFS enumerates and PowerShell shows).
            let mut nodes = nodes;
            nodes.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| a.0.to_lowercase().cmp(&b.0.to_lowercase()))
            });
            for (path, dir) in nodes {
                out.push(file_item(ip.host, &path));
                if recurse && dir {
                    list(ip, call, &Loc::Fs(path), true, depth + 1, out)?;
                }
            }
        }
        Loc::Reg(native, _) => {
            if ip
                .host
                .registry()
                .open(native, &ip.proc.token, AccessMask(0x8))
                .is_err()
            {
                report(ip, call, registry_denied(native))?;
                return Ok(());
            }
            for sub in ip.host.registry().subkeys(native) {
                let name = sub.rsplit('\\').next().unwrap_or(&sub).to_string();
                let child = loc.child(&name);
                out.push(key_item(ip.host, &child));
                if recurse {
                    list(ip, call, &child, true, depth + 1, out)?;
                }
            }
        }
        Loc::Cert(parts) if parts.len() == 2 => {
            // One read of the store: its certificates, or the refusal.
            match crate::certs::list(ip.host.registry(), &parts[1], &ip.proc.token) {
                Ok(certs) => {
                    for c in &certs {
                        let child =
                            Loc::Cert(vec![parts[0].clone(), parts[1].clone(), c.thumbprint_hex()]);
                        out.push(cert_item(&child, c));
                    }
                }
                Err(_) => {
                    report(
                        ip,
                        call,
                        ErrorRecord::new(
                            "Access is denied.",
                            "System.Security.Cryptography.CryptographicException",
                        )
                        .category("NotSpecified", "", "")
                        .exception("System.Security.Cryptography.CryptographicException"),
                    )?;
                }
            }
        }
        Loc::Cert(parts) => {
            for (name, v) in cert_children(ip, parts) {
                out.push(v);
                if recurse && parts.len() < 2 {
                    list(ip, call, &loc.child(&name), true, depth + 1, out)?;
                }
            }
        }
    }
    Ok(())
}

/// `Test-Path`.
pub fn test_path(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let kind = call.string("PathType").map(|s| s.to_ascii_lowercase());
    let mut out = Vec::new();
    let ps = paths(call, "Path");
    if ps.is_empty() {
        return Err(ip.throw(
            call,
            ErrorRecord::new(
                "Cannot bind argument to parameter 'Path' because it is null.",
                "ParameterArgumentValidationErrorNullNotAllowed",
            )
            .category("InvalidData", "", "")
            .exception("System.Management.Automation.ParameterBindingValidationException"),
        ));
    }
    for p in ps {
        let ok = match provider::resolve(&ip.state.location, &p) {
            Some(loc) => {
                let found = expand(ip, &loc);
                !found.is_empty()
                    && found.iter().any(|l| {
                        exists(ip, l)
                            && match kind.as_deref() {
                                Some("container") => is_container(ip, l),
                                Some("leaf") => !is_container(ip, l),
                                _ => true,
                            }
                    })
            }
            None => false,
        };
        out.push(Value::Bool(ok));
    }
    Ok(out)
}

fn property_missing(name: &str, native: &str) -> ErrorRecord {
    ErrorRecord::new(
        format!("Property {name} does not exist at path {native}."),
        "System.Management.Automation.PSArgumentException",
    )
    .category("InvalidArgument", name, "String")
    .exception("System.Management.Automation.PSArgumentException")
}

/// A key's values as `Get-ItemProperty` returns them.
fn properties(ip: &Interp<'_>, loc: &Loc, only: &[String]) -> Result<Value, Box<ErrorRecord>> {
    let Loc::Reg(native, _) = loc else {
        return Ok(Value::Null);
    };
    let key = ip
        .host
        .registry()
        .open(native, &ip.proc.token, KEY_QUERY_VALUE)
        .map_err(|e| {
            if e == WinError::ACCESS_DENIED {
                registry_denied(native)
            } else {
                path_not_found(&loc.display())
            }
        })?;
    let mut o = Obj::new(CUSTOM);
    let mut any = false;
    for (name, value) in key.values.values() {
        if !only.is_empty() && !only.iter().any(|n| crate::fs::wildcard_match(n, name)) {
            continue;
        }
        any = true;
        let shown = if name.is_empty() { "(default)" } else { name };
        o.set(shown, reg_value(value, &ip.proc.env));
    }
    if !only.is_empty() && !any {
        return Err(Box::new(property_missing(&only[0], native)));
    }
    if !only.is_empty() {
        for n in only {
            if !crate::fs::has_wildcard(n)
                && key.values.values().all(|(k, _)| !k.eq_ignore_ascii_case(n))
            {
                return Err(Box::new(property_missing(n, native)));
            }
        }
    }
    Ok(ps_props(o, loc).into_value())
}

/// `Get-ItemProperty`.
pub fn get_item_property(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = call.strings("Name");
    let mut out = Vec::new();
    for p in targets(ip, call) {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        for l in expand(ip, &loc) {
            if !exists(ip, &l) {
                report(ip, call, path_not_found(&l.display()))?;
                continue;
            }
            match &l {
                Loc::Reg(..) => match properties(ip, &l, &names) {
                    Ok(v) => out.push(v),
                    Err(e) => report(ip, call, e)?,
                },
                _ => {
                    if let Some(v) = item(ip, &l) {
                        out.push(v);
                    }
                }
            }
        }
    }
    Ok(out)
}

/// `Get-ItemPropertyValue`.
pub fn get_item_property_value(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = call.strings("Name");
    let vals = get_item_property(ip, call)?;
    let mut out = Vec::new();
    for v in vals {
        for n in &names {
            out.push(crate::shell::ps::members::get_member(ip, &v, n));
        }
    }
    Ok(out)
}

/// A registry kind by PowerShell's name (`DWord`, `String`, ...).
fn kind_of(name: &str) -> Option<&'static str> {
    Some(match name.to_ascii_lowercase().as_str() {
        "string" | "reg_sz" => "sz",
        "expandstring" | "reg_expand_sz" => "expand",
        "binary" | "reg_binary" => "binary",
        "dword" | "reg_dword" => "dword",
        "multistring" | "reg_multi_sz" => "multi",
        "qword" | "reg_qword" => "qword",
        "none" | "unknown" => "none",
        _ => return None,
    })
}

fn to_reg(kind: &str, v: &Value) -> Option<RegValue> {
    Some(match kind {
        "sz" => RegValue::Sz(v.to_str()),
        "expand" => RegValue::ExpandSz(v.to_str()),
        "multi" => RegValue::MultiSz(v.enumerate().iter().map(|x| x.to_str()).collect()),
        "dword" => {
            let n = v.to_i64()?;
            if n < i32::MIN as i64 || n > u32::MAX as i64 {
                return None;
            }
            RegValue::Dword(n as u32)
        }
        "qword" => RegValue::Qword(v.to_i64()? as u64),
        "binary" | "none" => {
            let bytes = v
                .enumerate()
                .iter()
                .map(|b| b.to_i64().map(|n| n as u8))
                .collect::<Option<Vec<u8>>>()?;
            if kind == "binary" {
                RegValue::Binary(bytes)
            } else {
                RegValue::None(bytes)
            }
        }
        _ => return None,
    })
}

/// The kind a new value gets from its .NET type.
fn natural_kind(v: &Value) -> &'static str {
    match v {
        Value::Int(n) if i32::try_from(*n).is_ok() => "dword",
        Value::Int(_) => "qword",
        Value::Array(a)
            if a.borrow().iter().all(|x| matches!(x, Value::Int(0..=255)))
                && !a.borrow().is_empty() =>
        {
            "binary"
        }
        Value::Array(_) => "multi",
        _ => "sz",
    }
}

fn kind_of_existing(v: &RegValue) -> &'static str {
    match v {
        RegValue::Sz(_) => "sz",
        RegValue::ExpandSz(_) => "expand",
        RegValue::MultiSz(_) => "multi",
        RegValue::Dword(_) => "dword",
        RegValue::Qword(_) => "qword",
        RegValue::Binary(_) => "binary",
        RegValue::None(_) => "none",
    }
}

fn conversion_error(v: &Value, kind: &str) -> ErrorRecord {
    let _ = kind;
    ErrorRecord::new(
        format!("Cannot convert value \"{}\" to type \"System.Int32\". Error: \"Input string was not in a correct format.\"", v.to_str()),
        "System.ArgumentException",
    )
    .category("InvalidArgument", "", "")
    .exception("System.ArgumentException")
}

#[allow(clippy::too_many_arguments)]
fn write_value(
    ip: &mut Interp<'_>,
    call: &Call,
    loc: &Loc,
    name: &str,
    value: &Value,
    kind: Option<&str>,
    must_be_new: bool,
    force: bool,
) -> R<Option<Value>> {
    let Loc::Reg(native, _) = loc else {
        report(ip, call, ErrorRecord::new("Cannot use interface. The IDynamicPropertyCmdletProvider interface is not implemented by this provider.", "NotSupported").category("NotImplemented", "", "").exception("System.Management.Automation.PSNotSupportedException"))?;
        return Ok(None);
    };
    if !ip.host.registry().key_exists(native) {
        report(ip, call, path_not_found(&loc.display()))?;
        return Ok(None);
    }
    let existing = ip.host.registry().value_raw(native, name).cloned();
    if must_be_new && existing.is_some() && !force {
        report(
            ip,
            call,
            ErrorRecord::new("The property already exists.", "System.IO.IOException")
                .category("ResourceExists", native, "String")
                .exception("System.IO.IOException"),
        )?;
        return Ok(None);
    }
    let kind = match kind {
        Some(k) => k,
        None => match (&existing, must_be_new) {
            (Some(e), false) => kind_of_existing(e),
            (_, true) => "sz",
            _ => natural_kind(value),
        },
    };
    let Some(reg) = to_reg(kind, value) else {
        report(ip, call, conversion_error(value, kind))?;
        return Ok(None);
    };
    let token = ip.proc.token.clone();
    match ip
        .host
        .registry_mut()
        .set_value(native, name, reg.clone(), &token)
    {
        Ok(()) => {}
        Err(WinError::ACCESS_DENIED) => {
            report(ip, call, registry_denied(native))?;
            return Ok(None);
        }
        Err(_) => {
            report(ip, call, path_not_found(&loc.display()))?;
            return Ok(None);
        }
    }
    let o = Obj::new(CUSTOM).with(name, reg_value(&reg, &ip.proc.env));
    Ok(Some(ps_props(o, loc).into_value()))
}

/// `Set-ItemProperty`.
pub fn set_item_property(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let Some(name) = call.string("Name") else {
        return Err(ip.throw(call, missing_mandatory("Name")));
    };
    let value = call.get("Value").cloned().unwrap_or(Value::Null);
    let kind = match call.string("Type") {
        Some(t) => match kind_of(&t) {
            Some(k) => Some(k),
            None => return Err(ip.throw(call, bad_kind(&t))),
        },
        None => None,
    };
    let mut out = Vec::new();
    for p in targets(ip, call) {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        for l in expand(ip, &loc) {
            if let Some(v) = write_value(ip, call, &l, &name, &value, kind, false, true)? {
                if call.switch("PassThru") {
                    out.push(v);
                }
            }
        }
    }
    Ok(out)
}

fn missing_mandatory(name: &str) -> ErrorRecord {
    ErrorRecord::new(
        format!(
            "Cannot process command because of one or more missing mandatory parameters: {name}."
        ),
        "MissingMandatoryParameter",
    )
    .category("InvalidArgument", "", "")
    .exception("System.Management.Automation.ParameterBindingException")
}

fn bad_kind(t: &str) -> ErrorRecord {
    ErrorRecord::new(
        format!("Cannot bind parameter 'Type'. Cannot convert value \"{t}\" to type \"Microsoft.Win32.RegistryValueKind\". Error: \"Unable to match the identifier name {t} to a valid enumerator name. Specify one of the following enumerator names and try again:\nUnknown, String, ExpandString, Binary, DWord, MultiString, QWord, None\""),
        "CannotConvertArgumentNoMessage",
    )
    .category("InvalidArgument", "", "")
    .exception("System.Management.Automation.ParameterBindingException")
}

/// `New-ItemProperty`.
pub fn new_item_property(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let Some(name) = call.string("Name") else {
        return Err(ip.throw(call, missing_mandatory("Name")));
    };
    let value = call.get("Value").cloned().unwrap_or(Value::Null);
    let kind = match call.string("PropertyType") {
        Some(t) => match kind_of(&t) {
            Some(k) => Some(k),
            None => return Err(ip.throw(call, bad_kind(&t))),
        },
        None => Some("sz"),
    };
    let force = call.switch("Force");
    let mut out = Vec::new();
    for p in targets(ip, call) {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        if let Some(v) = write_value(ip, call, &loc, &name, &value, kind, true, force)? {
            out.push(v);
        }
    }
    Ok(out)
}

/// `Remove-ItemProperty`.
pub fn remove_item_property(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = call.strings("Name");
    for p in targets(ip, call) {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        let Loc::Reg(native, _) = &loc else { continue };
        if !ip.host.registry().key_exists(native) {
            report(ip, call, path_not_found(&loc.display()))?;
            continue;
        }
        for n in &names {
            let token = ip.proc.token.clone();
            match ip.host.registry_mut().delete_value(native, n, &token) {
                Ok(()) => {}
                Err(WinError::ACCESS_DENIED) => report(ip, call, registry_denied(native))?,
                Err(_) => report(ip, call, property_missing(n, native))?,
            }
        }
    }
    Ok(Vec::new())
}

/// `New-Item`.
pub fn new_item(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let force = call.switch("Force");
    let kind = call.string("ItemType").map(|k| k.to_ascii_lowercase());
    let name = call.string("Name");
    let mut out = Vec::new();
    let mkdir_alias = matches!(call.name.to_ascii_lowercase().as_str(), "md" | "mkdir");
    for p in targets(ip, call) {
        let full = match &name {
            Some(n) => provider::join_path(&p, n),
            None => p.clone(),
        };
        let Some(loc) = resolve_or_report(ip, call, &full)? else {
            continue;
        };
        let token = ip.proc.token.clone();
        match &loc {
            Loc::Fs(path) => {
                let dir =
                    mkdir_alias || matches!(kind.as_deref(), Some("directory") | Some("container"));
                if ip.host.fs().exists(path) && !(force && dir) {
                    report(
                        ip,
                        call,
                        ErrorRecord::new(
                            format!("An item with the specified name {path} already exists."),
                            "DirectoryExist",
                        )
                        .category("ResourceExists", path, "String")
                        .exception("System.IO.IOException"),
                    )?;
                    continue;
                }
                let r = if dir {
                    create_dirs(ip, path, force || mkdir_alias)
                } else {
                    if force {
                        if let Some(parent) = crate::fs::parent(path) {
                            let parent = parent.to_string();
                            let _ = create_dirs(ip, &parent, true);
                        }
                    }
                    let text = call.get("Value").map(|v| v.to_str()).unwrap_or_default();
                    ip.host.fs_mut().write_file(path, text.as_bytes(), &token)
                };
                match r {
                    Ok(()) => out.push(file_item(ip.host, path)),
                    Err(WinError::ACCESS_DENIED) => report(ip, call, file_denied(path))?,
                    Err(_) => report(
                        ip,
                        call,
                        ErrorRecord::new(
                            format!("Could not find a part of the path '{path}'."),
                            "NewItemIOError",
                        )
                        .category("WriteError", path, "String")
                        .exception("System.IO.DirectoryNotFoundException"),
                    )?,
                }
            }
            Loc::Reg(native, _) => {
                if ip.host.registry().key_exists(native) {
                    if !force {
                        report(
                            ip,
                            call,
                            ErrorRecord::new(
                                "A key at this path already exists.",
                                "System.IO.IOException",
                            )
                            .category("ResourceExists", native, "String")
                            .exception("System.IO.IOException"),
                        )?;
                        continue;
                    }
                    // -Force on an existing key replaces it with an empty one (a known 5.1 trap).
                    if ip.host.registry_mut().delete_key(native, &token).is_err() {
                        report(ip, call, registry_denied(native))?;
                        continue;
                    }
                } else if !force {
                    let parent = native
                        .rsplit_once('\\')
                        .map(|(p, _)| p.to_string())
                        .unwrap_or_default();
                    if !ip.host.registry().key_exists(&parent) {
                        report(
                            ip,
                            call,
                            path_not_found(&loc.parent().map(|l| l.display()).unwrap_or_default()),
                        )?;
                        continue;
                    }
                }
                match ip.host.registry_mut().create_key(native, &token) {
                    Ok(_) => {
                        if let Some(v) = call.get("Value") {
                            let _ = ip.host.registry_mut().set_value(
                                native,
                                "",
                                RegValue::Sz(v.to_str()),
                                &token,
                            );
                        }
                        out.push(key_item(ip.host, &loc));
                    }
                    Err(_) => report(ip, call, registry_denied(native))?,
                }
            }
            Loc::Cert(_) => {
                report(
                    ip,
                    call,
                    ErrorRecord::new(
                        "The operation is not supported by the Certificate provider.",
                        "NotSupported",
                    )
                    .category("NotImplemented", "", "")
                    .exception("System.Management.Automation.PSNotSupportedException"),
                )?;
            }
        }
    }
    Ok(out)
}

fn create_dirs(ip: &mut Interp<'_>, path: &str, parents: bool) -> Result<(), WinError> {
    let token = ip.proc.token.clone();
    if parents {
        if let Some(parent) = crate::fs::parent(path) {
            if !ip.host.fs().exists(parent) {
                let parent = parent.to_string();
                create_dirs(ip, &parent, true)?;
            }
        }
    }
    if ip.host.fs().is_dir(path) {
        return Ok(());
    }
    ip.host.fs_mut().create_dir(path, &token)
}

/// `Remove-Item`.
pub fn remove_item(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let recurse = call.switch("Recurse");
    for p in targets(ip, call) {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        let found = expand(ip, &loc);
        if found.is_empty() || (found.len() == 1 && !exists(ip, &found[0])) {
            if !crate::fs::has_wildcard(&loc.leaf()) {
                report(ip, call, path_not_found(&loc.display()))?;
            }
            continue;
        }
        for l in found {
            remove_one(ip, call, &l, recurse)?;
        }
    }
    Ok(Vec::new())
}

fn remove_one(ip: &mut Interp<'_>, call: &Call, loc: &Loc, recurse: bool) -> R<()> {
    let token = ip.proc.token.clone();
    match loc {
        Loc::Fs(path) => {
            if ip.host.fs().is_dir(path) {
                let children: Vec<String> = ip
                    .host
                    .fs()
                    .list_dir(path, &token)
                    .map(|n| n.iter().map(|n| n.path.clone()).collect())
                    .unwrap_or_default();
                if !children.is_empty() && !recurse {
                    report(ip, call, ErrorRecord::new(format!("The item at {} has children and the Recurse parameter was not specified. If you continue, all children will be removed with the item. Are you sure you want to continue?", loc.display()), "RemoveItemUnattendedConfirm").category("WriteError", path, "String").exception("System.IO.IOException"))?;
                    return Ok(());
                }
                for c in children {
                    remove_one(ip, call, &Loc::Fs(c), true)?;
                }
            }
            match ip.host.fs_mut().delete(path, &token) {
                Ok(()) => {}
                Err(WinError::ACCESS_DENIED) => report(ip, call, file_denied(path))?,
                Err(e) => report(
                    ip,
                    call,
                    ErrorRecord::new(
                        format!("Cannot remove item {path}: {}", e.message()),
                        "RemoveFileSystemItemIOError",
                    )
                    .category("WriteError", path, "String")
                    .exception("System.IO.IOException"),
                )?,
            }
        }
        Loc::Reg(native, _) => {
            if !ip.host.registry().subkeys(native).is_empty() && !recurse {
                report(ip, call, ErrorRecord::new(format!("The item at {} has children and the Recurse parameter was not specified. If you continue, all children will be removed with the item. Are you sure you want to continue?", loc.display()), "RemoveItemUnattendedConfirm").category("WriteError", native, "String").exception("System.IO.IOException"))?;
                return Ok(());
            }
            if ip.host.registry_mut().delete_key(native, &token).is_err() {
                report(ip, call, registry_denied(native))?;
            }
        }
        Loc::Cert(parts) => match parts.len() {
            3 => {
                let r = crate::certs::remove(ip.host.registry_mut(), &parts[1], &parts[2], &token);
                match r {
                    Ok(()) => {}
                    Err(WinError::FILE_NOT_FOUND) => {
                        report(ip, call, path_not_found(&loc.display()))?
                    }
                    Err(_) => report(
                        ip,
                        call,
                        ErrorRecord::new(
                            "Access is denied.",
                            "System.Security.Cryptography.CryptographicException",
                        )
                        .category("NotSpecified", "", "")
                        .exception("System.Security.Cryptography.CryptographicException"),
                    )?,
                }
            }
            _ => {
                // Built-in stores and the locations cannot be deleted (PowerShell's
                // CertificateProviderStrings RemoveStoreTemplate / CannotRemoveContainer).
                let (message, id) = if parts.len() == 2 {
                    (
                        format!(
                            "The store {} is a built-in system store and cannot be deleted.",
                            loc.leaf()
                        ),
                        "CannotRemoveSystemStore",
                    )
                } else {
                    (
                        "You cannot remove a certificate container. ".to_string(),
                        "CannotRemoveContainer",
                    )
                };
                report(
                    ip,
                    call,
                    ErrorRecord::new(message, id)
                        .category("InvalidOperation", "", "")
                        .exception("System.InvalidOperationException"),
                )?;
            }
        },
    }
    Ok(())
}

/// `Copy-Item` (files).
pub fn copy_item(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let dest = call.string("Destination").unwrap_or_default();
    for p in targets(ip, call) {
        let (Ok(Loc::Fs(src)), Ok(Loc::Fs(dst))) =
            (resolve(ip, call, &p), resolve(ip, call, &dest))
        else {
            continue;
        };
        let token = ip.proc.token.clone();
        let dst = if ip.host.fs().is_dir(&dst) {
            provider::join_path(&dst, crate::fs::leaf(&src))
        } else {
            dst
        };
        match ip.host.fs().read_file(&src, &token) {
            Ok(bytes) => {
                if ip.host.fs_mut().write_file(&dst, &bytes, &token).is_err() {
                    report(ip, call, file_denied(&dst))?;
                }
            }
            Err(WinError::ACCESS_DENIED) => report(ip, call, file_denied(&src))?,
            Err(_) => report(ip, call, path_not_found(&src))?,
        }
    }
    Ok(Vec::new())
}

/// `Set-Location`.
pub fn set_location(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let p = call
        .string("Path")
        .unwrap_or_else(|| "C:\\Users\\Administrator".into());
    let loc = match resolve(ip, call, &p) {
        Ok(l) => l,
        Err(e) => return Err(ip.throw(call, *e)),
    };
    if !exists(ip, &loc) || !is_container(ip, &loc) {
        return Err(ip.throw(call, path_not_found(&loc.display())));
    }
    let shown = match &loc {
        Loc::Fs(p) => ip
            .host
            .fs()
            .node(p)
            .map(|n| n.path.clone())
            .unwrap_or_else(|| p.clone()),
        other => other.display(),
    };
    ip.state.location = shown;
    Ok(Vec::new())
}

/// `Get-Location`.
pub fn get_location(ip: &mut Interp<'_>, _call: &mut Call) -> R<Vec<Value>> {
    let o = Obj::new("System.Management.Automation.PathInfo")
        .with("Path", Value::str(&ip.state.location));
    Ok(vec![o.into_value()])
}

/// `Push-Location` (the stack is not kept: it moves like Set-Location).
pub fn push_location(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let here = ip.state.location.clone();
    ip.state.modules.retain(|m| !m.starts_with("\u{0}loc:"));
    ip.state.modules.push(format!("\u{0}loc:{here}"));
    set_location(ip, call)
}

/// `Pop-Location`.
pub fn pop_location(ip: &mut Interp<'_>, _call: &mut Call) -> R<Vec<Value>> {
    if let Some(i) = ip
        .state
        .modules
        .iter()
        .rposition(|m| m.starts_with("\u{0}loc:"))
    {
        let loc = ip.state.modules.remove(i);
        ip.state.location = loc.trim_start_matches("\u{0}loc:").to_string();
    }
    Ok(Vec::new())
}

/// `Join-Path`.
pub fn join_path(_ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let child = call.string("ChildPath").unwrap_or_default();
    Ok(call
        .strings("Path")
        .iter()
        .map(|p| Value::str(provider::join_path(p, &child)))
        .collect())
}

/// `Split-Path`.
pub fn split_path(_ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let leaf = call.switch("Leaf");
    Ok(call
        .strings("Path")
        .iter()
        .map(|p| {
            let t = p.trim_end_matches('\\');
            match t.rsplit_once('\\') {
                Some((a, b)) => Value::str(if leaf {
                    b.to_string()
                } else if a.ends_with(':') {
                    format!("{a}\\")
                } else {
                    a.to_string()
                }),
                None => Value::str(if leaf { t } else { "" }),
            }
        })
        .collect())
}

/// `Resolve-Path`.
pub fn resolve_path(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let mut out = Vec::new();
    for p in targets(ip, call) {
        match resolve(ip, call, &p) {
            Ok(loc) if exists(ip, &loc) => out.push(
                Obj::new("System.Management.Automation.PathInfo")
                    .with("Path", Value::str(loc.display()))
                    .into_value(),
            ),
            Ok(loc) => report(ip, call, path_not_found(&loc.display()))?,
            Err(e) => report(ip, call, e)?,
        }
    }
    Ok(out)
}

/// `Get-Content`.
pub fn get_content(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let mut out = Vec::new();
    for p in targets(ip, call) {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        let Loc::Fs(path) = &loc else { continue };
        match ip.host.fs().read_file(path, &ip.proc.token) {
            Ok(bytes) => {
                let text = crate::text::decode_console(&bytes);
                if call.switch("Raw") {
                    out.push(Value::str(text));
                    continue;
                }
                let t = text.replace("\r\n", "\n");
                let t = t.strip_suffix('\n').unwrap_or(&t);
                if !t.is_empty() {
                    out.extend(t.split('\n').map(Value::str));
                }
            }
            Err(WinError::ACCESS_DENIED) => report(ip, call, file_denied(path))?,
            Err(_) => report(ip, call, path_not_found(&loc.display()))?,
        }
    }
    if let Some(n) = call.get("TotalCount").and_then(|v| v.to_i64()) {
        out.truncate(n.max(0) as usize);
    }
    if let Some(n) = call.get("Tail").and_then(|v| v.to_i64()) {
        let n = n.max(0) as usize;
        if out.len() > n {
            out.drain(..out.len() - n);
        }
    }
    Ok(out)
}

fn content_text(call: &Call) -> String {
    let items = match call.get("Value") {
        Some(v) => v.enumerate(),
        None => call.input.clone().unwrap_or_default(),
    };
    items
        .iter()
        .map(|v| format!("{}\r\n", v.to_str()))
        .collect()
}

/// `Set-Content` (ANSI, as Windows PowerShell writes it).
pub fn set_content(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    write_content(ip, call, false)
}

/// `Add-Content`.
pub fn add_content(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    write_content(ip, call, true)
}

fn write_content(ip: &mut Interp<'_>, call: &mut Call, append: bool) -> R<Vec<Value>> {
    let text = content_text(call);
    let bytes: Vec<u8> = text
        .chars()
        .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
        .collect();
    for p in paths(call, "Path") {
        let Some(loc) = resolve_or_report(ip, call, &p)? else {
            continue;
        };
        let Loc::Fs(path) = &loc else { continue };
        let token = ip.proc.token.clone();
        let r = if append && ip.host.fs().exists(path) {
            ip.host.fs_mut().append_file(path, &bytes, &token)
        } else {
            ip.host.fs_mut().write_file(path, &bytes, &token)
        };
        match r {
            Ok(()) => {}
            Err(WinError::ACCESS_DENIED) => report(ip, call, file_denied(path))?,
            Err(_) => report(
                ip,
                call,
                ErrorRecord::new(
                    format!("Could not find a part of the path '{path}'."),
                    "GetContentWriterDirectoryNotFoundError",
                )
                .category("ObjectNotFound", path, "String")
                .exception("System.IO.DirectoryNotFoundException"),
            )?,
        }
    }
    Ok(Vec::new())
}

/// `Out-File` (UTF-16 LE with a BOM, the formatted view).
pub fn out_file(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = match call.get("InputObject") {
        Some(v) => v.enumerate(),
        None => call.input.clone().unwrap_or_default(),
    };
    let text = crate::shell::ps::format::out_string(ip, &items);
    let path = call.string("FilePath").unwrap_or_default();
    let name = call.name.clone();
    super::write_text_file(ip, &path, &text, call.switch("Append"), call.span, &name)?;
    Ok(Vec::new())
}

/// `Get-PSDrive`.
pub fn get_psdrive(_ip: &mut Interp<'_>, _call: &mut Call) -> R<Vec<Value>> {
    Ok(["C", "Cert", "HKCU", "HKLM"]
        .iter()
        .map(|d| {
            let (root, prov) = match *d {
                "C" => ("C:\\", "FileSystem"),
                "Cert" => ("\\", "Certificate"),
                "HKCU" => ("HKEY_CURRENT_USER", "Registry"),
                _ => ("HKEY_LOCAL_MACHINE", "Registry"),
            };
            Obj::new("System.Management.Automation.PSDriveInfo")
                .with("Name", Value::str(*d))
                .with("Provider", Value::str(prov))
                .with("Root", Value::str(root))
                .into_value()
        })
        .collect())
}
