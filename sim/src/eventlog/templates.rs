//! Tables: known providers (GUID, classic event source, process), channels, and the English
//! message templates of the events the article and the host's behaviour models log.
//!
//! Templates use `%1`..`%n` (the n-th insertion string) or `{Name}` (the `Data` item named
//! `Name`); `{Name:X}` renders a `0x...` value with upper-case hex digits, as Schannel's
//! message DLL formats its error codes (`0x8009030d` in the data, `0x8009030D` in the text).

/// A provider the host knows: what a native write fills in by itself.
pub struct ProviderInfo {
    /// Provider name.
    pub name: &'static str,
    /// Provider GUID as Windows renders it (`{...}`); empty if unknown.
    pub guid: &'static str,
    /// `EventSourceName` of classic (legacy) providers; empty for manifest providers.
    pub source: &'static str,
    /// The ProcessID events of this provider usually carry (the hosting process).
    pub process_id: u32,
}

/// Known providers. GUIDs: Schannel and RCM from the reference (§2, §3); SCM from real 7036
/// XML; SessionBroker-Client and LocalSessionManager from provider manifests of real captures.
pub const PROVIDERS: &[ProviderInfo] = &[
    ProviderInfo {
        name: "Service Control Manager",
        guid: "{555908d1-a6d7-4695-8e1e-26931d2012f4}",
        source: "Service Control Manager",
        process_id: 640,
    },
    ProviderInfo {
        name: "Schannel",
        guid: "{1F678132-5938-4686-9FDC-C8FF68F15C85}",
        source: "",
        process_id: 652,
    },
    ProviderInfo {
        name: "Microsoft-Windows-TerminalServices-RemoteConnectionManager",
        guid: "{C76BAA63-AE81-421C-B425-340B4B24157F}",
        source: "TermService",
        process_id: 1068,
    },
    ProviderInfo {
        name: "Microsoft-Windows-TerminalServices-LocalSessionManager",
        guid: "{5D896912-022D-40AA-A3A8-4FA5515C76D7}",
        source: "",
        process_id: 1012,
    },
    ProviderInfo {
        name: "Microsoft-Windows-TerminalServices-SessionBroker",
        guid: "",
        source: "",
        process_id: 2384,
    },
    ProviderInfo {
        name: "Microsoft-Windows-TerminalServices-SessionBroker-Client",
        guid: "{2184B5C9-1C83-4304-9C58-A9E76F718993}",
        source: "",
        process_id: 1068,
    },
    // The classic source of the event log service's own start and stop events.
    ProviderInfo {
        name: "EventLog",
        guid: "",
        source: "EventLog",
        process_id: 1300,
    },
    ProviderInfo {
        name: "Microsoft-Windows-Eventlog",
        guid: "{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}",
        source: "",
        process_id: 1300,
    },
    // The background of a lived-in host (lived-in-host §3.3, §3.5; GUIDs of the providers'
    // manifests as real records carry them **[U]** where the reference gives none).
    ProviderInfo {
        name: "Microsoft-Windows-Time-Service",
        guid: "{06EDCFEB-0FD0-4E53-ACCA-A6F8BBF81BCB}",
        source: "",
        process_id: 1432,
    },
    ProviderInfo {
        name: "Microsoft-Windows-GroupPolicy",
        guid: "{aea1b4fa-97d1-45f2-a64c-4d69fffd92c9}",
        source: "",
        process_id: 1096,
    },
    ProviderInfo {
        name: "Microsoft-Windows-WindowsUpdateClient",
        guid: "{945a8954-c147-4acd-923f-40c45405a658}",
        source: "",
        process_id: 1144,
    },
    ProviderInfo {
        name: "Microsoft-Windows-DistributedCOM",
        guid: "{1B562E86-B7AA-4131-BADC-B6F3A001407E}",
        source: "DCOM",
        process_id: 876,
    },
    ProviderInfo {
        name: "Microsoft-Windows-Winlogon",
        guid: "{DBE9B383-7CF3-4331-91CC-A3CB16A3B538}",
        source: "",
        process_id: 588,
    },
    ProviderInfo {
        name: "Microsoft-Windows-Security-SPP",
        guid: "{E23B33B0-C8C9-472C-A5F9-F2BDFEA0F156}",
        source: "Software Protection Platform Service",
        process_id: 0,
    },
    ProviderInfo {
        name: "Desktop Window Manager",
        guid: "",
        source: "Desktop Window Manager",
        process_id: 0,
    },
];

