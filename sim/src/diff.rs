//! What differs between two hosts (`Host::diff`), and a host's fingerprint.
//!
//! A change names what an engineer would look at: a registry key or value (`reg query`), a
//! file or folder, a security descriptor's DACL (as SDDL, `D:PAI(...)`) or owner, a
//! certificate in a LocalMachine store (`Cert:\LocalMachine\<store>\<thumbprint>`), a
//! service's `state/start type`. Certificates live in the registry; their store entries are
//! reported as certificates, not as registry keys.
//!
//! The parts are structurally shared maps, so the comparison visits only what a fork did
//! not share with its parent: its cost follows the size of the change, not of the host.

use crate::certs;
use crate::fs::{Node, NodeKind};
use crate::host::Host;
use crate::registry::{RegKey, RegValue};
use crate::security::{SecurityDescriptor, format_acl_sddl, format_sid};
use crate::services::Service;
use crate::store::{Change as Entry, Walk};
use serde::Serialize;
use sha1::{Digest, Sha1};
use std::fmt;

/// What kind of object changed (the names of the JSON contract).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// A registry key (present or not) or value (`REG_DWORD 0x0`).
    Registry,
    /// A file (size and SHA-1 of its content) or a folder (`<DIR>`).
    File,
    /// The DACL of a file, folder or registry key, as SDDL.
    Acl,
    /// The owner of a file, folder or registry key, as an SDDL SID (`SY`, `BA`, `S-1-5-...`).
    Owner,
    /// A certificate in a LocalMachine store.
    Certificate,
    /// A service's `state/start type` (`RUNNING/DEMAND_START`).
    Service,
}

impl ChangeKind {
    /// The lower-case name (`registry`).
    pub fn name(self) -> &'static str {
        match self {
            ChangeKind::Registry => "registry",
            ChangeKind::File => "file",
            ChangeKind::Acl => "acl",
            ChangeKind::Owner => "owner",
            ChangeKind::Certificate => "certificate",
            ChangeKind::Service => "service",
        }
    }
}

/// One difference: what, where, and its text before and after (`None`: absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What kind of object.
    pub kind: ChangeKind,
    /// Where: `HKLM\...\Key`, `HKLM\...\Key /v Name`, `C:\...`, `Cert:\LocalMachine\...`, a
    /// service name.
    pub path: String,
    /// Before, as text; `None` when it did not exist.
    pub before: Option<String>,
    /// After, as text; `None` when it no longer exists.
    pub after: Option<String>,
}

impl Change {
    fn new(kind: ChangeKind, path: String, before: Option<String>, after: Option<String>) -> Self {
        Change {
            kind,
            path,
            before,
            after,
        }
    }
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |s: &Option<String>| s.clone().unwrap_or_else(|| "(none)".to_string());
        write!(
            f,
            "{:<11} {}: {} -> {}",
            self.kind.name(),
            self.path,
            side(&self.before),
            side(&self.after)
        )
    }
}

/// Every change between two hosts, registry first (keys in path order), then certificates,
/// files and folders, services.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Diff {
    changes: Vec<Change>,
}

impl Diff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
    /// The number of changes.
    pub fn len(&self) -> usize {
        self.changes.len()
    }
    /// The changes, in report order.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }
    /// The changes of one kind.
    pub fn of_kind(&self, kind: ChangeKind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }
}

impl fmt::Display for Diff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.changes {
            writeln!(f, "{c}")?;
        }
        Ok(())
    }
}

