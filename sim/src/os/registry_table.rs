//! The registry keys that scripts for the article's faults read, as a healthy image holds them:
//! `Control\Lsa` (lived-in-host §2.6), `Select` and the control sets (§2.2), the top-level
//! `Terminal Server` values (§2.3), the full RDP-Tcp value set (§2.4), and the SCHANNEL
//! subkeys (§2.7).
//!
//! The registry model has no symbolic links, so `CurrentControlSet` cannot alias
//! `ControlSet001` (`registry/paths.rs`). What the preset does instead: every key under
//! `CurrentControlSet` is copied to `ControlSet001` once the host is built, and
//! `Select\Current` names it. The copy is a snapshot: a later write to one of the two does not
//! reach the other (on Windows they are the same key). Everything that reads the control set
//! (the SCM at boot, the RDP stack, SCHANNEL, the faults) reads `CurrentControlSet`.

use super::Os;
use super::tables::Val;

/// `HKLM\SYSTEM\CurrentControlSet\Control\Lsa`.
pub const LSA_KEY: &str = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa";
/// `HKLM\SYSTEM\Select`.
pub const SELECT_KEY: &str = "HKEY_LOCAL_MACHINE\\SYSTEM\\Select";
/// `HKLM\SYSTEM\CurrentControlSet`.
pub const CURRENT_CONTROL_SET: &str = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet";
/// `HKLM\SYSTEM\ControlSet001`, the control set `Select\Current` names.
pub const CONTROL_SET_001: &str = "HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001";

/// `Select` on a healthy host: 1/1/0/1 (lived-in-host §2.2 [S12]).
pub const SELECT: &[(&str, Val)] = &[
    ("Current", Val::Dword(1)),
    ("Default", Val::Dword(1)),
    ("Failed", Val::Dword(0)),
    ("LastKnownGood", Val::Dword(1)),
];

/// `Control\Lsa`, from the one real `reg query` (lived-in-host §2.6 [S9]) without the
/// Windows 11 values (LSA protection, Credential Guard, `SecureBoot`, `ProductType`).
/// `LsaPid` is lsass's process id, the one the host's Schannel events carry (652).
/// `LmCompatibilityLevel` is absent, as on a default install ([S28]).
pub const LSA: &[(&str, Val)] = &[
    ("auditbasedirectories", Val::Dword(0)),
    ("auditbaseobjects", Val::Dword(0)),
    ("Authentication Packages", Val::MultiSz(&["msv1_0"])),
    (
        "Bounds",
        Val::Binary(&[0x00, 0x30, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00]),
    ),
    ("crashonauditfail", Val::Dword(0)),
    ("fullprivilegeauditing", Val::Binary(&[0x00])),
    ("LimitBlankPasswordUse", Val::Dword(1)),
    ("NoLmHash", Val::Dword(1)),
    ("Notification Packages", Val::MultiSz(&["scecli"])),
    // The data is the two characters `""`, as `reg query` shows it.
    ("Security Packages", Val::MultiSz(&["\"\""])),
    ("LsaPid", Val::Dword(652)),
    ("disabledomaincreds", Val::Dword(0)),
    ("everyoneincludesanonymous", Val::Dword(0)),
    ("forceguest", Val::Dword(0)),
    ("restrictanonymous", Val::Dword(0)),
    ("restrictanonymoussam", Val::Dword(1)),
];

/// The subkeys of `Control\Lsa` (lived-in-host §2.6, without the Windows 11 `OSConfig`).
pub const LSA_SUBKEYS: &[&str] = &[
    "AccessProviders",
    "Audit",
    "CentralizedAccessPolicies",
    "ComponentUpdates",
    "Credssp",
    "Data",
    "DPL",
    "FipsAlgorithmPolicy",
    "GBG",
    "JD",
    "Kerberos",
    "MSV1_0",
    "OfflineLSA",
    "OfflineSAM",
    "Skew1",
    "SSO",
    "SspiCache",
    "Tracing",
];

/// `Lsa\FipsAlgorithmPolicy\Enabled` = 0, "Default is disabled" (lived-in-host §2.6 [S10]):
/// since Windows 7 / 2008 R2 the policy is this subkey's `Enabled`, not the XP-era value
/// `FipsAlgorithmPolicy` directly under `Lsa` (which a current host does not have).
pub const FIPS_KEY: &str =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Lsa\\FipsAlgorithmPolicy";

