//! Properties of `Host::fork()`: always, a fork and its parent are independent, in every part
//! of the host (registry keys, values and descriptors; files, folders and descriptors;
//! services; event logs; the clock; the RDP state; roles and principals).

use proptest::prelude::*;
use winsim::Host;
use winsim::eventlog::NewEvent;
use winsim::registry::RegValue;
use winsim::security::{format_sddl, parse_sddl};

const KEY: &str = "HKEY_LOCAL_MACHINE\\SOFTWARE\\ForkTest";

/// A change a test can make to one side of a fork.
#[derive(Debug, Clone)]
enum Change {
    Value(String, u32),
    DeleteKey,
    KeyAcl,
    File(String, Vec<u8>),
    DeleteFile(String),
    FileAcl,
    Clock(u64),
    StopService,
    ServiceStart,
    Event(u16),
    Broker(Option<String>),
    Role,
    Reboot,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        ("[A-Za-z]{1,8}", any::<u32>()).prop_map(|(n, v)| Change::Value(n, v)),
        Just(Change::DeleteKey),
        Just(Change::KeyAcl),
        ("[a-z]{1,8}", proptest::collection::vec(any::<u8>(), 0..32))
            .prop_map(|(n, d)| Change::File(n, d)),
        "[a-z]{1,8}".prop_map(Change::DeleteFile),
        Just(Change::FileAcl),
        (1u64..100_000).prop_map(Change::Clock),
        Just(Change::StopService),
        Just(Change::ServiceStart),
        any::<u16>().prop_map(Change::Event),
        proptest::option::of("[A-Z]{1,8}").prop_map(Change::Broker),
        Just(Change::Role),
        Just(Change::Reboot),
    ]
}

fn apply(host: &mut Host, c: &Change) {
    let token = host.admin_token();
    match c {
        Change::Value(name, v) => host
            .registry_mut()
            .put_value_raw(KEY, name, RegValue::Dword(*v)),
        Change::DeleteKey => host.registry_mut().remove_key_raw(KEY),
        Change::KeyAcl => {
            let sd = parse_sddl("O:BAD:P(A;;KA;;;SY)").expect("constant SDDL");
            host.registry_mut().put_key_raw(KEY);
            host.registry_mut().set_security_raw(KEY, sd);
        }
        Change::File(name, data) => {
            let sd = host
                .fs()
                .node("C:\\ProgramData")
                .expect("C:\\ProgramData exists on every preset")
                .sd
                .clone();
            host.fs_mut()
                .put_file_raw(&format!("C:\\ProgramData\\{name}.bin"), data.clone(), sd)
        }
        Change::DeleteFile(name) => {
            host.fs_mut()
                .remove_raw(&format!("C:\\ProgramData\\{name}.bin"));
        }
        Change::FileAcl => {
            let node = host
                .fs_mut()
                .node_mut_raw("C:\\ProgramData")
                .expect("C:\\ProgramData exists on every preset");
            node.sd = parse_sddl("O:SYD:P(A;;FA;;;SY)").expect("constant SDDL");
        }
        Change::Clock(s) => host.clock_mut().advance_secs(*s),
        Change::StopService => {
            let _ = host.stop_service("UmRdpService", &token, false);
        }
        Change::ServiceStart => {
            let _ = host.start_service("UmRdpService", &token);
        }
        Change::Event(id) => host.log(NewEvent::new("System", "ForkTest", *id)),
        Change::Broker(name) => host.rdp_mut().broker_recorded_name = name.clone(),
        Change::Role => host.roles_mut().push("RDS-Connection-Broker".into()),
        Change::Reboot => host.reboot(),
    }
}

/// A comparable picture of every part of the host.
fn snapshot(host: &Host) -> String {
    let keys: Vec<String> = host
        .registry()
        .iter()
        .map(|k| {
            let values: Vec<String> = k
                .values
                .values()
                .map(|(n, v)| format!("{n}={v:?}"))
                .collect();
            format!("{} {} {values:?}", k.path, format_sddl(&k.sd))
        })
        .collect();
    let files: Vec<String> = host
        .fs()
        .iter()
        .map(|n| format!("{}:{:?} {}", n.path, n.kind, format_sddl(&n.sd)))
        .collect();
    let services: Vec<String> = host.services().iter().map(|s| format!("{s:?}")).collect();
    // Records are appended, never edited: the count and the records after the shared part
    // (a fork copies a tail of up to 512 records) show any leak.
    let logs: Vec<String> = host
        .eventlog()
        .channels()
        .into_iter()
        .map(|c| {
            let events = host.eventlog().events(c);
            let tail: Vec<String> = events[events.len().saturating_sub(600)..]
                .iter()
                .map(|e| {
                    format!(
                        "{}:{}:{}:{:?}",
                        e.record_id(),
                        e.provider(),
                        e.event_id(),
                        e.time()
                    )
                })
                .collect();
            format!("{c}:{}:{tail:?}", events.len())
        })
        .collect();
    format!(
        "{:?}|{keys:?}|{files:?}|{services:?}|{logs:?}|{:?}|{:?}|{:?}",
        host.now(),
        host.rdp().broker_recorded_name,
        host.roles(),
        host.principals(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Always: changes made to a fork never show in its parent, and the other way round.
    #[test]
    fn forks_are_independent(
        to_child in proptest::collection::vec(change(), 1..6),
        to_parent in proptest::collection::vec(change(), 0..6),
    ) {
        let mut parent = Host::builder().seed(7).build();
        let before = snapshot(&parent);
        let mut child = parent.fork();
        prop_assert_eq!(snapshot(&child), before.clone());
        for c in &to_child {
            apply(&mut child, c);
        }
        prop_assert_eq!(snapshot(&parent), before.clone(), "a change to the fork reached the parent");
        let child_after = snapshot(&child);
        for c in &to_parent {
            apply(&mut parent, c);
        }
        prop_assert_eq!(snapshot(&child), child_after, "a change to the parent reached the fork");
    }
}
