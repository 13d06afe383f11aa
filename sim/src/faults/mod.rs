//! The fault catalog: each fault is a state change; the host's behaviour then logs what
//! Windows logs (DESIGN.md "The article as a causal model").
//!
//! - `mod.rs`    the catalog, `Fault` and its variants, `parse`, `inject` (apply, run, age).
//! - `apply.rs`  the state change of each fault (never an event).
//! - `repair.rs` putting an aged fault's state back before the clock moves on.

mod apply;
mod repair;
#[cfg(test)]
mod tests;

use crate::error::InputError;
use crate::host::Host;
use crate::os::Os;
use crate::rdp::Client;
use std::time::Duration;

/// A fault from the catalog, with its variant parameters and optional age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The catalog id (`machinekeys-acl`).
    pub id: String,
    /// How long ago it happened and was fixed (`@48h`); `None` = now, still present.
    pub age_secs: Option<u64>,
    /// Which form of the fault (`Variant::Default` unless a property test draws another).
    pub variant: Variant,
}

impl Fault {
    /// The fault `id` in its default form, present now.
    pub fn new(id: &str) -> Fault {
        Fault {
            id: id.to_string(),
            age_secs: None,
            variant: Variant::Default,
        }
    }
    /// The same fault in another form.
    pub fn with_variant(mut self, variant: Variant) -> Fault {
        self.variant = variant;
        self
    }
    /// The same fault, happened `secs` ago and fixed since.
    pub fn aged(mut self, secs: u64) -> Fault {
        self.age_secs = Some(secs);
        self
    }
}

/// The forms a fault can take (which principal loses access, folder or file, ...). Each
/// fault accepts `Default` and the variants `variants(id)` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Variant {
    /// The fault as DESIGN.md describes it.
    #[default]
    Default,
    /// `machinekeys-acl`: only the container loses its NETWORK SERVICE entry; the folder keeps
    /// its default ACL (the default form hardens folder and container alike, as a recursive
    /// `icacls` does, which is how the article's scenario usually arises).
    ContainerOnly,
    /// `machinekeys-deny-ace`: the Deny covers full control instead of read.
    DenyFullControl,
    /// `certstore-deny`: the Deny sits on the store's `Certificates` subkey only.
    CertificatesSubkey,
    /// `rsa-key-corrupt`: random bytes instead of a damaged key file.
    Garbage,
    /// `ssl-thumbprint-mismatch`: the value names the self-signed `Remote Desktop`
    /// certificate, which is not in LocalMachine\My.
    SelfSignedThumbprint,
    /// `tls10-disabled`: `Enabled=0` only, without `DisabledByDefault`.
    EnabledOnly,
}

impl Variant {
    /// The name used after `:` in a fault spec (`machinekeys-acl:container-only`).
    pub fn name(self) -> &'static str {
        match self {
            Variant::Default => "default",
            Variant::ContainerOnly => "container-only",
            Variant::DenyFullControl => "deny-full-control",
            Variant::CertificatesSubkey => "certificates-subkey",
            Variant::Garbage => "garbage",
            Variant::SelfSignedThumbprint => "self-signed-thumbprint",
            Variant::EnabledOnly => "enabled-only",
        }
    }
}

/// One catalog entry: id and one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The fault id.
    pub id: &'static str,
    /// One line: what is wrong.
    pub summary: &'static str,
}

const CATALOG: &[CatalogEntry] = &[
    CatalogEntry {
        id: "machinekeys-acl",
        summary: "MachineKeys hardened to SYSTEM and Administrators: the listener's key container f686aace* no longer lets NETWORK SERVICE read it",
    },
    CatalogEntry {
        id: "certstore-deny",
        summary: "SYSTEM is denied writing the Remote Desktop certificate store, and the certificate has expired",
    },
    CatalogEntry {
        id: "machinekeys-deny-ace",
        summary: "an explicit Deny ACE for NETWORK SERVICE sits on the listener's key container",
    },
    CatalogEntry {
        id: "rsa-key-missing",
        summary: "the key file of the Remote Desktop certificate is gone; the certificate is still there",
    },
    CatalogEntry {
        id: "rsa-key-corrupt",
        summary: "the key file of the Remote Desktop certificate is there but unreadable",
    },
    CatalogEntry {
        id: "ssl-thumbprint-mismatch",
        summary: "RDP-Tcp SSLCertificateSHA1Hash names no certificate in LocalMachine\\My",
    },
    CatalogEntry {
        id: "tls10-disabled",
        summary: "SCHANNEL TLS 1.0 Server is disabled (Enabled=0)",
    },
    CatalogEntry {
        id: "broker-renamed",
        summary: "the RD Connection Broker host was renamed after the farm was built",
    },
];

