//! `Host::diff` reads as a change report, and the walk that skips shared state finds exactly
//! what a walk over every entry finds.

use super::*;
use crate::os::tables::RDP_TCP_KEY;
use crate::principals::{Sid, Token};
use crate::rdp::RDP_STORE;
use crate::security::{AccessMask, Ace};
use proptest::prelude::*;

fn host() -> Host {
    Host::builder().seed(7).build()
}

fn listener_key(h: &Host) -> String {
    crate::os::listener_key_path(&h.machine_guid().expect("preset has a MachineGuid"))
}

#[test]
fn a_fork_with_no_writes_has_no_changes_and_the_same_fingerprint() {
    let before = host();
    let after = before.fork();
    assert!(after.diff(&before).is_empty());
    assert_eq!(after.fingerprint(), before.fingerprint());
}

#[test]
fn a_script_s_changes_read_as_a_report() {
    let before = host();
    let mut after = before.fork();
    let system = Token::system();
    let key = listener_key(&after);
    after
        .registry_mut()
        .set_value(RDP_TCP_KEY, "SecurityLayer", RegValue::Dword(0), &system)
        .expect("SYSTEM writes RDP-Tcp");
    let mut sd = after.fs().node(&key).expect("listener key").sd.clone();
    sd.dacl
        .get_or_insert_with(Vec::new)
        .insert(0, Ace::deny(Sid::network_service(), AccessMask::FILE_READ));
    sd.owner = Some(Sid::administrators());
    after
        .fs_mut()
        .set_security(&key, sd, &system)
        .expect("SYSTEM may");
    let thumb = crate::certs::list(after.registry(), RDP_STORE, &system).expect("store")[0]
        .thumbprint_hex();
    crate::certs::remove(after.registry_mut(), RDP_STORE, &thumb, &system).expect("remove");
    after
        .stop_service("UmRdpService", &system, false)
        .expect("stops");

    let diff = after.diff(&before);
    let kinds: Vec<ChangeKind> = diff.changes().iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        vec![
            ChangeKind::Registry,
            ChangeKind::Certificate,
            ChangeKind::Acl,
            ChangeKind::Owner,
            ChangeKind::Service
        ],
        "{diff}"
    );
    let c = &diff.changes()[0];
    assert_eq!(
        c.path,
        "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp /v SecurityLayer"
    );
    assert_eq!(c.after.as_deref(), Some("REG_DWORD 0x0"));
    assert!(c.before.is_some(), "the preset sets SecurityLayer");
    let cert = &diff.changes()[1];
    assert_eq!(
        cert.path,
        format!("Cert:\\LocalMachine\\Remote Desktop\\{thumb}")
    );
    assert!(
        cert.before
            .as_deref()
            .is_some_and(|t| t.starts_with("CN=RDS01, valid "))
    );
    assert_eq!(cert.after, None);
    let acl = &diff.changes()[2];
    assert_eq!(acl.path, key);
    assert!(
        acl.after
            .as_deref()
            .is_some_and(|s| s.contains("(D;;FR;;;NS)")),
        "{acl}"
    );
    assert_eq!(diff.changes()[3].before.as_deref(), Some("SY"));
    assert_eq!(diff.changes()[3].after.as_deref(), Some("BA"));
    let svc = &diff.changes()[4];
    assert_eq!(svc.path, "UmRdpService");
    assert_eq!(svc.before.as_deref(), Some("RUNNING/DEMAND_START"));
    assert_eq!(svc.after.as_deref(), Some("STOPPED/DEMAND_START"));
    assert_ne!(after.fingerprint(), before.fingerprint());
}

#[test]
fn new_and_deleted_keys_list_their_values() {
    let before = host();
    let mut after = before.fork();
    let system = Token::system();
    let key = "HKLM\\SOFTWARE\\Contoso\\Fix";
    after
        .registry_mut()
        .create_key(key, &system)
        .expect("create");
    after
        .registry_mut()
        .set_value(key, "", RegValue::Sz("x".into()), &system)
        .expect("set");
    let diff = after.diff(&before);
    let paths: Vec<&str> = diff.changes().iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        vec!["HKLM\\SOFTWARE\\Contoso", key, &format!("{key} /ve")]
    );
    assert_eq!(diff.changes()[2].after.as_deref(), Some("REG_SZ x"));
    let back = before.diff(&after);
    assert_eq!(back.len(), 3);
    assert!(back.changes().iter().all(|c| c.after.is_none()));
}

