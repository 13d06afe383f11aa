//! The providers: FileSystem (`C:\`), Registry (`HKLM:\`, `HKCU:\`, `Registry::HKEY_...`)
//! and Certificate (`Cert:\LocalMachine\My`). A path is resolved against the current
//! location; items become the objects PowerShell returns (with `PSPath`, `PSParentPath`,
//! `PSChildName`, `PSDrive`, `PSProvider`). Every read and write goes through the state's
//! access-checked operations.

use super::value::{Native, Obj, Value};
use crate::certs::Certificate;
use crate::registry::RegValue;

/// Provider names as `PSProvider` shows them.
pub const FS: &str = "Microsoft.PowerShell.Core\\FileSystem";
/// The registry provider.
pub const REG: &str = "Microsoft.PowerShell.Core\\Registry";
/// The certificate provider.
pub const CERT: &str = "Microsoft.PowerShell.Security\\Certificate";

/// A resolved path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loc {
    /// A file or folder: the absolute path.
    Fs(String),
    /// A registry key: the native path (`HKEY_LOCAL_MACHINE\SOFTWARE`, case as typed) and
    /// the drive it was reached by (`HKLM`), if any.
    Reg(String, Option<String>),
    /// `Cert:\` (none), a location (`LocalMachine`), a store, a certificate.
    Cert(Vec<String>),
}

impl Loc {
    /// The path as the location shows it (`C:\x`, `HKLM:\SOFTWARE`, `Cert:\LocalMachine`).
    pub fn display(&self) -> String {
        match self {
            Loc::Fs(p) => p.clone(),
            Loc::Reg(native, Some(drive)) => {
                let rest = native.split_once('\\').map(|(_, r)| r).unwrap_or("");
                format!("{drive}:\\{rest}")
            }
            Loc::Reg(native, None) => format!("{REG}::{native}"),
            Loc::Cert(parts) => format!("Cert:\\{}", parts.join("\\")),
        }
    }
    /// `PSPath`.
    pub fn ps_path(&self) -> String {
        match self {
            Loc::Fs(p) => format!("{FS}::{p}"),
            Loc::Reg(native, _) => format!("{REG}::{native}"),
            Loc::Cert(parts) => format!("{CERT}::{}", parts.join("\\")),
        }
    }
    /// The provider's name.
    pub fn provider(&self) -> &'static str {
        match self {
            Loc::Fs(_) => FS,
            Loc::Reg(..) => REG,
            Loc::Cert(_) => CERT,
        }
    }
    /// The drive name (`C`, `HKLM`, `Cert`).
    pub fn drive(&self) -> String {
        match self {
            Loc::Fs(p) => p
                .chars()
                .next()
                .map(|c| c.to_ascii_uppercase().to_string())
                .unwrap_or_default(),
            Loc::Reg(native, d) => d.clone().unwrap_or_else(|| short_root(native).to_string()),
            Loc::Cert(_) => "Cert".into(),
        }
    }
    /// The parent, if any.
    pub fn parent(&self) -> Option<Loc> {
        match self {
            Loc::Fs(p) => crate::fs::parent(p).map(|x| Loc::Fs(x.to_string())),
            Loc::Reg(native, d) => native
                .rsplit_once('\\')
                .map(|(p, _)| Loc::Reg(p.to_string(), d.clone())),
            Loc::Cert(parts) if !parts.is_empty() => {
                Some(Loc::Cert(parts[..parts.len() - 1].to_vec()))
            }
            Loc::Cert(_) => None,
        }
    }
    /// The last component.
    pub fn leaf(&self) -> String {
        match self {
            Loc::Fs(p) => crate::fs::leaf(p).to_string(),
            Loc::Reg(native, _) => native.rsplit('\\').next().unwrap_or(native).to_string(),
            Loc::Cert(parts) => parts.last().cloned().unwrap_or_default(),
        }
    }
    /// A child.
    pub fn child(&self, name: &str) -> Loc {
        match self {
            Loc::Fs(p) => Loc::Fs(join_path(p, name)),
            Loc::Reg(native, d) => Loc::Reg(format!("{native}\\{name}"), d.clone()),
            Loc::Cert(parts) => {
                let mut v = parts.clone();
                v.push(name.to_string());
                Loc::Cert(v)
            }
        }
    }
}

