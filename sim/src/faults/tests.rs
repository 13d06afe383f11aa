//! Stories about the catalog: parse specs, break a host, look at what it logged.

use super::*;
use crate::rdp::{self, CANNOT_CONNECT};

#[test]
fn the_catalog_lists_the_eight_faults_of_design() {
    let ids: Vec<&str> = catalog().map(|e| e.name).collect();
    assert_eq!(
        ids,
        [
            "machinekeys-acl",
            "certstore-deny",
            "machinekeys-deny-ace",
            "rsa-key-missing",
            "rsa-key-corrupt",
            "ssl-thumbprint-mismatch",
            "tls10-disabled",
            "broker-renamed"
        ]
    );
    assert!(catalog().all(|e| !e.summary.is_empty() && !e.summary.contains('\n')));
}

#[test]
fn specs_parse_with_ages_and_variants() {
    assert_eq!(
        parse("rsa-key-missing"),
        Ok(Fault::new(FaultId::RsaKeyMissing))
    );
    assert_eq!(
        parse("rsa-key-missing@48h").unwrap().age_secs,
        Some(48 * 3600)
    );
    assert_eq!(parse("tls10-disabled@90m").unwrap().age_secs, Some(90 * 60));
    assert_eq!(
        parse("tls10-disabled@2d").unwrap().age_secs,
        Some(2 * 86_400)
    );
    assert_eq!(parse("tls10-disabled@30s").unwrap().age_secs, Some(30));
    assert_eq!(parse("tls10-disabled@2H").unwrap().age_secs, Some(7200));
    let f = parse("machinekeys-acl:container-only@2d").unwrap();
    assert_eq!(
        (f.form, f.age_secs),
        (Form::MachineKeysAcl(AclScope::ContainerOnly), Some(172_800))
    );
}

#[test]
fn bad_specs_name_the_valid_faults() {
    for bad in [
        "no-such-fault",
        "rsa-key-missing@48x",
        "rsa-key-missing@h",
        "rsa-key-missing@",
        "rsa-key-missing@-1h",
        "rsa-key-missing@+1h",
        "rsa-key-missing@1 h",
        "rsa-key-missing@99999999999999999999d",
        "machinekeys-acl:nope",
        "",
    ] {
        let e = parse(bad).expect_err(bad);
        assert!(
            e.message
                .contains("valid faults: machinekeys-acl, certstore-deny"),
            "{bad}: {e}"
        );
    }
    assert!(
        parse("nope")
            .unwrap_err()
            .message
            .starts_with("unknown fault \"nope\"")
    );
    assert!(
        parse("rsa-key-missing@48x")
            .unwrap_err()
            .message
            .starts_with("malformed age \"@48x\"")
    );
}

#[test]
fn the_legacy_client_shows_tls10_disabled_after_2008_r2() {
    let f = Fault::new(FaultId::Tls10Disabled);
    assert_eq!(client_for(Os::Server2019, &f), Client::Legacy);
    assert_eq!(client_for(Os::Server2008R2, &f), Client::Modern);
    assert_eq!(
        client_for(Os::Server2019, &Fault::new(FaultId::RsaKeyMissing)),
        Client::Modern
    );
}

#[test]
fn inject_breaks_the_host_through_its_behaviour() {
    let mut h = Host::builder().seed(5).build();
    inject(&mut h, &Fault::new(FaultId::MachineKeysAcl));
    let err = rdp::connect(&mut h, Client::Modern).unwrap_err();
    assert_eq!(err.message, CANNOT_CONNECT);
    assert!(
        h.eventlog()
            .events("System")
            .iter()
            .any(|e| e.event_id() == 36870)
    );
}

#[test]
fn an_aged_fault_leaves_only_old_events_and_a_working_host() {
    let mut h = Host::builder().seed(5).build();
    let start = h.now();
    inject(&mut h, &parse("certstore-deny@48h").unwrap());
    assert!(h.now() >= start.add_secs(48 * 3600));
    assert!(rdp::connect(&mut h, Client::Modern).is_ok(), "fixed since");
    let system = h.eventlog().events("System");
    assert!(system.iter().any(|e| e.event_id() == 1058), "history kept");
    assert!(
        system
            .iter()
            .all(|e| e.time().millis_until(h.now()) > 86_400_000 || e.level() > 2)
    );
}

#[test]
fn every_entry_is_its_own_and_its_forms_belong_to_it() {
    for id in FaultId::ALL {
        let entry = id.entry();
        assert_eq!(entry.id, id);
        assert_eq!(FaultId::parse(entry.name), Some(id));
        assert_eq!(entry.forms[0].variant_name(), "default", "{id}");
        assert!(entry.forms.iter().all(|f| f.id() == id), "{id}");
        assert!(!entry.signature.is_empty(), "{id}");
        for form in entry.forms {
            assert_eq!(parse(&form.spec()), Ok(Fault::from_form(*form)));
        }
    }
    assert_eq!(Fault::every_form().count(), 14);
}

