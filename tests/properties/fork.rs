//! Properties of `Host::fork()`: always, a fork and its parent are independent.

use proptest::prelude::*;
use winsim::Host;
use winsim::registry::RegValue;

/// A change a test can make to one side of a fork.
#[derive(Debug, Clone)]
enum Change {
    Value(String, u32),
    File(String, Vec<u8>),
    Clock(u64),
    StopService,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        ("[A-Za-z]{1,8}", any::<u32>()).prop_map(|(n, v)| Change::Value(n, v)),
        ("[a-z]{1,8}", proptest::collection::vec(any::<u8>(), 0..32))
            .prop_map(|(n, d)| Change::File(n, d)),
        (1u64..100_000).prop_map(Change::Clock),
        Just(Change::StopService),
    ]
}

fn apply(host: &mut Host, c: &Change) {
    match c {
        Change::Value(name, v) => host.registry_mut().put_value_raw(
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\ForkTest",
            name,
            RegValue::Dword(*v),
        ),
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
        Change::Clock(s) => host.clock_mut().advance_secs(*s),
        Change::StopService => {
            let token = host.admin_token();
            let _ = host.stop_service("UmRdpService", &token, false);
        }
    }
}

/// A comparable picture of everything a change can touch.
fn snapshot(host: &Host) -> String {
    let values: Vec<String> = host
        .registry()
        .iter()
        .flat_map(|k| {
            k.values
                .values()
                .map(move |(n, v)| format!("{}\\{n}={v:?}", k.path))
        })
        .collect();
    let files: Vec<String> = host
        .fs()
        .iter()
        .map(|n| format!("{}:{:?}", n.path, n.kind))
        .collect();
    let services: Vec<String> = host
        .services()
        .iter()
        .map(|s| format!("{}:{:?}", s.name, s.state))
        .collect();
    format!("{:?}|{values:?}|{files:?}|{services:?}", host.now())
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