/// The provider entry for `name` (exact, as Windows matches provider names).
pub fn provider(name: &str) -> Option<&'static ProviderInfo> {
    PROVIDERS.iter().find(|p| p.name == name)
}

/// The channels every host has, in the order `wevtutil el` lists them (case-insensitive sort).
pub const DEFAULT_CHANNELS: &[&str] = &[
    "Application",
    "HardwareEvents",
    "Microsoft-Windows-CAPI2/Operational",
    "Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Admin",
    "Microsoft-Windows-RemoteDesktopServices-RdpCoreTS/Operational",
    "Microsoft-Windows-TerminalServices-LocalSessionManager/Admin",
    "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational",
    "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Admin",
    "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational",
    "Microsoft-Windows-TerminalServices-SessionBroker-Client/Admin",
    "Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational",
    "Microsoft-Windows-TerminalServices-SessionBroker/Admin",
    "Microsoft-Windows-TerminalServices-SessionBroker/Operational",
    "Security",
    "Setup",
    "System",
    "Windows PowerShell",
];

/// One message template.
pub struct Template {
    /// Provider name.
    pub provider: &'static str,
    /// EventID.
    pub id: u16,
    /// English text with inserts; `None` when the message is not in the provider's resources
    /// on the image the article was written on (Windows then shows its "cannot be found" text).
    pub text: Option<&'static str>,
}

const RCM: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager";
const LSM: &str = "Microsoft-Windows-TerminalServices-LocalSessionManager";

