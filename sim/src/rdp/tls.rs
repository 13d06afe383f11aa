//! A client connects: RDP enabled, TermService running, the broker (when the host is one),
//! then the TLS handshake as TermService (NETWORK SERVICE) performs it: the server credential
//! (enabled protocols, the listener certificate, its private key read as NETWORK SERVICE),
//! then the protocol version both sides speak (windows-facts §8, §11.2, §12).

use super::{Client, ConnectError, RdpSession, broker, cert, events, listener_key_for};
use crate::certs::{self, Certificate, keys};
use crate::host::Host;
use crate::os::{TlsVersion, rdp_tls_versions, tables};
use crate::principals::Token;
use crate::registry::RegValue;

/// The client's message for every failure (the article's text, windows-facts §11.2).
pub const CANNOT_CONNECT: &str = "This computer can't connect to the remote computer. Try connecting again, if the problem continues, contact the owner of the remote computer or your network administrator.";

/// The Group Policy copy of the Terminal Server settings, which overrides the local one.
const POLICY_KEY: &str =
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Terminal Services";

/// The client's message when no listener answers: TermService stopped or disabled, RDP
/// denied (`fDenyTSConnections`), the port closed (error 0x204; formats reference, mstsc
/// errors, from SupportArticles `troubleshoot-rdp-general-error.md`).
pub const UNREACHABLE: &str = "Remote Desktop can't connect to the remote computer for one of these reasons:\n\n1) Remote access to the server is not enabled\n2) The remote computer is turned off\n3) The remote computer is not available on the network\n\nMake sure the remote computer is turned on and connected to the network, and that remote access is enabled.";

fn unreachable() -> ConnectError {
    ConnectError {
        message: UNREACHABLE.to_string(),
    }
}

fn refused() -> ConnectError {
    ConnectError {
        message: CANNOT_CONNECT.to_string(),
    }
}

/// A DWORD value read without access checks (the stack reads its configuration as itself).
pub fn dword(host: &Host, key: &str, name: &str) -> Option<u32> {
    match host.registry().key(key)?.values.get(&name.to_uppercase()) {
        Some((_, RegValue::Dword(d))) => Some(*d),
        _ => None,
    }
}

/// True if RDP connections are denied (`fDenyTSConnections`, the policy value first).
pub fn connections_denied(host: &Host) -> bool {
    dword(host, POLICY_KEY, "fDenyTSConnections")
        .or_else(|| dword(host, tables::TS_KEY, "fDenyTSConnections"))
        .unwrap_or(1)
        != 0
}

/// True if SCHANNEL lets a server use `v`: `Protocols\<v>\Server` `Enabled` is not 0 and
/// `DisabledByDefault` is 0 (absent values = the OS default, enabled). RDP asks for the
/// default protocols, so "disabled by default" counts as disabled.
pub fn schannel_server_enabled(host: &Host, v: TlsVersion) -> bool {
    let key = format!("{}\\Protocols\\{}\\Server", tables::SCHANNEL_KEY, v.name());
    let enabled = dword(host, &key, "Enabled").is_none_or(|e| e != 0);
    let by_default = dword(host, &key, "DisabledByDefault").is_none_or(|d| d == 0);
    enabled && by_default
}

/// The versions the listener can offer: the RDP stack's support on this OS, minus what
/// SCHANNEL disables; newest first.
pub fn server_versions(host: &Host) -> Vec<TlsVersion> {
    rdp_tls_versions(host.os())
        .iter()
        .copied()
        .filter(|v| schannel_server_enabled(host, *v))
        .collect()
}

/// See `rdp::connect`.
pub fn connect(host: &mut Host, client: Client) -> Result<RdpSession, ConnectError> {
    if connections_denied(host) || !host.is_running("TermService") {
        return Err(unreachable());
    }
    if host.has_role(crate::os::BROKER_ROLE) && !broker::serve_connection(host) {
        return Err(refused());
    }
    let layer = dword(host, tables::RDP_TCP_KEY, "SecurityLayer").unwrap_or(1);
    if layer == 0 {
        // RDP Security Layer: no TLS, no Schannel credential.
        let certificate = select_certificate(host).unwrap_or_else(|| proprietary_placeholder(host));
        return Ok(RdpSession {
            protocol: "RDP Security Layer".to_string(),
            certificate,
        });
    }
    let versions = server_versions(host);
    if versions.is_empty() {
        host.log(events::credential_failed());
        return Err(refused());
    }
    let Some(certificate) = server_credential(host) else {
        host.log(events::private_key_failed());
        return Err(refused());
    };
    match versions.iter().find(|v| client.offers().contains(v)) {
        Some(v) => Ok(RdpSession {
            protocol: v.name().to_string(),
            certificate,
        }),
        None => {
            host.log(events::protocol_alert());
            Err(refused())
        }
    }
}

/// The listener certificate with a private key NETWORK SERVICE can read and use; `None` is
/// Schannel's 36870. With no valid self-signed certificate, TermService first asks for one
/// (the lifecycle, which logs its own events).
fn server_credential(host: &mut Host) -> Option<Certificate> {
    if configured_thumbprint(host).is_none() && select_certificate(host).is_none() {
        cert::ensure_certificate(host);
    }
    let chosen = select_certificate(host)?;
    let path = listener_key_for(host, &chosen)?;
    let bytes = host.fs().read_file(&path, &Token::network_service()).ok()?;
    keys::check_key_file(&bytes).ok()?;
    Some(chosen)
}

/// `SSLCertificateSHA1Hash` when set (any value: a malformed one names no certificate).
fn configured_thumbprint(host: &Host) -> Option<Vec<u8>> {
    let key = host.registry().key(tables::RDP_TCP_KEY)?;
    match key.values.get("SSLCERTIFICATESHA1HASH") {
        Some((_, RegValue::Binary(b))) => Some(b.clone()),
        Some(_) => Some(Vec::new()),
        None => None,
    }
}

/// The listener's certificate: the one `SSLCertificateSHA1Hash` names in LocalMachine\My,
/// else the valid self-signed one in `Remote Desktop`; listed as NETWORK SERVICE.
pub fn select_certificate(host: &Host) -> Option<Certificate> {
    let token = Token::network_service();
    let now = host.now();
    match configured_thumbprint(host) {
        Some(thumb) => certs::list(host.registry(), "My", &token)
            .ok()?
            .into_iter()
            .find(|c| c.thumbprint[..] == thumb[..] && c.is_valid_at(now)),
        None => {
            let all = certs::list(host.registry(), super::RDP_STORE, &token).ok()?;
            cert::newest(all.iter().filter(|c| c.is_valid_at(now))).cloned()
        }
    }
}

/// Standard RDP security has no X.509 certificate: the session shows an empty placeholder
/// naming the host.
fn proprietary_placeholder(host: &Host) -> Certificate {
    Certificate {
        der: Vec::new(),
        thumbprint: [0; 20],
        subject: format!("CN={}", host.name().to_uppercase()),
        issuer: format!("CN={}", host.name().to_uppercase()),
        not_before: host.now(),
        not_after: host.now(),
        key: None,
    }
}
