//! Service operations: who may control the service control manager (`may_control`), and
//! configuration changes with their registry mirror. Start and stop are `Host::start_service`
//! and `Host::stop_service` (dependencies, behaviours, 7036).

use crate::error::WinError;
use crate::host::Host;
use crate::principals::Token;
use crate::services::{ERROR_CIRCULAR_DEPENDENCY, Service, mirror_values, service_key};

pub use crate::services::may_control;

/// Replaces a service's configuration, as `ChangeServiceConfig` does: the caller needs
/// SERVICE_CHANGE_CONFIG (ACCESS_DENIED); the dependencies may not lead back to the service
/// (ERROR_CIRCULAR_DEPENDENCY, 1059); the SCM (LocalSystem) then writes the service's
/// `CurrentControlSet\Services\<name>` key through the key's own access checks, so a Deny
/// for SYSTEM on that key makes the change fail with ACCESS_DENIED and leaves the database
/// as it was.
pub fn change_config(host: &mut Host, token: &Token, changed: Service) -> Result<(), WinError> {
    let current = host.services().require(&changed.name)?.clone();
    if !may_control(token) {
        return Err(WinError::ACCESS_DENIED);
    }
    if host
        .services()
        .depends_on(&changed.dependencies, &current.name)
    {
        return Err(ERROR_CIRCULAR_DEPENDENCY);
    }
    let key = service_key(&current.name);
    if host.registry().key(&key).is_some() {
        write_mirror(host, &key, &changed)?;
    }
    if let Some(s) = host.services_mut().get_mut(&current.name) {
        *s = changed;
    }
    Ok(())
}

/// The values `ChangeServiceConfig` writes (`services::mirror_values`), as LocalSystem,
/// access-checked.
fn write_mirror(host: &mut Host, key: &str, svc: &Service) -> Result<(), WinError> {
    let scm = Token::system();
    let reg = host.registry_mut();
    for (name, value) in mirror_values(svc) {
        match value {
            Some(v) => reg.set_value(key, name, v, &scm)?,
            None => match reg.delete_value(key, name, &scm) {
                Ok(()) | Err(WinError::FILE_NOT_FOUND) => {}
                Err(e) => return Err(e),
            },
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::principals::Sid;
    use crate::registry::RegValue;
    use crate::security::{AccessMask, Ace};
    use crate::services::StartType;

    /// SessionEnv's configuration with its start type set to Disabled.
    fn session_env_disabled(h: &Host) -> Service {
        let mut svc = h
            .services()
            .require("SessionEnv")
            .expect("installed")
            .clone();
        svc.start_type = StartType::Disabled;
        svc
    }

    #[test]
    fn a_change_reaches_the_registry_and_the_database() {
        let mut h = Host::builder().build();
        let admin = h.admin_token();
        let svc = session_env_disabled(&h);
        change_config(&mut h, &admin, svc).expect("an administrator may");
        assert_eq!(
            h.services().require("SessionEnv").map(|s| s.start_type),
            Ok(StartType::Disabled)
        );
        assert_eq!(
            h.registry().value_raw(&service_key("SessionEnv"), "Start"),
            Some(&RegValue::Dword(4))
        );
    }

    #[test]
    fn a_deny_for_system_on_the_service_key_refuses_the_change_and_keeps_the_database() {
        let mut h = Host::builder().build();
        let key = service_key("SessionEnv");
        let mut sd = h.registry().key(&key).expect("key").sd.clone();
        sd.dacl
            .get_or_insert_with(Vec::new)
            .insert(0, Ace::deny(Sid::system(), AccessMask(0x0002)));
        h.registry_mut().set_security_raw(&key, sd);
        let svc = session_env_disabled(&h);
        let admin = h.admin_token();
        assert_eq!(
            change_config(&mut h, &admin, svc),
            Err(WinError::ACCESS_DENIED)
        );
        assert_eq!(
            h.services().require("SessionEnv").map(|s| s.start_type),
            Ok(StartType::Manual)
        );
    }

    #[test]
    fn users_may_not_change_a_service() {
        let mut h = Host::builder().build();
        let svc = h
            .services()
            .require("SessionEnv")
            .expect("installed")
            .clone();
        assert_eq!(
            change_config(&mut h, &Token::for_principal(Sid::users()), svc),
            Err(WinError::ACCESS_DENIED)
        );
    }
}
