//! Stories: the listener's certificate and a service through wmic.

use crate::host::Host;
use crate::process::Process;
use crate::shell::run_line;

const NS: &str = r"wmic /namespace:\\root\cimv2\TerminalServices path Win32_TSGeneralSetting where TerminalName='RDP-Tcp'";

#[test]
fn get_shows_the_self_signed_thumbprint_and_set_changes_it() {
    let mut host = Host::builder().build();
    let mut p = Process::new(host.admin_token());
    let token = host.admin_token();
    let tp =
        crate::certs::list(host.registry(), "Remote Desktop", &token).unwrap()[0].thumbprint_hex();
    let out = run_line(
        &mut host,
        &mut p,
        &format!("{NS} get SSLCertificateSHA1Hash"),
    );
    assert_eq!(
        out.stdout(),
        format!("SSLCertificateSHA1Hash                    \r\r\n{tp}  \r\r\n\r\r\n")
    );
    let new = "00112233445566778899AABBCCDDEEFF00112233";
    let out = run_line(
        &mut host,
        &mut p,
        &format!(
            r#"wmic /namespace:\\root\cimv2\TerminalServices PATH Win32_TSGeneralSetting Set SSLCertificateSHA1Hash="{new}""#
        ),
    );
    assert_eq!(
        out.stdout(),
        "Updating property(s) of '\\\\RDS01\\root\\cimv2\\TerminalServices:Win32_TSGeneralSetting.TerminalName=\"RDP-Tcp\"'\r\r\nProperty(s) update successful.\r\r\n"
    );
    let out = run_line(
        &mut host,
        &mut p,
        &format!("{NS} get SSLCertificateSHA1Hash"),
    );
    assert!(out.stdout().contains(new));
    let out = run_line(
        &mut host,
        &mut p,
        &format!("{NS} call SetSSLCertificateSHA1Hash \"{tp}\""),
    );
    assert!(
        out.stdout().contains("Method execution successful.\r\r\n"),
        "{}",
        out.combined()
    );
    assert!(out.stdout().contains("\tReturnValue = 0;\r\r\n"));
}

#[test]
fn services_by_name_and_errors() {
    let mut host = Host::builder().build();
    let mut p = Process::new(host.admin_token());
    let out = run_line(
        &mut host,
        &mut p,
        "wmic service where name='TermService' get Name,State,StartMode",
    );
    assert_eq!(
        out.stdout(),
        "Name         StartMode  State    \r\r\nTermService  Manual     Running  \r\r\n\r\r\n"
    );
    let out = run_line(
        &mut host,
        &mut p,
        "wmic service where \"name='nosuch'\" get Name",
    );
    assert_eq!(out.stderr(), "No Instance(s) Available.\r\r\n");
    let out = run_line(
        &mut host,
        &mut p,
        "wmic path Win32_TSGeneralSetting get TerminalName",
    );
    assert!(
        out.stderr().contains("Description = Invalid class"),
        "{}",
        out.stderr()
    );
}
