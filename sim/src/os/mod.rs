//! OS presets (2008 R2, 2012 R2, 2016, 2019, 2022) and the default healthy RD Session Host:
//! MachineKeys and its ACLs, MachineGuid, the listener certificate and key, RDP-Tcp values,
//! SCHANNEL defaults, services.
//!
//! - `mod.rs`    the presets, their capabilities (`rdp_tls_versions`) and `populate`.
//! - `tables.rs` the data: folders and descriptors, registry values, services.

pub mod tables;
#[cfg(test)]
mod tests;

use crate::certs::keys;
use crate::host::Host;
use crate::principals::Sid;
use crate::registry::RegValue;
use crate::security::{SecurityDescriptor, inherited_acl, parse_sddl};
use crate::services::{Service, ServiceState};
use tables::{FOLDERS, KEY_SECURITY, SERVICES, VALUES, Val, When};

/// The local administrator account name on Azure images in this simulator.
pub const ADMIN_USER: &str = "azureuser";

/// The OS presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Os {
    /// Windows Server 2008 R2 (build 7601): RDP speaks only TLS 1.0 until KB3080079.
    Server2008R2,
    /// Windows Server 2012 R2 (9600).
    Server2012R2,
    /// Windows Server 2016 (14393).
    Server2016,
    /// Windows Server 2019 (17763).
    Server2019,
    /// Windows Server 2022 (20348).
    Server2022,
}

impl Os {
    /// Every preset.
    pub const ALL: [Os; 5] = [
        Os::Server2008R2,
        Os::Server2012R2,
        Os::Server2016,
        Os::Server2019,
        Os::Server2022,
    ];

    /// The build number.
    pub fn build(self) -> u32 {
        match self {
            Os::Server2008R2 => 7601,
            Os::Server2012R2 => 9600,
            Os::Server2016 => 14393,
            Os::Server2019 => 17763,
            Os::Server2022 => 20348,
        }
    }
    /// `Windows Server 2019`.
    pub fn display_name(self) -> &'static str {
        match self {
            Os::Server2008R2 => "Windows Server 2008 R2",
            Os::Server2012R2 => "Windows Server 2012 R2",
            Os::Server2016 => "Windows Server 2016",
            Os::Server2019 => "Windows Server 2019",
            Os::Server2022 => "Windows Server 2022",
        }
    }
    /// The `--os` short name (`2019`, `2008r2`).
    pub fn short_name(self) -> &'static str {
        match self {
            Os::Server2008R2 => "2008r2",
            Os::Server2012R2 => "2012r2",
            Os::Server2016 => "2016",
            Os::Server2019 => "2019",
            Os::Server2022 => "2022",
        }
    }
    /// Parses `2019`, `2008r2`, `Windows Server 2012 R2` (case- and space-insensitive).
    pub fn parse(s: &str) -> Option<Os> {
        let n: String = s
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        let n = n.strip_prefix("windowsserver").unwrap_or(&n);
        Os::ALL.into_iter().find(|o| o.short_name() == n)
    }
}

/// A TLS protocol version as SCHANNEL names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TlsVersion {
    /// TLS 1.0.
    Tls10,
    /// TLS 1.1.
    Tls11,
    /// TLS 1.2.
    Tls12,
}

impl TlsVersion {
    /// Every version, newest first (the order a server prefers them).
    pub const ALL: [TlsVersion; 3] = [TlsVersion::Tls12, TlsVersion::Tls11, TlsVersion::Tls10];

    /// `TLS 1.2`: the name used in `SCHANNEL\Protocols\<name>` and shown to users.
    pub fn name(self) -> &'static str {
        match self {
            TlsVersion::Tls10 => "TLS 1.0",
            TlsVersion::Tls11 => "TLS 1.1",
            TlsVersion::Tls12 => "TLS 1.2",
        }
    }
}

