//! A state-machine test of the host: random sequences of file, registry, ACL, event-log,
//! fork and reboot operations run against a small reference model, and after every step:
//! - always: the files and values on the host are the model's;
//! - always: the access check agrees with the model (NETWORK SERVICE reads a file iff it was
//!   granted read and not denied), and every ACL is canonical;
//! - always: the log holds the model's number of the test's events;
//! - always: the host the last fork was made from still matches the model as it was then.

use proptest::prelude::*;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use std::collections::BTreeMap;
use winsim::Host;
use winsim::eventlog::NewEvent;
use winsim::principals::Token;
use winsim::process::Process;
use winsim::registry::RegValue;
use winsim::security::{is_canonical, parse_sddl};
use winsim::shell;

const DIR: &str = "C:\\ProgramData\\StateMachine";
const KEY: &str = "HKLM\\SOFTWARE\\StateMachine";
const PROVIDER: &str = "StateMachineTest";
const NAMES: [&str; 3] = ["a", "b", "c"];

/// What the model knows of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
struct File {
    data: Vec<u8>,
    granted: bool,
    denied: bool,
}

/// The reference model.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Model {
    files: BTreeMap<usize, File>,
    values: BTreeMap<usize, u32>,
    events: usize,
    /// The model as it was when the last fork was made (the parent must still match it).
    parent: Option<Box<Model>>,
}

#[derive(Debug, Clone)]
enum Op {
    Write(usize, Vec<u8>),
    Delete(usize),
    Grant(usize),
    Deny(usize),
    Remove(usize),
    SetValue(usize, u32),
    DeleteValue(usize),
    Log,
    Fork,
    Reboot,
}

struct Reference;

impl ReferenceStateMachine for Reference {
    type State = Model;
    type Transition = Op;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model::default()).boxed()
    }

    fn transitions(_: &Model) -> BoxedStrategy<Op> {
        let n = 0..NAMES.len();
        prop_oneof![
            3 => (n.clone(), prop::collection::vec(any::<u8>(), 0..8)).prop_map(|(i, d)| Op::Write(i, d)),
            1 => n.clone().prop_map(Op::Delete),
            2 => n.clone().prop_map(Op::Grant),
            1 => n.clone().prop_map(Op::Deny),
            1 => n.clone().prop_map(Op::Remove),
            2 => (n.clone(), any::<u32>()).prop_map(|(i, v)| Op::SetValue(i, v)),
            1 => n.prop_map(Op::DeleteValue),
            1 => Just(Op::Log),
            1 => Just(Op::Fork),
            1 => Just(Op::Reboot),
        ]
        .boxed()
    }

    fn apply(mut m: Model, op: &Op) -> Model {
        match op {
            Op::Write(i, d) => {
                let f = m.files.entry(*i).or_insert(File {
                    data: Vec::new(),
                    granted: false,
                    denied: false,
                });
                f.data.clone_from(d);
            }
            Op::Delete(i) => {
                m.files.remove(i);
            }
            Op::Grant(i) => {
                if let Some(f) = m.files.get_mut(i) {
                    f.granted = true;
                }
            }
            Op::Deny(i) => {
                if let Some(f) = m.files.get_mut(i) {
                    f.denied = true;
                }
            }
            Op::Remove(i) => {
                if let Some(f) = m.files.get_mut(i) {
                    (f.granted, f.denied) = (false, false);
                }
            }
            Op::SetValue(i, v) => {
                m.values.insert(*i, *v);
            }
            Op::DeleteValue(i) => {
                m.values.remove(i);
            }
            Op::Log => m.events += 1,
            Op::Fork => {
                let mut now = m.clone();
                now.parent = None;
                m.parent = Some(Box::new(now));
            }
            Op::Reboot => {}
        }
        m
    }
}

/// The host under test, and the host the last fork was made from.
struct Sut {
    host: Host,
    parent: Option<Host>,
}

fn path(i: usize) -> String {
    format!("{DIR}\\{}.bin", NAMES[i])
}

fn run(host: &mut Host, line: &str) -> u32 {
    let mut admin = Process::new(host.admin_token());
    let out = shell::run_line(host, &mut admin, line);
    assert_eq!(out.code, 0, "{line}: {}{}", out.stdout(), out.stderr());
    out.code
}

