//! LocalMachine certificate stores, kept in the registry under
//! `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates\<store>\Certificates\<THUMBPRINT>`
//! (value `Blob`: property 32 = the DER, property 2 = key provider info), so registry ACLs
//! apply. Private keys are key files in MachineKeys (`keys`), drawn from a seeded pool of
//! pre-generated RSA-2048 keys shipped as data.
//!
//! - `mod.rs`   `Certificate`: real X.509 (rcgen to make, x509-parser to read), names as Windows shows them.
//! - `store.rs` the registry-backed stores: the `Blob` format, `list`, `add`, `remove`, `find`.
//! - `keys.rs`  the key pool and MachineKeys container files.

pub mod keys;
mod store;

pub use store::{add, blob_bytes, find, list, parse_blob, remove};

use crate::clock::FileTime;
use crate::error::InputError;
use sha1::{Digest, Sha1};
use time::OffsetDateTime;
use x509_parser::prelude::{FromDer, X509Certificate, X509Name};

/// The registry key of a LocalMachine store (`My`, `Root`, `Remote Desktop`, ...).
pub fn store_key(store: &str) -> String {
    format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\{store}")
}

/// The CSP Windows uses for the RDP listener's key.
pub const ENHANCED_PROVIDER: &str = "Microsoft Enhanced Cryptographic Provider v1.0";

/// Where a certificate's private key lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyProvInfo {
    /// The key container name (`TSSecKeySet1`).
    pub container: String,
    /// The CSP (`Microsoft Enhanced Cryptographic Provider v1.0`).
    pub provider: String,
}

/// A certificate: the real DER and what Windows derives from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// The DER encoding.
    pub der: Vec<u8>,
    /// SHA-1 of the DER.
    pub thumbprint: [u8; 20],
    /// Subject as Windows shows it (`CN=RDS01`).
    pub subject: String,
    /// Issuer as Windows shows it.
    pub issuer: String,
    /// Start of validity.
    pub not_before: FileTime,
    /// End of validity.
    pub not_after: FileTime,
    /// The key container, when the store entry links one.
    pub key: Option<KeyProvInfo>,
}

impl Certificate {
    /// Parses one certificate from DER or PEM bytes; a PEM file holding several is an error
    /// (see [`Certificate::parse_all`]).
    pub fn parse(bytes: &[u8], file: &str) -> Result<Certificate, InputError> {
        let mut all = Certificate::parse_all(bytes, file)?;
        if all.len() != 1 {
            return Err(InputError::new(
                file,
                0,
                format!("holds {} certificates, expected one", all.len()),
            ));
        }
        Ok(all.remove(0))
    }

    /// Parses DER (one certificate) or PEM (every `CERTIFICATE` block, in order; text between
    /// blocks, as `openssl` writes, is skipped). Errors name the line of the bad block.
    pub fn parse_all(bytes: &[u8], file: &str) -> Result<Vec<Certificate>, InputError> {
        const BEGIN: &[u8] = b"-----BEGIN";
        // DER starts with a SEQUENCE tag; PEM may start with text (`subject=...`).
        if bytes.first() == Some(&0x30) || find_bytes(bytes, BEGIN).is_none() {
            return Ok(vec![Certificate::from_der(bytes.to_vec(), file)?]);
        }
        let mut out = Vec::new();
        let mut at = 0;
        while let Some(i) = find_bytes(&bytes[at..], BEGIN) {
            let start = at + i;
            let line = crate::text::line_at(bytes, start);
            let (rest, pem) = x509_parser::pem::parse_x509_pem(&bytes[start..])
                .map_err(|e| InputError::new(file, line, format!("invalid PEM: {e}")))?;
            if pem.label != "CERTIFICATE" && pem.label != "X509 CERTIFICATE" {
                return Err(InputError::new(
                    file,
                    line,
                    format!("PEM block is `{}`, expected `CERTIFICATE`", pem.label),
                ));
            }
            let cert = Certificate::from_der(pem.contents, file)
                .map_err(|e| InputError::new(file, line, e.message))?;
            out.push(cert);
            let next = bytes.len() - rest.len();
            if next <= start {
                break;
            }
            at = next;
        }
        Ok(out)
    }

