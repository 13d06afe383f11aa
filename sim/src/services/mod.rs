//! The service control manager: services with start types, accounts, dependencies, states.
//! Starting and stopping with the behaviour hooks lives in `Host` (it needs the whole host).
//!
//! - `mod.rs`     the SCM database: `Service`, `StartType`, `ServiceState`, `Scm`.
//! - `control.rs` `start_service` / `stop_service`: access, start type, dependencies, hooks, 7036.
//! - `registry.rs` the database's mirror in `CurrentControlSet\Services`, and its reload at boot.

mod control;
mod registry;

pub use control::{
    ERROR_CIRCULAR_DEPENDENCY, ERROR_SERVICE_DEPENDENCY_DELETED, ERROR_SERVICE_DEPENDENCY_FAIL,
    StartFailure, may_control, start_service, start_service_detailed, stop_service,
};
pub use registry::{mirror_values, reload, service_key, write_service_key};

use crate::error::WinError;
use crate::store::SharedMap;
use std::sync::Arc;

/// SERVICE_*_START.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartType {
    /// 0 BOOT_START.
    Boot,
    /// 1 SYSTEM_START.
    System,
    /// 2 AUTO_START.
    Auto,
    /// 3 DEMAND_START.
    Manual,
    /// 4 DISABLED.
    Disabled,
}

impl StartType {
    /// The numeric value (`Start` in the registry, `START_TYPE` in `sc qc`).
    pub fn code(self) -> u32 {
        match self {
            StartType::Boot => 0,
            StartType::System => 1,
            StartType::Auto => 2,
            StartType::Manual => 3,
            StartType::Disabled => 4,
        }
    }
    /// The start type of a `Start` value (0..4), if it is one.
    pub fn from_code(code: u32) -> Option<StartType> {
        [
            StartType::Boot,
            StartType::System,
            StartType::Auto,
            StartType::Manual,
            StartType::Disabled,
        ]
        .into_iter()
        .find(|t| t.code() == code)
    }
    /// The name `sc qc` prints (`DEMAND_START`).
    pub fn sc_name(self) -> &'static str {
        match self {
            StartType::Boot => "BOOT_START",
            StartType::System => "SYSTEM_START",
            StartType::Auto => "AUTO_START",
            StartType::Manual => "DEMAND_START",
            StartType::Disabled => "DISABLED",
        }
    }
}

/// SERVICE_STOPPED .. SERVICE_RUNNING.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceState {
    /// 1 STOPPED.
    Stopped,
    /// 2 START_PENDING.
    StartPending,
    /// 3 STOP_PENDING.
    StopPending,
    /// 4 RUNNING.
    Running,
}

impl ServiceState {
    /// The numeric value `sc query` prints.
    pub fn code(self) -> u32 {
        match self {
            ServiceState::Stopped => 1,
            ServiceState::StartPending => 2,
            ServiceState::StopPending => 3,
            ServiceState::Running => 4,
        }
    }
}

/// One installed service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Service {
    /// Service name (`TermService`).
    pub name: String,
    /// Display name (`Remote Desktop Services`).
    pub display_name: String,
    /// Description, as `sc qdescription` prints it.
    pub description: String,
    /// Start type.
    pub start_type: StartType,
    /// Current state.
    pub state: ServiceState,
    /// Account (`NT Authority\NetworkService`, `LocalSystem`).
    pub account: String,
    /// `BINARY_PATH_NAME`.
    pub binary_path: String,
    /// Services this one depends on (names).
    pub dependencies: Vec<String>,
    /// `TYPE` code (0x10 own process, 0x20 share process, 0x30 when split).
    pub service_type: u32,
    /// Accepts SERVICE_CONTROL_SHUTDOWN (`ACCEPTS_SHUTDOWN` vs `IGNORES_SHUTDOWN` in `sc query`).
    pub accepts_shutdown: bool,
    /// WIN32_EXIT_CODE of the last stop (1077 for never started).
    pub exit_code: u32,
}

impl Service {
    /// A service as `CreateService` makes it with only a name: demand start, stopped, never
    /// started (exit code 1077), LocalSystem, its own process.
    pub fn new(name: &str) -> Service {
        Service {
            name: name.to_string(),
            display_name: name.to_string(),
            description: String::new(),
            start_type: StartType::Manual,
            state: ServiceState::Stopped,
            account: "LocalSystem".to_string(),
            binary_path: String::new(),
            dependencies: Vec::new(),
            service_type: 0x10,
            accepts_shutdown: false,
            exit_code: 1077,
        }
    }
}

