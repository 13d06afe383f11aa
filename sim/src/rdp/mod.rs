//! The behaviour of the Remote Desktop stack: the self-signed certificate lifecycle when
//! SessionEnv/TermService start, the TLS handshake with a client, the Connection Broker.
//!
//! - `mod.rs`    the public types, the service-start hook, certificate helpers.
//! - `cert.rs`   the self-signed certificate lifecycle (1056/1057/1058).
//! - `tls.rs`    a client connects: the server credential and protocol negotiation (36870, 36871, 36888).
//! - `broker.rs` the Connection Broker, its database and the feature operations (2056, 1296).
//! - `events.rs` the events, as Windows logs them.

pub mod broker;
pub mod cert;
pub mod events;
#[cfg(test)]
mod tests;
pub mod tls;

pub use broker::{install_feature, uninstall_feature};
pub use cert::{Lifecycle, ensure_certificate};
pub use tls::{CANNOT_CONNECT, UNREACHABLE};

use crate::certs::{Certificate, KeyProvInfo, keys};
use crate::clock::FileTime;
use crate::error::WinError;
use crate::host::Host;
use crate::os::TlsVersion;

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
    let key = pick_key(host);
    let cert = sign_listener_certificate(host, key, not_before);
    (cert, keys::key_file_bytes(keys::RDP_CONTAINER, key))
}

/// A pool key drawn by the host's RNG.
pub fn pick_key(host: &mut Host) -> &'static keys::PoolKey {
    let index = host.rng().next_u32();
    keys::pool_key(index as usize)
}

/// Signs the self-signed `CN=<NAME>` certificate for `key`, valid for six months from
/// `not_before`, linked to the `TSSecKeySet1` container.
pub fn sign_listener_certificate(
    host: &Host,
    key: &keys::PoolKey,
    not_before: FileTime,
) -> Certificate {
    let cn = host.name().to_uppercase();
    let not_after = not_before.add_secs(CERT_VALIDITY_SECS);
    let mut cert = Certificate::self_signed(&cn, not_before, not_after, key);
    cert.key = Some(KeyProvInfo {
        container: keys::RDP_CONTAINER.to_string(),
        provider: RDP_PROVIDER.to_string(),
    });
    cert
}

/// The key container file of `cert` (its linked container, `TSSecKeySet1` when the store
/// entry links none), or `None` without a MachineGuid.
pub fn listener_key_for(host: &Host, cert: &Certificate) -> Option<String> {
    let guid = host.machine_guid()?;
    let container = cert
        .key
        .as_ref()
        .map_or(keys::RDP_CONTAINER, |k| k.container.as_str());
    Some(format!(
        "{}\\{}",
        keys::MACHINE_KEYS,
        keys::container_file_name(container, &guid)
    ))
}

/// State the RDP stack keeps outside the registry and filesystem (the broker's database).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RdpState {
    /// The host name the Connection Broker's database recorded when the farm was built.
    pub broker_recorded_name: Option<String>,
}

/// The Remote Desktop stack as a behaviour of the host.
#[derive(Debug, Clone, Copy, Default)]
pub struct RdpStack;

/// The demand-start services of the listener, in the order they come up.
pub const RDP_SERVICES: [&str; 3] = ["SessionEnv", "TermService", "UmRdpService"];

impl crate::behaviour::Behaviour for RdpStack {
    fn name(&self) -> &'static str {
        "Remote Desktop Services"
    }

    /// SessionEnv and TermService check the listener certificate when they start; Tssdis logs
    /// on to the broker's database. The certificate's failures do not fail the start
    /// (Windows logs 1057/1058 and the service runs on).
    fn on_service_start(&self, host: &mut Host, service: &str) -> Result<(), WinError> {
        let is = |n: &str| service.eq_ignore_ascii_case(n);
        if is("SessionEnv") || is("TermService") {
            cert::ensure_certificate(host);
        } else if is(broker::TSSDIS) {
            broker::on_tssdis_start(host);
        }
        Ok(())
    }

    /// The listener's services are demand-start (lived-in-host §2: `Start` 3) yet run on every
    /// RD Session Host after boot; the stack brings them up once the Automatic services run.
    /// A disabled one stays down, and clients then cannot connect.
    fn on_boot(&self, host: &mut Host) {
        host.start_at_boot(&RDP_SERVICES);
    }
}

/// An RDP client's profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Client {
    /// A current client: offers TLS 1.2, 1.1, 1.0.
    Modern,
    /// A legacy client that offers only TLS 1.0 (Windows 7 without the RDC 8.0 update).
    Legacy,
}

impl Client {
    /// The TLS versions the client offers.
    pub fn offers(self) -> &'static [TlsVersion] {
        match self {
            Client::Modern => &TlsVersion::ALL,
            Client::Legacy => &[TlsVersion::Tls10],
        }
    }
    /// `modern` or `legacy`.
    pub fn name(self) -> &'static str {
        match self {
            Client::Modern => "modern",
            Client::Legacy => "legacy",
        }
    }
    /// Parses `modern` or `legacy` (case-insensitive).
    pub fn parse(s: &str) -> Option<Client> {
        [Client::Modern, Client::Legacy]
            .into_iter()
            .find(|c| c.name().eq_ignore_ascii_case(s.trim()))
    }
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
pub fn connect(host: &mut Host, client: Client) -> Result<RdpSession, ConnectError> {
    tls::connect(host, client)
}
