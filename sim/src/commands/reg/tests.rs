//! Stories about `reg` on the default host.

use super::run;
use crate::host::Host;
use crate::principals::Token;
use crate::process::{Output, Process};
use crate::registry::RegValue;

const RDP_TCP: &str =
    "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";
const RDP_TCP_LONG: &str =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";

fn host() -> (Host, Process) {
    let host = Host::builder().build();
    let process = Process::new(host.admin_token());
    (host, process)
}

/// RDP-Tcp's PortNumber as SYSTEM reads it.
fn port(h: &Host) -> Option<RegValue> {
    h.registry()
        .get_value(RDP_TCP, "PortNumber", &Token::system())
        .ok()
}

fn reg(host: &mut Host, process: &mut Process, line: &[&str]) -> Output {
    let args: Vec<String> = line.iter().map(|s| s.to_string()).collect();
    run(host, process, &args)
}

#[test]
fn query_prints_the_rdp_port_in_reg_layout() {
    let (mut h, mut s) = host();
    let out = reg(&mut h, &mut s, &["query", RDP_TCP, "/v", "PortNumber"]);
    assert_eq!(
        out.stdout(),
        format!("\n{RDP_TCP_LONG}\n    PortNumber    REG_DWORD    0xd3d\n\n")
    );
    assert_eq!((out.stderr().as_str(), out.code), ("", 0));
}

#[test]
fn a_missing_value_prints_the_error_after_the_blank_line_and_exits_1() {
    let (mut h, mut s) = host();
    let out = reg(
        &mut h,
        &mut s,
        &["query", RDP_TCP, "/v", "SSLCertificateSHA1Hash"],
    );
    assert_eq!(out.stdout(), "\n");
    assert_eq!(
        out.stderr(),
        "ERROR: The system was unable to find the specified registry key or value.\n"
    );
    assert_eq!(out.code, 1);
    let missing_key = reg(&mut h, &mut s, &["query", "HKLM\\SOFTWARE\\NoSuchKey"]);
    assert_eq!((missing_key.stdout().as_str(), missing_key.code), ("", 1));
}

