//! Properties of the judge of remediation scripts:
//!
//! - its privilege-creep verdict, which looks only at what the diff says changed, agrees with
//!   a brute force that asks every principal about every key file and the MachineKeys folder
//!   after random ACL edits (grants, denies, removals, inheritance cut);
//! - a script that changes nothing is judged unchanged, idempotent and not restored;
//! - the judge never changes the hosts it is given.

use kbsim::kb::judge::{self, Script, access};
use kbsim::kb::{self, Options};
use proptest::prelude::*;
use std::collections::BTreeSet;
use winsim::faults::{Fault, FaultId};
use winsim::{Host, Process};

const KEYS: &str = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys";

fn base() -> Host {
    use std::sync::OnceLock;
    static HOST: OnceLock<Host> = OnceLock::new();
    HOST.get_or_init(|| Host::builder().seed(3).build()).fork()
}

/// The principals an edit names, as icacls writes them.
const PRINCIPALS: &[&str] = &[
    "NT AUTHORITY\\NETWORK SERVICE",
    "NT AUTHORITY\\LOCAL SERVICE",
    "Everyone",
    "BUILTIN\\Users",
    "NT AUTHORITY\\Authenticated Users",
    "NT SERVICE\\TermService",
    "NT SERVICE\\SessionEnv",
    "BUILTIN\\Administrators",
];

const RIGHTS: &[&str] = &["R", "RX", "W", "M", "F", "WDAC", "RD", "D"];

