//! The behaviour of the Remote Desktop stack: the self-signed certificate lifecycle when
//! SessionEnv/TermService start, the TLS handshake with a client, the Connection Broker.

use crate::error::WinError;
use crate::host::Host;

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
