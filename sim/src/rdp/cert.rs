//! The self-signed listener certificate's lifecycle, as SessionEnv runs it (in SYSTEM context)
//! when SessionEnv or TermService starts, or when a client connects and no valid certificate
//! exists (windows-facts §10, §11.3, §12; DESIGN.md "The article as a causal model").
//!
//! The rules:
//! - a valid certificate in `Remote Desktop` is kept, whatever its key's ACL (a valid
//!   certificate whose key NETWORK SERVICE cannot read is never regenerated); if its key
//!   container file is gone, creating a usable certificate fails with 1057 "Keyset does not
//!   exist" and the certificate stays;
//! - with no certificate a new one is created (failure: 1057), with only expired ones the
//!   newest is replaced (failure: 1058); success logs 1056 and removes the expired ones;
//! - creating reuses the `TSSecKeySet1` container when SYSTEM can open it, creates the file
//!   when there is none, and fails with "Object already exists." when a stale container that
//!   cannot be opened is in the way.

use super::events;
use super::{RDP_STORE, listener_key_for, pick_key, sign_listener_certificate};
use crate::certs::{self, Certificate, keys};
use crate::error::WinError;
use crate::host::Host;
use crate::os;
use crate::principals::{Privileges, Sid, Token};
use crate::security::AceKind;

/// What the lifecycle did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lifecycle {
    /// A valid certificate with a key container was there; nothing changed.
    Kept,
    /// A new certificate was made (1056).
    Created(Certificate),
    /// Creating or replacing failed (1057/1058 with this status).
    Failed(WinError),
}

/// SessionEnv's token: LocalSystem with its service SID. Backup and restore privileges are
/// held but not used (CryptoAPI and the certificate store open objects without backup
/// semantics), so ACLs, and a Deny for SYSTEM, apply as they do on Windows.
pub fn session_env_token() -> Token {
    let mut t = Token::system_service("SessionEnv");
    t.privileges = Privileges {
        take_ownership: true,
        backup: false,
        restore: false,
    };
    t
}

/// Runs the lifecycle once and logs what Windows logs.
pub fn ensure_certificate(host: &mut Host) -> Lifecycle {
    let token = session_env_token();
    let now = host.now();
    let existing = certs::list(host.registry(), RDP_STORE, &token).unwrap_or_default();
    if let Some(valid) = newest(existing.iter().filter(|c| c.is_valid_at(now))) {
        if key_file_exists(host, valid) {
            return Lifecycle::Kept;
        }
        return fail(host, false, WinError::NTE_BAD_KEYSET);
    }
    let replacing = !existing.is_empty();
    match create(host, &token) {
        Ok(cert) => {
            for old in &existing {
                let _ = certs::remove(
                    host.registry_mut(),
                    RDP_STORE,
                    &old.thumbprint_hex(),
                    &token,
                );
            }
            host.log(events::cert_created(&cert.subject));
            Lifecycle::Created(cert)
        }
        Err(e) => fail(host, replacing, e),
    }
}

fn fail(host: &mut Host, replacing: bool, status: WinError) -> Lifecycle {
    host.log(events::cert_failed(replacing, status));
    Lifecycle::Failed(status)
}

/// The certificate that expires last.
pub fn newest<'a>(certs: impl Iterator<Item = &'a Certificate>) -> Option<&'a Certificate> {
    certs.max_by_key(|c| (c.not_after, c.thumbprint))
}

fn key_file_exists(host: &Host, cert: &Certificate) -> bool {
    listener_key_for(host, cert).is_some_and(|p| host.fs().node(&p).is_some())
}

/// Creates the key container (or reuses an openable one), signs a new certificate, adds it
/// to the store; every step as `token`, access-checked.
fn create(host: &mut Host, token: &Token) -> Result<Certificate, WinError> {
    let guid = host.machine_guid().ok_or(WinError::NTE_BAD_KEYSET)?;
    let path = os::listener_key_path(&guid);
    let key = pick_key(host);
    let bytes = keys::key_file_bytes(keys::RDP_CONTAINER, key);
    if host.fs().node(&path).is_some() {
        let opens = host
            .fs()
            .read_file(&path, token)
            .ok()
            .is_some_and(|b| keys::check_key_file(&b).is_ok());
        if !opens {
            return Err(WinError::NTE_EXISTS);
        }
        host.fs_mut().write_file(&path, &bytes, token)?;
    } else {
        ensure_machine_keys(host, token)?;
        host.fs_mut().write_file(&path, &bytes, token)?;
        let sd = new_container_sd(host);
        host.fs_mut().set_security(&path, sd, token)?;
    }
    let cert = sign_listener_certificate(host, key, host.now());
    certs::add(host.registry_mut(), RDP_STORE, &cert, token)?;
    Ok(cert)
}

/// Recreates a deleted MachineKeys folder (and its parents) with the default descriptor, as
/// Windows does when the next key is made (windows-facts §12).
fn ensure_machine_keys(host: &mut Host, token: &Token) -> Result<(), WinError> {
    if host.fs().node(keys::MACHINE_KEYS).is_some() {
        return Ok(());
    }
    let mut path = String::new();
    for part in keys::MACHINE_KEYS.split('\\') {
        if path.is_empty() {
            path = format!("{part}\\");
            continue;
        }
        if !path.ends_with('\\') {
            path.push('\\');
        }
        path.push_str(part);
        if host.fs().node(&path).is_none() {
            host.fs_mut().create_dir(&path, token)?;
        }
    }
    let sd = os::preset_sd(os::tables::MACHINE_KEYS_SDDL);
    host.fs_mut().set_security(keys::MACHINE_KEYS, sd, token)
}

/// The descriptor of a new listener container. When the MachineKeys folder has been
/// hardened (no Everyone entry), the new container lacks the `NT SERVICE\SessionEnv` entry
/// (measured by Microsoft's repair tooling, windows-facts §12).
fn new_container_sd(host: &Host) -> crate::security::SecurityDescriptor {
    let mut sd = os::listener_key_sd(host.os());
    let hardened = host
        .fs()
        .node(keys::MACHINE_KEYS)
        .and_then(|n| n.sd.dacl.as_ref())
        .is_some_and(|acl| {
            !acl.iter()
                .any(|a| a.kind == AceKind::Allow && a.sid == Sid::everyone())
        });
    if hardened {
        let session_env = Sid::service("SessionEnv");
        if let Some(acl) = sd.dacl.as_mut() {
            acl.retain(|a| a.sid != session_env);
        }
    }
    sd
}
