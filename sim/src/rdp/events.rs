//! The events the RDP stack logs, built as Windows builds them (windows-facts §3, §11.2, §11.3).
//! The message texts live with the event log's templates; here are provider, channel, ids,
//! levels, tasks, keywords, users and the data items the templates fill in.

use crate::error::WinError;
use crate::eventlog::NewEvent;
use crate::principals::Sid;

/// The RemoteConnectionManager provider (classic certificate events in System).
pub const RCM_PROVIDER: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager";
/// The Schannel provider.
pub const SCHANNEL_PROVIDER: &str = "Schannel";
/// The Connection Broker provider.
pub const BROKER_PROVIDER: &str = "Microsoft-Windows-TerminalServices-SessionBroker";
/// The Connection Broker client provider.
pub const BROKER_CLIENT_PROVIDER: &str = "Microsoft-Windows-TerminalServices-SessionBroker-Client";
/// The broker's Operational channel.
pub const BROKER_CHANNEL: &str = "Microsoft-Windows-TerminalServices-SessionBroker/Operational";
/// The broker client's Operational channel.
pub const BROKER_CLIENT_CHANNEL: &str =
    "Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational";

/// The `Classic` keyword of legacy events.
const KW_CLASSIC: u64 = 0x0080_0000_0000_0000;
/// Schannel's keyword (renders empty).
const KW_SCHANNEL: u64 = 0x8000_0000_0000_0000;
/// The Operational channel bit of the broker providers [U: no capture found; the first
/// channel bit of a manifest provider].
const KW_OPERATIONAL: u64 = 0x4000_0000_0000_0000;

/// 1056: a new self-signed certificate was generated; `%1` = `CN=<NAME>`.
pub fn cert_created(subject: &str) -> NewEvent {
    NewEvent::new("System", RCM_PROVIDER, 1056)
        .qualifiers(16384)
        .level(4)
        .keywords(KW_CLASSIC)
        .data("", subject)
}

/// 1057 (creating failed) or 1058 (replacing an expired one failed) with the status text of
/// `status` (`Access is denied.`, `Keyset does not exist`, `Object already exists.`).
pub fn cert_failed(replacing: bool, status: WinError) -> NewEvent {
    let id = if replacing { 1058 } else { 1057 };
    NewEvent::new("System", RCM_PROVIDER, id)
        .qualifiers(49152)
        .level(2)
        .keywords(KW_CLASSIC)
        .data("", status.message())
}

/// Schannel 36870: the TLS server credential's private key could not be accessed
/// (0x8009030D, internal state 10001).
pub fn private_key_failed() -> NewEvent {
    NewEvent::new("System", SCHANNEL_PROVIDER, 36870)
        .level(2)
        .keywords(KW_SCHANNEL)
        .user(Sid::system())
        .data("Type", "server")
        .data("ErrorCode", "0x8009030d")
        .data("ErrorStatus", "10001")
}

/// Schannel 36871: no TLS server credential could be created (state 10013: every protocol
/// the RDP stack can use is disabled).
pub fn credential_failed() -> NewEvent {
    NewEvent::new("System", SCHANNEL_PROVIDER, 36871)
        .level(2)
        .keywords(KW_SCHANNEL)
        .user(Sid::system())
        .data("Type", "server")
        .data("ErrorState", "10013")
}

/// Schannel 36888: the server sent a fatal alert 70 (protocol_version) to a client whose
/// offer shares no enabled version with it. A server-side alert has no target name [U: the
/// data layout of 36888 on 2016/2019; error state 1205 as commonly captured].
pub fn protocol_alert() -> NewEvent {
    NewEvent::new("System", SCHANNEL_PROVIDER, 36888)
        .level(2)
        .keywords(KW_SCHANNEL)
        .user(Sid::system())
        .data("AlertDesc", "70")
        .data("ErrorState", "1205")
        .data("TargetName", "")
}

/// SessionBroker 2056: the broker could not log on to its database (windows-facts §3).
pub fn broker_db_logon_failed() -> NewEvent {
    NewEvent::new(BROKER_CHANNEL, BROKER_PROVIDER, 2056)
        .level(2)
        .task(109)
        .keywords(KW_OPERATIONAL)
        .user(Sid::network_service())
        .data("", "NULL")
        .data("", "NULL")
        .data("", "Logon to the database failed.")
}

/// SessionBroker-Client 1296: the broker is not ready for RPC (windows-facts §3).
pub fn broker_rpc_not_ready() -> NewEvent {
    NewEvent::new(BROKER_CLIENT_CHANNEL, BROKER_CLIENT_PROVIDER, 1296)
        .level(2)
        .task(104)
        .keywords(KW_OPERATIONAL)
        .user(Sid::network_service())
        .data("", "NULL")
        .data("", "NULL")
        .data(
            "",
            "Remote Desktop Connection Broker is not ready for RPC communication.",
        )
}