/// The catalog, in DESIGN order.
pub fn catalog() -> &'static [CatalogEntry] {
    CATALOG
}

/// The variants (besides `Default`) that fault `id` accepts.
pub fn variants(id: &str) -> &'static [Variant] {
    match id {
        "machinekeys-acl" => &[Variant::ContainerOnly],
        "machinekeys-deny-ace" => &[Variant::DenyFullControl],
        "certstore-deny" => &[Variant::CertificatesSubkey],
        "rsa-key-corrupt" => &[Variant::Garbage],
        "ssl-thumbprint-mismatch" => &[Variant::SelfSignedThumbprint],
        "tls10-disabled" => &[Variant::EnabledOnly],
        _ => &[],
    }
}

/// Where a fault spec comes from, for error messages.
const SPEC_FILE: &str = "--fault";

fn valid_faults() -> String {
    CATALOG.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
}

/// Parses `rsa-key-missing`, `rsa-key-missing@48h` (ages in `s`, `m`, `h` or `d`), and
/// optionally a variant, `machinekeys-acl:container-only@2d`. Errors name the valid faults.
pub fn parse(spec: &str) -> Result<Fault, InputError> {
    let err = |what: String| {
        InputError::new(
            SPEC_FILE,
            0,
            format!("{what}; valid faults: {}", valid_faults()),
        )
    };
    let spec = spec.trim();
    let (head, age) = match spec.split_once('@') {
        Some((h, a)) => (h, Some(a)),
        None => (spec, None),
    };
    let (id, variant) = match head.split_once(':') {
        Some((i, v)) => (i.trim(), Some(v.trim())),
        None => (head.trim(), None),
    };
    let entry = CATALOG
        .iter()
        .find(|e| e.id.eq_ignore_ascii_case(id))
        .ok_or_else(|| err(format!("unknown fault \"{id}\"")))?;
    let mut fault = Fault::new(entry.id);
    if let Some(v) = variant {
        fault.variant = std::iter::once(Variant::Default)
            .chain(variants(entry.id).iter().copied())
            .find(|x| x.name().eq_ignore_ascii_case(v))
            .ok_or_else(|| err(format!("unknown variant \"{v}\" of fault \"{}\"", entry.id)))?;
    }
    if let Some(a) = age {
        let secs = parse_age(a).ok_or_else(|| {
            err(format!(
                "malformed age \"@{a}\" in \"{spec}\": expected a number and a unit s, m, h or d (as in @48h)"
            ))
        })?;
        fault.age_secs = Some(secs);
    }
    Ok(fault)
}

/// `48h` -> 172800; `90m`, `2d`, `30s`.
fn parse_age(text: &str) -> Option<u64> {
    let text = text.trim();
    let unit = text.chars().last()?;
    let digits = &text[..text.len() - unit.len_utf8()];
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u64 = digits.parse().ok()?;
    let scale = match unit.to_ascii_lowercase() {
        's' => 1,
        'm' => 60,
        'h' => 3600,
        'd' => 86_400,
        _ => return None,
    };
    n.checked_mul(scale)
}

/// Injects the fault, then the host runs on: it reboots (services come up as at boot and
/// run their behaviours), a minute passes, and one client tries to connect (a legacy client
/// for `tls10-disabled` where only such clients fail). An aged fault is then repaired, the
/// host reboots again and the clock moves on by its age, so only old events remain. Events
/// come only from the host's behaviour.
pub fn inject(host: &mut Host, fault: &Fault) {
    let before = host.fork();
    apply::apply(host, fault);
    host.reboot();
    host.advance(Duration::from_secs(60));
    let _ = host.rdp_connect(client_for(host.os(), fault));
    if let Some(age) = fault.age_secs {
        repair::repair(host, &before, fault);
        host.reboot();
        host.advance(Duration::from_secs(age));
    }
}

/// The client whose attempt shows the fault.
pub fn client_for(os: Os, fault: &Fault) -> Client {
    if fault.id == "tls10-disabled" && os != Os::Server2008R2 {
        Client::Legacy
    } else {
        Client::Modern
    }
}
