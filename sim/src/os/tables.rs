//! The preset's data: folders with their descriptors, registry keys and values, services.
//!
//! Sourced values cite windows-facts.md; the rest are plausible Windows defaults and are
//! marked as approximations.

use crate::os::Os;
use crate::services::StartType;

/// The TrustedInstaller service SID (owner of the Windows folders), windows-facts §13.
pub const TRUSTED_INSTALLER: &str =
    "S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464";

/// The MachineKeys folder's descriptor, measured on every build (windows-facts §12).
pub const MACHINE_KEYS_SDDL: &str = "O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)";

/// A folder created by the preset. `sddl: None` = no explicit ACEs, inherits from its parent.
pub struct FolderSpec {
    /// Full path.
    pub path: &'static str,
    /// Its descriptor, `{TI}` standing for TrustedInstaller's SID.
    pub sddl: Option<&'static str>,
}

/// Folders, parents first. Approximations of a clean Server 2019 install (not captured;
/// close to what `icacls` shows on current builds) except MachineKeys, which is the
/// measured default (DESIGN.md "Judging a remediation script", windows-facts §12).
/// There is deliberately no `C:\temp`: the article's `> c:\temp\...` must fail.
pub const FOLDERS: &[FolderSpec] = &[
    // C:\ (approximation): SYSTEM and Administrators full, Users read, Authenticated Users
    // modify on children and create folders here.
    FolderSpec {
        path: "C:\\",
        sddl: Some(
            "O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)(A;OICIIO;0x1301bf;;;AU)(A;;0x4;;;AU)",
        ),
    },
    // C:\Windows and System32 (approximation of the TrustedInstaller-owned layout).
    FolderSpec {
        path: "C:\\Windows",
        sddl: Some(
            "O:{TI}G:{TI}D:PAI(A;;FA;;;{TI})(A;CIIO;0x10000000;;;{TI})(A;;0x1301bf;;;SY)(A;OICIIO;0x10000000;;;SY)(A;;0x1301bf;;;BA)(A;OICIIO;0x10000000;;;BA)(A;;0x1200a9;;;BU)(A;OICIIO;0xa0000000;;;BU)(A;OICIIO;0x10000000;;;CO)",
        ),
    },
    FolderSpec {
        path: "C:\\Windows\\System32",
        sddl: Some(
            "O:{TI}G:{TI}D:PAI(A;;FA;;;{TI})(A;CIIO;0x10000000;;;{TI})(A;;0x1301bf;;;SY)(A;OICIIO;0x10000000;;;SY)(A;;0x1301bf;;;BA)(A;OICIIO;0x10000000;;;BA)(A;;0x1200a9;;;BU)(A;OICIIO;0xa0000000;;;BU)(A;OICIIO;0x10000000;;;CO)",
        ),
    },
    FolderSpec {
        path: "C:\\Windows\\System32\\drivers",
        sddl: None,
    },
    // C:\ProgramData (approximation): SYSTEM/Administrators full, Users read and create.
    FolderSpec {
        path: "C:\\ProgramData",
        sddl: Some(
            "O:SYG:SYD:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICIIO;0x10000000;;;CO)(A;OICI;0x1200a9;;;BU)(A;CI;0x100116;;;BU)",
        ),
    },
    FolderSpec {
        path: "C:\\ProgramData\\Microsoft",
        sddl: None,
    },
    FolderSpec {
        path: "C:\\ProgramData\\Microsoft\\Crypto",
        sddl: None,
    },
    FolderSpec {
        path: "C:\\ProgramData\\Microsoft\\Crypto\\RSA",
        sddl: None,
    },
    // Measured on every build (windows-facts §12): Everyone (R,W), Administrators full,
    // protected, nothing inheritable so new key files get only what their creator sets.
    FolderSpec {
        path: crate::certs::keys::MACHINE_KEYS,
        sddl: Some(MACHINE_KEYS_SDDL),
    },
    // C:\Users (approximation).
    FolderSpec {
        path: "C:\\Users",
        sddl: Some(
            "O:SYG:SYD:PAI(A;OICIIO;0x10000000;;;SY)(A;;FA;;;SY)(A;OICIIO;0x10000000;;;BA)(A;;FA;;;BA)(A;;0x1200a9;;;BU)(A;OICIIO;0xa0000000;;;BU)(A;;0x1200a9;;;WD)(A;OICIIO;0xa0000000;;;WD)",
        ),
    },
];

/// A registry key whose descriptor the preset sets (before anything is created below it, so
/// that subkeys inherit it).
pub struct KeySecuritySpec {
    /// Full key path.
    pub path: &'static str,
    /// Its descriptor.
    pub sddl: &'static str,
}

