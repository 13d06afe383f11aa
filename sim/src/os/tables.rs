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
#[derive(Debug, Clone)]
pub enum Val {
    /// REG_DWORD.
    Dword(u32),
    /// REG_SZ.
    Sz(&'static str),
    /// REG_MULTI_SZ.
    MultiSz(&'static [&'static str]),
    /// REG_BINARY.
    Binary(&'static [u8]),
}

impl Val {
    /// The registry value.
    pub fn to_value(&self) -> crate::registry::RegValue {
        use crate::registry::RegValue;
        match self {
            Val::Dword(d) => RegValue::Dword(*d),
            Val::Sz(s) => RegValue::Sz(s.to_string()),
            Val::MultiSz(items) => RegValue::MultiSz(items.iter().map(|s| s.to_string()).collect()),
            Val::Binary(b) => RegValue::Binary(b.to_vec()),
        }
    }
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
/// SCHANNEL protocol subkeys (absent = the OS default). The rest of the image's values (the
/// full RDP-Tcp set, `Control\Lsa`, `Select`, ...) are in `registry_table`.
pub const VALUES: &[(&str, &str, Val)] = &[
    (TS_KEY, "fDenyTSConnections", Val::Dword(0)),
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

pub use super::service_table::SERVICES;

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
