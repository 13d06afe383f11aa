//! Stories about the RDP stack: connect, break a piece of state, restart, connect again.

use super::*;
use crate::os::{self, BROKER_ROLE, Os, tables};
use crate::principals::{Sid, Token};
use crate::registry::RegValue;
use crate::security::{AccessMask, Ace};

fn host() -> Host {
    quiet(Host::builder().seed(11).build())
}

/// The host with its logs cleared: these stories check what the RDP stack logs, not the
/// background a built host carries.
fn quiet(mut h: Host) -> Host {
    *h.eventlog_mut() = crate::eventlog::EventLog::default();
    h
}

/// (provider, event id, message) of every record, oldest first.
fn events(h: &Host) -> Vec<(String, u16, String)> {
    let log = h.eventlog();
    let mut out = Vec::new();
    for ch in log.channels() {
        for e in log.events(ch) {
            out.push((e.provider().to_string(), e.event_id(), e.message()));
        }
    }
    out
}

/// A Session Host that is its own Connection Broker, its logs cleared.
fn broker_host() -> Host {
    quiet(
        Host::builder()
            .roles(&[broker::SESSION_HOST_ROLE, BROKER_ROLE])
            .seed(4)
            .build(),
    )
}

fn ids(h: &Host) -> Vec<u16> {
    events(h).into_iter().map(|(_, id, _)| id).collect()
}

fn restart_session_env(h: &mut Host) {
    let system = Token::system();
    h.stop_service("SessionEnv", &system, true).expect("stops");
    h.start_service("SessionEnv", &system).expect("starts");
}

fn listener_key(h: &Host) -> String {
    os::listener_key_path(&h.machine_guid().unwrap())
}

fn store(h: &Host) -> Vec<Certificate> {
    crate::certs::list(h.registry(), RDP_STORE, &Token::system()).unwrap()
}

#[test]
fn a_healthy_host_serves_every_client_silently() {
    let mut h = host();
    let s = connect(&mut h, Client::Modern).expect("modern connects");
    assert_eq!(s.protocol, "TLS 1.2");
    assert_eq!(s.certificate.subject, "CN=RDS01");
    assert_eq!(connect(&mut h, Client::Legacy).unwrap().protocol, "TLS 1.0");
    restart_session_env(&mut h);
    assert!(
        !ids(&h)
            .iter()
            .any(|id| [1056, 1057, 1058, 36870].contains(id)),
        "{:?}",
        events(&h)
    );
}

#[test]
fn a_deleted_certificate_is_made_again_when_session_env_starts() {
    let mut h = host();
    let old = store(&h)[0].thumbprint_hex();
    crate::certs::remove(h.registry_mut(), RDP_STORE, &old, &Token::system()).unwrap();
    restart_session_env(&mut h);
    let now = store(&h);
    assert_eq!(now.len(), 1);
    assert_ne!(now[0].thumbprint_hex(), old);
    assert!(ids(&h).contains(&1056));
    assert!(connect(&mut h, Client::Modern).is_ok());
}

#[test]
fn a_key_network_service_cannot_read_fails_the_handshake_and_is_never_regenerated() {
    let mut h = host();
    let path = listener_key(&h);
    let node = h.fs_mut().node_mut_raw(&path).unwrap();
    node.sd
        .dacl
        .as_mut()
        .unwrap()
        .insert(0, Ace::deny(Sid::network_service(), AccessMask::FILE_READ));
    let before = store(&h);
    restart_session_env(&mut h);
    let err = connect(&mut h, Client::Modern).unwrap_err();
    assert_eq!(err.message, CANNOT_CONNECT);
    assert_eq!(store(&h), before, "the valid certificate stays");
    let (provider, id, message) = events(&h).pop().unwrap();
    assert_eq!((provider.as_str(), id), ("Schannel", 36870));
    assert!(
        message.contains("0x8009030D") && message.contains("10001"),
        "{message}"
    );
}

#[test]
fn a_hardened_folder_alone_breaks_nothing() {
    let mut h = host();
    h.fs_mut()
        .node_mut_raw(crate::certs::keys::MACHINE_KEYS)
        .unwrap()
        .sd = os::preset_sd("O:SYG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)");
    assert!(connect(&mut h, Client::Modern).is_ok());
    let old = store(&h)[0].thumbprint_hex();
    crate::certs::remove(h.registry_mut(), RDP_STORE, &old, &Token::system()).unwrap();
    let path = listener_key(&h);
    h.fs_mut().remove_raw(&path);
    restart_session_env(&mut h);
    assert!(ids(&h).contains(&1056), "renewal works: {:?}", events(&h));
    assert!(connect(&mut h, Client::Modern).is_ok());
}

