//! Private keys: the pool of pre-generated RSA-2048 keys (shipped as data, never generated on a
//! hot path) and key container files in `C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`.
//!
//! Key file layout (ours, shaped like a CAPI key container file; all integers u32 LE):
//! ```text
//! offset  0  version = 2
//!         4  reserved = 0
//!         8  name length (bytes, with the trailing NUL)
//!        12  signature public key length  = 0 (AT_SIGNATURE unused)
//!        16  signature private key length = 0
//!        20  exchange public key length   (8)
//!        24  exchange private key length  (8 + PKCS#8 length + 20)
//!        28  hash length = 0
//!        32  signature export flag length = 0
//!        36  exchange export flag length  = 0
//!        40  container name, ASCII, NUL-terminated
//!        ..  exchange public key:  "RSA1", bit length (2048)
//!        ..  exchange private key: "KBPK", PKCS#8 length, PKCS#8 DER, SHA-1 of the DER
//! ```
//! On Windows the private part is a DPAPI blob; here it is the plain PKCS#8 key (these keys are
//! test-only) with a SHA-1 so that any damage is detected, as DPAPI's MAC detects it.

use crate::error::WinError;
use md5::{Digest, Md5};
use sha1::Sha1;
use std::sync::OnceLock;

/// The MachineKeys folder.
pub const MACHINE_KEYS: &str = "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys";

/// The RDP listener's container name.
pub const RDP_CONTAINER: &str = "TSSecKeySet1";

/// The hash part of the RDP listener's key file name (MD5 of the container name, constant).
pub const RDP_CONTAINER_HASH: &str = "f686aace6942fb7f7ceb231212eef4a4";

/// One pre-generated RSA-2048 key.
#[derive(Debug)]
pub struct PoolKey {
    /// PKCS#8 DER of the private key.
    pub pkcs8_der: &'static [u8],
}

/// The pool: `sim/data/keys/keyNN.der` (see the README there).
static POOL: [PoolKey; 16] = [
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key00.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key01.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key02.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key03.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key04.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key05.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key06.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key07.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key08.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key09.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key10.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key11.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key12.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key13.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key14.der"),
    },
    PoolKey {
        pkcs8_der: include_bytes!("../../data/keys/key15.der"),
    },
];

/// The number of keys in the pool.
pub const POOL_SIZE: usize = 16;

/// The `index`-th key of the pool (wrapping).
pub fn pool_key(index: usize) -> &'static PoolKey {
    &POOL[index % POOL_SIZE]
}

/// The pool index of a PKCS#8 key, if it is one of the pool's.
pub fn pool_index(pkcs8_der: &[u8]) -> Option<usize> {
    POOL.iter()
        .position(|k| std::ptr::eq(k.pkcs8_der, pkcs8_der) || k.pkcs8_der == pkcs8_der)
}

impl PoolKey {
    /// The parsed signing key (RSA PKCS#1 v1.5 with SHA-256). Pool keys are parsed once per
    /// process (parsing validates the RSA key, which costs more than a signature); any other
    /// key is parsed on each call. Panics if the bytes are not an RSA PKCS#8 key (keys come
    /// from the pool: a broken invariant).
    pub fn key_pair(&self) -> KeyPairRef {
        static PARSED: [OnceLock<rcgen::KeyPair>; POOL_SIZE] =
            [const { OnceLock::new() }; POOL_SIZE];
        match pool_index(self.pkcs8_der) {
            Some(i) => KeyPairRef::Pooled(PARSED[i].get_or_init(|| parse_rsa(self.pkcs8_der))),
            None => KeyPairRef::Owned(Box::new(parse_rsa(self.pkcs8_der))),
        }
    }
}

