//! The behaviour of the Remote Desktop stack: the self-signed certificate lifecycle when
//! SessionEnv/TermService start, the TLS handshake with a client, the Connection Broker.

/// State the RDP stack keeps outside the registry and filesystem (the broker's database).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RdpState {
    /// The host name the Connection Broker's database recorded when the farm was built.
    pub broker_recorded_name: Option<String>,
}