fn short_root(native: &str) -> &'static str {
    let root = native.split('\\').next().unwrap_or("").to_ascii_uppercase();
    match root.as_str() {
        "HKEY_LOCAL_MACHINE" => "HKLM",
        "HKEY_CURRENT_USER" => "HKCU",
        "HKEY_USERS" => "HKU",
        "HKEY_CLASSES_ROOT" => "HKCR",
        _ => "",
    }
}

/// The filesystem folder of a location, `None` for the registry and certificate drives.
pub fn filesystem_location(location: &str) -> Option<String> {
    match resolve("C:\\", location)? {
        Loc::Fs(p) => Some(p),
        _ => None,
    }
}

/// `Join-Path a b`: one backslash between them.
pub fn join_path(a: &str, b: &str) -> String {
    let a = a.trim_end_matches(['\\', '/']);
    let b = b.trim_start_matches(['\\', '/']);
    if a.is_empty() {
        return b.to_string();
    }
    if a.ends_with(':') {
        return format!("{a}\\{b}");
    }
    format!("{a}\\{b}")
}

fn clean(parts: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in parts {
        match p.as_str() {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            _ => out.push(p),
        }
    }
    out
}

fn split(rest: &str) -> Vec<String> {
    rest.split(['\\', '/']).map(|s| s.to_string()).collect()
}

fn reg_root(name: &str) -> Option<(&'static str, Option<&'static str>)> {
    Some(match name.to_ascii_uppercase().as_str() {
        "HKLM" | "HKEY_LOCAL_MACHINE" => ("HKEY_LOCAL_MACHINE", Some("HKLM")),
        "HKCU" | "HKEY_CURRENT_USER" => ("HKEY_CURRENT_USER", Some("HKCU")),
        "HKU" | "HKEY_USERS" => ("HKEY_USERS", None),
        "HKCR" | "HKEY_CLASSES_ROOT" => ("HKEY_CLASSES_ROOT", None),
        "HKCC" | "HKEY_CURRENT_CONFIG" => ("HKEY_CURRENT_CONFIG", None),
        _ => return None,
    })
}

fn reg_loc(root: &str, parts: Vec<String>, drive: Option<&str>) -> Option<Loc> {
    let (full, default_drive) = reg_root(root)?;
    let parts = clean(parts);
    let native = if parts.is_empty() {
        full.to_string()
    } else {
        format!("{full}\\{}", parts.join("\\"))
    };
    Some(Loc::Reg(
        native,
        drive
            .map(str::to_string)
            .or(default_drive.map(str::to_string))
            .filter(|_| drive.is_some()),
    ))
}