#[test]
fn a_stale_container_blocks_a_new_certificate() {
    let mut h = host();
    let path = listener_key(&h);
    if let Some(n) = h.fs_mut().node_mut_raw(&path) {
        n.kind = crate::fs::NodeKind::File(vec![0xA5; 100]);
    }
    let old = store(&h)[0].thumbprint_hex();
    crate::certs::remove(h.registry_mut(), RDP_STORE, &old, &Token::system()).unwrap();
    restart_session_env(&mut h);
    let (_, id, message) = events(&h).into_iter().find(|e| e.1 == 1057).expect("1057");
    assert_eq!(id, 1057);
    assert!(
        message.ends_with("The relevant status code was Object already exists."),
        "{message}"
    );
    assert!(store(&h).is_empty());
}

#[test]
fn a_missing_key_file_reports_keyset_does_not_exist_and_keeps_the_certificate() {
    let mut h = host();
    let path = listener_key(&h);
    h.fs_mut().remove_raw(&path);
    restart_session_env(&mut h);
    let (_, _, message) = events(&h).into_iter().find(|e| e.1 == 1057).expect("1057");
    assert!(
        message.ends_with("The relevant status code was Keyset does not exist"),
        "{message}"
    );
    assert_eq!(store(&h).len(), 1);
    assert!(connect(&mut h, Client::Modern).is_err());
}

#[test]
fn security_layer_zero_connects_without_tls_and_denied_connections_log_nothing() {
    let mut h = host();
    h.registry_mut()
        .put_value_raw(tables::RDP_TCP_KEY, "SecurityLayer", RegValue::Dword(0));
    let path = listener_key(&h);
    h.fs_mut().remove_raw(&path);
    assert_eq!(
        connect(&mut h, Client::Legacy).unwrap().protocol,
        "RDP Security Layer"
    );
    h.registry_mut()
        .put_value_raw(tables::TS_KEY, "fDenyTSConnections", RegValue::Dword(1));
    assert!(connect(&mut h, Client::Modern).is_err());
    assert!(h.eventlog().is_empty());
}

#[test]
fn tls_1_0_disabled_fails_everyone_on_2008_r2_and_only_legacy_clients_later() {
    let key = format!("{}\\Protocols\\TLS 1.0\\Server", tables::SCHANNEL_KEY);
    let mut old = quiet(Host::builder().os(Os::Server2008R2).seed(2).build());
    old.registry_mut()
        .put_value_raw(&key, "Enabled", RegValue::Dword(0));
    assert!(connect(&mut old, Client::Modern).is_err());
    assert_eq!(ids(&old), [36871]);
    let mut new = host();
    new.registry_mut()
        .put_value_raw(&key, "Enabled", RegValue::Dword(0));
    assert_eq!(
        connect(&mut new, Client::Modern).unwrap().protocol,
        "TLS 1.2"
    );
    assert!(connect(&mut new, Client::Legacy).is_err());
    assert_eq!(ids(&new), [36888]);
}

#[test]
fn a_renamed_broker_fails_until_the_role_and_database_are_reinstalled() {
    let mut h = broker_host();
    assert!(connect(&mut h, Client::Modern).is_ok());
    h.set_name("RDCB01");
    assert!(connect(&mut h, Client::Modern).is_err());
    let mut logged = ids(&h);
    logged.sort();
    assert_eq!(logged, [1296, 2056]);
    let channels: Vec<String> = h
        .eventlog()
        .channels()
        .iter()
        .filter(|c| h.eventlog().len(c) > 0)
        .map(|c| c.to_string())
        .collect();
    assert_eq!(
        channels,
        [events::BROKER_CLIENT_CHANNEL, events::BROKER_CHANNEL]
    );
    assert_eq!(uninstall_feature(&mut h, broker::WID_FEATURE), Ok(true));
    assert!(
        !h.has_role(BROKER_ROLE),
        "the broker goes with its database"
    );
    assert_eq!(install_feature(&mut h, "rds-connection-broker"), Ok(true));
    assert!(connect(&mut h, Client::Modern).is_ok());
    assert_eq!(
        install_feature(&mut h, "No-Such-Feature"),
        Err(WinError::INVALID_PARAMETER)
    );
}