/// The TLS versions the RDP stack of `os` can use, newest first. Server 2008 R2 without
/// KB3080079 speaks only TLS 1.0; 2012 and later support 1.1 and 1.2 out of the box
/// (windows-facts §11.2, KB 3097192).
pub fn rdp_tls_versions(os: Os) -> &'static [TlsVersion] {
    match os {
        Os::Server2008R2 => &[TlsVersion::Tls10],
        _ => &TlsVersion::ALL,
    }
}

/// Parses a constant descriptor of the preset tables (`{TI}` = TrustedInstaller's SID).
/// A malformed constant is a bug in this crate, hence the panic.
pub fn preset_sd(sddl: &str) -> SecurityDescriptor {
    let text = sddl.replace("{TI}", tables::TRUSTED_INSTALLER);
    parse_sddl(&text).unwrap_or_else(|e| panic!("preset SDDL {sddl}: {e}"))
}

/// The listener key container's descriptor on `os`, as measured on healthy images
/// (windows-facts §12): owner SYSTEM; SYSTEM full, NETWORK SERVICE read, and
/// BUILTIN\Administrators read (builds up to 14393) or `NT SERVICE\SessionEnv` full (17763+).
pub fn listener_key_sddl(os: Os) -> String {
    let third = if os.build() >= 17763 {
        format!("(A;;FA;;;{})", Sid::service("SessionEnv"))
    } else {
        "(A;;0x120089;;;BA)".to_string()
    };
    format!("O:SYG:SYD:PAI(A;;FA;;;SY)(A;;0x120089;;;NS){third}")
}

/// The listener key container's descriptor (see `listener_key_sddl`).
pub fn listener_key_sd(os: Os) -> SecurityDescriptor {
    preset_sd(&listener_key_sddl(os))
}

/// `C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace..._<MachineGuid>`.
pub fn listener_key_path(machine_guid: &str) -> String {
    format!(
        "{}\\{}",
        keys::MACHINE_KEYS,
        keys::container_file_name(keys::RDP_CONTAINER, machine_guid)
    )
}

/// `HKLM\SOFTWARE\Microsoft\Cryptography`.
pub const CRYPTOGRAPHY_KEY: &str = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography";

/// Fills a fresh host with the preset's healthy state: accounts, folders, registry,
/// MachineGuid, the listener key and certificate, services (all running). Logs nothing: a
/// healthy host starts with a clean log.
pub fn populate(host: &mut Host) {
    add_principals(host);
    add_folders(host);
    add_registry(host);
    let guid = machine_guid(host);
    host.registry_mut()
        .put_value_raw(CRYPTOGRAPHY_KEY, "MachineGuid", RegValue::Sz(guid));
    add_listener_certificate(host);
    add_services(host);
    if host.has_role(BROKER_ROLE) {
        let name = host.name().to_string();
        host.rdp_mut().broker_recorded_name = Some(name);
    }
}

/// The Connection Broker role.
pub const BROKER_ROLE: &str = "RDS-Connection-Broker";

/// The local administrator (`<NAME>\azureuser`, RID 500 of a machine domain drawn from the
/// seed) and the service names that must render as `NT SERVICE\<name>`.
fn add_principals(host: &mut Host) {
    let rng = host.rng();
    let domain: [u32; 3] = [rng.next_u32(), rng.next_u32(), rng.next_u32()];
    let sid = Sid::new(5, &[21, domain[0], domain[1], domain[2], 500]);
    let full = format!("{}\\{}", host.name(), ADMIN_USER);
    let principals = host.principals_mut();
    principals.add_local(sid, full);
    principals.add_service("TrustedInstaller");
    for s in SERVICES {
        principals.add_service(s.name);
    }
}

fn add_folders(host: &mut Host) {
    for f in FOLDERS {
        let sd = match f.sddl {
            Some(sddl) => preset_sd(sddl),
            None => inheriting_dir_sd(host, f.path),
        };
        match host.fs_mut().node_mut_raw(f.path) {
            Some(node) => node.sd = sd,
            None => host.fs_mut().put_dir_raw(f.path, sd),
        }
    }
}

