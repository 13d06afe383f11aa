//! Repairing an aged fault: the objects the fault changed get their state from before the
//! fault back (as a restore from backup would give them) and the broker is reinstalled;
//! the host then reboots (`inject`). Events logged meanwhile stay: they are the fault's history.

use super::{Fault, Repair, apply::listener_key};
use crate::certs::{self, keys};
use crate::fs::NodeKind;
use crate::host::Host;
use crate::os::BROKER_ROLE;
use crate::rdp::{self, RDP_STORE};

/// Puts back what `fault` changed, comparing with `before` (the host before injection).
pub fn repair(host: &mut Host, before: &Host, fault: &Fault) {
    match fault.id().entry().repair {
        Repair::ReinstallBroker => {
            let _ = rdp::uninstall_feature(host, rdp::broker::WID_FEATURE);
            let _ = rdp::install_feature(host, BROKER_ROLE);
        }
        Repair::Values(values) => {
            for (key, name) in values {
                restore_value(host, before, key, name);
            }
        }
        Repair::KeyMaterial => {
            restore_node(host, before, keys::MACHINE_KEYS);
            if let Some(path) = listener_key(before) {
                restore_node(host, before, &path);
            }
            restore_key_tree(host, before, &certs::store_key(RDP_STORE));
        }
    }
}

fn restore_value(host: &mut Host, before: &Host, key: &str, name: &str) {
    match before.registry().value_raw(key, name) {
        Some(v) => host.registry_mut().put_value_raw(key, name, v.clone()),
        None => {
            host.registry_mut().remove_value_raw(key, name);
        }
    }
}

/// The file or folder at `path` as it was (its content and descriptor; not its children).
fn restore_node(host: &mut Host, before: &Host, path: &str) {
    let Some(old) = before.fs().node(path).cloned() else {
        host.fs_mut().remove_raw(path);
        return;
    };
    match host.fs_mut().node_mut_raw(path) {
        Some(node) => *node = old,
        None => match old.kind {
            NodeKind::Dir => host.fs_mut().put_dir_raw(path, old.sd),
            NodeKind::File(data) => host.fs_mut().put_file_raw(path, data, old.sd),
        },
    }
}

/// The key at `path` and everything below it as it was.
fn restore_key_tree(host: &mut Host, before: &Host, path: &str) {
    let reg = host.registry_mut();
    reg.remove_key_raw(path);
    let Some(root) = before.registry().key(path) else {
        return;
    };
    let mut all = vec![root.path.clone()];
    all.extend(before.registry().descendants(path));
    for p in all {
        if let Some(old) = before.registry().key(&p) {
            let k = reg.put_key_raw(&p);
            k.values = old.values.clone();
            k.sd = old.sd.clone();
        }
    }
}
