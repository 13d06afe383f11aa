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
    // `Protocols` exists, empty (lived-in-host §2.7): no protocol is configured, so every
    // one has the OS default.
    assert!(
        r.key(&format!("{}\\Protocols", tables::SCHANNEL_KEY))
            .is_some()
    );
    for v in ["TLS 1.0", "TLS 1.1", "TLS 1.2"] {
        assert!(
            r.key(&format!("{}\\Protocols\\{v}", tables::SCHANNEL_KEY))
                .is_none(),
            "{v}"
        );
    }
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
fn a_healthy_host_has_no_evidence_in_its_last_day_and_no_temp_folder() {
    let h = host(Os::Server2019);
    assert!(h.eventlog().len("System") > 1000, "a lived-in log");
    assert_eq!(fault_like_within(&h, DAY_MS), Vec::<String>::new());
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

const DAY_MS: i64 = 86_400_000;

/// The events of the article's evidence (Schannel 36870/36871/36888, RCM 1057/1058, broker
/// 2056/1296) no older than `window_ms`, as "provider id" lines.
fn fault_like_within(h: &Host, window_ms: i64) -> Vec<String> {
    const EVIDENCE: &[(&str, u16)] = &[
        ("Schannel", 36870),
        ("Schannel", 36871),
        ("Schannel", 36888),
        (
            "Microsoft-Windows-TerminalServices-RemoteConnectionManager",
            1057,
        ),
        (
            "Microsoft-Windows-TerminalServices-RemoteConnectionManager",
            1058,
        ),
        ("Microsoft-Windows-TerminalServices-SessionBroker", 2056),
        (
            "Microsoft-Windows-TerminalServices-SessionBroker-Client",
            1296,
        ),
    ];
    let mut out = Vec::new();
    for ch in h.eventlog().channels() {
        for e in h.eventlog().events(ch) {
            let age = e.time().millis_until(h.now());
            if age <= window_ms && EVIDENCE.contains(&(e.provider(), e.event_id())) {
                out.push(format!("{} {} {}", e.provider(), e.event_id(), e.time()));
            }
        }
    }
    out
}

#[test]
fn the_background_is_seeded() {
    let a = Host::builder().seed(5).build();
    let b = Host::builder().seed(5).build();
    let c = Host::builder().seed(6).build();
    let (xa, xb, xc) = (
        a.eventlog().export_xml(),
        b.eventlog().export_xml(),
        c.eventlog().export_xml(),
    );
    assert_eq!(xa, xb, "same seed, same background");
    assert_ne!(xa, xc, "another seed, another background");
}

#[test]
fn every_preset_has_thousands_of_events_over_weeks() {
    for os in Os::ALL {
        let h = host(os);
        let total = h.eventlog().total_len();
        eprintln!(
            "{os:?}: {total} events ({} System), {} heap bytes per event",
            h.eventlog().len("System"),
            h.eventlog().heap_bytes() / total
        );
        assert!(total >= 1500, "{os:?}: {total} events");
        for ch in [
            "System",
            "Application",
            "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational",
            "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
        ] {
            assert!(h.eventlog().len(ch) > 0, "{os:?}: {ch} is empty");
        }
        // Every week of the last four has System events.
        let ages: Vec<i64> = h
            .eventlog()
            .events("System")
            .iter()
            .map(|e| e.time().millis_until(h.now()) / DAY_MS)
            .collect();
        for week in 0..4 {
            assert!(
                ages.iter().any(|d| (week * 7..week * 7 + 7).contains(d)),
                "{os:?}: no System event {week} weeks ago"
            );
        }
        assert!(
            ages.iter().all(|d| *d >= 0),
            "{os:?}: an event in the future"
        );
        assert_eq!(
            fault_like_within(&h, DAY_MS),
            Vec::<String>::new(),
            "{os:?}"
        );
        let times: Vec<_> = h
            .eventlog()
            .events("System")
            .iter()
            .map(|e| e.time())
            .collect();
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]),
            "{os:?}: System in time order"
        );
    }
}