/// Resolves `path` against `location` (any provider form); `None` for a drive that does
/// not exist here.
pub fn resolve(location: &str, path: &str) -> Option<Loc> {
    let path = path.trim();
    if let Some((prefix, rest)) = path.split_once("::") {
        let provider = prefix
            .rsplit('\\')
            .next()
            .unwrap_or(prefix)
            .to_ascii_lowercase();
        let rest = rest.trim_start_matches('\\');
        return match provider.as_str() {
            "registry" => {
                let mut parts = split(rest);
                let root = parts.remove(0);
                reg_loc(&root, parts, None)
            }
            "filesystem" => crate::fs::normalize(rest, "C:\\").ok().map(Loc::Fs),
            "certificate" => Some(Loc::Cert(clean(split(rest)))),
            _ => None,
        };
    }
    if let Some(colon) = path.find(':') {
        let drive = &path[..colon];
        let after = &path[colon + 1..];
        let drive_like = !drive.is_empty()
            && drive.chars().all(|c| c.is_ascii_alphanumeric())
            && (after.is_empty() || after.starts_with(['\\', '/']));
        if drive_like {
            let rest = after.trim_start_matches(['\\', '/']);
            let upper = drive.to_ascii_uppercase();
            return match upper.as_str() {
                "HKLM" | "HKCU" => reg_loc(&upper, split(rest), Some(&upper)),
                "CERT" => Some(Loc::Cert(clean(split(rest)))),
                d if d.len() == 1 => crate::fs::normalize(&format!("{d}:\\{rest}"), "C:\\")
                    .ok()
                    .map(Loc::Fs),
                _ => None,
            };
        }
        if drive.len() == 1 && drive.chars().all(|c| c.is_ascii_alphabetic()) {
            // `C:relative` is relative to the drive's location; treat as the root.
            return crate::fs::normalize(&format!("{drive}:\\{after}"), "C:\\")
                .ok()
                .map(Loc::Fs);
        }
    }
    let base = resolve_base(location)?;
    if path.starts_with(['\\', '/']) {
        return match base {
            Loc::Fs(_) => crate::fs::normalize(path, "C:\\").ok().map(Loc::Fs),
            Loc::Reg(native, d) => {
                let root = native.split('\\').next().unwrap_or("").to_string();
                reg_loc(&root, split(path), d.as_deref())
            }
            Loc::Cert(_) => Some(Loc::Cert(clean(split(path)))),
        };
    }
    match base {
        Loc::Fs(cwd) => crate::fs::normalize(path, &cwd).ok().map(Loc::Fs),
        Loc::Reg(native, d) => {
            let mut parts = split(&native);
            let root = parts.remove(0);
            parts.extend(split(path));
            reg_loc(&root, parts, d.as_deref())
        }
        Loc::Cert(mut parts) => {
            parts.extend(split(path));
            Some(Loc::Cert(clean(parts)))
        }
    }
}

fn resolve_base(location: &str) -> Option<Loc> {
    if location.contains("::") || location.contains(':') {
        resolve("C:\\", location)
    } else {
        Some(Loc::Fs("C:\\".into()))
    }
}

/// A registry value as PowerShell reads it (REG_EXPAND_SZ expanded).
pub fn reg_value(v: &RegValue, env: &crate::process::env::Env) -> Value {
    match v {
        RegValue::Sz(s) => Value::str(s),
        RegValue::ExpandSz(s) => Value::str(crate::process::env::expand(s, false, |n| {
            env.get(n).map(str::to_string)
        })),
        RegValue::MultiSz(items) => Value::array(items.iter().map(Value::str).collect()),
        RegValue::Dword(d) => Value::Int(*d as i32 as i64),
        RegValue::Qword(q) => Value::Int(*q as i64),
        RegValue::Binary(b) | RegValue::None(b) => {
            Value::array(b.iter().map(|x| Value::Int(*x as i64)).collect())
        }
    }
}

/// Adds the five `PS*` properties of an item at `loc`.
pub fn ps_props(mut o: Obj, loc: &Loc) -> Obj {
    o.set("PSPath", Value::str(loc.ps_path()));
    o.set(
        "PSParentPath",
        loc.parent()
            .map(|p| Value::str(p.ps_path()))
            .unwrap_or(Value::str("")),
    );
    o.set("PSChildName", Value::str(loc.leaf()));
    o.set("PSDrive", Value::str(loc.drive()));
    o.set("PSProvider", Value::str(loc.provider()));
    o
}

/// A registry key as `Get-Item` returns it.
pub fn key_item(host: &crate::host::Host, loc: &Loc) -> Value {
    let Loc::Reg(native, _) = loc else {
        return Value::Null;
    };
    let key = host.registry().key(native);
    let names: Vec<Value> = key
        .map(|k| k.values.values().map(|(n, _)| Value::str(n)).collect())
        .unwrap_or_default();
    let subkeys = host.registry().subkeys(native).len();
    let mut o = Obj::new("Microsoft.Win32.RegistryKey");
    o = ps_props(o, loc);
    o.set("PSIsContainer", Value::Bool(true));
    o.set("Property", Value::array(names.clone()));
    o.set("Name", Value::str(native));
    o.set("SubKeyCount", Value::Int(subkeys as i64));
    o.set("ValueCount", Value::Int(names.len() as i64));
    o.set("View", Value::str("Default"));
    o.native = Native::RegKey(native.clone());
    o.into_value()
}

