//! Hosts on disk: `host.toml`, `registry.reg`, `acl.txt`, `events.xml`, `*.evtx`, `certs/`.

use crate::error::InputError;
use crate::host::Host;
use std::path::Path;

/// Loads a host from a fixture directory. Never writes into it.
pub fn load(_dir: &Path) -> Result<Host, InputError> {
    todo!("fixture helper")
}

/// Writes `host` as a fixture directory, atomically (a temporary directory renamed into place).
pub fn export(_host: &Host, _dir: &Path) -> Result<(), std::io::Error> {
    todo!("fixture helper")
}