/// What differs from `before` to `after`.
pub(crate) fn diff(before: &Host, after: &Host, walk: Walk) -> Diff {
    let mut registry = Vec::new();
    let mut certificates = Vec::new();
    for entry in after.registry().changes_since(before.registry(), walk) {
        let (old, new) = sides(entry);
        let path = old.or(new).map(|k| k.path.as_str()).unwrap_or_default();
        match certificate_location(path) {
            Some(location) => {
                let text = |k: Option<&RegKey>| k.and_then(certificate_text);
                if text(old) != text(new) {
                    certificates.push(Change::new(
                        ChangeKind::Certificate,
                        location,
                        text(old),
                        text(new),
                    ));
                }
            }
            None => registry_changes(old, new, &mut registry),
        }
    }
    let mut files = Vec::new();
    for entry in after.fs().changes_since(before.fs(), walk) {
        let (old, new) = sides(entry);
        file_changes(old, new, &mut files);
    }
    let mut services = Vec::new();
    for entry in after.services().changes_since(before.services(), walk) {
        let (old, new) = sides(entry);
        let text = |s: Option<&Service>| s.map(service_text);
        if text(old) != text(new) {
            let name = old.or(new).map(|s| s.name.clone()).unwrap_or_default();
            services.push(Change::new(ChangeKind::Service, name, text(old), text(new)));
        }
    }
    let mut changes = registry;
    changes.append(&mut certificates);
    changes.append(&mut files);
    changes.append(&mut services);
    Diff { changes }
}

fn sides<V>(entry: Entry<'_, V>) -> (Option<&V>, Option<&V>) {
    match entry {
        Entry::Added(v) => (None, Some(v)),
        Entry::Changed(a, b) => (Some(a), Some(b)),
        Entry::Removed(v) => (Some(v), None),
    }
}

/// `HKLM\...`: the short root as reg.exe users write it.
fn short_key(path: &str) -> String {
    for (long, short) in [
        ("HKEY_LOCAL_MACHINE", "HKLM"),
        ("HKEY_USERS", "HKU"),
        ("HKEY_CURRENT_USER", "HKCU"),
    ] {
        if let Some(rest) = path.strip_prefix(long) {
            return format!("{short}{rest}");
        }
    }
    path.to_string()
}

fn value_text(v: &RegValue) -> String {
    format!("{} {}", v.type_name(), v.data_text())
}

fn value_path(key: &str, name: &str) -> String {
    if name.is_empty() {
        format!("{key} /ve")
    } else {
        format!("{key} /v {name}")
    }
}

fn registry_changes(old: Option<&RegKey>, new: Option<&RegKey>, out: &mut Vec<Change>) {
    let Some(key) = old.or(new) else {
        return;
    };
    let path = short_key(&key.path);
    let present = |k: Option<&RegKey>| k.map(|_| "(key)".to_string());
    if old.is_none() || new.is_none() {
        out.push(Change::new(
            ChangeKind::Registry,
            path.clone(),
            present(old),
            present(new),
        ));
    }
    let value = |k: Option<&RegKey>, folded: &str| {
        k.and_then(|k| k.values.get(folded))
            .map(|(_, v)| value_text(v))
    };
    let names = old
        .into_iter()
        .chain(new)
        .flat_map(|k| k.values.iter().map(|(folded, (name, _))| (folded, name)));
    let mut seen: Vec<&str> = Vec::new();
    for (folded, name) in names {
        if seen.contains(&folded.as_str()) {
            continue;
        }
        seen.push(folded);
        let (a, b) = (value(old, folded), value(new, folded));
        if a != b {
            out.push(Change::new(
                ChangeKind::Registry,
                value_path(&path, name),
                a,
                b,
            ));
        }
    }
    if let (Some(a), Some(b)) = (old, new) {
        security_changes(&path, &a.sd, &b.sd, out);
    }
}

fn file_changes(old: Option<&Node>, new: Option<&Node>, out: &mut Vec<Change>) {
    let Some(node) = old.or(new) else {
        return;
    };
    let text = |n: Option<&Node>| n.map(content_text);
    if text(old) != text(new) {
        out.push(Change::new(
            ChangeKind::File,
            node.path.clone(),
            text(old),
            text(new),
        ));
    }
    if let (Some(a), Some(b)) = (old, new) {
        security_changes(&node.path, &a.sd, &b.sd, out);
    }
}

fn content_text(node: &Node) -> String {
    match &node.kind {
        NodeKind::Dir => "<DIR>".to_string(),
        NodeKind::File(bytes) => {
            let digest = Sha1::digest(bytes);
            let short: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
            format!("{} bytes, SHA-1 {short}...", bytes.len())
        }
    }
}