/// Top-level `Terminal Server` values besides `fDenyTSConnections` (lived-in-host §2.3 [S8];
/// the per-machine `InstanceID` and the unconfirmed `GlassSessionId` are left out).
pub const TERMINAL_SERVER: &[(&str, Val)] = &[
    ("AllowRemoteRPC", Val::Dword(1)),
    ("DelayConMgrTimeout", Val::Dword(0)),
    ("DeleteTempDirsOnExit", Val::Dword(1)),
    ("fSingleSessionPerUser", Val::Dword(1)),
    ("NotificationTimeOut", Val::Dword(0)),
    ("PerSessionTempDir", Val::Dword(1)),
    ("ProductVersion", Val::Sz("5.1")),
    (
        "RCDependentServices",
        Val::MultiSz(&["CertPropSvc", "SessionEnv"]),
    ),
    ("RDPVGCInstalled", Val::Dword(1)),
    ("SessionDirectoryActive", Val::Dword(0)),
    (
        "SessionDirectoryCLSID",
        Val::Sz("{005a9c68-e216-4b27-8f59-b336829b3868}"),
    ),
    (
        "SessionDirectoryExCLSID",
        Val::Sz("{ec98d957-48ad-436d-90be-bc291f42709c}"),
    ),
    ("SessionDirectoryExposeServerIP", Val::Dword(1)),
    ("SnapshotMonitors", Val::Sz("1")),
    ("StartRCM", Val::Dword(0)),
    ("TSUserEnabled", Val::Dword(0)),
];

/// `Terminal Server\WinStations` values (lived-in-host §2.3; the binary `SelfSignedCertificate`
/// hash and the security descriptors are left out).
pub const WINSTATIONS: &[(&str, Val)] = &[
    ("SelfSignedCertStore", Val::Sz("Remote Desktop")),
    ("Flags", Val::Dword(1)),
];

/// `Terminal Server\Wds\rdpwd` and its `Tds\tcp` (lived-in-host §2.3).
pub const RDPWD: &[(&str, &str, Val)] = &[
    (
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\Wds\\rdpwd",
        "MinEncryptionLevel",
        Val::Dword(2),
    ),
    (
        "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\Wds\\rdpwd\\Tds\\tcp",
        "PortNumber",
        Val::Dword(3389),
    ),
];

