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

/// The values of `svc`'s key, as `CreateService` and `ChangeServiceConfig` write them: the
/// one mirror of a service's configuration in the registry. `None` means the value is
/// removed (no dependencies).
pub fn mirror_values(svc: &Service) -> Vec<(&'static str, Option<RegValue>)> {
    let mut values = vec![
        ("Type", Some(RegValue::Dword(svc.service_type))),
        ("Start", Some(RegValue::Dword(svc.start_type.code()))),
        (
            "ImagePath",
            Some(RegValue::ExpandSz(svc.binary_path.clone())),
        ),
        ("DisplayName", Some(RegValue::Sz(svc.display_name.clone()))),
        (
            "DependOnService",
            (!svc.dependencies.is_empty()).then(|| RegValue::MultiSz(svc.dependencies.clone())),
        ),
    ];
    if !svc.account.is_empty() {
        values.push(("ObjectName", Some(RegValue::Sz(svc.account.clone()))));
    }
    if !svc.description.is_empty() {
        values.push(("Description", Some(RegValue::Sz(svc.description.clone()))));
    }
    values
}

/// Writes `svc`'s key as setup does (no access check), with `ErrorControl` 1 when the key
/// has none.
pub fn write_service_key(reg: &mut Registry, svc: &Service) {
    let key = service_key(&svc.name);
    if reg.value_raw(&key, "ErrorControl").is_none() {
        reg.put_value_raw(&key, "ErrorControl", RegValue::Dword(1));
    }
    for (name, value) in mirror_values(svc) {
        match value {
            Some(v) => reg.put_value_raw(&key, name, v),
            None => {
                reg.remove_value_raw(&key, name);
            }
        }
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
    for path in reg.subkeys(root) {
        let Some(key) = reg.key(&path) else {
            continue;
        };
        // One lookup of the key, then its values by their folded (upper-case) names.
        let value = |folded: &str| key.values.get(folded).map(|(_, v)| v);
        let Some(RegValue::Dword(kind)) = value("TYPE") else {
            continue;
        };
        let name = path.rsplit('\\').next().unwrap_or_default().to_string();
        let mut svc = scm
            .get(&name)
            .cloned()
            .unwrap_or_else(|| Service::new(&name));
        svc.service_type = *kind;
        if let Some(RegValue::Dword(code)) = value("START") {
            if let Some(t) = StartType::from_code(*code) {
                svc.start_type = t;
            }
        }
        if let Some(RegValue::Sz(s)) = value("OBJECTNAME") {
            svc.account.clone_from(s);
        }
        match value("DEPENDONSERVICE") {
            Some(RegValue::MultiSz(deps)) => {
                svc.dependencies = deps.iter().filter(|d| !d.is_empty()).cloned().collect()
            }
            None => svc.dependencies.clear(),
            Some(_) => {}
        }
        if let Some(RegValue::Sz(s)) = value("DISPLAYNAME") {
            svc.display_name.clone_from(s);
        }
        if let Some(RegValue::Sz(s) | RegValue::ExpandSz(s)) = value("IMAGEPATH") {
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
