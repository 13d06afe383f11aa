//! Properties of `icacls` edits: always, the ACL icacls leaves is in canonical order, and an
//! explicit `/deny` always wins over any later `/grant` for that account.

use proptest::prelude::*;
use winsim::Host;
use winsim::principals::Token;
use winsim::process::Process;
use winsim::security::{AccessMask, GenericMapping, access_check, is_canonical};
use winsim::shell;

/// The folder and file the edits work on (created by the test, under `C:\ProgramData`).
const DIR: &str = "C:\\ProgramData\\PropTest";
const FILE: &str = "C:\\ProgramData\\PropTest\\key.bin";

fn account() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("\"NT AUTHORITY\\NETWORK SERVICE\""),
        Just("SYSTEM"),
        Just("BUILTIN\\Administrators"),
        Just("Everyone"),
        Just("*S-1-5-32-545"),
        Just("\"NT SERVICE\\SessionEnv\""),
    ]
}

fn perm() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just("F"),
        Just("M"),
        Just("RX"),
        Just("R"),
        Just("W"),
        Just("(OI)(CI)F"),
        Just("(OI)R"),
        Just("(CI)(IO)M"),
        Just("(RD,WA)"),
    ]
}

/// One icacls edit, as a command-line tail.
fn edit() -> impl Strategy<Value = String> {
    prop_oneof![
        (account(), perm()).prop_map(|(a, p)| format!("/grant {a}:{p}")),
        (account(), perm()).prop_map(|(a, p)| format!("/grant:r {a}:{p}")),
        (account(), perm()).prop_map(|(a, p)| format!("/deny {a}:{p}")),
        account().prop_map(|a| format!("/remove {a}")),
        account().prop_map(|a| format!("/remove:g {a}")),
        account().prop_map(|a| format!("/remove:d {a}")),
        Just("/inheritance:d".to_string()),
        Just("/inheritance:e".to_string()),
        Just("/inheritance:r".to_string()),
        Just("/reset".to_string()),
    ]
}

fn host_with_tree() -> Host {
    let mut host = Host::builder().seed(11).build();
    let admin = host.admin_token();
    host.fs_mut()
        .create_dir(DIR, &admin)
        .expect("the admin creates a folder");
    host.fs_mut()
        .write_file(FILE, b"key", &admin)
        .expect("the admin creates a file");
    host
}

fn icacls(host: &mut Host, line: &str) -> u32 {
    let mut session = Process::new(host.admin_token());
    shell::run_line(host, &mut session, line).code
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Always: whatever edits icacls makes (on the folder, recursively), every ACL below is in
    /// canonical order: explicit deny, explicit allow, inherited deny, inherited allow; and
    /// each edit succeeds unless an earlier one denied the administrator.
    #[test]
    fn always_icacls_leaves_canonical_acls(edits in proptest::collection::vec(edit(), 1..8)) {
        let mut host = host_with_tree();
        for (i, e) in edits.iter().enumerate() {
            let mut session = Process::new(host.admin_token());
            let out = shell::run_line(&mut host, &mut session, &format!("icacls {DIR} {e} /t /c /q"));
            // An edit succeeds, unless an earlier one took the administrator's own access away;
            // on the fresh tree, the first always succeeds. (A property whose edits all failed
            // would check nothing.)
            let denied = out.stdout().contains("Access is denied.") || out.stderr().contains("Access is denied.");
            prop_assert!(
                out.code == 0 || (i > 0 && denied),
                "`{}` after {:?}: exit {}\n{}{}", e, &edits[..i], out.code, out.stdout(), out.stderr()
            );
            for path in [DIR, FILE] {
                let node = host.fs().node(path).expect("icacls never deletes objects");
                let acl = node.sd.dacl.clone().unwrap_or_default();
                prop_assert!(is_canonical(&acl), "{path} after `{e}`: {:?}", acl);
            }
        }
    }

    /// Always: after `/deny NETWORK SERVICE:(R)` on the file, no later grant lets NETWORK
    /// SERVICE read it (the deny is explicit and sorts first).
    #[test]
    fn always_an_explicit_deny_beats_later_grants(
        grants in proptest::collection::vec(perm(), 0..5),
    ) {
        let mut host = host_with_tree();
        prop_assert_eq!(icacls(&mut host, &format!("icacls {FILE} /deny \"NT AUTHORITY\\NETWORK SERVICE:(R)\"")), 0);
        for p in &grants {
            icacls(&mut host, &format!("icacls {FILE} /grant \"NT AUTHORITY\\NETWORK SERVICE\":{p}"));
        }
        let sd = host.fs().node(FILE).expect("file exists").sd.clone();
        let read = access_check(&sd, &Token::network_service(), AccessMask::READ_DATA, &GenericMapping::FILE);
        prop_assert!(read.is_err(), "NETWORK SERVICE can read after grants {:?}", grants);
        prop_assert!(host.fs().read_file(FILE, &Token::network_service()).is_err());
    }
}
