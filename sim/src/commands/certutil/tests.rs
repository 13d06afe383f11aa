//! Stories: an administrator looks at and repairs the RDP certificate with certutil.

use crate::certs;
use crate::host::Host;
use crate::process::Process;
use crate::shell::run_line;

fn host() -> (Host, Process) {
    // Server 2016: administrators may read the listener's key (windows-facts §12).
    let host = Host::builder().os(crate::os::Os::Server2016).build();
    let p = Process::new(host.admin_token());
    (host, p)
}

fn rdp_thumbprint(host: &Host) -> String {
    let token = host.admin_token();
    certs::list(host.registry(), "Remote Desktop", &token).unwrap()[0].thumbprint_hex()
}

#[test]
fn store_lists_the_rdp_certificate_with_its_key() {
    let (mut host, mut p) = host();
    let tp = rdp_thumbprint(&host).to_ascii_lowercase();
    let out = run_line(&mut host, &mut p, r#"certutil -store "Remote Desktop""#);
    assert_eq!(out.code, 0, "{}", out.combined());
    let text = out.stdout();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Remote Desktop");
    assert_eq!(lines[1], "================ Certificate 0 ================");
    assert!(lines[2].starts_with("Serial Number: "), "{text}");
    assert_eq!(lines[3], "Issuer: CN=RDS01");
    assert!(lines[4].starts_with(" NotBefore: "), "{text}");
    assert_eq!(lines[6], "Subject: CN=RDS01");
    assert_eq!(lines[7], "Signature matches Public Key");
    assert_eq!(lines[8], "Root Certificate: Subject matches Issuer");
    assert_eq!(lines[9], format!("Cert Hash(sha1): {tp}"));
    assert_eq!(lines[10], "  Key Container = TSSecKeySet1");
    assert!(
        lines[11].starts_with("  Unique container name: f686aace6942fb7f7ceb231212eef4a4_"),
        "{text}"
    );
    assert_eq!(
        lines[12],
        "  Provider = Microsoft Enhanced Cryptographic Provider v1.0"
    );
    assert_eq!(lines[13], "Private key is NOT exportable");
    assert_eq!(lines[14], "Encryption test passed");
    assert_eq!(
        lines[15],
        "CertUtil: -store command completed successfully."
    );
}

#[test]
fn on_server_2019_an_administrator_cannot_open_the_listener_key() {
    let mut host = Host::builder().build();
    let mut p = Process::new(host.admin_token());
    let out = run_line(&mut host, &mut p, r#"certutil -store "Remote Desktop""#);
    assert!(
        out.stdout().contains(
            "  Provider = Microsoft Enhanced Cryptographic Provider v1.0\nEncryption test FAILED\n"
        ),
        "{}",
        out.stdout()
    );
    assert_eq!(out.code, 0);
}

#[test]
fn a_missing_certificate_id_is_nte_not_found_with_exit_17() {
    let (mut host, mut p) = host();
    let out = run_line(&mut host, &mut p, "certutil -store My 0123456789abcdef");
    assert_eq!(
        out.stdout(),
        "CertUtil: -store command FAILED: 0x80090011 (-2146893807 NTE_NOT_FOUND)\n"
    );
    assert_eq!(out.code, 17);
    let out = run_line(&mut host, &mut p, "certutil -store my");
    assert_eq!(
        out.stdout(),
        "my \"Personal\"\nCertUtil: -store command completed successfully.\n"
    );
}

#[test]
fn delstore_removes_by_thumbprint_and_index_and_tolerates_no_match() {
    let (mut host, mut p) = host();
    let tp = rdp_thumbprint(&host);
    let out = run_line(
        &mut host,
        &mut p,
        r#"certutil -delstore "Remote Desktop" 0123"#,
    );
    assert_eq!(
        out.stdout(),
        "Remote Desktop\nCertUtil: -delstore command completed successfully.\n"
    );
    assert_eq!(out.code, 0);
    let line = format!(r#"certutil -delstore "Remote Desktop" {tp}"#);
    let out = run_line(&mut host, &mut p, &line);
    assert_eq!(
        out.stdout(),
        format!(
            "Remote Desktop\nDeleting Certificate 0: CN=RDS01:{}\nCertUtil: -delstore command completed successfully.\n",
            tp.to_ascii_lowercase()
        )
    );
    let token = host.admin_token();
    assert!(
        certs::list(host.registry(), "Remote Desktop", &token)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_missing_key_file_shows_missing_stored_keyset() {
    let (mut host, mut p) = host();
    crate::faults::inject(
        &mut host,
        &crate::faults::Fault::new(crate::faults::FaultId::RsaKeyMissing),
    );
    let out = run_line(&mut host, &mut p, r#"certutil -store "Remote Desktop""#);
    assert!(
        out.stdout().contains("Missing stored keyset\n"),
        "{}",
        out.stdout()
    );
    assert!(!out.stdout().contains("Encryption test passed"));
    let out = run_line(
        &mut host,
        &mut p,
        r#"certutil -repairstore "Remote Desktop" 0"#,
    );
    assert!(
        out.stdout()
            .contains("CertUtil: -repairstore command FAILED: 0x80090016 (-2146893802 NTE_BAD_KEYSET)\nCertUtil: Keyset does not exist\n"),
        "{}",
        out.stdout()
    );
    assert_eq!(out.code, 0x16);
}

#[test]
fn repairstore_relinks_a_certificate_to_its_key() {
    let (mut host, mut p) = host();
    let token = host.admin_token();
    let cert = certs::list(host.registry(), "Remote Desktop", &token).unwrap()[0].clone();
    let mut bare = cert.clone();
    bare.key = None;
    certs::add(host.registry_mut(), "Remote Desktop", &bare, &token).unwrap();
    let out = run_line(&mut host, &mut p, r#"certutil -store "Remote Desktop" 0"#);
    assert!(out.stdout().contains("No key provider information\n"));
    // SYSTEM may read every container (an administrator may not, on 2019).
    let mut system = Process::new(crate::principals::Token::system());
    let out = run_line(
        &mut host,
        &mut system,
        r#"certutil -repairstore "Remote Desktop" 0"#,
    );
    assert_eq!(out.code, 0, "{}", out.combined());
    assert!(out.stdout().contains(
        "Encryption test passed\nCertUtil: -repairstore command completed successfully.\n"
    ));
    let again = certs::list(host.registry(), "Remote Desktop", &token).unwrap()[0].clone();
    assert_eq!(again.key.unwrap().container, "TSSecKeySet1");
}

#[test]
fn unknown_verbs_print_usage() {
    let (mut host, mut p) = host();
    let out = run_line(&mut host, &mut p, "certutil -bogus");
    assert_eq!(out.code, 87);
    assert!(out.stdout().starts_with("CertUtil: Unknown arg: -bogus\n"));
}