#[test]
fn a_variant_of_another_fault_is_refused_with_the_fault_s_own_variants() {
    let e = parse("rsa-key-corrupt:container-only").unwrap_err();
    assert!(
        e.message
            .starts_with("unknown variant \"container-only\" of fault \"rsa-key-corrupt\" (its variants: default, garbage)"),
        "{e}"
    );
}

#[test]
fn an_age_beyond_a_hundred_years_is_out_of_range() {
    assert_eq!(
        parse("machinekeys-acl@36500d").unwrap().age_secs,
        Some(MAX_AGE_SECS)
    );
    for bad in ["machinekeys-acl@80000000h", "machinekeys-acl@36501d"] {
        let e = parse(bad).unwrap_err();
        assert!(
            e.message
                .contains("is out of range: an age runs from @0s to @36500d (100 years)"),
            "{bad}: {e}"
        );
    }
}

/// A fault prints as the spec it is parsed from: every form of every entry, with and without
/// an age, reads back as the same fault.
#[test]
fn every_fault_prints_as_a_spec_that_parses_back() {
    for entry in catalog() {
        for &form in entry.forms {
            for age in [None, Some(0), Some(172_800)] {
                let fault = Fault {
                    age_secs: age,
                    ..Fault::from_form(form)
                };
                let spec = fault.to_string();
                assert!(spec.starts_with(entry.name), "{spec}");
                assert_eq!(parse(&spec), Ok(fault), "{spec}");
            }
        }
    }
}

/// The catalog says on which presets each signature event is logged, and the host agrees
/// both ways: on every OS, after the fault and the attempt of the client that shows it,
/// every event the catalog gives that OS is in the log, no event it gives only to other
/// OSes is, and every fault has at least one event on every OS.
#[test]
fn each_os_logs_the_signature_events_the_catalog_gives_it_and_no_others() {
    assert!(OnOs::All.includes(Os::Server2008R2) && OnOs::All.includes(Os::Server2022));
    for os in Os::ALL {
        let built = Host::builder().os(os).seed(9).build();
        for entry in catalog() {
            let fault = Fault::new(entry.id);
            let mut h = built.fork();
            inject(&mut h, &fault);
            let err = rdp::connect(&mut h, client_for(os, &fault)).unwrap_err();
            assert_eq!(err.message, CANNOT_CONNECT, "{fault} on {os:?}");
            let log = h.eventlog();
            let logged = |sig: &SignatureEvent| {
                log.events(sig.channel).iter().any(|e| {
                    e.provider() == sig.provider
                        && e.event_id() == sig.event_id
                        && e.message().contains(sig.text)
                })
            };
            assert!(entry.signature_on(os).next().is_some(), "{fault} on {os:?}");
            for sig in entry.signature_on(os) {
                assert!(logged(sig), "{fault} on {os:?}: no {}", sig.event_id);
            }
            for sig in entry.signature.iter().filter(|s| !s.on.includes(os)) {
                assert!(
                    !logged(sig),
                    "{fault} on {os:?}: {} is not logged there",
                    sig.event_id
                );
            }
        }
    }
}

/// A fault id prints as its name, the form the CLI, specs and reports use.
#[test]
fn a_fault_id_prints_as_its_name() {
    assert_eq!(FaultId::MachineKeysAcl.to_string(), "machinekeys-acl");
    for id in FaultId::ALL {
        assert_eq!(FaultId::parse(&id.to_string()), Some(id));
    }
}

/// `machinekeys-acl` as the article tells it: a recursive hardening leaves the folder and
/// the listener's container with SYSTEM and Administrators only; the container-only form
/// keeps the folder's default and takes only NETWORK SERVICE's entry from the container.
#[test]
fn machinekeys_acl_hardens_the_folder_only_in_its_recursive_form() {
    let sddl = |h: &Host, path: &str| {
        crate::security::format_sddl(&h.fs().node(path).expect("present").sd)
    };
    let built = Host::builder().seed(5).build();
    let key = apply::listener_key(&built).unwrap();
    let default_key = sddl(&built, &key);
    assert!(default_key.contains(";;;NS)"), "{default_key}");

    let mut h = built.fork();
    inject(&mut h, &parse("machinekeys-acl").unwrap());
    let hardened = "O:SYG:SYD:PAI(A;;FA;;;SY)(A;;FA;;;BA)";
    assert_eq!(sddl(&h, crate::certs::keys::MACHINE_KEYS), hardened);
    assert_eq!(sddl(&h, &key), hardened);

    let mut h = built.fork();
    inject(&mut h, &parse("machinekeys-acl:container-only").unwrap());
    assert_eq!(
        sddl(&h, crate::certs::keys::MACHINE_KEYS),
        crate::os::tables::MACHINE_KEYS_SDDL
    );
    let without_ns: String = default_key
        .split_inclusive(')')
        .filter(|ace| !ace.ends_with(";;;NS)"))
        .collect();
    assert_eq!(sddl(&h, &key), without_ns);
}