/// One operation an engineer's script could perform, as SYSTEM.
#[derive(Debug, Clone)]
enum Op {
    SetValue(usize, u32),
    DeleteValue(usize),
    CreateKey(usize),
    DeleteKey(usize),
    WriteFile(usize, u8),
    DeleteFile(usize),
    DenyFile(usize),
    ToggleService(usize),
    RemoveCertificate,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0..400usize, any::<u32>()).prop_map(|(k, v)| Op::SetValue(k, v)),
        (0..400usize).prop_map(Op::DeleteValue),
        (0..400usize).prop_map(Op::CreateKey),
        (0..400usize).prop_map(Op::DeleteKey),
        (0..300usize, any::<u8>()).prop_map(|(f, b)| Op::WriteFile(f, b)),
        (0..300usize).prop_map(Op::DeleteFile),
        (0..300usize).prop_map(Op::DenyFile),
        (0..12usize).prop_map(Op::ToggleService),
        Just(Op::RemoveCertificate),
    ]
}

fn key_path(i: usize) -> String {
    format!("HKLM\\SOFTWARE\\Contoso\\K{:03}\\Sub{}", i % 97, i % 4)
}

fn file_path(i: usize) -> String {
    format!("C:\\Data\\D{}\\f{i:03}.txt", i % 7)
}

/// A host large enough that its maps have several levels of nodes.
fn big_host() -> Host {
    let mut h = host();
    let system = Token::system();
    for i in 0..400 {
        let k = key_path(i);
        h.registry_mut().create_key(&k, &system).expect("create");
        h.registry_mut()
            .set_value(&k, "V", RegValue::Dword(i as u32), &system)
            .expect("set");
    }
    for i in (0..300).step_by(2) {
        let dir = crate::fs::parent(&file_path(i))
            .expect("has a parent")
            .to_string();
        for d in ["C:\\Data", dir.as_str()] {
            if !h.fs().exists(d) {
                h.fs_mut().create_dir(d, &system).expect("mkdir");
            }
        }
        h.fs_mut()
            .write_file(&file_path(i), b"data", &system)
            .expect("write");
    }
    h
}

fn apply(h: &mut Host, op: &Op) {
    let system = Token::system();
    // Operations may fail (a missing key, a service that will not stop): as in a script,
    // the state is what it is afterwards.
    match op {
        Op::SetValue(k, v) => {
            let _ = h
                .registry_mut()
                .set_value(&key_path(*k), "V", RegValue::Dword(*v), &system);
        }
        Op::DeleteValue(k) => {
            let _ = h.registry_mut().delete_value(&key_path(*k), "V", &system);
        }
        Op::CreateKey(k) => {
            let _ = h
                .registry_mut()
                .create_key(&format!("{}\\New", key_path(*k)), &system);
        }
        Op::DeleteKey(k) => {
            let _ = h.registry_mut().delete_key(&key_path(*k), &system);
        }
        Op::WriteFile(f, b) => {
            let _ = h.fs_mut().write_file(&file_path(*f), &[*b], &system);
        }
        Op::DeleteFile(f) => {
            let _ = h.fs_mut().delete(&file_path(*f), &system);
        }
        Op::DenyFile(f) => {
            if let Some(mut sd) = h.fs().node(&file_path(*f)).map(|n| n.sd.clone()) {
                sd.dacl
                    .get_or_insert_with(Vec::new)
                    .insert(0, Ace::deny(Sid::network_service(), AccessMask::FILE_READ));
                let _ = h.fs_mut().set_security(&file_path(*f), sd, &system);
            }
        }
        Op::ToggleService(i) => {
            let names: Vec<String> = h.services().iter().map(|s| s.name.clone()).collect();
            let name = &names[i % names.len()];
            if h.is_running(name) {
                let _ = h.stop_service(name, &system, true);
            } else {
                let _ = h.start_service(name, &system);
            }
        }
        Op::RemoveCertificate => {
            let listed = crate::certs::list(h.registry(), RDP_STORE, &system).unwrap_or_default();
            if let Some(c) = listed.first() {
                let _ =
                    crate::certs::remove(h.registry_mut(), RDP_STORE, &c.thumbprint_hex(), &system);
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// always: the diff that skips shared state equals the diff that visits every entry.
    #[test]
    fn the_shared_walk_finds_what_a_full_scan_finds(ops in prop::collection::vec(op(), 0..40)) {
        let before = big_host();
        let mut after = before.fork();
        for op in &ops {
            apply(&mut after, op);
        }
        let shared = diff(&before, &after, Walk::Shared);
        let scanned = diff(&before, &after, Walk::Scan);
        prop_assert_eq!(&shared, &scanned);
        if ops.is_empty() {
            prop_assert!(shared.is_empty());
        }
        if !shared.is_empty() {
            prop_assert_ne!(after.fingerprint(), before.fingerprint());
        }
        // And backwards: undoing is the mirror image.
        let back = diff(&after, &before, Walk::Shared);
        prop_assert_eq!(back.len(), shared.len());
    }
}
