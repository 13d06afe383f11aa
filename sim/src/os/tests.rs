//! Stories about the presets: what a healthy host holds, per OS.

use super::*;
use crate::certs;
use crate::principals::Token;
use crate::security::format_sddl;

fn host(os: Os) -> Host {
    Host::builder().os(os).seed(7).build()
}

fn sddl_of(host: &Host, path: &str) -> String {
    format_sddl(
        &host
            .fs()
            .node(path)
            .unwrap_or_else(|| panic!("{path} exists"))
            .sd,
    )
}

#[test]
fn machine_keys_has_the_measured_default_acl() {
    let h = host(Os::Server2019);
    assert_eq!(
        sddl_of(&h, keys::MACHINE_KEYS),
        "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)"
    );
}

#[test]
fn listener_container_third_entry_is_swapped_on_17763() {
    for os in Os::ALL {
        let h = host(os);
        let guid = h.machine_guid().expect("MachineGuid");
        let sddl = sddl_of(&h, &listener_key_path(&guid));
        assert!(sddl.starts_with("O:SYG:SYD:PAI(A;;FA;;;SY)(A;;"), "{sddl}");
        assert!(sddl.contains(";;;NS)"), "{sddl}");
        let session_env = format!("(A;;FA;;;{})", Sid::service("SessionEnv"));
        assert_eq!(
            sddl.contains(&session_env),
            os.build() >= 17763,
            "{os:?}: {sddl}"
        );
        assert_eq!(
            sddl.contains(";;;BA)"),
            os.build() <= 14393,
            "{os:?}: {sddl}"
        );
    }
}

#[test]
fn machine_guid_is_a_lower_case_guid_from_the_seed() {
    let a = host(Os::Server2019).machine_guid().unwrap();
    let b = host(Os::Server2019).machine_guid().unwrap();
    let c = Host::builder().seed(8).build().machine_guid().unwrap();
    assert_eq!(a, b, "same seed, same guid");
    assert_ne!(a, c, "another seed, another guid");
    let parts: Vec<usize> = a.split('-').map(str::len).collect();
    assert_eq!(parts, [8, 4, 4, 4, 12]);
    assert!(
        a.chars()
            .all(|ch| ch == '-' || ch.is_ascii_digit() || ('a'..='f').contains(&ch))
    );
}

#[test]
fn the_listener_certificate_is_valid_and_linked_to_its_container() {
    let h = Host::builder().name("rds01").seed(3).build();
    let list = certs::list(h.registry(), crate::rdp::RDP_STORE, &Token::system()).unwrap();
    assert_eq!(list.len(), 1);
    let cert = &list[0];
    assert_eq!(cert.subject, "CN=RDS01");
    assert!(cert.is_valid_at(h.now()));
    assert!(
        cert.not_before < h.now().add_secs(-86_400),
        "issued days before now"
    );
    assert_eq!(
        cert.key.as_ref().map(|k| k.container.as_str()),
        Some(keys::RDP_CONTAINER)
    );
    let path = crate::rdp::listener_key_for(&h, cert).unwrap();
    let bytes = h
        .fs()
        .read_file(&path, &Token::network_service())
        .expect("NETWORK SERVICE reads the key");
    assert_eq!(
        keys::check_key_file(&bytes).as_deref(),
        Ok(keys::RDP_CONTAINER)
    );
}

#[test]
fn azure_image_values_and_no_thumbprint_or_protocol_keys() {
    let h = host(Os::Server2019);
    let r = h.registry();
    let dw = |k: &str, n: &str| match r.value_raw(k, n) {
        Some(RegValue::Dword(d)) => Some(*d),
        _ => None,
    };
    assert_eq!(dw(tables::TS_KEY, "fDenyTSConnections"), Some(0));
    assert_eq!(dw(tables::RDP_TCP_KEY, "PortNumber"), Some(3389));
    assert_eq!(dw(tables::RDP_TCP_KEY, "SecurityLayer"), Some(1));
    assert_eq!(dw(tables::RDP_TCP_KEY, "UserAuthentication"), Some(1));
    assert_eq!(dw(tables::SCHANNEL_KEY, "EventLogging"), Some(1));
    assert!(
        r.value_raw(tables::RDP_TCP_KEY, "SSLCertificateSHA1Hash")
            .is_none()
    );
    assert!(
        r.key(&format!("{}\\Protocols", tables::SCHANNEL_KEY))
            .is_none()
    );
}

#[test]
fn services_run_with_their_dependencies_and_registry_keys() {
    let h = host(Os::Server2019);
    for name in [
        "TermService",
        "SessionEnv",
        "UmRdpService",
        "CryptSvc",
        "KeyIso",
        "RpcSs",
        "RDPDR",
    ] {
        assert!(h.is_running(name), "{name} runs");
        let key = format!("HKLM\\SYSTEM\\CurrentControlSet\\Services\\{name}");
        assert!(h.registry().value_raw(&key, "Start").is_some(), "{key}");
    }
    for s in h.services().iter() {
        for d in &s.dependencies {
            assert!(
                h.services().get(d).is_some(),
                "{} depends on missing {d}",
                s.name
            );
        }
    }
    assert_eq!(
        h.services().get("TermService").unwrap().account,
        "NT Authority\\NetworkService"
    );
    assert!(
        h.services().get("Tssdis").is_none(),
        "no broker without the role"
    );
    assert_eq!(
        h.principals()
            .name_of(&Sid::service("SessionEnv"))
            .as_deref(),
        Some("NT SERVICE\\SessionEnv")
    );
}

#[test]
fn a_broker_host_records_its_name() {
    let h = Host::builder()
        .roles(&["RDS-RD-Server", BROKER_ROLE])
        .seed(1)
        .build();
    assert!(h.is_running("Tssdis") && h.is_running("MSSQL$MICROSOFT##WID"));
    assert_eq!(h.rdp().broker_recorded_name.as_deref(), Some(h.name()));
}

#[test]
fn a_healthy_host_starts_with_a_clean_log_and_no_temp_folder() {
    let h = host(Os::Server2019);
    assert!(h.eventlog().is_empty());
    assert!(h.fs().node("C:\\temp").is_none());
    assert!(
        h.principals()
            .resolve(&format!("RDS01\\{ADMIN_USER}"))
            .is_some()
    );
}

#[test]
fn only_2008_r2_is_limited_to_tls_1_0() {
    assert_eq!(rdp_tls_versions(Os::Server2008R2), &[TlsVersion::Tls10]);
    for os in Os::ALL.into_iter().filter(|o| *o != Os::Server2008R2) {
        assert!(rdp_tls_versions(os).contains(&TlsVersion::Tls12));
    }
}