/// Checks `host` against `m`.
fn check(host: &Host, m: &Model) {
    let admin = host.admin_token();
    for (i, name) in NAMES.iter().enumerate() {
        let p = path(i);
        match m.files.get(&i) {
            Some(f) => {
                assert_eq!(
                    host.fs().read_file(&p, &admin).as_ref(),
                    Ok(&f.data),
                    "{name}"
                );
                let can = host.fs().read_file(&p, &Token::network_service()).is_ok();
                assert_eq!(
                    can,
                    f.granted && !f.denied,
                    "NETWORK SERVICE reading {name}: {f:?}"
                );
                let acl = host
                    .fs()
                    .node(&p)
                    .expect("exists")
                    .sd
                    .dacl
                    .clone()
                    .unwrap_or_default();
                assert!(is_canonical(&acl), "{name}: {acl:?}");
            }
            None => assert!(!host.fs().exists(&p), "{name} should not exist"),
        }
        let value = host.registry().value_raw(KEY, name);
        assert_eq!(
            value,
            m.values.get(&i).map(|v| RegValue::Dword(*v)).as_ref(),
            "value {name}"
        );
    }
    let ours = host
        .eventlog()
        .events("System")
        .iter()
        .filter(|e| e.provider() == PROVIDER)
        .count();
    assert_eq!(ours, m.events, "events of {PROVIDER}");
}

impl StateMachineTest for Sut {
    type SystemUnderTest = Sut;
    type Reference = Reference;

    fn init_test(_: &Model) -> Sut {
        let mut host = Host::builder().seed(3).build();
        let admin = host.admin_token();
        host.fs_mut()
            .create_dir(DIR, &admin)
            .expect("the admin creates a folder");
        // Only SYSTEM and Administrators, so that NETWORK SERVICE reads only what it is granted.
        let sd = parse_sddl("O:BAD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)").expect("constant SDDL");
        host.fs_mut().node_mut_raw(DIR).expect("just made").sd = sd;
        host.registry_mut()
            .put_key_raw("HKEY_LOCAL_MACHINE\\SOFTWARE\\StateMachine");
        Sut { host, parent: None }
    }

    fn apply(mut sut: Sut, _: &Model, op: Op) -> Sut {
        let h = &mut sut.host;
        let admin = h.admin_token();
        match &op {
            Op::Write(i, d) => h.fs_mut().write_file(&path(*i), d, &admin).expect("write"),
            Op::Delete(i) => {
                let _ = h.fs_mut().delete(&path(*i), &admin);
            }
            Op::Grant(i) | Op::Deny(i) | Op::Remove(i) if h.fs().exists(&path(*i)) => {
                let verb = match op {
                    Op::Grant(_) => "/grant \"NETWORK SERVICE:(R)\"",
                    Op::Deny(_) => "/deny \"NETWORK SERVICE:(R)\"",
                    _ => "/remove \"NETWORK SERVICE\"",
                };
                run(h, &format!("icacls {} {verb}", path(*i)));
            }
            Op::Grant(_) | Op::Deny(_) | Op::Remove(_) => {}
            Op::SetValue(i, v) => h
                .registry_mut()
                .set_value(KEY, NAMES[*i], RegValue::Dword(*v), &admin)
                .expect("set"),
            Op::DeleteValue(i) => {
                let _ = h.registry_mut().delete_value(KEY, NAMES[*i], &admin);
            }
            Op::Log => h.log(NewEvent::new("System", PROVIDER, 1)),
            Op::Fork => {
                let child = h.fork();
                sut.parent = Some(std::mem::replace(&mut sut.host, child));
            }
            Op::Reboot => h.reboot(),
        }
        sut
    }

    fn check_invariants(sut: &Sut, m: &Model) {
        check(&sut.host, m);
        if let (Some(parent), Some(then)) = (&sut.parent, &m.parent) {
            check(parent, then);
        }
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// always: the host follows the model through any sequence of up to 24 operations.
    #[test]
    fn the_host_follows_the_model(sequential 1..24 => Sut);
}