/// The template table (reference §3, §11.3; Service Control Manager texts from its message table).
pub const TEMPLATES: &[Template] = &[
    Template {
        provider: RCM,
        id: 1056,
        text: Some(
            "A new self signed certificate to be used for RD Session Host Server authentication on TLS connections was generated. The name on this certificate is %1. The SHA1 hash of the certificate is in the event data.",
        ),
    },
    // 1057/1058: the template ends at %1; the status text brings its own period, or none
    // ("Keyset does not exist"), as real renderings show (reference §11.3).
    Template {
        provider: RCM,
        id: 1057,
        text: Some(
            "The RD Session Host Server has failed to create a new self signed certificate to be used for RD Session Host Server authentication on TLS connections. The relevant status code was %1",
        ),
    },
    Template {
        provider: RCM,
        id: 1058,
        text: Some(
            "The RD Session Host Server has failed to replace the expired self signed certificate used for RD Session Host Server authentication on TLS connections. The relevant status code was %1",
        ),
    },
    Template {
        provider: "Schannel",
        id: 36870,
        text: Some(
            "A fatal error occurred when attempting to access the TLS {Type} credential private key. The error code returned from the cryptographic module is {ErrorCode:X}. The internal error state is {ErrorStatus}.",
        ),
    },
    Template {
        provider: "Schannel",
        id: 36871,
        text: Some(
            "A fatal error occurred while creating a TLS {Type} credential. The internal error state is {ErrorState}.",
        ),
    },
    Template {
        provider: "Schannel",
        id: 36872,
        text: Some(
            "The TLS {Type} specified certificate's chain could not be retrieved:\n   Failure Status: {ErrorCode:X}\n   Flags: {CertFlags}\nThe attached data contains the certificate.",
        ),
    },
    Template {
        provider: "Schannel",
        id: 36874,
        text: Some(
            "An {Protocol} connection request was received from a remote client application, but none of the cipher suites supported by the client application are supported by the server. The TLS connection request has failed.",
        ),
    },
    Template {
        provider: "Schannel",
        id: 36888,
        text: Some(
            "A fatal alert was generated and sent to the remote endpoint. This may result in termination of the connection. The TLS protocol defined fatal alert code is {AlertDesc}.\n\n   Target name: {TargetName}\n\nThe TLS alert registry can be found at http://www.iana.org/assignments/tls-parameters/tls-parameters.xhtml#tls-parameters-6",
        ),
    },
    // The article shows 2056 and 1296 with Windows' "description cannot be found" wrapper:
    // their messages were not in the resources of the machine it was captured on.
    Template {
        provider: "Microsoft-Windows-TerminalServices-SessionBroker",
        id: 2056,
        text: None,
    },
    Template {
        provider: "Microsoft-Windows-TerminalServices-SessionBroker-Client",
        id: 1296,
        text: None,
    },
    Template {
        provider: "Service Control Manager",
        id: 7036,
        text: Some("The %1 service entered the %2 state."),
    },
    Template {
        provider: "Service Control Manager",
        id: 7040,
        text: Some("The start type of the %1 service was changed from %2 to %3."),
    },
    // Written at every boot and clean shutdown (lived-in-host §3.2, §3.3).
    Template {
        provider: "EventLog",
        id: 6005,
        text: Some("The Event log service was started."),
    },
    Template {
        provider: "EventLog",
        id: 6006,
        text: Some("The Event log service was stopped."),
    },
    Template {
        provider: "Microsoft-Windows-Eventlog",
        id: 104,
        text: Some("The {Channel} log file was cleared."),
    },
    // The background of a lived-in host. Texts: lived-in-host §3.2-§3.5 (SPP, DWM, the
    // LocalSessionManager and RemoteConnectionManager Operational events), and provider
    // manifest dumps where the reference names the event without its text (Time-Service 35
    // and 37, GroupPolicy 1500, WindowsUpdateClient 19/43/44, Winlogon 7001/7002, DCOM
    // 10016, EventLog 6013).
    Template {
        provider: "EventLog",
        id: 6013,
        text: Some("The system uptime is %1 seconds."),
    },
    Template {
        provider: "Microsoft-Windows-Time-Service",
        id: 35,
        text: Some(
            "The time service is now synchronizing the system time with the time source %1 with reference id %2. Current local stratum number is %3.",
        ),
    },
    Template {
        provider: "Microsoft-Windows-Time-Service",
        id: 37,
        text: Some("The time provider NtpClient is currently receiving valid time data from %1."),
    },
    Template {
        provider: "Microsoft-Windows-GroupPolicy",
        id: 1500,
        text: Some(
            "The Group Policy settings for the computer were processed successfully. There were no changes detected since the last successful processing of Group Policy.",
        ),
    },
    Template {
        provider: "Microsoft-Windows-WindowsUpdateClient",
        id: 19,
        text: Some(
            "Installation Successful: Windows successfully installed the following update: %1",
        ),
    },
    Template {
        provider: "Microsoft-Windows-WindowsUpdateClient",
        id: 43,
        text: Some("Installation Started: Windows has started installing the following update: %1"),
    },
    Template {
        provider: "Microsoft-Windows-WindowsUpdateClient",
        id: 44,
        text: Some("Windows Update started downloading an update."),
    },
    Template {
        provider: "Microsoft-Windows-Winlogon",
        id: 7001,
        text: Some("User Logon Notification for Customer Experience Improvement Program"),
    },
    Template {
        provider: "Microsoft-Windows-Winlogon",
        id: 7002,
        text: Some("User Logoff Notification for Customer Experience Improvement Program"),
    },
    // The parameter layout is lived-in-host §3.3's (application-specific, Local, Activation,
    // CLSID, APPID, then the user); where the user's parts go is **[U]**.
    Template {
        provider: "Microsoft-Windows-DistributedCOM",
        id: 10016,
        text: Some(
            "The %1 permission settings do not grant %2 %3 permission for the COM Server application with CLSID \n%4\n and APPID \n%5\n to the user %6\\%7 SID (%8) from address %9 running in the application container %10 SID (%11). This security permission can be modified using the Component Services administrative tool.",
        ),
    },
    Template {
        provider: "Microsoft-Windows-Security-SPP",
        id: 902,
        text: Some("The Software Protection service has started."),
    },
    Template {
        provider: "Microsoft-Windows-Security-SPP",
        id: 903,
        text: Some("The Software Protection service has stopped."),
    },
    Template {
        provider: "Microsoft-Windows-Security-SPP",
        id: 16384,
        text: Some(
            "Successfully scheduled Software Protection service for re-start at %1. Reason: %2.",
        ),
    },
    Template {
        provider: "Microsoft-Windows-Security-SPP",
        id: 16394,
        text: Some("Offline downlevel migration succeeded."),
    },
    Template {
        provider: "Desktop Window Manager",
        id: 9027,
        text: Some("The Desktop Window Manager has registered the session port."),
    },
    Template {
        provider: RCM,
        id: 261,
        text: Some("Listener {listenerName} received a connection"),
    },
    Template {
        provider: RCM,
        id: 1149,
        text: Some(
            "Remote Desktop Services: User authentication succeeded:\n\nUser: {Param1}\nDomain: {Param2}\nSource Network Address: {Param3}",
        ),
    },
    Template {
        provider: LSM,
        id: 21,
        text: Some(
            "Remote Desktop Services: Session logon succeeded:\n\nUser: {User}\nSession ID: {SessionID}\nSource Network Address: {Address}",
        ),
    },
    Template {
        provider: LSM,
        id: 22,
        text: Some(
            "Remote Desktop Services: Shell start notification received:\n\nUser: {User}\nSession ID: {SessionID}\nSource Network Address: {Address}",
        ),
    },
    Template {
        provider: LSM,
        id: 23,
        text: Some(
            "Remote Desktop Services: Session logoff succeeded:\n\nUser: {User}\nSession ID: {SessionID}",
        ),
    },
    Template {
        provider: LSM,
        id: 24,
        text: Some(
            "Remote Desktop Services: Session has been disconnected:\n\nUser: {User}\nSession ID: {SessionID}\nSource Network Address: {Address}",
        ),
    },
    Template {
        provider: LSM,
        id: 25,
        text: Some(
            "Remote Desktop Services: Session reconnection succeeded:\n\nUser: {User}\nSession ID: {SessionID}\nSource Network Address: {Address}",
        ),
    },
];