/// The RDP-Tcp values of the real export (lived-in-host §2.4 [S8]), in its order, with the
/// Azure image's settings where the "prepare a VHD" doc writes them (windows-facts §11.6:
/// `SecurityLayer` 1; `KeepAliveTimeout` 0 as measured on a 2022 image). The WebSocket
/// listener ports are only on 2022 (`RDP_TCP_2022`): the export is from a newer build than
/// 2019 **[U]**.
pub const RDP_TCP: &[(&str, Val)] = &[
    ("AudioEnumeratorDll", Val::Sz("rdpendp.dll")),
    ("Callback", Val::Dword(0)),
    ("CallbackNumber", Val::Sz("")),
    ("CdClass", Val::Dword(0)),
    ("CdDLL", Val::Sz("")),
    ("CdFlag", Val::Dword(0)),
    ("CdName", Val::Sz("")),
    ("CfgDll", Val::Sz("RDPCFGEX.DLL")),
    ("ColorDepth", Val::Dword(3)),
    ("Comment", Val::Sz("")),
    ("Domain", Val::Sz("")),
    ("DrawGdiplusSupportLevel", Val::Dword(1)),
    ("fAllowSecProtocolNegotiation", Val::Dword(1)),
    ("fAutoClientDrives", Val::Dword(1)),
    ("fAutoClientLpts", Val::Dword(1)),
    ("fDisableAudioCapture", Val::Dword(0)),
    ("fDisableCam", Val::Dword(0)),
    ("fDisableCcm", Val::Dword(0)),
    ("fDisableCdm", Val::Dword(0)),
    ("fDisableClip", Val::Dword(0)),
    ("fDisableCpm", Val::Dword(0)),
    ("fDisableEncryption", Val::Dword(1)),
    ("fDisableExe", Val::Dword(0)),
    ("fDisableLPT", Val::Dword(0)),
    ("fEnableWinStation", Val::Dword(1)),
    ("fForceClientLptDef", Val::Dword(1)),
    ("fHomeDirectoryMapRoot", Val::Dword(0)),
    ("fInheritAutoClient", Val::Dword(1)),
    ("fInheritAutoLogon", Val::Dword(1)),
    ("fInheritCallback", Val::Dword(0)),
    ("fInheritCallbackNumber", Val::Dword(1)),
    ("fInheritColorDepth", Val::Dword(0)),
    ("fInheritInitialProgram", Val::Dword(1)),
    ("fInheritMaxDisconnectionTime", Val::Dword(1)),
    ("fInheritMaxIdleTime", Val::Dword(1)),
    ("fInheritMaxSessionTime", Val::Dword(1)),
    ("fInheritReconnectSame", Val::Dword(1)),
    ("fInheritResetBroken", Val::Dword(1)),
    ("fInheritSecurity", Val::Dword(0)),
    ("fInheritShadow", Val::Dword(1)),
    ("fLogonDisabled", Val::Dword(0)),
    ("fPromptForPassword", Val::Dword(0)),
    ("fReconnectSame", Val::Dword(0)),
    ("fResetBroken", Val::Dword(0)),
    ("fUseDefaultGina", Val::Dword(0)),
    ("InitialProgram", Val::Sz("")),
    ("InputBufferLength", Val::Dword(0x800)),
    ("InteractiveDelay", Val::Dword(0x32)),
    ("KeepAliveTimeout", Val::Dword(0)),
    ("KeyboardLayout", Val::Dword(0)),
    ("LanAdapter", Val::Dword(0)),
    (
        "LoadableProtocol_Object",
        Val::Sz("{5828227c-20cf-4408-b73f-73ab70b8849f}"),
    ),
    ("MaxConnectionTime", Val::Dword(0)),
    ("MaxDisconnectionTime", Val::Dword(0)),
    ("MaxIdleTime", Val::Dword(0)),
    ("MaxInstanceCount", Val::Dword(0xffff_ffff)),
    ("MinEncryptionLevel", Val::Dword(2)),
    ("NWLogonServer", Val::Sz("")),
    ("OutBufCount", Val::Dword(6)),
    ("OutBufDelay", Val::Dword(0x64)),
    ("OutBufLength", Val::Dword(0x212)),
    ("Password", Val::Sz("")),
    ("PdClass", Val::Dword(2)),
    ("PdClass1", Val::Dword(0xb)),
    ("PdDLL", Val::Sz("tdtcp")),
    ("PdDLL1", Val::Sz("tssecsrv")),
    ("PdFlag", Val::Dword(0x4e)),
    ("PdFlag1", Val::Dword(0)),
    ("PdName", Val::Sz("tcp")),
    ("PdName1", Val::Sz("tssecsrv")),
    ("PortNumber", Val::Dword(3389)),
    ("SecurityLayer", Val::Dword(1)),
    ("SelectNetworkDetect", Val::Dword(1)),
    ("SelectTransport", Val::Dword(2)),
    ("Shadow", Val::Dword(1)),
    ("UserAuthentication", Val::Dword(1)),
    ("Username", Val::Sz("")),
    ("WdFlag", Val::Dword(0x36)),
    ("WdName", Val::Sz("Microsoft RDP 8.0")),
    ("WdPrefix", Val::Sz("RDP")),
    ("WFProfilePath", Val::Sz("")),
    ("WorkDirectory", Val::Sz("")),
];

/// The values only 2022's RDP-Tcp has (see `RDP_TCP`).
pub const RDP_TCP_2022: &[(&str, Val)] = &[
    ("WebSocketListenerPort", Val::Dword(0xd3b)),
    ("WebSocketTlsListenerPort", Val::Dword(0xd40)),
];

/// The RDP-Tcp values of `os`: the export's set; `WdName` names the protocol version the OS
/// shipped (RDP 7.1 on 2008 R2 **[U]**), and 2022 adds the WebSocket ports.
pub fn rdp_tcp_values(os: Os) -> impl Iterator<Item = (&'static str, Val)> {
    let extra: &[(&str, Val)] = if os == Os::Server2022 {
        RDP_TCP_2022
    } else {
        &[]
    };
    RDP_TCP
        .iter()
        .chain(extra)
        .map(move |(name, val)| match (*name, os) {
            ("WdName", Os::Server2008R2) => (*name, Val::Sz("Microsoft RDP 7.1")),
            _ => (*name, val.clone()),
        })
}

/// SCHANNEL's subkeys, present and empty (lived-in-host §2.7 **[U]**).
pub const SCHANNEL_SUBKEYS: &[&str] = &[
    "Ciphers",
    "CipherSuites",
    "Hashes",
    "KeyExchangeAlgorithms",
    "Protocols",
];

/// `SCHANNEL\Protocols\SSL 2.0\Client`, `DisabledByDefault` = 1 on 2008 R2 to 2012 R2 (AskDS,
/// lived-in-host §2.7 [S10]); later builds leave `Protocols` empty **[U]**.
pub fn schannel_protocols(os: Os) -> &'static [(&'static str, &'static str, Val)] {
    match os {
        Os::Server2008R2 | Os::Server2012R2 => &[(
            "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\SSL 2.0\\Client",
            "DisabledByDefault",
            Val::Dword(1),
        )],
        _ => &[],
    }
}