/// DACL and owner changes of an object that exists on both sides.
fn security_changes(
    path: &str,
    old: &SecurityDescriptor,
    new: &SecurityDescriptor,
    out: &mut Vec<Change>,
) {
    let (a, b) = (format_acl_sddl(old), format_acl_sddl(new));
    if a != b {
        out.push(Change::new(
            ChangeKind::Acl,
            path.to_string(),
            Some(a),
            Some(b),
        ));
    }
    if old.owner != new.owner {
        let owner = |sd: &SecurityDescriptor| sd.owner.as_ref().map(format_sid);
        out.push(Change::new(
            ChangeKind::Owner,
            path.to_string(),
            owner(old),
            owner(new),
        ));
    }
}

/// `Cert:\LocalMachine\<store>\<thumbprint>` for a store entry's key
/// (`HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates\<store>\Certificates\<thumbprint>`).
fn certificate_location(key_path: &str) -> Option<String> {
    const STORES: &str = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\";
    let head = key_path.get(..STORES.len())?;
    if !head.eq_ignore_ascii_case(STORES) {
        return None;
    }
    let parts: Vec<&str> = key_path[STORES.len()..].split('\\').collect();
    match parts.as_slice() {
        [store, certificates, thumbprint] if certificates.eq_ignore_ascii_case("Certificates") => {
            Some(format!(
                "Cert:\\LocalMachine\\{store}\\{}",
                thumbprint.to_uppercase()
            ))
        }
        _ => None,
    }
}

/// `CN=RDS01, valid 2026-11-01 to 2027-05-03` (or the raw state of an entry without a
/// readable certificate).
fn certificate_text(key: &RegKey) -> Option<String> {
    let blob = match key.values.get("BLOB") {
        Some((_, RegValue::Binary(b))) => b,
        _ => return Some("(unreadable entry)".to_string()),
    };
    Some(match certs::parse_blob(blob) {
        Some(c) => format!(
            "{}, valid {} to {}",
            c.subject,
            date(c.not_before),
            date(c.not_after)
        ),
        None => "(unreadable entry)".to_string(),
    })
}

fn date(t: crate::clock::FileTime) -> String {
    t.to_system_time_string().chars().take(10).collect()
}

fn service_text(s: &Service) -> String {
    let state = match s.state {
        crate::services::ServiceState::Stopped => "STOPPED",
        crate::services::ServiceState::StartPending => "START_PENDING",
        crate::services::ServiceState::StopPending => "STOP_PENDING",
        crate::services::ServiceState::Running => "RUNNING",
    };
    format!("{state}/{}", s.start_type.sc_name())
}

/// A host's identity: the SHA-1 of its configuration (name, OS, roles, registry,
/// filesystem, services and the RDP stack's own state). The clock and the event logs are not
/// part of it: two hosts that differ only by history are in the same state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub [u8; 20]);

impl fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// Feeds `Debug` text straight into SHA-1, without building strings.
struct Sha1Writer(Sha1);

impl fmt::Write for Sha1Writer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

pub(crate) fn fingerprint(host: &Host) -> Fingerprint {
    use fmt::Write;
    let mut w = Sha1Writer(Sha1::new());
    let _ = write!(
        w,
        "{:?}|{:?}|{:?}|{:?}",
        host.name(),
        host.os(),
        host.roles(),
        host.rdp()
    );
    for k in host.registry().iter() {
        let _ = write!(w, "|{k:?}");
    }
    for n in host.fs().iter() {
        let _ = write!(w, "|{n:?}");
    }
    for s in host.services().iter() {
        let _ = write!(w, "|{s:?}");
    }
    Fingerprint(w.0.finalize().into())
}

#[cfg(test)]
mod tests;

/// An ACL as `Host::diff` writes it (`D:PAI(A;;FA;;;SY)...`, or a whole SDDL descriptor) in
/// icacls' words, one entry per line (`NT AUTHORITY\SYSTEM:(F)`), names resolved on `host`.
/// `None` if the text is not SDDL.
pub fn acl_lines(host: &Host, sddl: &str) -> Option<Vec<String>> {
    let sd = crate::security::parse_sddl(sddl).ok()?;
    Some(
        sd.dacl
            .iter()
            .flatten()
            .map(|ace| {
                let name = host.principals().display_name(&ace.sid);
                crate::commands::icacls::rights::format_ace(&name, ace)
            })
            .collect(),
    )
}
