//! The state change of each fault: setup access to files, keys and certificates, no events.

use super::{AclScope, Damage, DenyRights, DenyTarget, Form, StaleThumbprint, Tls10Setting};
use crate::certs::{self, keys};
use crate::fs::NodeKind;
use crate::host::Host;
use crate::os::{self, BROKER_ROLE, preset_sd, tables};
use crate::principals::{Sid, Token};
use crate::rdp::{self, RDP_STORE};
use crate::registry::RegValue;
use crate::security::{AccessMask, Ace, AceFlags};

/// Applies a fault in `form` to `host`'s state.
pub fn apply(host: &mut Host, form: Form) {
    match form {
        Form::MachineKeysAcl(scope) => machinekeys_acl(host, scope),
        Form::MachineKeysDenyAce(rights) => machinekeys_deny_ace(host, rights),
        Form::CertStoreDeny(target) => certstore_deny(host, target),
        Form::RsaKeyMissing => rsa_key_missing(host),
        Form::RsaKeyCorrupt(damage) => rsa_key_corrupt(host, damage),
        Form::SslThumbprintMismatch(stale) => ssl_thumbprint_mismatch(host, stale),
        Form::Tls10Disabled(setting) => tls10_disabled(host, setting),
        Form::BrokerRenamed => broker_renamed(host),
    }
}

/// The listener's key container file (`f686aace..._<MachineGuid>`).
pub fn listener_key(host: &Host) -> Option<String> {
    host.machine_guid().map(|g| os::listener_key_path(&g))
}

/// SYSTEM and Administrators only: what a "hardened" folder or container keeps.
const HARDENED: &str = "O:SYG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)";

fn machinekeys_acl(host: &mut Host, scope: AclScope) {
    let Some(path) = listener_key(host) else {
        return;
    };
    if scope == AclScope::FolderAndContainer {
        if let Some(dir) = host.fs_mut().node_mut_raw(keys::MACHINE_KEYS) {
            dir.sd = preset_sd(HARDENED);
        }
    }
    let Some(file) = host.fs_mut().node_mut_raw(&path) else {
        return;
    };
    match scope {
        AclScope::ContainerOnly => {
            if let Some(acl) = file.sd.dacl.as_mut() {
                acl.retain(|a| a.sid != Sid::network_service());
            }
        }
        AclScope::FolderAndContainer => file.sd = preset_sd(HARDENED),
    }
}

fn machinekeys_deny_ace(host: &mut Host, rights: DenyRights) {
    let Some(path) = listener_key(host) else {
        return;
    };
    let mask = match rights {
        DenyRights::FullControl => AccessMask::FILE_ALL,
        DenyRights::Read => AccessMask::FILE_READ,
    };
    if let Some(acl) = host
        .fs_mut()
        .node_mut_raw(&path)
        .and_then(|n| n.sd.dacl.as_mut())
    {
        acl.insert(0, Ace::deny(Sid::network_service(), mask));
    }
}

/// The certificate expires (replaced by an expired one on a new key), then SYSTEM is denied
/// set-value and create-subkey on the store key (inherited by its subkeys) or only on its
/// `Certificates` subkey.
fn certstore_deny(host: &mut Host, target: DenyTarget) {
    expire_listener_certificate(host);
    let store = certs::store_key(RDP_STORE);
    let target = match target {
        DenyTarget::CertificatesSubkey => format!("{store}\\Certificates"),
        DenyTarget::StoreKey => store,
    };
    let reg = host.registry_mut();
    reg.put_key_raw(&target);
    let mut sd = reg.key(&target).expect("created above").sd.clone();
    let deny = Ace::deny(
        Sid::system(),
        AccessMask::WRITE_DATA.union(AccessMask::APPEND_DATA),
    )
    .with_flags(AceFlags::CONTAINER_INHERIT);
    sd.dacl.get_or_insert_with(Vec::new).insert(0, deny);
    reg.set_security_raw(&target, sd);
}

