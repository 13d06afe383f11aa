//! The registry-backed LocalMachine stores.
//!
//! Each certificate is the key `<store>\Certificates\<THUMBPRINT>` holding `Blob` (REG_BINARY),
//! a serialized certificate element as crypt32 writes it: a sequence of properties, each
//! `u32 property id, u32 reserved (1), u32 length, data`, the certificate itself (property 32,
//! CERT_CERT_PROP_ID) last. We write property 3 (CERT_SHA1_HASH_PROP_ID, the thumbprint), then
//! property 2 (CERT_KEY_PROV_INFO_PROP_ID) when a key is linked, then 32.
//!
//! Property 2 is a serialized CRYPT_KEY_PROV_INFO, offsets from the start of the property:
//! `u32 container offset, u32 provider offset, u32 provider type (1 PROV_RSA_FULL),
//! u32 flags (0x20 CRYPT_MACHINE_KEYSET), u32 parameter count (0), u32 parameters offset (0),
//! u32 key spec (1 AT_KEYEXCHANGE)`, then the two names in UTF-16 LE, NUL-terminated.

use super::{Certificate, KeyProvInfo, store_key};
use crate::error::WinError;
use crate::principals::Token;
use crate::registry::{RegValue, Registry};
use crate::security::AccessMask;
use crate::text::{encode_utf16le_nul, utf16le_units};

const PROP_KEY_PROV_INFO: u32 = 2;
const PROP_SHA1_HASH: u32 = 3;
const PROP_CERT: u32 = 32;
const PROV_RSA_FULL: u32 = 1;
const CRYPT_MACHINE_KEYSET: u32 = 0x20;
const AT_KEYEXCHANGE: u32 = 1;
const KEY_PROV_HEADER: usize = 28;

fn certificates_key(store: &str) -> String {
    format!("{}\\Certificates", store_key(store))
}

fn push_property(out: &mut Vec<u8>, id: u32, data: &[u8]) {
    out.extend_from_slice(&id.to_le_bytes());
    out.extend_from_slice(&1u32.to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out.extend_from_slice(data);
}

fn key_prov_info_bytes(key: &KeyProvInfo) -> Vec<u8> {
    let container = encode_utf16le_nul(&key.container);
    let provider = encode_utf16le_nul(&key.provider);
    let header = [
        KEY_PROV_HEADER as u32,
        (KEY_PROV_HEADER + container.len()) as u32,
        PROV_RSA_FULL,
        CRYPT_MACHINE_KEYSET,
        0,
        0,
        AT_KEYEXCHANGE,
    ];
    let mut out: Vec<u8> = header.iter().flat_map(|v| v.to_le_bytes()).collect();
    out.extend_from_slice(&container);
    out.extend_from_slice(&provider);
    out
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    let b = bytes.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// The NUL-terminated UTF-16 LE string at `at`; `None` without a NUL or with a bad surrogate.
fn utf16z_at(bytes: &[u8], at: usize) -> Option<String> {
    let units: Vec<u16> = utf16le_units(bytes.get(at..)?).collect();
    let end = units.iter().position(|&u| u == 0)?;
    String::from_utf16(&units[..end]).ok()
}

fn parse_key_prov_info(data: &[u8]) -> Option<KeyProvInfo> {
    let container = utf16z_at(data, u32_at(data, 0)? as usize)?;
    let provider = utf16z_at(data, u32_at(data, 4)? as usize)?;
    Some(KeyProvInfo {
        container,
        provider,
    })
}

/// The `Blob` value of a store entry for `cert` (with its key link, if any).
pub fn blob_bytes(cert: &Certificate) -> Vec<u8> {
    let mut out = Vec::with_capacity(cert.der.len() + 160);
    push_property(&mut out, PROP_SHA1_HASH, &cert.thumbprint);
    if let Some(key) = &cert.key {
        push_property(&mut out, PROP_KEY_PROV_INFO, &key_prov_info_bytes(key));
    }
    push_property(&mut out, PROP_CERT, &cert.der);
    out
}

/// Reads a `Blob`: the certificate (property 32) and its key link (property 2). `None` if the
/// properties are malformed or there is no parsable certificate.
pub fn parse_blob(blob: &[u8]) -> Option<Certificate> {
    // Decoding X.509 costs more than the rest of a handshake, and a host's few blobs are read
    // at every connection: remember the last ones decoded on this thread, by content.
    const CACHE_MAX: usize = 64;
    thread_local! {
        static CACHE: std::cell::RefCell<std::collections::HashMap<Vec<u8>, Option<Certificate>>> =
            std::cell::RefCell::new(std::collections::HashMap::new());
    }
    if let Some(hit) = CACHE.with(|c| c.borrow().get(blob).cloned()) {
        return hit;
    }
    let cert = decode_blob(blob);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_MAX {
            c.clear();
        }
        c.insert(blob.to_vec(), cert.clone());
    });
    cert
}