#[derive(Debug, Clone)]
enum Edit {
    Grant(usize, usize, usize),
    Deny(usize, usize, usize),
    Remove(usize, usize),
    CutInheritance(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let p = 0..PRINCIPALS.len();
    let r = 0..RIGHTS.len();
    prop_oneof![
        (0..3usize, p.clone(), r.clone()).prop_map(|(o, p, r)| Edit::Grant(o, p, r)),
        (0..3usize, p.clone(), r).prop_map(|(o, p, r)| Edit::Deny(o, p, r)),
        (0..3usize, p).prop_map(|(o, p)| Edit::Remove(o, p)),
        (0..3usize).prop_map(Edit::CutInheritance),
    ]
}

/// The objects edits aim at: the folder and its two key files.
fn objects(host: &Host) -> Vec<String> {
    let mut v = vec![KEYS.to_string()];
    v.extend(host.fs().children(KEYS));
    v
}

fn command(host: &Host, e: &Edit) -> String {
    let objs = objects(host);
    let at = |o: usize| objs[o % objs.len()].clone();
    match e {
        Edit::Grant(o, p, r) => format!(
            "icacls \"{}\" /grant \"{}:({})\"",
            at(*o),
            PRINCIPALS[*p],
            RIGHTS[*r]
        ),
        Edit::Deny(o, p, r) => format!(
            "icacls \"{}\" /deny \"{}:({})\"",
            at(*o),
            PRINCIPALS[*p],
            RIGHTS[*r]
        ),
        Edit::Remove(o, p) => format!("icacls \"{}\" /remove \"{}\"", at(*o), PRINCIPALS[*p]),
        Edit::CutInheritance(o) => format!("icacls \"{}\" /inheritance:r", at(*o)),
    }
}

/// Every (principal, object, right) that can be read or written on `after` and not on
/// `before`, asking about every object of the folder, changed or not, each principal of the
/// list and each one an entry of the object names on either host.
fn brute_force(before: &Host, after: &Host) -> BTreeSet<(String, String, String)> {
    let mut out = BTreeSet::new();
    for path in objects(after) {
        let mut sids = access::well_known();
        for host in [before, after] {
            let aces = host.fs().node(&path).and_then(|n| n.sd.dacl.clone());
            sids.extend(aces.into_iter().flatten().map(|a| a.sid));
        }
        let file = path != KEYS;
        for sid in &sids {
            let (Some(now), was) = (
                access::granted(after, &path, sid),
                access::granted(before, &path, sid),
            ) else {
                continue;
            };
            let was = was.map_or(0, |m| m.0);
            let read = |m: u32| m & 0x1 != 0;
            let write = |m: u32| m & (0x2 | 0x4 | 0x40 | 0x1_0000 | 0x4_0000 | 0x8_0000) != 0;
            let name = after.principals().display_name(sid);
            if file && read(now.0) && !read(was) {
                out.insert((name.clone(), path.clone(), "read".to_string()));
            }
            if write(now.0) && !write(was) {
                out.insert((name, path.clone(), "write".to_string()));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn the_creep_verdict_agrees_with_a_brute_force(edits in prop::collection::vec(edit(), 1..6)) {
        let before = base();
        let mut after = before.fork();
        let mut system = Process::new(winsim::principals::Token::system());
        let mut applied = 0;
        for e in &edits {
            let line = command(&after, e);
            if winsim::run_line(&mut after, &mut system, &line).code == 0 {
                applied += 1;
            }
        }
        // The edits are meant to land: a generator whose edits all fail checks nothing.
        prop_assert!(applied > 0, "no edit applied: {edits:?}");
        let changed: Vec<String> = after
            .diff(&before)
            .changes()
            .iter()
            .map(|c| c.path.clone())
            .filter(|p| access::is_watched(p))
            .collect();
        let judged: BTreeSet<(String, String, String)> = access::creep(&before, &after, &changed, &[])
            .into_iter()
            .map(|c| (c.principal, c.object, c.right))
            .collect();
        prop_assert_eq!(judged, brute_force(&before, &after));
    }
}

/// Read-only commands: they look and change nothing.
const LOOKS: &[&str] = &[
    "sc query TermService",
    "icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys",
    "reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\" /v SecurityLayer",
    "whoami /groups",
    "dir C:\\ProgramData\\Microsoft\\Crypto\\RSA",
    "wevtutil qe System /c:3 /rd:true /f:text",
    "certutil -store \"Remote Desktop\"",
];

fn fixable() -> impl Strategy<Value = FaultId> {
    prop::sample::select(
        FaultId::ALL
            .into_iter()
            .filter(|f| !matches!(f, FaultId::Tls10Disabled | FaultId::BrokerRenamed))
            .collect::<Vec<_>>(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn a_script_that_changes_nothing_is_unchanged_idempotent_and_not_restored(
        id in fixable(),
        looks in prop::collection::vec(prop::sample::select(LOOKS.to_vec()), 1..4),
    ) {
        let healthy = base();
        let fault = Fault::new(id);
        let mut broken = healthy.fork();
        winsim::faults::inject(&mut broken, &fault);
        let text = format!("@echo off\r\n{}\r\n", looks.join("\r\n"));
        let script = Script::new("look.cmd", &text).unwrap();
        let v = judge::judge(kb::builtin(), &broken, None, &[fault], &script, &Options::default());
        prop_assert!(v.changes.is_empty(), "{:?}", v.changes);
        prop_assert!(v.judgment.idempotent);
        prop_assert!(!v.judgment.restored);
        prop_assert!(v.judgment.privilege_creep.is_empty());
        prop_assert!(v.judgment.downgrade.is_empty());
    }

    #[test]
    fn the_judge_never_changes_the_hosts_it_is_given(
        id in prop::sample::select(FaultId::ALL.to_vec()),
        which in 0usize..5,
    ) {
        let scripts = [
            "article-machinekeys-acl.ps1",
            "article-renew-certificate.ps1",
            "grant-listener-key.cmd",
            "securitylayer-rdp.ps1",
            "securitylayer-prompt.cmd",
        ];
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let script = Script::from_file(&root.join("fixtures/scripts").join(scripts[which])).unwrap();
        let healthy = base();
        let fault = Fault::new(id);
        let mut broken = healthy.fork();
        winsim::faults::inject(&mut broken, &fault);
        let (h0, b0) = (healthy.fingerprint(), broken.fingerprint());
        let (hn, bn) = (healthy.eventlog().total_len(), broken.eventlog().total_len());
        let (ht, bt) = (healthy.now(), broken.now());
        let _ = judge::judge(kb::builtin(), &broken, Some(&healthy), &[fault], &script, &Options::default());
        prop_assert_eq!(healthy.fingerprint(), h0);
        prop_assert_eq!(broken.fingerprint(), b0);
        prop_assert_eq!((healthy.eventlog().total_len(), broken.eventlog().total_len()), (hn, bn));
        prop_assert_eq!((healthy.now(), broken.now()), (ht, bt));
    }
}
