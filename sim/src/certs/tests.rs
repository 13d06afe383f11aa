//! Certificates: made, parsed, rendered, serialized as store blobs.

use super::*;
use crate::clock::FileTime;

fn t(s: &str) -> FileTime {
    FileTime::parse_rfc3339(s).unwrap()
}

fn rdp_cert() -> Certificate {
    Certificate::self_signed(
        "RDS01",
        t("2026-11-20T10:00:00Z"),
        t("2027-05-22T10:00:00Z"),
        keys::pool_key(0),
    )
}

#[test]
fn self_signed_is_real_and_reproducible() {
    let cert = rdp_cert();
    assert_eq!(cert.subject, "CN=RDS01");
    assert_eq!(cert.issuer, "CN=RDS01");
    assert_eq!(cert.not_before, t("2026-11-20T10:00:00Z"));
    assert_eq!(cert.not_after, t("2027-05-22T10:00:00Z"));
    assert_eq!(cert.thumbprint_hex().len(), 40);
    assert_eq!(rdp_cert(), cert, "same inputs, same DER");
    let other_key =
        Certificate::self_signed("RDS01", cert.not_before, cert.not_after, keys::pool_key(1));
    assert_ne!(other_key.thumbprint, cert.thumbprint);
    let later = Certificate::self_signed(
        "RDS01",
        t("2026-11-21T10:00:00Z"),
        cert.not_after,
        keys::pool_key(0),
    );
    assert_ne!(
        later.thumbprint, cert.thumbprint,
        "a renewal gets a new serial and thumbprint"
    );
}

#[test]
fn self_signed_carries_rdp_usages_and_its_key() {
    let cert = rdp_cert();
    let (_, x509) = x509_parser::parse_x509_certificate(&cert.der).unwrap();
    let ku = x509.key_usage().unwrap().unwrap().value;
    assert!(ku.key_encipherment() && ku.data_encipherment() && !ku.digital_signature());
    let eku = x509.extended_key_usage().unwrap().unwrap().value;
    assert!(eku.server_auth && !eku.client_auth);
    let pair = keys::pool_key(0).key_pair();
    assert_eq!(
        cert.public_key_der().unwrap(),
        rcgen::PublicKeyData::subject_public_key_info(&*pair)
    );
}

#[test]
fn validity_is_checked_against_the_clock() {
    let cert = rdp_cert();
    assert!(cert.is_valid_at(t("2027-01-01T00:00:00Z")));
    assert!(!cert.is_valid_at(t("2027-05-22T10:00:01Z")));
    assert!(!cert.is_valid_at(t("2026-11-20T09:59:59Z")));
}

