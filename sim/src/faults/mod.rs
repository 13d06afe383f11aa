//! The fault catalog: each fault is a state change; the host's behaviour then logs what
//! Windows logs (DESIGN.md "The article as a causal model").
//!
//! - `mod.rs`     `Fault` (a form and an age), `parse`, `inject` (apply, reboot, connect, age).
//! - `catalog.rs` one entry per fault: id, summary, typed forms, signature, repair.
//! - `apply.rs`   the state change of each form (never an event).
//! - `repair.rs`  putting an aged fault's state back before the clock moves on.
//! - `scope.rs`   what a repair may touch and give, as patterns over `Host::diff`'s paths.

mod apply;
mod catalog;
mod repair;
pub mod scope;
#[cfg(test)]
mod tests;

pub use catalog::{
    AclScope, Damage, DenyRights, DenyTarget, Entry, FaultId, Form, OnOs, Repair, Shows,
    SignatureEvent, StaleThumbprint, Tls10Setting,
};

use crate::error::InputError;
use crate::host::Host;
use crate::os::Os;
use crate::rdp::Client;
use std::time::Duration;

/// A fault from the catalog in one of its forms, with an optional age.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fault {
    /// Which fault, in which form.
    pub form: Form,
    /// How long ago it happened and was fixed (`@48h`); `None` = now, still present.
    pub age_secs: Option<u64>,
}

impl Fault {
    /// The fault `id` in its default form, present now.
    pub fn new(id: FaultId) -> Fault {
        Fault::from(id.entry().forms[0])
    }
    /// The fault in this form, present now.
    pub fn from_form(form: Form) -> Fault {
        Fault {
            form,
            age_secs: None,
        }
    }
    /// Which fault this is.
    pub fn id(&self) -> FaultId {
        self.form.id()
    }
    /// The same fault, happened `secs` ago and fixed since.
    pub fn aged(mut self, secs: u64) -> Fault {
        self.age_secs = Some(secs);
        self
    }
    /// Every fault in every form, in catalog order.
    pub fn every_form() -> impl Iterator<Item = Fault> {
        FaultId::ALL
            .into_iter()
            .flat_map(|id| id.entry().forms.iter().copied().map(Fault::from_form))
    }
}

impl From<Form> for Fault {
    fn from(form: Form) -> Fault {
        Fault::from_form(form)
    }
}

impl From<FaultId> for Fault {
    fn from(id: FaultId) -> Fault {
        Fault::new(id)
    }
}

impl std::fmt::Display for Fault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.form.spec())?;
        if let Some(age) = self.age_secs {
            write!(f, "@{age}s")?;
        }
        Ok(())
    }
}

impl std::str::FromStr for Fault {
    type Err = InputError;
    fn from_str(spec: &str) -> Result<Fault, InputError> {
        parse(spec)
    }
}

/// The catalog, in DESIGN order.
pub fn catalog() -> impl Iterator<Item = &'static Entry> {
    FaultId::ALL.into_iter().map(FaultId::entry)
}

/// Where a fault spec comes from, for error messages.
const SPEC_FILE: &str = "--fault";

fn valid_faults() -> String {
    catalog().map(|e| e.name).collect::<Vec<_>>().join(", ")
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
    let entry = FaultId::parse(id)
        .ok_or_else(|| err(format!("unknown fault \"{id}\"")))?
        .entry();
    let mut fault = Fault::new(entry.id);
    if let Some(v) = variant {
        fault.form = entry
            .forms
            .iter()
            .copied()
            .find(|f| f.variant_name().eq_ignore_ascii_case(v))
            .ok_or_else(|| {
                let known: Vec<&str> = entry.forms.iter().map(|f| f.variant_name()).collect();
                err(format!(
                    "unknown variant \"{v}\" of fault \"{}\" (its variants: {})",
                    entry.name,
                    known.join(", ")
                ))
            })?;
    }
    if let Some(a) = age {
        let secs = parse_age(a).ok_or_else(|| {
            err(format!(
                "malformed age \"@{a}\" in \"{spec}\": expected a number and a unit s, m, h or d (as in @48h)"
            ))
        })?;
        if secs > MAX_AGE_SECS {
            return Err(err(format!(
                "age \"@{a}\" in \"{spec}\" is out of range: an age runs from @0s to @36500d (100 years)"
            )));
        }
        fault.age_secs = Some(secs);
    }
    Ok(fault)
}

/// The longest age a fault may have: 100 years (a host's clock stays within the years its
/// events can be dated in; see `FileTime::LATEST_HOST`).
pub const MAX_AGE_SECS: u64 = 36_500 * 86_400;

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
    // Only an aged fault needs the host as it was, to put the fault's objects back.
    let before = fault.age_secs.map(|_| host.fork());
    apply::apply(host, fault.form);
    host.reboot();
    host.advance(Duration::from_secs(60));
    let _ = host.rdp_connect(client_for(host.os(), fault));
    if let (Some(age), Some(before)) = (fault.age_secs, before) {
        repair::repair(host, &before, fault);
        host.reboot();
        host.advance(Duration::from_secs(age));
    }
}

/// The client whose attempt shows the fault.
pub fn client_for(os: Os, fault: &Fault) -> Client {
    match fault.id().entry().shows {
        Shows::Tls10OnlyClients if os != Os::Server2008R2 => Client::Legacy,
        Shows::Tls10OnlyClients | Shows::AnyClient => Client::Modern,
    }
}