#[test]
fn the_one_old_incident_is_a_36870_more_than_a_week_old() {
    for seed in 0..20 {
        let h = Host::builder().seed(seed).build();
        let incidents: Vec<_> = h
            .eventlog()
            .events("System")
            .into_iter()
            .filter(|e| e.provider() == "Schannel")
            .collect();
        assert_eq!(incidents.len(), 1, "seed {seed}");
        let e = &incidents[0];
        assert_eq!(e.event_id(), 36870);
        assert!(
            e.message().contains("0x8009030D") && e.message().contains("10001"),
            "{}",
            e.message()
        );
        assert!(
            e.time().millis_until(h.now()) > 7 * DAY_MS,
            "seed {seed}: {}",
            e.time()
        );
        assert!(fault_like_within(&h, 7 * DAY_MS).is_empty(), "seed {seed}");
    }
}

#[test]
fn background_events_render_their_messages() {
    let h = host(Os::Server2019);
    for ch in h.eventlog().channels() {
        for e in h.eventlog().events(ch) {
            let m = e.message();
            assert!(
                !m.starts_with("The description for Event ID"),
                "{} {}: {m}",
                e.provider(),
                e.event_id()
            );
        }
    }
    let logon = h
        .eventlog()
        .events("Microsoft-Windows-TerminalServices-LocalSessionManager/Operational")
        .into_iter()
        .find(|e| e.event_id() == 21)
        .expect("a logon");
    assert!(
        logon
            .message()
            .starts_with("Remote Desktop Services: Session logon succeeded:\n\nUser: RDS01\\azureuser\nSession ID: "),
        "{}",
        logon.message()
    );
}

#[test]
fn the_lsa_select_and_control_set_keys_scripts_read() {
    let h = host(Os::Server2019);
    let r = h.registry();
    let dw = |k: &str, n: &str| match r.value_raw(k, n) {
        Some(RegValue::Dword(d)) => Some(*d),
        _ => None,
    };
    let lsa = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
    assert_eq!(
        dw(&format!("{lsa}\\FipsAlgorithmPolicy"), "Enabled"),
        Some(0)
    );
    assert!(
        r.value_raw(lsa, "FIPSAlgorithmPolicy").is_none(),
        "not the XP-era value"
    );
    assert_eq!(dw(lsa, "LimitBlankPasswordUse"), Some(1));
    assert!(r.value_raw(lsa, "LmCompatibilityLevel").is_none());
    for (name, v) in [
        ("Current", 1),
        ("Default", 1),
        ("Failed", 0),
        ("LastKnownGood", 1),
    ] {
        assert_eq!(dw("HKLM\\SYSTEM\\Select", name), Some(v), "{name}");
    }
    assert_eq!(
        dw(
            "HKLM\\SYSTEM\\ControlSet001\\Control\\Lsa\\FipsAlgorithmPolicy",
            "Enabled"
        ),
        Some(0)
    );
    assert_eq!(
        dw(
            "HKLM\\SYSTEM\\ControlSet001\\Services\\TermService",
            "Start"
        ),
        Some(3)
    );
    let rdp = |os: Os, name: &str| {
        host(os)
            .registry()
            .value_raw(tables::RDP_TCP_KEY, name)
            .cloned()
    };
    assert_eq!(
        rdp(Os::Server2019, "MaxInstanceCount"),
        Some(RegValue::Dword(0xffff_ffff))
    );
    assert_eq!(rdp(Os::Server2019, "WebSocketListenerPort"), None);
    assert_eq!(
        rdp(Os::Server2022, "WebSocketListenerPort"),
        Some(RegValue::Dword(0xd3b))
    );
}

#[test]
fn an_rdsh_has_its_services_and_a_reboot_changes_none_of_them() {
    let mut h = host(Os::Server2019);
    for name in [
        "EventLog",
        "gpsvc",
        "W32Time",
        "WinRM",
        "Dnscache",
        "LanmanServer",
        "WindowsAzureGuestAgent",
    ] {
        assert!(h.is_running(name), "{name} runs");
    }
    let netlogon = h.services().get("Netlogon").unwrap();
    assert_eq!(netlogon.state, crate::services::ServiceState::Stopped);
    assert_eq!(netlogon.exit_code, 1077, "never started on a workgroup VM");
    let before = h.services().clone();
    h.reboot();
    let changed: Vec<String> = h
        .services()
        .iter()
        .filter(|s| before.get(&s.name).map(|b| b.state) != Some(s.state))
        .map(|s| s.name.clone())
        .collect();
    assert!(changed.is_empty(), "{changed:?}");
}