/// When Tssdis starts it logs on to its database: on the host whose name the database
/// recorded it logs no error; after a rename it logs 2056, and its clients 1296.
#[test]
fn tssdis_logs_its_failed_database_logon_when_it_starts() {
    let mut h = broker_host();
    let system = Token::system();
    // The broker's events when Tssdis starts again (the log cleared after it stopped).
    let restart = |h: &mut Host| {
        h.stop_service(broker::TSSDIS, &system, true)
            .expect("stops");
        *h.eventlog_mut() = crate::eventlog::EventLog::default();
        h.start_service(broker::TSSDIS, &system).expect("starts");
        let mut logged: Vec<u16> = ids(h)
            .into_iter()
            .filter(|id| [1296, 2056].contains(id))
            .collect();
        logged.sort();
        logged
    };
    assert_eq!(restart(&mut h), Vec::<u16>::new());
    h.set_name("RDCB01");
    assert_eq!(restart(&mut h), [1296, 2056]);
}

/// `Uninstall-WindowsFeature RDS-Connection-Broker` removes the broker's service (Tssdis) and
/// its key; removing the Session Host role leaves the broker's service alone.
#[test]
fn only_removing_the_broker_role_removes_tssdis() {
    let mut h = broker_host();
    let key = "HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tssdis";
    let installed = |h: &Host| {
        (
            h.services().get(broker::TSSDIS).is_some(),
            h.registry().key(key).is_some(),
        )
    };
    assert_eq!(installed(&h), (true, true));
    assert_eq!(
        uninstall_feature(&mut h, broker::SESSION_HOST_ROLE),
        Ok(true)
    );
    assert_eq!(installed(&h), (true, true));
    assert_eq!(uninstall_feature(&mut h, BROKER_ROLE), Ok(true));
    assert_eq!(installed(&h), (false, false));
}

#[test]
fn with_no_listener_the_client_lists_the_reasons_and_no_tls_event_is_logged() {
    let mut h = host();
    h.registry_mut().put_key_raw(tables::TS_KEY).values.set(
        "FDENYTSCONNECTIONS".to_string(),
        "fDenyTSConnections",
        RegValue::Dword(1),
    );
    let before = ids(&h).len();
    let err = connect(&mut h, Client::Modern).unwrap_err();
    assert_eq!(err.message, UNREACHABLE);
    assert_ne!(err.message, CANNOT_CONNECT);
    assert_eq!(ids(&h).len(), before, "no handshake, no Schannel event");
}

#[test]
fn a_listener_pointed_at_my_fails_alone_and_makes_no_self_signed_certificate() {
    // The lifecycle runs at connect only for a listener that uses the self-signed
    // certificate: one configured for a certificate in My that is not there fails with
    // 36870 and leaves the `Remote Desktop` store as it was.
    let mut h = host();
    let old = store(&h)[0].thumbprint_hex();
    crate::certs::remove(h.registry_mut(), RDP_STORE, &old, &Token::system()).unwrap();
    h.registry_mut().put_value_raw(
        tables::RDP_TCP_KEY,
        "SSLCertificateSHA1Hash",
        RegValue::Binary(vec![0xAB; 20]),
    );
    assert_eq!(
        connect(&mut h, Client::Modern).unwrap_err().message,
        CANNOT_CONNECT
    );
    assert_eq!(ids(&h), [36870]);
    assert!(store(&h).is_empty());
    // Without the value, the same connection first makes a certificate, then succeeds.
    h.registry_mut()
        .remove_value_raw(tables::RDP_TCP_KEY, "SSLCertificateSHA1Hash")
        .expect("the value was set");
    assert!(connect(&mut h, Client::Modern).is_ok());
    assert_eq!(ids(&h), [36870, 1056]);
    assert_eq!(store(&h).len(), 1);
}

/// A client profile is named as `--client` and the features name it, in any case, and
/// nothing else names one.
#[test]
fn client_profiles_are_named_modern_and_legacy() {
    assert_eq!(Client::Modern.name(), "modern");
    assert_eq!(Client::Legacy.name(), "legacy");
    for client in [Client::Modern, Client::Legacy] {
        assert_eq!(Client::parse(client.name()), Some(client));
        assert_eq!(
            Client::parse(&format!(" {} ", client.name().to_uppercase())),
            Some(client)
        );
    }
    assert_eq!(Client::parse("win7"), None);
    assert_eq!(Client::parse(""), None);
}