/// A folder with no explicit ACEs: owner Administrators, the parent's inheritable ACEs.
fn inheriting_dir_sd(host: &Host, path: &str) -> SecurityDescriptor {
    let parent = match path.rsplit_once('\\') {
        Some((p, _)) if !p.ends_with(':') => p.to_string(),
        Some((p, _)) => format!("{p}\\"),
        None => "C:\\".to_string(),
    };
    let owner = Sid::administrators();
    let dacl = host
        .fs()
        .node(&parent)
        .map(|n| inherited_acl(&n.sd, true, &owner))
        .unwrap_or_default();
    SecurityDescriptor {
        owner: Some(owner),
        group: Some(Sid::system()),
        dacl: Some(dacl),
        protected: false,
        auto_inherited: true,
    }
}

fn add_registry(host: &mut Host) {
    let os = host.os();
    let reg = host.registry_mut();
    for k in KEY_SECURITY {
        reg.put_key_raw(k.path);
        reg.set_security_raw(k.path, preset_sd(k.sddl));
    }
    for store in tables::EMPTY_STORES {
        reg.put_key_raw(&format!("{}\\Certificates", crate::certs::store_key(store)));
    }
    for (key, name, val) in VALUES {
        let v = match val {
            Val::Dword(d) => RegValue::Dword(*d),
            Val::Sz(s) => RegValue::Sz(s.to_string()),
        };
        reg.put_value_raw(key, name, v);
    }
    reg.put_key_raw(tables::SCHANNEL_KEY);
    let cv = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion";
    reg.put_value_raw(
        cv,
        "ProductName",
        RegValue::Sz(os.display_name().to_string()),
    );
    reg.put_value_raw(cv, "CurrentBuild", RegValue::Sz(os.build().to_string()));
    reg.put_value_raw(
        cv,
        "CurrentBuildNumber",
        RegValue::Sz(os.build().to_string()),
    );
}

/// A random version-4 GUID in MachineGuid's form: lower case, no braces.
fn machine_guid(host: &mut Host) -> String {
    let mut b: [u8; 16] = host.rng().bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// The listener's key container and its self-signed certificate in `Remote Desktop`,
/// issued some days before now (as if the host had been running a while).
fn add_listener_certificate(host: &mut Host) {
    let guid = host.machine_guid().expect("MachineGuid was just written");
    let days_ago = host.rng().between(3, 40);
    let not_before = host.now().add_secs(-days_ago * 86_400);
    let (cert, key_file) = crate::rdp::new_listener_certificate(host, not_before);
    let path = listener_key_path(&guid);
    let sd = listener_key_sd(host.os());
    host.fs_mut().put_file_raw(&path, key_file, sd);
    crate::certs::add(
        host.registry_mut(),
        crate::rdp::RDP_STORE,
        &cert,
        &crate::principals::Token::system(),
    )
    .expect("SYSTEM can write the certificate store of a fresh host");
}

/// Installs the services of the preset, all running, with their registry keys.
fn add_services(host: &mut Host) {
    let os = host.os();
    let broker = host.has_role(BROKER_ROLE);
    for spec in SERVICES {
        if spec.when == When::Broker && !broker {
            continue;
        }
        install_service(host, spec, os);
    }
}

/// Installs one service (running) and writes its `Services\<name>` key.
pub fn install_service(host: &mut Host, spec: &tables::ServiceSpec, os: Os) {
    let service = Service {
        name: spec.name.to_string(),
        display_name: spec.display.to_string(),
        description: spec.description.to_string(),
        start_type: spec.start,
        state: ServiceState::Running,
        account: spec.account.to_string(),
        binary_path: tables::binary_path(spec, os),
        dependencies: spec.deps.iter().map(|d| d.to_string()).collect(),
        service_type: tables::service_type(spec, os),
        accepts_shutdown: spec.accepts_shutdown,
        exit_code: 0,
    };
    crate::services::write_service_key(host.registry_mut(), &service);
    host.services_mut().install(service);
}

/// The service definition named `name` (case-insensitive).
pub fn service_spec(name: &str) -> Option<&'static tables::ServiceSpec> {
    SERVICES.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}
