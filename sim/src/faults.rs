//! The fault catalog: each fault is a state change; the host's behaviour then logs what
//! Windows logs.

use crate::error::InputError;
use crate::host::Host;

/// A fault from the catalog, with its variant parameters and optional age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// The catalog id (`machinekeys-acl`).
    pub id: String,
    /// How long ago it happened and was fixed (`@48h`); `None` = now, still present.
    pub age_secs: Option<u64>,
}

/// One catalog entry: id and one-line summary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogEntry {
    /// The fault id.
    pub id: &'static str,
    /// One line: what is wrong.
    pub summary: &'static str,
}

/// The catalog, in DESIGN order.
pub fn catalog() -> &'static [CatalogEntry] {
    &[]
}

/// Parses `rsa-key-missing` or `rsa-key-missing@48h`; errors name the valid faults.
pub fn parse(_spec: &str) -> Result<Fault, InputError> {
    todo!("faults helper")
}

/// Injects the fault, then lets the host run (services start, a client tries to connect).
pub fn inject(_host: &mut Host, _fault: &Fault) {
    todo!("faults helper")
}