#[test]
fn bad_syntax_and_bad_key_names_point_to_the_usage() {
    let (mut h, mut s) = host();
    let out = reg(&mut h, &mut s, &["query", RDP_TCP, "/v"]);
    assert_eq!(
        out.stderr(),
        "ERROR: Invalid syntax.\nType \"REG QUERY /?\" for usage.\n"
    );
    let out = reg(&mut h, &mut s, &["add", "HKXY\\Software", "/v", "A"]);
    assert_eq!(
        out.stderr(),
        "ERROR: Invalid key name.\nType \"REG ADD /?\" for usage.\n"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn add_without_f_asks_and_unattended_changes_nothing() {
    let (mut h, mut s) = host();
    let out = reg(
        &mut h,
        &mut s,
        &[
            "add",
            RDP_TCP,
            "/v",
            "PortNumber",
            "/t",
            "REG_DWORD",
            "/d",
            "3390",
        ],
    );
    assert_eq!(
        out.stdout(),
        "Value PortNumber exists, overwrite(Yes/No)? \nThe operation was canceled by the user.\n"
    );
    assert_eq!(port(&h), Some(RegValue::Dword(3389)));
    s.answers.push_back("Yes".into());
    let out = reg(
        &mut h,
        &mut s,
        &[
            "add",
            RDP_TCP,
            "/v",
            "PortNumber",
            "/t",
            "REG_DWORD",
            "/d",
            "0xd3e",
        ],
    );
    assert!(
        out.stdout()
            .ends_with("overwrite(Yes/No)? Yes\nThe operation completed successfully.\n")
    );
    assert_eq!(port(&h), Some(RegValue::Dword(3390)));
}

#[test]
fn add_validates_data_per_type() {
    let (mut h, mut s) = host();
    let k = "HKLM\\SOFTWARE\\Contoso";
    for (t, d) in [
        ("REG_DWORD", "abc"),
        ("REG_DWORD", "4294967296"),
        ("REG_BINARY", "123"),
        ("REG_BINARY", "zz"),
    ] {
        let out = reg(
            &mut h,
            &mut s,
            &["add", k, "/v", "X", "/t", t, "/d", d, "/f"],
        );
        assert_eq!(out.code, 1, "{t} {d}");
    }
    let thumb = "4249E16E0AF0A02E63C45C93FD52AD0927821B01";
    let out = reg(
        &mut h,
        &mut s,
        &["add", k, "/v", "T", "/t", "REG_BINARY", "/d", thumb],
    );
    assert_eq!(
        (out.stdout().as_str(), out.code),
        ("The operation completed successfully.\n", 0)
    );
    let q = reg(&mut h, &mut s, &["query", k, "/v", "T"]);
    assert!(
        q.stdout()
            .contains(&format!("    T    REG_BINARY    {thumb}\n"))
    );
    reg(
        &mut h,
        &mut s,
        &["add", k, "/v", "M", "/t", "REG_MULTI_SZ", "/d", "a\\0b"],
    );
    let q = reg(&mut h, &mut s, &["query", k, "/v", "M"]);
    assert!(q.stdout().contains("    M    REG_MULTI_SZ    a\\0b\n"));
}

#[test]
fn delete_asks_and_f_deletes() {
    let (mut h, mut s) = host();
    let out = reg(&mut h, &mut s, &["delete", RDP_TCP, "/v", "PortNumber"]);
    assert!(
        out.stdout()
            .starts_with("Delete the registry value PortNumber (Yes/No)? \n")
    );
    assert!(port(&h).is_some());
    let out = reg(
        &mut h,
        &mut s,
        &["delete", RDP_TCP, "/v", "PortNumber", "/f"],
    );
    assert_eq!(out.stdout(), "The operation completed successfully.\n");
    assert!(port(&h).is_none());
    let again = reg(
        &mut h,
        &mut s,
        &["delete", RDP_TCP, "/v", "PortNumber", "/f"],
    );
    assert_eq!(again.code, 1);
    reg(&mut h, &mut s, &["add", "HKLM\\SOFTWARE\\Gone\\Sub", "/f"]);
    let out = reg(&mut h, &mut s, &["delete", "HKLM\\SOFTWARE\\Gone"]);
    assert!(out.stdout().starts_with(
        "Permanently delete the registry key HKEY_LOCAL_MACHINE\\SOFTWARE\\Gone (Yes/No)? "
    ));
    s.answers.push_back("y".into());
    reg(&mut h, &mut s, &["delete", "HKLM\\SOFTWARE\\Gone"]);
    assert!(!h.registry().key_exists("HKLM\\SOFTWARE\\Gone"));
}

#[test]
fn a_plain_user_is_denied() {
    let (mut h, _) = host();
    let mut user = Process::new(Token::network_service());
    let out = reg(
        &mut h,
        &mut user,
        &[
            "add",
            RDP_TCP,
            "/v",
            "PortNumber",
            "/t",
            "REG_DWORD",
            "/d",
            "1",
            "/f",
        ],
    );
    assert_eq!(
        (out.stderr().as_str(), out.code),
        ("ERROR: Access is denied.\n", 1)
    );
}

#[test]
fn listing_shows_values_then_subkeys_and_s_recurses() {
    let (mut h, mut s) = host();
    let k = "HKLM\\SOFTWARE\\Listing";
    let system = Token::system();
    let reg_mut = h.registry_mut();
    for key in [k.to_string(), format!("{k}\\Sub"), format!("{k}\\Empty")] {
        reg_mut
            .create_key(&key, &system)
            .expect("SYSTEM creates keys");
    }
    reg_mut
        .set_value(k, "A", RegValue::Sz("x".into()), &system)
        .expect("set");
    reg_mut
        .set_value(&format!("{k}\\Sub"), "B", RegValue::Qword(16), &system)
        .expect("set");
    let out = reg(&mut h, &mut s, &["query", k]);
    let top = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Listing";
    assert_eq!(
        out.stdout(),
        format!("\n{top}\n    A    REG_SZ    x\n\n{top}\\Empty\n{top}\\Sub\n")
    );
    let out = reg(&mut h, &mut s, &["query", k, "/s"]);
    assert_eq!(
        out.stdout(),
        format!(
            "\n{top}\n    A    REG_SZ    x\n\n{top}\\Empty\n\n{top}\\Sub\n    B    REG_QWORD    0x10\n\n\
             End of search: 4 match(es) found.\n"
        )
    );
    let out = reg(&mut h, &mut s, &["query", k, "/f", "x", "/e", "/s"]);
    assert_eq!(
        out.stdout(),
        format!("\n{top}\n    A    REG_SZ    x\n\nEnd of search: 1 match(es) found.\n")
    );
    let out = reg(&mut h, &mut s, &["query", k, "/ve"]);
    assert_eq!(
        out.stdout(),
        format!("\n{top}\n    (Default)    REG_SZ    (value not set)\n")
    );
}

#[test]
fn export_then_import_restores_a_deleted_value() {
    let (mut h, mut s) = host();
    let admin = h.admin_token();
    h.fs_mut().create_dir("C:\\temp", &admin).expect("mkdir");
    let out = reg(&mut h, &mut s, &["export", RDP_TCP, "C:\\temp\\rdp.reg"]);
    assert_eq!(
        (out.stdout().as_str(), out.code),
        ("The operation completed successfully.\n", 0)
    );
    let bytes = h.fs().read_file("C:\\temp\\rdp.reg", &s.token).unwrap();
    assert_eq!(&bytes[..2], &[0xFF, 0xFE]);
    let out = reg(&mut h, &mut s, &["export", RDP_TCP, "C:\\temp\\rdp.reg"]);
    assert!(
        out.stdout()
            .starts_with("File C:\\temp\\rdp.reg already exists. Overwrite (Yes/No)?\n")
    );
    reg(
        &mut h,
        &mut s,
        &["delete", RDP_TCP, "/v", "PortNumber", "/f"],
    );
    s.cwd = "C:\\temp".into();
    let out = reg(&mut h, &mut s, &["import", "rdp.reg"]);
    assert_eq!(
        (out.stderr().as_str(), out.code),
        ("The operation completed successfully.\n", 0)
    );
    assert_eq!(port(&h), Some(RegValue::Dword(3389)));
    let missing = reg(&mut h, &mut s, &["import", "nope.reg"]);
    assert_eq!(
        (missing.stderr().as_str(), missing.code),
        (
            "ERROR: Error opening the file. There may be a disk or file system error.\n",
            1
        )
    );
}