/// The service control manager's database, in installation order. Structurally shared
/// between forks: a state change copies one service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scm {
    /// Keyed by upper-cased service name.
    services: SharedMap<Service>,
    /// The keys in installation order (what `sc query` and dependents lists follow).
    order: imbl::Vector<Arc<str>>,
}

impl Scm {
    /// Installs (or replaces) a service.
    pub fn install(&mut self, service: Service) {
        let key = service.name.to_uppercase();
        if !self.services.contains(&key) {
            self.order.push_back(Arc::from(key.as_str()));
        }
        self.services.insert(&key, service);
    }
    /// Removes a service.
    pub fn uninstall(&mut self, name: &str) -> Option<Service> {
        let key = name.to_uppercase();
        let removed = self.services.remove(&key)?;
        self.order.retain(|k| k.as_ref() != key);
        Some(removed)
    }
    /// The service named `name` (case-insensitive), or by display name as `net` accepts.
    pub fn get(&self, name: &str) -> Option<&Service> {
        self.services.get(&name.to_uppercase()).or_else(|| {
            self.iter()
                .find(|s| s.display_name.eq_ignore_ascii_case(name))
        })
    }
    /// Mutable access by service name.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut Service> {
        let key = self.get(name)?.name.to_uppercase();
        self.services.get_mut(&key)
    }
    /// Looks a service up or fails with ERROR_SERVICE_DOES_NOT_EXIST.
    pub fn require(&self, name: &str) -> Result<&Service, WinError> {
        self.get(name).ok_or(WinError::SERVICE_DOES_NOT_EXIST)
    }
    /// Services that depend on `name` directly, in installation order.
    pub fn dependents(&self, name: &str) -> Vec<&Service> {
        self.iter()
            .filter(|s| s.dependencies.iter().any(|d| d.eq_ignore_ascii_case(name)))
            .collect()
    }
    /// Dependents (transitively) that are not stopped, deepest first (the order to stop them).
    /// Each service is visited once, so a dependency cycle (which a fixture can describe)
    /// ends the walk instead of recursing forever.
    pub fn active_dependents(&self, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut seen = vec![name.to_ascii_lowercase()];
        self.collect_active_dependents(name, &mut seen, &mut out);
        out
    }
    fn collect_active_dependents(&self, name: &str, seen: &mut Vec<String>, out: &mut Vec<String>) {
        for d in self.dependents(name) {
            let key = d.name.to_ascii_lowercase();
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            self.collect_active_dependents(&d.name, seen, out);
            if d.state != ServiceState::Stopped && !out.contains(&d.name) {
                out.push(d.name.clone());
            }
        }
    }
    /// True if any of `deps`, or what they depend on in turn, is `name`: giving `name` these
    /// dependencies would close a cycle (ERROR_CIRCULAR_DEPENDENCY, 1059).
    pub fn depends_on(&self, deps: &[String], name: &str) -> bool {
        let mut todo: Vec<String> = deps.to_vec();
        let mut seen: Vec<String> = Vec::new();
        while let Some(d) = todo.pop() {
            if d.eq_ignore_ascii_case(name) {
                return true;
            }
            if seen.iter().any(|s| s.eq_ignore_ascii_case(&d)) {
                continue;
            }
            if let Some(svc) = self.services.get(&d.to_uppercase()) {
                todo.extend(svc.dependencies.iter().cloned());
            }
            seen.push(d);
        }
        false
    }

    /// What changed from `before` to `self`, entry by entry in key order; parts the two
    /// share (a fork's untouched subtrees) are skipped without being visited.
    pub(crate) fn changes_since<'a>(
        &'a self,
        before: &'a Self,
        walk: crate::store::Walk,
    ) -> impl Iterator<Item = crate::store::Change<'a, Service>> + 'a {
        self.services.changes_since(&before.services, walk)
    }

    /// Every service.
    pub fn iter(&self) -> impl Iterator<Item = &Service> {
        self.order.iter().filter_map(|k| self.services.get(k))
    }
}

#[cfg(test)]
mod tests;
