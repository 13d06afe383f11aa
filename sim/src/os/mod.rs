//! OS presets (2008 R2, 2012 R2, 2016, 2019, 2022) and the default healthy RD Session Host:
//! MachineKeys and its ACLs, MachineGuid, the listener certificate and key, RDP-Tcp values,
//! SCHANNEL defaults, services.
//!
//! - `mod.rs`            the presets, their capabilities (`rdp_tls_versions`) and `populate`.
//! - `tables.rs`         the data: folders and descriptors, registry values, service specs.
//! - `service_table.rs`  the services of an RD Session Host on Azure.
//! - `registry_table.rs` `Control\Lsa`, `Select` and `ControlSet001`, the full RDP-Tcp set,
//!   the top-level `Terminal Server` values, SCHANNEL's subkeys.
//! - `background.rs`     the weeks of event-log background a lived-in host carries.

pub mod background;
pub mod registry_table;
mod service_table;
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
/// MachineGuid, the listener key and certificate, services (in the state a boot leaves them),
/// `ControlSet001`, and the weeks of event-log background a running server has
/// (`background`): a healthy host is lived in, but nothing in its last 24 hours is evidence.
pub fn populate(host: &mut Host) {
    add_principals(host);
    add_folders(host);
    add_registry(host);
    let guid = machine_guid(host);
    host.registry_mut()
        .put_value_raw(CRYPTOGRAPHY_KEY, "MachineGuid", RegValue::Sz(guid));
    let cert = add_listener_certificate(host);
    add_transport_key(host);
    add_services(host);
    if host.has_role(BROKER_ROLE) {
        let name = host.name().to_string();
        host.rdp_mut().broker_recorded_name = Some(name);
    }
    mirror_control_set(host);
    background::add_background(host, Some(cert));
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
        reg.put_value_raw(key, name, val.to_value());
    }
    add_image_keys(reg, os);
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

/// The keys scripts for the article's faults read (`registry_table`): `Select`, `Lsa`, the
/// `Terminal Server` values, the full RDP-Tcp set of `os`, SCHANNEL's subkeys.
fn add_image_keys(reg: &mut crate::registry::Registry, os: Os) {
    use registry_table as t;
    let put_all = |reg: &mut crate::registry::Registry, key: &str, values: &[(&str, Val)]| {
        let k = reg.put_key_raw(key);
        for (name, val) in values {
            k.values
                .set(crate::registry::fold(name), name, val.to_value());
        }
    };
    put_all(reg, t::SELECT_KEY, t::SELECT);
    put_all(reg, t::LSA_KEY, t::LSA);
    for sub in t::LSA_SUBKEYS {
        reg.put_key_raw(&format!("{}\\{sub}", t::LSA_KEY));
    }
    reg.put_value_raw(t::FIPS_KEY, "Enabled", RegValue::Dword(0));
    put_all(reg, tables::TS_KEY, t::TERMINAL_SERVER);
    put_all(
        reg,
        &format!("{}\\WinStations", tables::TS_KEY),
        t::WINSTATIONS,
    );
    for (key, name, val) in t::RDPWD {
        reg.put_value_raw(key, name, val.to_value());
    }
    let rdp: Vec<(&str, Val)> = t::rdp_tcp_values(os).collect();
    put_all(reg, tables::RDP_TCP_KEY, &rdp);
    for sub in t::SCHANNEL_SUBKEYS {
        reg.put_key_raw(&format!("{}\\{sub}", tables::SCHANNEL_KEY));
    }
    for (key, name, val) in t::schannel_protocols(os) {
        reg.put_value_raw(key, name, val.to_value());
    }
}

/// Copies every key of `CurrentControlSet` to `ControlSet001` (see `registry_table`: the
/// model cannot link the two, so the copy is a snapshot of the built host).
fn mirror_control_set(host: &mut Host) {
    use registry_table::{CONTROL_SET_001, CURRENT_CONTROL_SET};
    let prefix = format!("{CURRENT_CONTROL_SET}\\").to_ascii_uppercase();
    let keys: Vec<(String, crate::registry::RegKey)> = host
        .registry()
        .iter()
        .filter(|k| k.path.to_ascii_uppercase().starts_with(&prefix))
        .map(|k| {
            let rest = &k.path[CURRENT_CONTROL_SET.len()..];
            (format!("{CONTROL_SET_001}{rest}"), k.clone())
        })
        .collect();
    let reg = host.registry_mut();
    for (path, key) in keys {
        let copy = reg.put_key_raw(&path);
        copy.values = key.values;
        copy.sd = key.sd;
    }
}

/// A random version-4 GUID in MachineGuid's form: lower case, no braces.
fn machine_guid(host: &mut Host) -> String {
    let mut b: [u8; 16] = host.rng().bytes();
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    guid_text(&b)
}

/// The listener's key container and its self-signed certificate in `Remote Desktop`,
/// issued some days before now (as if the host had been running a while); returns when it
/// was made and its subject (the RCM 1056 of the background).
fn add_listener_certificate(host: &mut Host) -> background::CertCreated {
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
    background::CertCreated {
        at: not_before,
        subject: cert.subject.clone(),
    }
}

