//! LocalMachine certificate stores, kept in the registry under
//! `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates\<store>\Certificates\<THUMBPRINT>`
//! (value `Blob`: property 32 = the DER, property 2 = key provider info), so registry ACLs
//! apply. Private keys are key files in MachineKeys (`keys`), drawn from a seeded pool of
//! pre-generated RSA-2048 keys shipped as data.

pub mod keys;

use crate::clock::FileTime;
use crate::error::{InputError, WinError};
use crate::principals::Token;
use crate::registry::Registry;

/// The registry key of a LocalMachine store (`My`, `Root`, `Remote Desktop`, ...).
pub fn store_key(store: &str) -> String {
    format!("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\{store}")
}

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
    /// Parses a certificate from DER or PEM bytes.
    pub fn parse(_bytes: &[u8], _file: &str) -> Result<Certificate, InputError> {
        todo!("certs helper")
    }
    /// A real self-signed `CN=<cn>` certificate (RSA-2048 key `key` from the pool, SHA-256 signature).
    pub fn self_signed(_cn: &str, _not_before: FileTime, _not_after: FileTime, _key: &keys::PoolKey) -> Certificate {
        todo!("certs helper")
    }
    /// The thumbprint as 40 upper-case hex digits, as PowerShell shows it.
    pub fn thumbprint_hex(&self) -> String {
        self.thumbprint.iter().map(|b| format!("{b:02X}")).collect()
    }
    /// True if `now` lies within the validity period.
    pub fn is_valid_at(&self, now: FileTime) -> bool {
        self.not_before <= now && now <= self.not_after
    }
    /// PEM text.
    pub fn to_pem(&self) -> String {
        todo!("certs helper")
    }
}

/// The certificates of a store as `token` can read them (in thumbprint order).
pub fn list(_reg: &Registry, _store: &str, _token: &Token) -> Result<Vec<Certificate>, WinError> {
    todo!("certs helper")
}

/// Adds a certificate to a store as `token` (creates the store key if needed; access-checked).
pub fn add(_reg: &mut Registry, _store: &str, _cert: &Certificate, _token: &Token) -> Result<(), WinError> {
    todo!("certs helper")
}

/// Removes a certificate from a store as `token`.
pub fn remove(_reg: &mut Registry, _store: &str, _thumbprint_hex: &str, _token: &Token) -> Result<(), WinError> {
    todo!("certs helper")
}
