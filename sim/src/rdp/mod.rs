//! The behaviour of the Remote Desktop stack: the self-signed certificate lifecycle when
//! SessionEnv/TermService start, the TLS handshake with a client, the Connection Broker.
//!
//! - `mod.rs`  the public types, the service-start hook, constants.

use crate::certs::{Certificate, KeyProvInfo, keys};
use crate::clock::FileTime;
use crate::error::WinError;
use crate::host::Host;
use rand::Rng;

/// The LocalMachine store that holds the listener's self-signed certificate.
pub const RDP_STORE: &str = "Remote Desktop";

/// The CSP of the listener key (windows-facts §10).
pub const RDP_PROVIDER: &str = "Microsoft Enhanced Cryptographic Provider v1.0";

/// Validity of a self-signed listener certificate: about six months (observed 11/22/2023 to
/// 5/23/2024, windows-facts §10).
pub const CERT_VALIDITY_SECS: i64 = 183 * 86_400;

/// A new self-signed `CN=<NAME>` listener certificate valid from `not_before`, with a key
/// drawn from the pool by the host's RNG; returns it (linked to `TSSecKeySet1`) and the
/// bytes of its key container file.
pub fn new_listener_certificate(host: &mut Host, not_before: FileTime) -> (Certificate, Vec<u8>) {
    let index: u32 = host.rng().r#gen();
    let key = keys::pool_key(index as usize);
    let cn = host.name().to_uppercase();
    let not_after = not_before.add_secs(CERT_VALIDITY_SECS);
    let mut cert = Certificate::self_signed(&cn, not_before, not_after, key);
    cert.key = Some(KeyProvInfo {
        container: keys::RDP_CONTAINER.to_string(),
        provider: RDP_PROVIDER.to_string(),
    });
    (cert, keys::key_file_bytes(keys::RDP_CONTAINER, key))
}

/// State the RDP stack keeps outside the registry and filesystem (the broker's database).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RdpState {
    /// The host name the Connection Broker's database recorded when the farm was built.
    pub broker_recorded_name: Option<String>,
}

/// Called by the SCM after `service` entered the running state (SessionEnv and TermService
/// check the listener certificate here). An error makes the start fail.
pub fn on_service_start(_host: &mut Host, _service: &str) -> Result<(), WinError> {
    todo!("rdp helper")
}

/// An RDP client's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// A current client: offers TLS 1.2, 1.1, 1.0.
    Modern,
    /// A legacy client that offers only TLS 1.0 (Windows 7 without the RDC 8.0 update).
    Legacy,
}

/// A connection that succeeded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RdpSession {
    /// The TLS version negotiated (`TLS 1.2`).
    pub protocol: String,
    /// The certificate the client was shown.
    pub certificate: crate::certs::Certificate,
}

/// Why a connection failed, as the client shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectError {
    /// The client's message (the article's text).
    pub message: String,
}

/// A client tries to connect; failures log the events Windows logs.
pub fn connect(_host: &mut Host, _client: Client) -> Result<RdpSession, ConnectError> {
    todo!("rdp helper")
}