/// The Azure Guest Agent's transport key: a second machine key, as every Azure VM holds
/// (lived-in-host §4.4: the agent fetches its certificates with it). Created by SYSTEM through
/// CryptoAPI, so only SYSTEM and Administrators may open it (KB 278381's default for a key
/// file). Its container name is a GUID derived from MachineGuid, so the seed's stream is
/// untouched; its certificate is not modelled.
fn add_transport_key(host: &mut Host) {
    let path = transport_key_path(host);
    let container = transport_container(host);
    let bytes = keys::key_file_bytes(&container, keys::pool_key(1));
    host.fs_mut()
        .put_file_raw(&path, bytes, preset_sd(TRANSPORT_KEY_SDDL));
}

/// The transport key's descriptor: owner SYSTEM; SYSTEM and Administrators full.
pub const TRANSPORT_KEY_SDDL: &str = "O:SYG:SYD:P(A;;FA;;;SY)(A;;FA;;;BA)";

/// The transport key container's name: a GUID derived from MachineGuid.
fn transport_container(host: &Host) -> String {
    use sha1::{Digest, Sha1};
    let guid = host.machine_guid().unwrap_or_default();
    let d = Sha1::digest(format!("transport:{guid}").as_bytes());
    guid_text(&d[..16])
}

/// 16 bytes as a GUID's text, in byte order (`dd95f96a-eebd-44b2-860f-b9409d419568`).
fn guid_text(bytes: &[u8]) -> String {
    let h: String = bytes.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// `MachineKeys\<md5 of the transport container>_<MachineGuid>`.
pub fn transport_key_path(host: &Host) -> String {
    let guid = host.machine_guid().unwrap_or_default();
    format!(
        "{}\\{}",
        keys::MACHINE_KEYS,
        keys::container_file_name(&transport_container(host), &guid)
    )
}

/// Installs the services of the preset, in the state a boot leaves them
/// (`running_at_boot`), with their registry keys.
fn add_services(host: &mut Host) {
    let os = host.os();
    let broker = host.has_role(BROKER_ROLE);
    let running = running_at_boot(broker);
    for (spec, run) in SERVICES.iter().zip(running) {
        if spec.when == When::Broker && !broker {
            continue;
        }
        install_service_in(host, spec, os, run);
    }
}

/// For each service of the table, in order: true if a boot of the simulator leaves it
/// running. That is the Automatic services, the demand-start services boot brings up
/// (KeyIso, the RDP stack's) and what those depend on (RDPDR), so `Host::reboot` changes no
/// service of a healthy host.
pub fn running_at_boot(broker: bool) -> Vec<bool> {
    let mut running: Vec<bool> = SERVICES
        .iter()
        .map(|s| {
            (s.when == When::Always || broker)
                && (s.start == crate::services::StartType::Auto
                    || crate::behaviour::BootDemandStarts::SERVICES.contains(&s.name)
                    || crate::rdp::RDP_SERVICES.contains(&s.name))
        })
        .collect();
    // Dependencies of what runs, however deep (the table has no cycles).
    let mut changed = true;
    while changed {
        changed = false;
        for i in 0..SERVICES.len() {
            if !running[i] {
                continue;
            }
            for dep in SERVICES[i].deps {
                if let Some(j) = SERVICES
                    .iter()
                    .position(|s| s.name.eq_ignore_ascii_case(dep))
                    && !running[j]
                    && SERVICES[j].start != crate::services::StartType::Disabled
                {
                    running[j] = true;
                    changed = true;
                }
            }
        }
    }
    running
}

/// Installs one service (running) and writes its `Services\<name>` key.
pub fn install_service(host: &mut Host, spec: &tables::ServiceSpec, os: Os) {
    install_service_in(host, spec, os, true);
}

/// Installs one service, running or stopped (never started: exit code 1077), and writes its
/// `Services\<name>` key.
fn install_service_in(host: &mut Host, spec: &tables::ServiceSpec, os: Os, running: bool) {
    let service = Service {
        name: spec.name.to_string(),
        display_name: spec.display.to_string(),
        description: spec.description.to_string(),
        start_type: spec.start,
        state: if running {
            ServiceState::Running
        } else {
            ServiceState::Stopped
        },
        account: spec.account.to_string(),
        binary_path: tables::binary_path(spec, os),
        dependencies: spec.deps.iter().map(|d| d.to_string()).collect(),
        service_type: tables::service_type(spec, os),
        accepts_shutdown: spec.accepts_shutdown,
        exit_code: if running { 0 } else { 1077 },
    };
    write_new_service_key(host.registry_mut(), &service);
    host.services_mut().install(service);
}

/// `Services\<name>` of a service setup installs: `ErrorControl` 1 and the SCM's mirror
/// values (`services::mirror_values`, the one list of them), written into the key in one
/// visit (what `services::write_service_key` does value by value, for a key that may exist).
fn write_new_service_key(reg: &mut crate::registry::Registry, svc: &Service) {
    let key = reg.put_key_raw(&crate::services::service_key(&svc.name));
    if key.values.get("ERRORCONTROL").is_none() {
        key.values.set(
            "ERRORCONTROL".to_string(),
            "ErrorControl",
            RegValue::Dword(1),
        );
    }
    for (name, value) in crate::services::mirror_values(svc) {
        if let Some(v) = value {
            key.values.set(crate::registry::fold(name), name, v);
        }
    }
}

/// The service definition named `name` (case-insensitive).
pub fn service_spec(name: &str) -> Option<&'static tables::ServiceSpec> {
    SERVICES.iter().find(|s| s.name.eq_ignore_ascii_case(name))
}