/// The template for (provider, id), if the table has one.
pub fn template(provider: &str, id: u16) -> Option<&'static Template> {
    TEMPLATES
        .iter()
        .find(|t| t.id == id && t.provider == provider)
}

/// Renders `text` with `inserts` (name, value) in order.
pub fn format(text: &str, inserts: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(i) = rest.find(['%', '{']) {
        out.push_str(&rest[..i]);
        let tail = &rest[i..];
        if let Some(digits) = tail.strip_prefix('%') {
            let n = digits.bytes().take_while(u8::is_ascii_digit).count();
            match digits[..n].parse::<usize>() {
                Ok(k) if k >= 1 => {
                    out.push_str(inserts.get(k - 1).map(|(_, v)| *v).unwrap_or(""));
                    rest = &digits[n..];
                }
                _ => {
                    out.push('%');
                    rest = digits;
                }
            }
        } else if let Some(close) = tail.find('}') {
            let spec = &tail[1..close];
            let (name, upper) = match spec.strip_suffix(":X") {
                Some(n) => (n, true),
                None => (spec, false),
            };
            let v = inserts
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| *v)
                .unwrap_or("");
            if upper {
                out.push_str(&upper_hex(v));
            } else {
                out.push_str(v);
            }
            rest = &tail[close + 1..];
        } else {
            out.push_str(tail);
            rest = "";
        }
    }
    out.push_str(rest);
    out
}