/// A certificate as the Cert: drive returns it.
pub fn cert_item(loc: &Loc, cert: &Certificate) -> Value {
    let mut o = Obj::new("System.Security.Cryptography.X509Certificates.X509Certificate2");
    o = ps_props(o, loc);
    let thumbprint = match loc {
        Loc::Cert(parts) if parts.len() == 3 => parts[2].to_ascii_uppercase(),
        _ => cert.thumbprint_hex(),
    };
    o.set("PSIsContainer", Value::Bool(false));
    o.set("Thumbprint", Value::str(&thumbprint));
    o.set("Subject", Value::str(&cert.subject));
    o.set("Issuer", Value::str(&cert.issuer));
    o.set("NotBefore", Value::Date(cert.not_before));
    o.set("NotAfter", Value::Date(cert.not_after));
    o.set("FriendlyName", Value::str(""));
    o.set("HasPrivateKey", Value::Bool(cert.key.is_some()));
    o.set("Version", Value::Int(3));
    o.set("Extensions", Value::array(vec![]));
    o.set(
        "DnsNameList",
        Value::array(vec![Value::str(cert.subject.trim_start_matches("CN="))]),
    );
    let store = match loc {
        Loc::Cert(parts) => parts.get(1).cloned().unwrap_or_default(),
        _ => String::new(),
    };
    o.native = Native::Cert(store, thumbprint);
    o.into_value()
}

/// The serial number as `SerialNumber` shows it (upper-case hex), read when asked for.
pub fn serial_hex(der: &[u8]) -> String {
    use x509_parser::prelude::{FromDer, X509Certificate};
    X509Certificate::from_der(der)
        .map(|(_, c)| c.raw_serial().iter().map(|b| format!("{b:02X}")).collect())
        .unwrap_or_default()
}

/// A file or folder as `Get-Item` returns it.
pub fn file_item(host: &crate::host::Host, path: &str) -> Value {
    let loc = Loc::Fs(path.to_string());
    let node = host.fs().node(path);
    let is_dir = node.is_some_and(|n| n.is_dir());
    let len = match node.map(|n| &n.kind) {
        Some(crate::fs::NodeKind::File(b)) => b.len() as i64,
        _ => 0,
    };
    let name = node
        .map(|n| crate::fs::leaf(&n.path).to_string())
        .unwrap_or_else(|| loc.leaf());
    let full = node
        .map(|n| n.path.clone())
        .unwrap_or_else(|| path.to_string());
    let mut o = Obj::new(if is_dir {
        "System.IO.DirectoryInfo"
    } else {
        "System.IO.FileInfo"
    });
    o = ps_props(o, &Loc::Fs(full.clone()));
    o.set("PSIsContainer", Value::Bool(is_dir));
    o.set("Mode", Value::str(if is_dir { "d-----" } else { "-a----" }));
    o.set("Name", Value::str(&name));
    o.set("FullName", Value::str(&full));
    let ext = if is_dir {
        String::new()
    } else {
        name.rfind('.')
            .map(|i| name[i..].to_string())
            .unwrap_or_default()
    };
    o.set("Extension", Value::str(&ext));
    o.set(
        "BaseName",
        Value::str(name.strip_suffix(ext.as_str()).unwrap_or(&name)),
    );
    if !is_dir {
        o.set("Length", Value::Int(len));
        o.set(
            "DirectoryName",
            Value::str(crate::fs::parent(&full).unwrap_or("")),
        );
    }
    o.set("Exists", Value::Bool(node.is_some()));
    let now = host.now();
    o.set("CreationTime", Value::Date(now));
    o.set("LastWriteTime", Value::Date(now));
    o.set("LastAccessTime", Value::Date(now));
    o.set(
        "Attributes",
        Value::str(if is_dir { "Directory" } else { "Archive" }),
    );
    o.native = Native::File(full);
    o.into_value()
}