/// Registry descriptors, parents first. Approximations of Windows' defaults: SYSTEM and
/// Administrators full control, Users read, all container-inherited (`KA` = 0xf003f,
/// `KR` = 0x20019). The certificate stores live below `SystemCertificates`, so SYSTEM's
/// full control there is what lets SessionEnv write the `Remote Desktop` store.
pub const KEY_SECURITY: &[KeySecuritySpec] = &[
    KeySecuritySpec {
        path: "HKEY_LOCAL_MACHINE\\SOFTWARE",
        sddl: "O:BAG:SYD:PAI(A;CI;0xf003f;;;SY)(A;CI;0xf003f;;;BA)(A;CI;0x20019;;;BU)(A;CIIO;0x10000000;;;CO)",
    },
    KeySecuritySpec {
        path: "HKEY_LOCAL_MACHINE\\SYSTEM",
        sddl: "O:BAG:SYD:PAI(A;CI;0xf003f;;;SY)(A;CI;0xf003f;;;BA)(A;CI;0x20019;;;BU)(A;CIIO;0x10000000;;;CO)",
    },
    KeySecuritySpec {
        path: "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates",
        sddl: "O:BAG:SYD:PAI(A;CI;0xf003f;;;SY)(A;CI;0xf003f;;;BA)(A;CI;0x20019;;;BU)",
    },
];

/// Empty certificate stores every install has (the `Remote Desktop` store is made by the
/// first certificate added to it).
pub const EMPTY_STORES: &[&str] = &["My", "Root", "CA", "Trust"];

/// A registry value the preset writes.
pub enum Val {
    /// REG_DWORD.
    Dword(u32),
    /// REG_SZ.
    Sz(&'static str),
}

/// `HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server`.
pub const TS_KEY: &str = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server";
/// The RDP listener's key.
pub const RDP_TCP_KEY: &str =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";
/// SCHANNEL's key.
pub const SCHANNEL_KEY: &str =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL";

/// Registry values of the healthy Azure image (windows-facts §8, §11.6). No
/// `SSLCertificateSHA1Hash` (Windows never writes it for its own certificate, §12) and no
/// SCHANNEL protocol subkeys (absent = the OS default).
pub const VALUES: &[(&str, &str, Val)] = &[
    (TS_KEY, "fDenyTSConnections", Val::Dword(0)),
    (RDP_TCP_KEY, "PortNumber", Val::Dword(3389)),
    (RDP_TCP_KEY, "SecurityLayer", Val::Dword(1)),
    (RDP_TCP_KEY, "UserAuthentication", Val::Dword(1)),
    (RDP_TCP_KEY, "MinEncryptionLevel", Val::Dword(2)),
    (RDP_TCP_KEY, "fAllowSecProtocolNegotiation", Val::Dword(1)),
    (RDP_TCP_KEY, "LanAdapter", Val::Dword(0)),
    (SCHANNEL_KEY, "EventLogging", Val::Dword(1)),
];

/// Which services a preset installs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// Every host.
    Always,
    /// Hosts with the `RDS-Connection-Broker` role.
    Broker,
}

/// A service definition. `{p}` in the binary path is ` -p` on builds that split svchost
/// groups (1703 and later), empty before.
pub struct ServiceSpec {
    /// Service name.
    pub name: &'static str,
    /// Display name.
    pub display: &'static str,
    /// Description.
    pub description: &'static str,
    /// Start type.
    pub start: StartType,
    /// Account as `sc qc` shows it.
    pub account: &'static str,
    /// `BINARY_PATH_NAME`.
    pub binary: &'static str,
    /// Dependencies (names, as Windows stores them; compared case-insensitively).
    pub deps: &'static [&'static str],
    /// `svchost`-hosted (TYPE 0x20, or 0x30 once svchost splits), else `own_type`.
    pub svchost: bool,
    /// TYPE when not svchost-hosted (0x10 own process, 0x1 kernel driver).
    pub own_type: u32,
    /// ACCEPTS_SHUTDOWN.
    pub accepts_shutdown: bool,
    /// Which hosts have it.
    pub when: When,
}