fn decode_blob(blob: &[u8]) -> Option<Certificate> {
    let mut at = 0;
    let mut der = None;
    let mut key = None;
    while at < blob.len() {
        let id = u32_at(blob, at)?;
        let len = u32_at(blob, at + 8)? as usize;
        let start = at + 12;
        let data = blob.get(start..start.checked_add(len)?)?;
        match id {
            PROP_CERT => der = Some(data),
            PROP_KEY_PROV_INFO => key = parse_key_prov_info(data),
            _ => {}
        }
        at = start + len;
    }
    let mut cert = Certificate::from_der(der?.to_vec(), "<Blob>").ok()?;
    cert.key = key;
    Some(cert)
}

/// The certificates of a store as `token` can read them (in thumbprint order).
///
/// Opening the store needs KEY_READ on its `Certificates` key (ERROR_ACCESS_DENIED otherwise);
/// a store that does not exist is empty. Entries whose `Blob` cannot be read or decoded are
/// skipped, the way an enumeration simply does not return an element it cannot load: one bad
/// entry never hides the others.
pub fn list(reg: &Registry, store: &str, token: &Token) -> Result<Vec<Certificate>, WinError> {
    let certs_key = certificates_key(store);
    if reg.key(&certs_key).is_none() {
        if reg.key(&store_key(store)).is_some() {
            reg.open(&store_key(store), token, AccessMask::KEY_READ)?;
        }
        return Ok(Vec::new());
    }
    reg.open(&certs_key, token, AccessMask::KEY_READ)?;
    let mut out: Vec<Certificate> = reg
        .subkeys(&certs_key)
        .iter()
        .filter_map(|entry| match reg.get_value(entry, "Blob", token) {
            Ok(RegValue::Binary(b)) | Ok(RegValue::None(b)) => parse_blob(&b),
            _ => None,
        })
        .collect();
    out.sort_by_key(|c| c.thumbprint);
    out.dedup_by(|a, b| a.thumbprint == b.thumbprint);
    Ok(out)
}

/// The certificate with this thumbprint (hex, any case) in a store, as `token` can read it.
pub fn find(
    reg: &Registry,
    store: &str,
    thumbprint_hex: &str,
    token: &Token,
) -> Option<Certificate> {
    list(reg, store, token).ok()?.into_iter().find(|c| {
        c.thumbprint_hex()
            .eq_ignore_ascii_case(thumbprint_hex.trim())
    })
}

/// Opens (creating as needed) the store and its `Certificates` key for writing, as crypt32
/// does before it adds or deletes (RegCreateKeyEx with write access). An explicit deny of
/// set-value / create-subkey on either key fails here with ERROR_ACCESS_DENIED.
fn open_for_write(reg: &mut Registry, store: &str, token: &Token) -> Result<String, WinError> {
    let store_path = store_key(store);
    let certs_key = certificates_key(store);
    for path in [&store_path, &certs_key] {
        reg.create_key(path, token)?;
        reg.open(path, token, AccessMask::KEY_WRITE)?;
    }
    Ok(certs_key)
}

/// Adds a certificate to a store as `token` (creates the store key if needed; access-checked).
/// An entry with the same thumbprint is replaced (CERT_STORE_ADD_REPLACE_EXISTING).
pub fn add(
    reg: &mut Registry,
    store: &str,
    cert: &Certificate,
    token: &Token,
) -> Result<(), WinError> {
    let certs_key = open_for_write(reg, store, token)?;
    let entry = format!("{certs_key}\\{}", cert.thumbprint_hex());
    reg.create_key(&entry, token)?;
    reg.set_value(&entry, "Blob", RegValue::Binary(blob_bytes(cert)), token)
}

/// Removes a certificate from a store as `token` (ERROR_FILE_NOT_FOUND if it is not there).
pub fn remove(
    reg: &mut Registry,
    store: &str,
    thumbprint_hex: &str,
    token: &Token,
) -> Result<(), WinError> {
    let certs_key = certificates_key(store);
    let entry = format!(
        "{certs_key}\\{}",
        thumbprint_hex.trim().to_ascii_uppercase()
    );
    if reg.key(&entry).is_none() {
        return Err(WinError::FILE_NOT_FOUND);
    }
    open_for_write(reg, store, token)?;
    reg.delete_key(&entry, token)
}
