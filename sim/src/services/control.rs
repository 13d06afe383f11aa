//! Starting and stopping services as the SCM does: who may, in which order, with which
//! errors, and the `Service Control Manager` 7036 event for every state change.

use super::{ServiceState, StartType};
use crate::error::WinError;
use crate::eventlog::NewEvent;
use crate::host::Host;
use crate::principals::{Sid, Token};

/// ERROR_SERVICE_DEPENDENCY_FAIL (1068).
pub const ERROR_SERVICE_DEPENDENCY_FAIL: WinError = WinError(1068);
/// ERROR_CIRCULAR_DEPENDENCY (1059).
pub const ERROR_CIRCULAR_DEPENDENCY: WinError = WinError(1059);
/// ERROR_SERVICE_DEPENDENCY_DELETED (1075).
pub const ERROR_SERVICE_DEPENDENCY_DELETED: WinError = WinError(1075);

/// The rule for SERVICE_START, SERVICE_STOP and SERVICE_CHANGE_CONFIG: the default service
/// DACLs grant them to Administrators and SYSTEM only (interactive users get query rights).
pub fn may_control(token: &Token) -> bool {
    token.is_admin() || token.user == Sid::system()
}

/// The 7036 event: "The %1 service entered the %2 state." (a classic SCM event: qualifiers
/// 16384, keywords Classic).
fn log_state(host: &mut Host, display_name: &str, state: &str) {
    host.log(
        NewEvent::new("System", "Service Control Manager", 7036)
            .qualifiers(16384)
            .keywords(0x8080_0000_0000_0000)
            .data("param1", display_name)
            .data("param2", state),
    );
}

/// Why a start failed: refused by the SCM before the service ran, or failed while starting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartFailure {
    /// StartService itself failed (no such service, access, disabled, dependencies, running).
    Refused(WinError),
    /// The service ran and stopped again during its start (the behaviour hook failed).
    Failed(WinError),
}

impl StartFailure {
    /// The Win32 error either way.
    pub fn error(self) -> WinError {
        match self {
            StartFailure::Refused(e) | StartFailure::Failed(e) => e,
        }
    }
}

/// See `Host::start_service`: access check on the service, start type, dependencies started
/// first, the behaviours' `on_service_start` hooks, 7036 logged.
///
/// Errors: 1060 no such service, 5 not an administrator or SYSTEM, 1056 already running,
/// 1058 disabled, 1075 a dependency is not installed, 1068 a dependency failed to start,
/// 1059 the dependencies form a cycle; or the hook's own error (the service is then stopped).
pub fn start_service(host: &mut Host, name: &str, token: &Token) -> Result<(), WinError> {
    start_service_detailed(host, name, token).map_err(StartFailure::error)
}

/// `start_service`, telling a refused start from one that failed while the service started
/// (what `sc start` and `net start` print differently).
pub fn start_service_detailed(
    host: &mut Host,
    name: &str,
    token: &Token,
) -> Result<(), StartFailure> {
    let name = host
        .services()
        .require(name)
        .map_err(StartFailure::Refused)?
        .name
        .clone();
    if !may_control(token) {
        return Err(StartFailure::Refused(WinError::ACCESS_DENIED));
    }
    if host.is_running(&name) {
        return Err(StartFailure::Refused(WinError::SERVICE_ALREADY_RUNNING));
    }
    start_with_dependencies(host, &name, &mut Vec::new())
}

fn start_with_dependencies(
    host: &mut Host,
    name: &str,
    chain: &mut Vec<String>,
) -> Result<(), StartFailure> {
    use StartFailure::{Failed, Refused};
    let svc = host.services().require(name).map_err(Refused)?;
    if svc.state == ServiceState::Running {
        return Ok(());
    }
    if svc.start_type == StartType::Disabled {
        return Err(Refused(WinError::SERVICE_DISABLED));
    }
    let name = svc.name.clone();
    let deps = svc.dependencies.clone();
    if chain.iter().any(|c| c.eq_ignore_ascii_case(&name)) {
        return Err(Refused(ERROR_CIRCULAR_DEPENDENCY));
    }
    chain.push(name.clone());
    for dep in &deps {
        if host.services().get(dep).is_none() {
            return Err(Refused(ERROR_SERVICE_DEPENDENCY_DELETED));
        }
        match start_with_dependencies(host, dep, chain) {
            Ok(()) => {}
            Err(Refused(e)) if e == ERROR_CIRCULAR_DEPENDENCY => return Err(Refused(e)),
            Err(_) => return Err(Refused(ERROR_SERVICE_DEPENDENCY_FAIL)),
        }
    }
    chain.pop();
    set_state(host, &name, ServiceState::Running, 0);
    if let Err(e) = host.fire_service_start(&name) {
        // The service stops again with the error as its WIN32_EXIT_CODE.
        set_state(host, &name, ServiceState::Stopped, e.0);
        return Err(Failed(e));
    }
    let display = host
        .services()
        .require(&name)
        .map_err(Refused)?
        .display_name
        .clone();
    log_state(host, &display, "running");
    Ok(())
}

fn set_state(host: &mut Host, name: &str, state: ServiceState, exit_code: u32) {
    if let Some(svc) = host.services_mut().get_mut(name) {
        svc.state = state;
        svc.exit_code = exit_code;
    }
}

/// See `Host::stop_service`.
///
/// Errors: 1060 no such service, 5 not an administrator or SYSTEM, 1062 not running, 1051
/// running dependents without `force`. With `force`, the running dependents stop first,
/// deepest first; the names stopped come back in order (dependents, then the service).
pub fn stop_service(
    host: &mut Host,
    name: &str,
    token: &Token,
    force: bool,
) -> Result<Vec<String>, WinError> {
    let name = host.services().require(name)?.name.clone();
    if !may_control(token) {
        return Err(WinError::ACCESS_DENIED);
    }
    if host.services().require(&name)?.state == ServiceState::Stopped {
        return Err(WinError::SERVICE_NOT_ACTIVE);
    }
    let dependents = host.services().active_dependents(&name);
    if !dependents.is_empty() && !force {
        return Err(WinError::DEPENDENT_SERVICES_RUNNING);
    }
    let mut stopped = Vec::with_capacity(dependents.len() + 1);
    for svc in dependents.into_iter().chain([name]) {
        stop_one(host, &svc);
        stopped.push(svc);
    }
    Ok(stopped)
}

fn stop_one(host: &mut Host, name: &str) {
    set_state(host, name, ServiceState::Stopped, 0);
    host.fire_service_stop(name);
    if let Some(display) = host.services().get(name).map(|s| s.display_name.clone()) {
        log_state(host, &display, "stopped");
    }
}