fn upper_hex(v: &str) -> String {
    match v.strip_prefix("0x").or_else(|| v.strip_prefix("0X")) {
        Some(h) => format!("0x{}", h.to_ascii_uppercase()),
        None => v.to_string(),
    }
}

/// Windows' text for an event whose message is not in the provider's resources (what Event
/// Viewer and the article show), followed by the insertion strings one per line.
pub fn not_found(provider: &str, id: u16, inserts: &[(&str, &str)]) -> String {
    let mut s = format!(
        "The description for Event ID {id} from source {provider} cannot be found. Either the component that raises this event is not installed on your local computer or the installation is corrupted. You can install or repair the component on the local computer.\n\nIf the event originated on another computer, the display information had to be saved with the event.\n\nThe following information was included with the event:\n"
    );
    for (_, v) in inserts {
        s.push('\n');
        s.push_str(v);
    }
    s
}

/// Level names (reference §2).
pub fn level_name(level: u8) -> &'static str {
    match level {
        1 => "Critical",
        2 => "Error",
        3 => "Warning",
        5 => "Verbose",
        _ => "Information",
    }
}

/// The standard keyword bits and their names (winmeta.xml).
const KEYWORDS: &[(u64, &str)] = &[
    (0x0001_0000_0000_0000, "Response Time"),
    (0x0004_0000_0000_0000, "WDI Diag"),
    (0x0008_0000_0000_0000, "SQM"),
    (0x0010_0000_0000_0000, "Audit Failure"),
    (0x0020_0000_0000_0000, "Audit Success"),
    (0x0040_0000_0000_0000, "Correlation Hint"),
    (0x0080_0000_0000_0000, "Classic"),
];

/// True for the classic (legacy) keyword.
pub fn is_classic(keywords: u64) -> bool {
    keywords & 0x0080_0000_0000_0000 != 0
}

/// Rendered keyword names, comma-separated (empty when none is named: Schannel's events).
pub fn keyword_names(keywords: u64) -> String {
    KEYWORDS
        .iter()
        .filter(|(bit, _)| keywords & bit != 0)
        .map(|(_, n)| *n)
        .collect::<Vec<_>>()
        .join(",")
}

/// Rendered opcode (`N/A` for classic events, `Info` for 0 otherwise).
pub fn opcode_name(opcode: u8, keywords: u64) -> String {
    match opcode {
        0 if is_classic(keywords) => "N/A".to_string(),
        0 => "Info".to_string(),
        1 => "Start".to_string(),
        2 => "Stop".to_string(),
        n => n.to_string(),
    }
}

/// Rendered task: `N/A` for 0, `(n)` for an unnamed task as Event Viewer shows it (the article's
/// 2056 "(109)").
pub fn task_name(task: u16) -> String {
    match task {
        0 => "N/A".to_string(),
        n => format!("({n})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schannel_error_code_is_rendered_upper_case() {
        let t = template("Schannel", 36870).and_then(|t| t.text).unwrap();
        let s = format(
            t,
            &[
                ("Type", "server"),
                ("ErrorCode", "0x8009030d"),
                ("ErrorStatus", "10001"),
            ],
        );
        assert_eq!(
            s,
            "A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001."
        );
    }

    #[test]
    fn rcm_status_text_brings_its_own_period() {
        let t = template(RCM, 1057).and_then(|t| t.text).unwrap();
        assert!(
            format(t, &[("", "Keyset does not exist")])
                .ends_with("status code was Keyset does not exist")
        );
        let t = template(RCM, 1058).and_then(|t| t.text).unwrap();
        assert!(
            format(t, &[("", "Access is denied.")]).ends_with("status code was Access is denied.")
        );
    }

    #[test]
    fn scm_numbered_inserts() {
        let t = template("Service Control Manager", 7036)
            .and_then(|t| t.text)
            .unwrap();
        assert_eq!(
            format(
                t,
                &[("param1", "Remote Desktop Services"), ("param2", "running")]
            ),
            "The Remote Desktop Services service entered the running state."
        );
    }
}
