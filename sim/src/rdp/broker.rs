//! The RD Connection Broker: Tssdis keeps the farm in the Windows Internal Database, which
//! recorded the broker's host name when the role was installed. After a rename the broker
//! cannot log on to its database (2056) and its clients find it not ready for RPC (1296).
//! Reinstalling the role and WID records the current name again.
//!
//! Features are installed state, not events: `install_feature` / `uninstall_feature` are the
//! host operations behind `Install-WindowsFeature` / `Uninstall-WindowsFeature`.

use super::events;
use crate::error::WinError;
use crate::host::Host;
use crate::os::{self, BROKER_ROLE};

/// The Windows Internal Database feature.
pub const WID_FEATURE: &str = "Windows-Internal-Database";
/// The RD Session Host role service.
pub const SESSION_HOST_ROLE: &str = "RDS-RD-Server";
/// The Connection Broker service.
pub const TSSDIS: &str = "Tssdis";
/// The Windows Internal Database service.
pub const WID_SERVICE: &str = "MSSQL$MICROSOFT##WID";

/// True if the broker's database logs on: WID runs and recorded this host's name.
pub fn database_ok(host: &Host) -> bool {
    host.is_running(WID_SERVICE)
        && host
            .rdp()
            .broker_recorded_name
            .as_deref()
            .is_some_and(|n| n.eq_ignore_ascii_case(host.name()))
}

/// Tssdis started: it logs on to its database; failing, it logs 2056 and its clients 1296.
pub fn on_tssdis_start(host: &mut Host) {
    if !database_ok(host) {
        host.log(events::broker_db_logon_failed());
        host.log(events::broker_rpc_not_ready());
    }
}

/// A connection through the broker: true if the broker serves it; else logs what Windows
/// logs (2056 when the database logon fails, 1296 on the client side) and returns false.
pub fn serve_connection(host: &mut Host) -> bool {
    let running = host.is_running(TSSDIS);
    let db = database_ok(host);
    if running && db {
        return true;
    }
    if running {
        host.log(events::broker_db_logon_failed());
    }
    host.log(events::broker_rpc_not_ready());
    false
}

/// True if the feature is installed (`RDS-*` roles from the host's role list, WID from its
/// service).
pub fn feature_installed(host: &Host, name: &str) -> bool {
    if name.eq_ignore_ascii_case(WID_FEATURE) {
        host.services().get(WID_SERVICE).is_some()
    } else {
        host.has_role(name)
    }
}

fn known(name: &str) -> Result<&'static str, WinError> {
    [BROKER_ROLE, WID_FEATURE, SESSION_HOST_ROLE]
        .into_iter()
        .find(|f| f.eq_ignore_ascii_case(name))
        .ok_or(WinError::INVALID_PARAMETER)
}

/// `Install-WindowsFeature <name>`: installs and starts what the feature brings (the broker
/// pulls in WID). A broker installed on an empty database records the current host name.
/// Returns whether anything changed; an unknown name is ERROR_INVALID_PARAMETER.
pub fn install_feature(host: &mut Host, name: &str) -> Result<bool, WinError> {
    let feature = known(name)?;
    if feature_installed(host, feature) {
        return Ok(false);
    }
    if feature == BROKER_ROLE && !feature_installed(host, WID_FEATURE) {
        install_feature(host, WID_FEATURE)?;
    }
    if feature == WID_FEATURE {
        install_services(host, &[WID_SERVICE]);
        return Ok(true);
    }
    host.roles_mut().push(feature.to_string());
    if feature == BROKER_ROLE {
        if host.rdp().broker_recorded_name.is_none() {
            let name = host.name().to_string();
            host.rdp_mut().broker_recorded_name = Some(name);
        }
        install_services(host, &[TSSDIS]);
        on_tssdis_start(host);
    }
    Ok(true)
}

/// `Uninstall-WindowsFeature <name>`: removes the feature and its services. The broker's
/// database goes with either the broker or WID (removing WID removes the broker that needs
/// it). Returns whether anything changed.
pub fn uninstall_feature(host: &mut Host, name: &str) -> Result<bool, WinError> {
    let feature = known(name)?;
    if !feature_installed(host, feature) {
        return Ok(false);
    }
    if feature == WID_FEATURE {
        uninstall_feature(host, BROKER_ROLE)?;
        remove_service(host, WID_SERVICE);
        host.rdp_mut().broker_recorded_name = None;
        return Ok(true);
    }
    host.roles_mut()
        .retain(|r| !r.eq_ignore_ascii_case(feature));
    if feature == BROKER_ROLE {
        remove_service(host, TSSDIS);
        host.rdp_mut().broker_recorded_name = None;
    }
    Ok(true)
}

fn install_services(host: &mut Host, names: &[&str]) {
    let target = host.os();
    for n in names {
        if let Some(spec) = os::service_spec(n) {
            os::install_service(host, spec, target);
        }
    }
}

fn remove_service(host: &mut Host, name: &str) {
    host.services_mut().uninstall(name);
    let key = format!("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\{name}");
    host.registry_mut().remove_key_raw(&key);
}
