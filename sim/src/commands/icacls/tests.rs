//! Stories: icacls run against the default host (Server 2019, healthy).

use super::run;
use crate::commands::testing::host_with_folder;
use crate::host::Host;
use crate::principals::Token;
use crate::process::{Output, Process};

const MK: &str = "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys";

fn icacls(host: &mut Host, token: Token, line: &[&str]) -> Output {
    let args: Vec<String> = line.iter().map(|s| s.to_string()).collect();
    let mut process = Process::new(token);
    run(host, &mut process, &args)
}

fn admin(host: &mut Host, line: &[&str]) -> Output {
    let token = host.admin_token();
    icacls(host, token, line)
}

fn listener_key(host: &Host) -> String {
    crate::os::listener_key_path(&host.machine_guid().expect("preset MachineGuid"))
}

#[test]
fn lists_the_default_machinekeys_acl() {
    let mut host = Host::builder().build();
    let out = admin(&mut host, &[MK]);
    let pad = " ".repeat(MK.len() + 1);
    assert_eq!(
        out.stdout(),
        format!(
            "{MK} Everyone:(R,W)\n{pad}BUILTIN\\Administrators:(F)\n\nSuccessfully processed 1 files; Failed processing 0 files\n"
        )
    );
    assert_eq!((out.stderr(), out.code), (String::new(), 0));
}

#[test]
fn recursive_listing_is_denied_on_a_key_admins_cannot_read() {
    let mut host = Host::builder().build();
    let key = listener_key(&host);
    let out = admin(&mut host, &[MK, "/t", "/c"]);
    assert_eq!(out.stderr(), format!("{key}: Access is denied.\n"));
    assert!(
        out.stdout()
            .ends_with("Successfully processed 2 files; Failed processing 1 files\n")
    );
    assert_eq!(out.code, 5);
    // SYSTEM reads it: owner SYSTEM, SYSTEM full, NETWORK SERVICE read.
    let out = icacls(&mut host, Token::system(), &[&key]);
    assert!(
        out.stdout()
            .starts_with(&format!("{key} NT AUTHORITY\\SYSTEM:(F)\n"))
    );
    assert!(out.stdout().contains("NT AUTHORITY\\NETWORK SERVICE:(R)\n"));
}

#[test]
fn a_missing_file_fails_with_code_2() {
    let mut host = Host::builder().build();
    let out = admin(&mut host, &["C:\\nope.txt"]);
    assert_eq!(
        out.stderr(),
        "C:\\nope.txt: The system cannot find the file specified.\n"
    );
    assert_eq!(
        out.stdout(),
        "Successfully processed 0 files; Failed processing 1 files\n"
    );
    assert_eq!(out.code, 2);
}

#[test]
fn grant_merges_and_prints_processed_file() {
    let mut host = Host::builder().build();
    let out = admin(&mut host, &[MK, "/grant", "Everyone:(F)"]);
    assert_eq!(
        out.stdout(),
        format!(
            "processed file: {MK}\nSuccessfully processed 1 files; Failed processing 0 files\n"
        )
    );
    let listing = admin(&mut host, &[MK]).stdout();
    assert!(
        listing.starts_with(&format!("{MK} Everyone:(F)\n")),
        "{listing}"
    );
    assert_eq!(listing.matches("Everyone").count(), 1);
}

#[test]
fn an_unknown_account_maps_to_nothing() {
    let mut host = Host::builder().build();
    let out = admin(&mut host, &[MK, "/grant", "NoSuchUser:R"]);
    assert_eq!(
        out.stderr(),
        "NoSuchUser: No mapping between account names and security IDs was done.\n"
    );
    assert_eq!(
        out.stdout(),
        "Successfully processed 0 files; Failed processing 0 files\n"
    );
    assert_eq!(out.code, 1332);
}

#[test]
fn usage_errors() {
    let mut host = Host::builder().build();
    let out = admin(&mut host, &[]);
    assert_eq!(
        (out.stderr(), out.code),
        (
            "First parameter must be a file name pattern or \"/?\"\n".into(),
            87
        )
    );
    let out = admin(&mut host, &[MK, "/grant", "Users:Q"]);
    assert_eq!(
        (out.stderr(), out.code),
        ("Invalid parameter \"Users:Q\"\n".into(), 87)
    );
    assert!(
        admin(&mut host, &["/?"])
            .stdout()
            .contains("ICACLS name /save aclfile")
    );
}