/// The services (windows-facts §9, §11.7). Dependencies that the simulator does not model
/// (RpcEptMapper, DcomLaunch, Bowser, MRxSmb20, NSI) are left out so every listed dependency
/// exists.
pub const SERVICES: &[ServiceSpec] = &[
    ServiceSpec {
        name: "RpcSs",
        display: "Remote Procedure Call (RPC)",
        description: "The RPCSS service is the Service Control Manager for COM and DCOM servers.",
        start: StartType::Auto,
        account: "NT AUTHORITY\\NetworkService",
        binary: "C:\\Windows\\system32\\svchost.exe -k rpcss{p}",
        deps: &[],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    },
    ServiceSpec {
        name: "RDPDR",
        display: "Remote Desktop Device Redirector Driver",
        description: "",
        start: StartType::Manual,
        account: "",
        binary: "System32\\drivers\\rdpdr.sys",
        deps: &[],
        svchost: false,
        own_type: 0x1,
        accepts_shutdown: false,
        when: When::Always,
    },
    ServiceSpec {
        name: "LanmanWorkstation",
        display: "Workstation",
        description: "Creates and maintains client network connections to remote servers using the SMB protocol.",
        start: StartType::Auto,
        account: "NT AUTHORITY\\NetworkService",
        binary: "C:\\Windows\\System32\\svchost.exe -k NetworkService{p}",
        deps: &[],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    },
    ServiceSpec {
        name: "CryptSvc",
        display: "Cryptographic Services",
        description: "Provides key management services for this computer.",
        start: StartType::Auto,
        account: "NT Authority\\NetworkService",
        binary: "C:\\Windows\\system32\\svchost.exe -k NetworkService{p}",
        deps: &["RpcSs"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: true,
        when: When::Always,
    },
    ServiceSpec {
        name: "KeyIso",
        display: "CNG Key Isolation",
        description: "The CNG key isolation service is hosted in the LSA process.",
        start: StartType::Manual,
        account: "LocalSystem",
        binary: "C:\\Windows\\system32\\lsass.exe",
        deps: &["RpcSs"],
        svchost: false,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    },
    ServiceSpec {
        name: "TermService",
        display: "Remote Desktop Services",
        description: "Allows users to connect interactively to a remote computer. Remote Desktop and Remote Desktop Session Host Server depend on this service. To prevent remote use of this computer, clear the checkboxes on the Remote tab of the System properties control panel item.",
        start: StartType::Manual,
        account: "NT Authority\\NetworkService",
        binary: "C:\\Windows\\System32\\svchost.exe -k NetworkService",
        deps: &["RPCSS"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: true,
        when: When::Always,
    },
    ServiceSpec {
        name: "SessionEnv",
        display: "Remote Desktop Configuration",
        description: "Remote Desktop Configuration service (RDCS) is responsible for all Remote Desktop Services and Remote Desktop related configuration and session maintenance activities that require SYSTEM context. These include per-session temporary folders, RD themes, and RD certificates.",
        start: StartType::Manual,
        account: "LocalSystem",
        binary: "C:\\Windows\\System32\\svchost.exe -k netsvcs{p}",
        deps: &["RPCSS", "LanmanWorkstation"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Always,
    },
    ServiceSpec {
        name: "UmRdpService",
        display: "Remote Desktop Services UserMode Port Redirector",
        description: "Allows the redirection of Printers/Drives/Ports for RDP connections",
        start: StartType::Manual,
        account: "localSystem",
        binary: "C:\\Windows\\System32\\svchost.exe -k LocalSystemNetworkRestricted{p}",
        deps: &["TermService", "RDPDR"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: true,
        when: When::Always,
    },
    // windows-facts §11.7: the account, start type and dependencies of Tssdis are not
    // confirmed for 2012+; most likely NetworkService, Automatic, depending on RPCSS.
    ServiceSpec {
        name: "Tssdis",
        display: "Remote Desktop Connection Broker",
        description: "Remote Desktop Connection Broker (RD Connection Broker) tracks user sessions in a load-balanced RD Session Host server farm.",
        start: StartType::Auto,
        account: "NT AUTHORITY\\NetworkService",
        binary: "C:\\Windows\\System32\\svchost.exe -k NetworkService{p}",
        deps: &["RPCSS"],
        svchost: true,
        own_type: 0x20,
        accepts_shutdown: false,
        when: When::Broker,
    },
    // windows-facts §9, §11.7: Automatic, its own service account; no dependencies (unconfirmed).
    ServiceSpec {
        name: "MSSQL$MICROSOFT##WID",
        display: "Windows Internal Database",
        description: "Provides storage, processing and controlled access of data, and rapid transaction processing.",
        start: StartType::Auto,
        account: "NT SERVICE\\MSSQL$MICROSOFT##WID",
        binary: "\"C:\\Windows\\WID\\bin\\sqlservr.exe\" -sMICROSOFT##WID",
        deps: &[],
        svchost: false,
        own_type: 0x10,
        accepts_shutdown: true,
        when: When::Broker,
    },
];

/// The binary path of `spec` on `os` (svchost `-p` arrived with build 15063).
pub fn binary_path(spec: &ServiceSpec, os: Os) -> String {
    let p = if os.build() >= 17763 { " -p" } else { "" };
    spec.binary.replace("{p}", p)
}

/// The TYPE code of `spec` on `os`: svchost-hosted services run split (0x30 shown by `sc`
/// as `30  WIN32`) on 1703 and later with enough memory, shared (0x20) before.
pub fn service_type(spec: &ServiceSpec, os: Os) -> u32 {
    match (spec.svchost, os.build() >= 17763) {
        (true, true) => 0x30,
        (true, false) => 0x20,
        (false, _) => spec.own_type,
    }
}