/// `certstore-deny` replaces the listener certificate by one that expired 30 days ago (the
/// services it restarts move the clock on by a minute or two).
#[test]
fn certstore_deny_leaves_a_listener_certificate_that_expired_thirty_days_ago() {
    let mut h = Host::builder().seed(5).build();
    inject(&mut h, &Fault::new(FaultId::CertStoreDeny));
    let now = h.now();
    let certs = crate::certs::list(
        h.registry(),
        crate::rdp::RDP_STORE,
        &crate::principals::Token::system(),
    )
    .unwrap();
    assert_eq!(certs.len(), 1);
    let expired_ms = certs[0].not_after.millis_until(now);
    let thirty_days_ms = 30 * 86_400_000;
    assert!(
        (thirty_days_ms..thirty_days_ms + 600_000).contains(&expired_ms),
        "expired {expired_ms} ms ago"
    );
    let validity_ms = certs[0].not_before.millis_until(certs[0].not_after);
    assert_eq!(validity_ms, crate::rdp::CERT_VALIDITY_SECS * 1000);
}

/// `rsa-key-corrupt:garbage` writes random bytes of a key file's size, 64 up to 1,199 bytes,
/// a new length on each draw.
#[test]
fn garbage_keys_are_random_bytes_of_a_key_files_size() {
    let mut h = Host::builder().seed(5).build();
    let key = apply::listener_key(&h).unwrap();
    let garbage = parse("rsa-key-corrupt:garbage").unwrap();
    let lengths: Vec<usize> = (0..300)
        .map(|_| {
            inject(&mut h, &garbage);
            match &h.fs().node(&key).expect("the container").kind {
                crate::fs::NodeKind::File(bytes) => bytes.len(),
                other => panic!("{other:?}"),
            }
        })
        .collect();
    assert!(
        lengths.iter().all(|n| (64..1200).contains(n)),
        "{lengths:?}"
    );
    let (min, max) = (lengths.iter().min().unwrap(), lengths.iter().max().unwrap());
    assert!(*min < 100 && *max > 1100, "{min}..{max}");
}

/// `ssl-thumbprint-mismatch:self-signed-thumbprint` names the self-signed `Remote Desktop`
/// certificate (which is not in LocalMachine\My); the default form names one that exists
/// nowhere. `tls10-disabled` writes `Enabled=0`, and `DisabledByDefault=1` unless it is the
/// `enabled-only` form.
#[test]
fn the_forms_of_ssl_thumbprint_mismatch_and_tls10_disabled_write_their_own_values() {
    use crate::os::tables::{RDP_TCP_KEY, SCHANNEL_KEY};
    use crate::registry::RegValue;
    let built = Host::builder().seed(5).build();
    let token = crate::principals::Token::system();
    let self_signed = crate::certs::list(built.registry(), crate::rdp::RDP_STORE, &token).unwrap()
        [0]
    .thumbprint
    .to_vec();
    let hash = |h: &Host| {
        h.registry()
            .value_raw(RDP_TCP_KEY, "SSLCertificateSHA1Hash")
            .cloned()
    };
    let mut h = built.fork();
    inject(
        &mut h,
        &parse("ssl-thumbprint-mismatch:self-signed-thumbprint").unwrap(),
    );
    assert_eq!(hash(&h), Some(RegValue::Binary(self_signed.clone())));
    let mut h = built.fork();
    inject(&mut h, &parse("ssl-thumbprint-mismatch").unwrap());
    match hash(&h) {
        Some(RegValue::Binary(b)) => assert!(b.len() == 20 && b != self_signed, "{b:?}"),
        other => panic!("{other:?}"),
    }

    let server = format!("{SCHANNEL_KEY}\\Protocols\\TLS 1.0\\Server");
    for (spec, disabled_by_default) in [
        ("tls10-disabled", Some(&RegValue::Dword(1))),
        ("tls10-disabled:enabled-only", None),
    ] {
        let mut h = built.fork();
        inject(&mut h, &parse(spec).unwrap());
        let value = |name| h.registry().value_raw(&server, name);
        assert_eq!(value("Enabled"), Some(&RegValue::Dword(0)), "{spec}");
        assert_eq!(value("DisabledByDefault"), disabled_by_default, "{spec}");
    }
}