    /// Parses DER (exactly one certificate, nothing after it).
    pub fn from_der(der: Vec<u8>, file: &str) -> Result<Certificate, InputError> {
        let (rest, x509) = X509Certificate::from_der(&der)
            .map_err(|e| InputError::new(file, 0, format!("invalid X.509 certificate: {e}")))?;
        if !rest.is_empty() {
            return Err(InputError::new(
                file,
                0,
                format!("{} bytes after the certificate", rest.len()),
            ));
        }
        let subject = windows_name(x509.subject());
        let issuer = windows_name(x509.issuer());
        let not_before = FileTime::from_datetime(x509.validity().not_before.to_datetime());
        let not_after = FileTime::from_datetime(x509.validity().not_after.to_datetime());
        drop(x509);
        Ok(Certificate {
            thumbprint: Sha1::digest(&der).into(),
            der,
            subject,
            issuer,
            not_before,
            not_after,
            key: None,
        })
    }

    /// A real self-signed `CN=<cn>` certificate (RSA-2048 key `key` from the pool, SHA-256 signature).
    ///
    /// Shaped like the RDP listener's: key usage keyEncipherment + dataEncipherment, extended
    /// key usage serverAuth. The serial is derived from `cn` and `not_before`, and RSA PKCS#1
    /// v1.5 signatures are deterministic, so the same inputs give the same DER (and thumbprint).
    pub fn self_signed(
        cn: &str,
        not_before: FileTime,
        not_after: FileTime,
        key: &keys::PoolKey,
    ) -> Certificate {
        let mut params = rcgen::CertificateParams::default();
        let mut dn = rcgen::DistinguishedName::new();
        dn.push(rcgen::DnType::CommonName, cn);
        params.distinguished_name = dn;
        params.not_before = encodable(not_before);
        params.not_after = encodable(not_after);
        params.serial_number = Some(rcgen::SerialNumber::from_slice(&serial(cn, not_before)));
        params.key_usages = vec![
            rcgen::KeyUsagePurpose::KeyEncipherment,
            rcgen::KeyUsagePurpose::DataEncipherment,
        ];
        params.extended_key_usages = vec![rcgen::ExtendedKeyUsagePurpose::ServerAuth];
        let cert = params
            .self_signed(&*key.key_pair())
            .expect("a CN and clamped dates always encode");
        Certificate::from_der(cert.der().to_vec(), "<self-signed>").expect("rcgen output parses")
    }

    /// The thumbprint as 40 upper-case hex digits, as PowerShell shows it.
    pub fn thumbprint_hex(&self) -> String {
        self.thumbprint.iter().map(|b| format!("{b:02X}")).collect()
    }

    /// True if `now` lies within the validity period.
    pub fn is_valid_at(&self, now: FileTime) -> bool {
        self.not_before <= now && now <= self.not_after
    }

    /// PEM text (64-column base64 lines, `\n` line ends).
    pub fn to_pem(&self) -> String {
        let b64 = crate::text::base64_encode(&self.der);
        let mut out = String::from("-----BEGIN CERTIFICATE-----\n");
        for line in b64.as_bytes().chunks(64) {
            out.push_str(std::str::from_utf8(line).expect("base64 is ASCII"));
            out.push('\n');
        }
        out.push_str("-----END CERTIFICATE-----\n");
        out
    }

    /// The same certificate, linked to a key container (what the store entry's property 2 says).
    pub fn with_key(mut self, container: &str, provider: &str) -> Certificate {
        self.key = Some(KeyProvInfo {
            container: container.to_string(),
            provider: provider.to_string(),
        });
        self
    }

    /// The DER of the SubjectPublicKeyInfo (to match a certificate with its private key).
    pub fn public_key_der(&self) -> Option<Vec<u8>> {
        let (_, x509) = X509Certificate::from_der(&self.der).ok()?;
        Some(x509.public_key().raw.to_vec())
    }
}