#[test]
fn pem_and_der_parse_to_the_same_certificate() {
    let cert = rdp_cert();
    let pem = cert.to_pem();
    assert!(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert!(pem.lines().all(|l| l.len() <= 64));
    assert_eq!(Certificate::parse(pem.as_bytes(), "rdp.pem").unwrap(), cert);
    assert_eq!(Certificate::parse(&cert.der, "rdp.cer").unwrap(), cert);
}

#[test]
fn names_read_most_specific_first() {
    let mut params = rcgen::CertificateParams::default();
    let mut dn = rcgen::DistinguishedName::new();
    dn.push(rcgen::DnType::CountryName, "US");
    dn.push(rcgen::DnType::StateOrProvinceName, "Washington");
    dn.push(rcgen::DnType::OrganizationName, "Contoso, Ltd");
    dn.push(rcgen::DnType::CommonName, "rds01.contoso.com");
    params.distinguished_name = dn;
    let der = params
        .self_signed(&*keys::pool_key(3).key_pair())
        .unwrap()
        .der()
        .to_vec();
    let cert = Certificate::parse(&der, "x.cer").unwrap();
    assert_eq!(
        cert.subject,
        "CN=rds01.contoso.com, O=\"Contoso, Ltd\", S=Washington, C=US"
    );
}

#[test]
fn garbage_is_an_input_error_not_a_panic() {
    let err = Certificate::parse(b"not a certificate", "bad.cer").unwrap_err();
    assert_eq!(err.file, "bad.cer");
    assert!(Certificate::parse(b"-----BEGIN CERTIFICATE-----\n!!!\n", "bad.pem").is_err());
    let der = rdp_cert().der;
    for n in [0, 1, 10, der.len() / 2, der.len() - 1] {
        assert!(Certificate::parse(&der[..n], "cut.cer").is_err());
    }
    let mut trailing = der.clone();
    trailing.push(0);
    assert!(Certificate::parse(&trailing, "t.cer").is_err());
}

#[test]
fn blob_round_trips_with_its_key_link() {
    let cert = rdp_cert().with_key(keys::RDP_CONTAINER, ENHANCED_PROVIDER);
    let blob = blob_bytes(&cert);
    // property 3 (SHA-1) comes first, reserved = 1, length 20
    assert_eq!(&blob[..12], &[3, 0, 0, 0, 1, 0, 0, 0, 20, 0, 0, 0]);
    assert_eq!(&blob[12..32], &cert.thumbprint);
    assert_eq!(parse_blob(&blob), Some(cert.clone()));
    let plain = rdp_cert();
    assert_eq!(parse_blob(&blob_bytes(&plain)), Some(plain));
    for n in 0..blob.len() {
        let _ = parse_blob(&blob[..n]);
    }
    assert_eq!(parse_blob(&blob[..blob.len() - 1]), None);
}

mod store {
    use super::*;
    use crate::host::Host;
    use crate::principals::{Sid, Token};
    use crate::security::{AccessMask, Ace, AceFlags};

    fn deny_system_writes(host: &mut Host, key: &str) {
        let reg = host.registry_mut();
        reg.put_key_raw(key);
        let mut sd = reg.key(key).unwrap().sd.clone();
        let deny = Ace::deny(
            Sid::system(),
            AccessMask::WRITE_DATA.union(AccessMask::APPEND_DATA),
        )
        .with_flags(AceFlags::CONTAINER_INHERIT);
        sd.dacl.get_or_insert_with(Vec::new).insert(0, deny);
        reg.set_security(key, sd, &Token::system()).unwrap();
    }

    #[test]
    fn add_list_find_remove_round_trip() {
        let mut host = Host::builder().build();
        let system = Token::system();
        let cert = rdp_cert().with_key(keys::RDP_CONTAINER, ENHANCED_PROVIDER);
        add(host.registry_mut(), "My", &cert, &system).unwrap();
        let entry = format!(
            "{}\\Certificates\\{}",
            store_key("My"),
            cert.thumbprint_hex()
        );
        assert!(
            host.registry().key(&entry).is_some(),
            "stored under its thumbprint"
        );
        let listed = list(host.registry(), "My", &system).unwrap();
        assert_eq!(listed, vec![cert.clone()]);
        let lower = cert.thumbprint_hex().to_lowercase();
        assert_eq!(
            find(host.registry(), "My", &lower, &system),
            Some(cert.clone())
        );
        remove(host.registry_mut(), "My", &lower, &system).unwrap();
        assert!(list(host.registry(), "My", &system).unwrap().is_empty());
        assert_eq!(
            remove(host.registry_mut(), "My", &lower, &system),
            Err(crate::WinError::FILE_NOT_FOUND)
        );
    }

    #[test]
    fn a_missing_store_is_empty_and_a_broken_blob_is_skipped() {
        let mut host = Host::builder().build();
        let system = Token::system();
        assert_eq!(list(host.registry(), "NoSuchStore", &system), Ok(vec![]));
        let cert = rdp_cert();
        add(host.registry_mut(), "Test", &cert, &system).unwrap();
        let junk = format!("{}\\Certificates\\00", store_key("Test"));
        host.registry_mut().put_value_raw(
            &junk,
            "Blob",
            crate::registry::RegValue::Binary(vec![1, 2, 3]),
        );
        assert_eq!(list(host.registry(), "Test", &system).unwrap(), vec![cert]);
    }

    #[test]
    fn a_system_deny_on_the_store_key_blocks_adding() {
        let mut host = Host::builder().build();
        let system = Token::system();
        deny_system_writes(&mut host, &store_key("Blocked"));
        let err = add(host.registry_mut(), "Blocked", &rdp_cert(), &system).unwrap_err();
        assert_eq!(err, crate::WinError::ACCESS_DENIED);
        assert!(
            list(host.registry(), "Blocked", &system)
                .unwrap()
                .is_empty(),
            "reading still works"
        );
    }

    #[test]
    fn a_user_cannot_write_the_machine_store() {
        let mut host = Host::builder().build();
        let user = Token::for_principal(Sid::users());
        assert_eq!(
            add(host.registry_mut(), "My", &rdp_cert(), &user),
            Err(crate::WinError::ACCESS_DENIED)
        );
    }
}