#[test]
fn the_articles_grant_needs_takeown_first() {
    let mut host = Host::builder().build();
    let key = listener_key(&host);
    let grant = [
        MK,
        "/t",
        "/c",
        "/grant",
        "NT AUTHORITY\\NETWORK SERVICE:(R)",
    ];
    let out = admin(&mut host, &grant);
    // The folder and the Azure agent's transport key are processed; the listener's is not.
    let transport = crate::os::transport_key_path(&host);
    assert_eq!(
        out.stdout(),
        format!(
            "processed file: {MK}\nprocessed file: {transport}\nSuccessfully processed 2 files; Failed processing 1 files\n"
        )
    );
    assert_eq!(out.stderr(), format!("{key}: Access is denied.\n"));
    let token = host.admin_token();
    let mut process = Process::new(token);
    let take: Vec<String> = ["/f", MK, "/a", "/r"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let taken = crate::commands::takeown::run(&mut host, &mut process, &take);
    assert_eq!(taken.code, 0, "{}", taken.stderr());
    assert_eq!(
        taken.stdout(),
        format!(
            "\nSUCCESS: The file (or folder): \"{MK}\" now owned by the administrators group.\n\nSUCCESS: The file (or folder): \"{transport}\" now owned by the administrators group.\n\nSUCCESS: The file (or folder): \"{key}\" now owned by the administrators group.\n"
        )
    );
    let out = admin(&mut host, &grant);
    assert_eq!(out.code, 0, "{}", out.stderr());
    assert!(
        out.stdout()
            .ends_with("Successfully processed 3 files; Failed processing 0 files\n")
    );
    let listing = admin(&mut host, &[MK]).stdout();
    assert!(
        listing.contains("NT AUTHORITY\\NETWORK SERVICE:(R)"),
        "{listing}"
    );
}

#[test]
fn without_c_the_first_failure_stops_the_run() {
    let mut host = Host::builder().build();
    let out = admin(
        &mut host,
        &["C:\\ProgramData\\Microsoft\\Crypto\\RSA", "/t"],
    );
    assert!(out.stdout().ends_with("Failed processing 1 files\n"));
    assert_eq!(out.stderr().lines().count(), 1);
}

#[test]
fn deny_comes_first_and_wins() {
    let mut host = Host::builder().build();
    let file = "C:\\ProgramData\\x.txt";
    let token = host.admin_token();
    host.fs_mut()
        .write_file(file, b"secret", &token)
        .expect("admin writes ProgramData");
    admin(
        &mut host,
        &[file, "/grant", "NT AUTHORITY\\NETWORK SERVICE:(R)"],
    );
    assert!(host.fs().read_file(file, &Token::network_service()).is_ok());
    let out = admin(
        &mut host,
        &[file, "/deny", "NT AUTHORITY\\NETWORK SERVICE:(R)"],
    );
    assert_eq!(out.code, 0);
    let listing = admin(&mut host, &[file]).stdout();
    assert!(
        listing.starts_with(&format!("{file} NT AUTHORITY\\NETWORK SERVICE:(DENY)(R)\n")),
        "{listing}"
    );
    assert!(!listing.contains("NETWORK SERVICE:(R)"));
    assert!(
        host.fs()
            .read_file(file, &Token::network_service())
            .is_err()
    );
}

#[test]
fn save_then_restore_brings_the_acl_back() {
    let mut host = Host::builder().build();
    let before = admin(&mut host, &[MK]).stdout();
    let out = admin(&mut host, &[MK, "/save", "C:\\ProgramData\\acl.txt"]);
    assert_eq!(out.code, 0, "{}", out.stderr());
    let bytes = host
        .fs()
        .node("C:\\ProgramData\\acl.txt")
        .map(|n| n.kind.clone());
    let expected = crate::text::encode_utf16le(
        "MachineKeys\r\nD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)\r\n",
        false,
    );
    assert_eq!(bytes, Some(crate::fs::NodeKind::File(expected)));
    admin(&mut host, &[MK, "/grant", "Everyone:F", "/inheritance:e"]);
    assert_ne!(admin(&mut host, &[MK]).stdout(), before);
    let out = admin(
        &mut host,
        &[
            "C:\\ProgramData\\Microsoft\\Crypto\\RSA",
            "/restore",
            "C:\\ProgramData\\acl.txt",
        ],
    );
    assert_eq!(
        out.stdout(),
        format!(
            "processed file: {MK}\nSuccessfully processed 1 files; Failed processing 0 files\n"
        )
    );
    assert_eq!(admin(&mut host, &[MK]).stdout(), before);
}

#[test]
fn quiet_wildcards_and_reset() {
    let mut host = host_with_folder("C:\\ProgramData\\app", &[("a.txt", b"a"), ("b.log", b"b")]);
    let out = admin(
        &mut host,
        &["C:\\ProgramData\\app\\*.txt", "/grant", "Everyone:R", "/q"],
    );
    assert_eq!(
        out.stdout(),
        "Successfully processed 1 files; Failed processing 0 files\n"
    );
    let listing = admin(&mut host, &["C:\\ProgramData\\app\\*"]).stdout();
    assert!(
        listing.contains("C:\\ProgramData\\app\\a.txt Everyone:(R)\n"),
        "{listing}"
    );
    assert!(listing.contains("C:\\ProgramData\\app\\b.log "));
    let out = admin(&mut host, &["C:\\ProgramData\\app", "/reset", "/t", "/q"]);
    assert_eq!(
        out.stdout(),
        "Successfully processed 3 files; Failed processing 0 files\n"
    );
    assert!(
        !admin(&mut host, &["C:\\ProgramData\\app\\a.txt"])
            .stdout()
            .contains("Everyone")
    );
}

#[test]
fn the_root_saved_with_t_restores_onto_the_root() {
    let mut h = host_with_folder("C:\\backup", &[]);
    let saved = admin(
        &mut h,
        &["C:\\", "/save", "C:\\backup\\acl", "/t", "/c", "/q"],
    );
    assert!(
        saved.stdout().starts_with("Successfully processed "),
        "{}",
        saved.stdout()
    );
    let before = h.fs().node("C:\\").expect("root").sd.clone();
    assert_eq!(admin(&mut h, &["C:\\", "/deny", "Users:(W)"]).code, 0);
    assert_ne!(h.fs().node("C:\\").expect("root").sd, before);
    let restored = admin(&mut h, &["C:\\", "/restore", "C:\\backup\\acl", "/c", "/q"]);
    assert!(
        !restored.stderr().contains("C:\\C:"),
        "{}",
        restored.stderr()
    );
    assert_eq!(h.fs().node("C:\\").expect("root").sd.dacl, before.dacl);
}