/// Replaces the listener certificate by one that expired 30 days ago, with a new key in the
/// listener container (the file keeps its descriptor). Setup access: the store's ACL does
/// not matter (the fault may already be there).
fn expire_listener_certificate(host: &mut Host) {
    let certificates = format!("{}\\Certificates", certs::store_key(RDP_STORE));
    let old = certs::list(host.registry(), RDP_STORE, &Token::system()).unwrap_or_default();
    for c in &old {
        let entry = format!("{certificates}\\{}", c.thumbprint_hex());
        host.registry_mut().remove_key_raw(&entry);
    }
    let not_before = host
        .now()
        .add_secs(-(rdp::CERT_VALIDITY_SECS + 30 * 86_400));
    let (cert, bytes) = rdp::new_listener_certificate(host, not_before);
    if let Some(path) = listener_key(host) {
        match host.fs_mut().node_mut_raw(&path) {
            Some(node) => node.kind = NodeKind::File(bytes),
            None => {
                let sd = os::listener_key_sd(host.os());
                host.fs_mut().put_file_raw(&path, bytes, sd);
            }
        }
    }
    let entry = format!("{certificates}\\{}", cert.thumbprint_hex());
    host.registry_mut()
        .put_value_raw(&entry, "Blob", RegValue::Binary(certs::blob_bytes(&cert)));
}

fn rsa_key_missing(host: &mut Host) {
    if let Some(path) = listener_key(host) {
        host.fs_mut().remove_raw(&path);
    }
}

fn rsa_key_corrupt(host: &mut Host, damage: Damage) {
    let Some(path) = listener_key(host) else {
        return;
    };
    let garbage: Vec<u8> = match damage {
        Damage::Garbage => {
            let len = 64 + host.rng().below(1200 - 64) as usize;
            host.rng().byte_vec(len)
        }
        Damage::Damaged => Vec::new(),
    };
    if let Some(node) = host.fs_mut().node_mut_raw(&path) {
        let damaged = match (&node.kind, damage) {
            (_, Damage::Garbage) => garbage,
            (NodeKind::File(bytes), Damage::Damaged) => keys::corrupt(bytes),
            (NodeKind::Dir, Damage::Damaged) => return,
        };
        node.kind = NodeKind::File(damaged);
    }
}

fn ssl_thumbprint_mismatch(host: &mut Host, stale: StaleThumbprint) {
    let self_signed = certs::list(host.registry(), RDP_STORE, &Token::system())
        .ok()
        .and_then(|l| l.into_iter().next());
    let thumb: Vec<u8> = match (stale, self_signed) {
        (StaleThumbprint::SelfSigned, Some(c)) => c.thumbprint.to_vec(),
        _ => {
            let b: [u8; 20] = host.rng().bytes();
            b.to_vec()
        }
    };
    host.registry_mut().put_value_raw(
        tables::RDP_TCP_KEY,
        "SSLCertificateSHA1Hash",
        RegValue::Binary(thumb),
    );
}

fn tls10_disabled(host: &mut Host, setting: Tls10Setting) {
    let key = format!("{}\\Protocols\\TLS 1.0\\Server", tables::SCHANNEL_KEY);
    let reg = host.registry_mut();
    reg.put_value_raw(&key, "Enabled", RegValue::Dword(0));
    if setting == Tls10Setting::DisabledAndDisabledByDefault {
        reg.put_value_raw(&key, "DisabledByDefault", RegValue::Dword(1));
    }
}

/// The broker role is there (installed now if absent, recording the current name), then the
/// computer is renamed.
fn broker_renamed(host: &mut Host) {
    if !host.has_role(BROKER_ROLE) {
        let _ = rdp::install_feature(host, BROKER_ROLE);
    }
    let old = host.name().to_string();
    let new = if old.eq_ignore_ascii_case("RDCB01") {
        "RDCB02"
    } else {
        "RDCB01"
    };
    rename(host, new);
}

/// Renames the computer; the local accounts answer to the new name too.
pub fn rename(host: &mut Host, new: &str) {
    let admin = host
        .principals()
        .resolve(&format!("{}\\{}", host.name(), os::ADMIN_USER));
    host.set_name(new);
    if let Some(sid) = admin {
        host.principals_mut()
            .add_local(sid, format!("{new}\\{}", os::ADMIN_USER));
    }
}