/// The serial number: 16 bytes of SHA-1 over the inputs, made positive (first bit clear) and
/// never starting with a zero byte, as Windows' random 16-byte serials look.
fn serial(cn: &str, not_before: FileTime) -> [u8; 16] {
    let mut h = Sha1::new();
    h.update(cn.as_bytes());
    h.update(not_before.0.to_le_bytes());
    let digest = h.finalize();
    let mut out = [0u8; 16];
    out.copy_from_slice(&digest[..16]);
    out[0] = (out[0] & 0x7f) | 0x10;
    out
}

/// X.509 time encodes 1950..=9999 (UTCTime, then GeneralizedTime), whole seconds.
fn encodable(t: FileTime) -> OffsetDateTime {
    let lo = FileTime::parse_rfc3339("1950-01-01T00:00:00Z").expect("constant");
    let hi = FileTime::parse_rfc3339("9999-12-31T23:59:59Z").expect("constant");
    let t = FileTime(t.0.clamp(lo.0, hi.0));
    let dt = t.to_datetime();
    dt.replace_nanosecond(0).unwrap_or(dt)
}

/// Attribute short names as CertNameToStr (CERT_X500_NAME_STR) prints them.
const ATTRIBUTE_NAMES: &[(&str, &str)] = &[
    ("2.5.4.3", "CN"),
    ("2.5.4.4", "SN"),
    ("2.5.4.5", "SERIALNUMBER"),
    ("2.5.4.6", "C"),
    ("2.5.4.7", "L"),
    ("2.5.4.8", "S"),
    ("2.5.4.9", "STREET"),
    ("2.5.4.10", "O"),
    ("2.5.4.11", "OU"),
    ("2.5.4.12", "T"),
    ("2.5.4.42", "G"),
    ("2.5.4.43", "I"),
    ("1.2.840.113549.1.9.1", "E"),
    ("0.9.2342.19200300.100.1.25", "DC"),
];

/// A distinguished name as Windows shows it (`Subject` in PowerShell, .NET `X500DistinguishedName.Name`):
/// the most specific RDN first (the reverse of the DER order), `, ` between RDNs, ` + ` inside a
/// multi-valued RDN, values quoted when they hold separators.
pub fn windows_name(name: &X509Name<'_>) -> String {
    let rdns: Vec<String> = name
        .iter_rdn()
        .map(|rdn| {
            rdn.iter()
                .map(|atv| {
                    let oid = atv.attr_type().to_id_string();
                    let key = ATTRIBUTE_NAMES
                        .iter()
                        .find(|(o, _)| *o == oid)
                        .map(|(_, n)| n.to_string())
                        .unwrap_or_else(|| format!("OID.{oid}"));
                    format!("{key}={}", quote(&attribute_text(atv)))
                })
                .collect::<Vec<_>>()
                .join(" + ")
        })
        .collect();
    rdns.into_iter().rev().collect::<Vec<_>>().join(", ")
}

fn attribute_text(atv: &x509_parser::x509::AttributeTypeAndValue<'_>) -> String {
    if let Ok(s) = atv.as_str() {
        return s.to_string();
    }
    let raw = atv.as_slice();
    if atv.attr_value().tag() == x509_parser::der_parser::asn1_rs::Tag::BmpString {
        let units: Vec<u16> = crate::text::utf16be_units(raw).collect();
        return String::from_utf16_lossy(&units);
    }
    String::from_utf8_lossy(raw).into_owned()
}

fn quote(value: &str) -> String {
    let special = value.is_empty()
        || value.starts_with(' ')
        || value.ends_with(' ')
        || value.chars().any(|c| {
            matches!(
                c,
                ',' | '+' | '=' | '"' | '\n' | '\r' | '<' | '>' | '#' | ';'
            )
        });
    if special {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

#[cfg(test)]
mod tests;

/// Where `needle` first occurs in `hay`.
fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}
