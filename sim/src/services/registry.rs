//! The SCM's database in the registry: each service's `HKLM\SYSTEM\CurrentControlSet\Services\<name>`
//! key (`Type`, `Start`, `ErrorControl`, `ImagePath`, `DisplayName`, `DependOnService`,
//! `ObjectName`), written when a service is installed and read back at boot. Windows' SCM
//! builds its database from these keys when it starts, so a `Start` written with `reg add`
//! takes effect at the next boot, not before (learn.microsoft.com, "Service User Accounts" and
//! the `CurrentControlSet\Services` registry tree reference).

use super::{Scm, Service, ServiceState, StartType};
use crate::registry::{RegValue, Registry};

/// The key of service `name`.
pub fn service_key(name: &str) -> String {
    format!("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\{name}")
}

/// Writes `svc`'s key as setup does (no access check): the one mirror of a service's
/// configuration in the registry.
pub fn write_service_key(reg: &mut Registry, svc: &Service) {
    let key = service_key(&svc.name);
    reg.put_value_raw(&key, "Type", RegValue::Dword(svc.service_type));
    reg.put_value_raw(&key, "Start", RegValue::Dword(svc.start_type.code()));
    if reg.value_raw(&key, "ErrorControl").is_none() {
        reg.put_value_raw(&key, "ErrorControl", RegValue::Dword(1));
    }
    reg.put_value_raw(
        &key,
        "ImagePath",
        RegValue::ExpandSz(svc.binary_path.clone()),
    );
    reg.put_value_raw(&key, "DisplayName", RegValue::Sz(svc.display_name.clone()));
    if svc.dependencies.is_empty() {
        reg.remove_value_raw(&key, "DependOnService");
    } else {
        reg.put_value_raw(
            &key,
            "DependOnService",
            RegValue::MultiSz(svc.dependencies.clone()),
        );
    }
    if !svc.account.is_empty() {
        reg.put_value_raw(&key, "ObjectName", RegValue::Sz(svc.account.clone()));
    }
    if !svc.description.is_empty() {
        reg.put_value_raw(&key, "Description", RegValue::Sz(svc.description.clone()));
    }
}

/// Rebuilds the database from the registry, as the SCM does at boot: every key under
/// `Services` with a `Type` is a service or driver (stopped), with its start type,
/// account, dependencies, display name and image path from the key; a service whose key is
/// gone is gone. Values that are missing or of the wrong type keep what the database had
/// (a new service: demand start, LocalSystem).
pub fn reload(scm: &mut Scm, reg: &Registry) {
    let root = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services";
    let mut seen: Vec<String> = Vec::new();
    for key in reg.subkeys(root) {
        let Some(RegValue::Dword(kind)) = reg.value_raw(&key, "Type") else {
            continue;
        };
        let name = key.rsplit('\\').next().unwrap_or_default().to_string();
        let mut svc = scm.get(&name).cloned().unwrap_or_else(|| Service {
            name: name.clone(),
            display_name: name.clone(),
            description: String::new(),
            start_type: StartType::Manual,
            state: ServiceState::Stopped,
            account: "LocalSystem".to_string(),
            binary_path: String::new(),
            dependencies: Vec::new(),
            service_type: *kind,
            accepts_shutdown: false,
            exit_code: 1077,
        });
        svc.service_type = *kind;
        if let Some(RegValue::Dword(code)) = reg.value_raw(&key, "Start") {
            if let Some(t) = StartType::from_code(*code) {
                svc.start_type = t;
            }
        }
        if let Some(RegValue::Sz(s)) = reg.value_raw(&key, "ObjectName") {
            svc.account.clone_from(s);
        }
        match reg.value_raw(&key, "DependOnService") {
            Some(RegValue::MultiSz(deps)) => {
                svc.dependencies = deps.iter().filter(|d| !d.is_empty()).cloned().collect()
            }
            None => svc.dependencies.clear(),
            Some(_) => {}
        }
        if let Some(RegValue::Sz(s)) = reg.value_raw(&key, "DisplayName") {
            svc.display_name.clone_from(s);
        }
        if let Some(RegValue::Sz(s) | RegValue::ExpandSz(s)) = reg.value_raw(&key, "ImagePath") {
            svc.binary_path.clone_from(s);
        }
        svc.state = ServiceState::Stopped;
        seen.push(svc.name.to_uppercase());
        scm.install(svc);
    }
    let gone: Vec<String> = scm
        .iter()
        .filter(|s| !seen.contains(&s.name.to_uppercase()))
        .map(|s| s.name.clone())
        .collect();
    for name in gone {
        scm.uninstall(&name);
    }
}