/// A parsed signing key: shared for pool keys, owned otherwise.
#[derive(Debug)]
pub enum KeyPairRef {
    /// A pool key, parsed once.
    Pooled(&'static rcgen::KeyPair),
    /// Any other key.
    Owned(Box<rcgen::KeyPair>),
}

impl std::ops::Deref for KeyPairRef {
    type Target = rcgen::KeyPair;
    fn deref(&self) -> &rcgen::KeyPair {
        match self {
            KeyPairRef::Pooled(k) => k,
            KeyPairRef::Owned(k) => k,
        }
    }
}

fn parse_rsa(der: &[u8]) -> rcgen::KeyPair {
    // An RSA PKCS#8 key parses as PKCS_RSA_SHA256 (rcgen's choice for RSA keys).
    let pair = rcgen::KeyPair::try_from(der)
        .unwrap_or_else(|e| panic!("pool keys are valid PKCS#8: {e:?}"));
    assert!(
        pair.algorithm() == &rcgen::PKCS_RSA_SHA256,
        "pool keys are RSA"
    );
    pair
}

/// The hash part of a container's key file name.
///
/// CAPI names a machine key file after the MD5 of the lower-cased container name with its
/// trailing NUL, printed as four little-endian 32-bit words. This reproduces the known names:
/// `TSSecKeySet1` -> `f686aace6942fb7f7ceb231212eef4a4`, `iisWasKey` ->
/// `76944fb33636aeddb9590521c2e8815a` (windows-facts §6).
pub fn container_hash(container: &str) -> String {
    let mut input = container.to_lowercase().into_bytes();
    input.push(0);
    let digest = Md5::digest(&input);
    let mut out = String::with_capacity(32);
    for word in digest.chunks_exact(4) {
        for b in word.iter().rev() {
            out.push_str(&format!("{b:02x}"));
        }
    }
    out
}

/// The key file name of a container: `<md5 of name>_<MachineGuid>`.
pub fn container_file_name(container: &str, machine_guid: &str) -> String {
    format!("{}_{}", container_hash(container), machine_guid)
}

const VERSION: u32 = 2;
const HEADER_LEN: usize = 40;
const PUBLIC_MAGIC: &[u8; 4] = b"RSA1";
const PRIVATE_MAGIC: &[u8; 4] = b"KBPK";
const PUBLIC_LEN: usize = 8;

/// The bytes of a key container file holding `key` for `container`.
pub fn key_file_bytes(container: &str, key: &PoolKey) -> Vec<u8> {
    let mut name = container.as_bytes().to_vec();
    name.push(0);
    let der = key.pkcs8_der;
    let private_len = 8 + der.len() + 20;
    let header: [u32; 10] = [
        VERSION,
        0,
        name.len() as u32,
        0,
        0,
        PUBLIC_LEN as u32,
        private_len as u32,
        0,
        0,
        0,
    ];
    let mut out = Vec::with_capacity(HEADER_LEN + name.len() + PUBLIC_LEN + private_len);
    for v in header {
        out.extend_from_slice(&v.to_le_bytes());
    }
    out.extend_from_slice(&name);
    out.extend_from_slice(PUBLIC_MAGIC);
    out.extend_from_slice(&2048u32.to_le_bytes());
    out.extend_from_slice(PRIVATE_MAGIC);
    out.extend_from_slice(&(der.len() as u32).to_le_bytes());
    out.extend_from_slice(der);
    out.extend_from_slice(&Sha1::digest(der));
    out
}

/// What a sound key file holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyFile {
    /// The container name.
    pub container: String,
    /// The PKCS#8 DER of the private key.
    pub pkcs8_der: Vec<u8>,
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// Reads a key container file; any damage (truncation, garbling) gives NTE_BAD_KEYSET, as CAPI
/// reports a container it cannot open.
pub fn read_key_file(bytes: &[u8]) -> Result<KeyFile, WinError> {
    parse_key_file(bytes).ok_or(WinError::NTE_BAD_KEYSET)
}

fn parse_key_file(bytes: &[u8]) -> Option<KeyFile> {
    if u32_at(bytes, 0)? != VERSION as usize {
        return None;
    }
    let name_len = u32_at(bytes, 8)?;
    let public_len = u32_at(bytes, 20)?;
    let private_len = u32_at(bytes, 24)?;
    if public_len != PUBLIC_LEN || name_len == 0 || name_len > 1024 {
        return None;
    }
    let name = bytes.get(HEADER_LEN..HEADER_LEN + name_len)?;
    let (nul, name) = name.split_last()?;
    if *nul != 0 || name.contains(&0) {
        return None;
    }
    let container = String::from_utf8(name.to_vec()).ok()?;
    let public_at = HEADER_LEN + name_len;
    let public = bytes.get(public_at..public_at + PUBLIC_LEN)?;
    if &public[..4] != PUBLIC_MAGIC {
        return None;
    }
    let private_at = public_at + PUBLIC_LEN;
    let private = bytes.get(private_at..private_at.checked_add(private_len)?)?;
    if bytes.len() != private_at + private_len || private.get(..4)? != PRIVATE_MAGIC {
        return None;
    }
    let der_len = u32_at(private, 4)?;
    if private_len != 8 + der_len + 20 {
        return None;
    }
    let der = &private[8..8 + der_len];
    let check = &private[8 + der_len..];
    if Sha1::digest(der).as_slice() != check || der.first() != Some(&0x30) {
        return None;
    }
    Some(KeyFile {
        container,
        pkcs8_der: der.to_vec(),
    })
}

/// Checks a key container file: `Ok(container name)` if it holds a usable key, else
/// NTE_BAD_KEYSET (corrupt or truncated).
pub fn check_key_file(bytes: &[u8]) -> Result<String, WinError> {
    read_key_file(bytes).map(|k| k.container)
}

/// A damaged copy of a key file, for the `rsa-key-corrupt` fault: the header and container name
/// survive (the file still names `TSSecKeySet1`, so it blocks a new container of that name),
/// the private key is overwritten with a fixed pattern and the file is cut short.
pub fn corrupt(bytes: &[u8]) -> Vec<u8> {
    let keep = bytes
        .len()
        .min(HEADER_LEN + u32_at(bytes, 8).unwrap_or(0).min(1024) + PUBLIC_LEN + 16);
    let mut out = bytes[..keep].to_vec();
    out.extend(std::iter::repeat_n(0xA5u8, 64));
    out
}

/// The container name a file claims in its header, even when the key itself is damaged
/// (what CAPI sees when it refuses to create a container that already exists).
pub fn claimed_container(bytes: &[u8]) -> Option<String> {
    let name_len = u32_at(bytes, 8)?;
    let name = bytes.get(HEADER_LEN..HEADER_LEN.checked_add(name_len)?)?;
    let (nul, name) = name.split_last()?;
    (*nul == 0).then(|| String::from_utf8(name.to_vec()).ok())?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rdp_container_file_name_matches_windows() {
        assert_eq!(container_hash(RDP_CONTAINER), RDP_CONTAINER_HASH);
        assert_eq!(
            container_hash("iisWasKey"),
            "76944fb33636aeddb9590521c2e8815a"
        );
        assert_eq!(
            container_file_name("TSSecKeySet1", "c5d2b969-b61a-4159-8f78-6391a1c805db"),
            "f686aace6942fb7f7ceb231212eef4a4_c5d2b969-b61a-4159-8f78-6391a1c805db"
        );
    }

    #[test]
    fn pool_wraps_and_keys_differ() {
        assert!(std::ptr::eq(pool_key(3), pool_key(3 + POOL_SIZE)));
        assert_ne!(pool_key(0).pkcs8_der, pool_key(1).pkcs8_der);
        assert_eq!(pool_index(pool_key(5).pkcs8_der), Some(5));
    }

    #[test]
    fn key_file_round_trips() {
        let bytes = key_file_bytes(RDP_CONTAINER, pool_key(2));
        let file = read_key_file(&bytes).unwrap();
        assert_eq!(file.container, RDP_CONTAINER);
        assert_eq!(file.pkcs8_der, pool_key(2).pkcs8_der);
        assert_eq!(check_key_file(&bytes), Ok(RDP_CONTAINER.to_string()));
    }

    #[test]
    fn damaged_key_files_are_bad_keysets() {
        let bytes = key_file_bytes(RDP_CONTAINER, pool_key(0));
        assert_eq!(
            check_key_file(&bytes[..bytes.len() - 1]),
            Err(WinError::NTE_BAD_KEYSET)
        );
        assert_eq!(check_key_file(&[]), Err(WinError::NTE_BAD_KEYSET));
        let mut flipped = bytes.clone();
        flipped[200] ^= 1;
        assert_eq!(check_key_file(&flipped), Err(WinError::NTE_BAD_KEYSET));
        let broken = corrupt(&bytes);
        assert_eq!(check_key_file(&broken), Err(WinError::NTE_BAD_KEYSET));
        assert_eq!(claimed_container(&broken).as_deref(), Some(RDP_CONTAINER));
    }

    #[test]
    fn every_prefix_is_rejected_without_panic() {
        let bytes = key_file_bytes("x", pool_key(1));
        for n in 0..bytes.len() {
            assert!(check_key_file(&bytes[..n]).is_err());
            let _ = claimed_container(&bytes[..n]);
            let _ = corrupt(&bytes[..n]);
        }
    }
}
