//! `Host` owns every part of the simulated machine; `HostBuilder` makes one from an OS preset.
//!
//! `fork()` is cheap: the filesystem, registry and service manager are structurally shared
//! maps (`store::SharedMap`) whose first write after a fork copies one small leaf of recent
//! writes; the small parts sit behind `Arc`s and are copied on first write; the event log
//! shares its append-only storage.

use crate::behaviour::Behaviour;
use crate::clock::{Clock, FileTime};
use crate::error::WinError;
use crate::eventlog::{EventLog, NewEvent};
use crate::fs::Fs;
use crate::os::Os;
use crate::principals::{Principals, Sid, Token};
use crate::rdp::RdpState;
use crate::registry::Registry;
use crate::services::{Scm, ServiceState};
use std::sync::Arc;

/// The seed a host is built with unless its builder is given another. The library never reads
/// the environment: the CLI and the test harness read `KBSIM_SEED` and pass it in.
pub const DEFAULT_SEED: u64 = 0x6b62_7369_6d00_0001;

/// A simulated Windows host.
#[derive(Debug, Clone)]
pub struct Host {
    name: String,
    os: Os,
    roles: Vec<String>,
    clock: Clock,
    seed: u64,
    rng: crate::random::Rng,
    principals: Arc<Principals>,
    fs: Fs,
    registry: Registry,
    services: Scm,
    eventlog: EventLog,
    rdp: Arc<RdpState>,
    behaviours: Arc<[Arc<dyn Behaviour>]>,
}

/// How long a reboot takes on the simulated clock, from the shutdown to the log service's
/// start (an Azure VM restarts in well under a minute).
pub const REBOOT_SECS: u64 = 45;

impl Host {
    /// A builder for the default host (Windows Server 2019 RD Session Host, healthy).
    pub fn builder() -> HostBuilder {
        HostBuilder::default()
    }

    /// An independent copy that shares unchanged state with `self`.
    pub fn fork(&self) -> Host {
        self.clone()
    }

    /// Every change from `before` to `self` (registry, certificates, files and folders with
    /// their ACLs and owners, services). Costs what changed: parts `self` still shares with
    /// `before` (a fork's untouched state) are skipped without being visited.
    pub fn diff(&self, before: &Host) -> crate::diff::Diff {
        crate::diff::diff(before, self, crate::store::Walk::Shared)
    }

    /// The SHA-1 of the host's configuration (clock and logs excluded).
    pub fn fingerprint(&self) -> crate::diff::Fingerprint {
        crate::diff::fingerprint(self)
    }

    /// The computer name (`RDS01`).
    pub fn name(&self) -> &str {
        &self.name
    }
    /// Renames the computer (what `Rename-Computer` and a reboot do).
    pub fn set_name(&mut self, name: &str) {
        self.name = name.to_string();
    }
    /// The OS.
    pub fn os(&self) -> Os {
        self.os
    }
    /// Installed roles (`RDS-RD-Server`, `RDS-Connection-Broker`).
    pub fn roles(&self) -> &[String] {
        &self.roles
    }
    /// Mutable roles.
    pub fn roles_mut(&mut self) -> &mut Vec<String> {
        &mut self.roles
    }
    /// True if `role` is installed.
    pub fn has_role(&self, role: &str) -> bool {
        self.roles.iter().any(|r| r.eq_ignore_ascii_case(role))
    }
    /// The simulated now.
    pub fn now(&self) -> FileTime {
        self.clock.now()
    }
    /// The clock.
    pub fn clock_mut(&mut self) -> &mut Clock {
        &mut self.clock
    }
    /// The seed this host was built with.
    pub fn seed(&self) -> u64 {
        self.seed
    }
    /// The host's seeded random stream (ChaCha8; draws derived in `random`).
    pub fn rng(&mut self) -> &mut crate::random::Rng {
        &mut self.rng
    }
    /// Accounts and names.
    pub fn principals(&self) -> &Principals {
        &self.principals
    }
    /// Mutable accounts.
    pub fn principals_mut(&mut self) -> &mut Principals {
        Arc::make_mut(&mut self.principals)
    }
    /// The filesystem.
    pub fn fs(&self) -> &Fs {
        &self.fs
    }
    /// The filesystem, mutable (a write copies only the path to what it changes).
    pub fn fs_mut(&mut self) -> &mut Fs {
        &mut self.fs
    }
    /// The registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }
    /// The registry, mutable (a write copies only the path to what it changes).
    pub fn registry_mut(&mut self) -> &mut Registry {
        &mut self.registry
    }
    /// The service control manager.
    pub fn services(&self) -> &Scm {
        &self.services
    }
    /// The service control manager, mutable (a write copies one service).
    pub fn services_mut(&mut self) -> &mut Scm {
        &mut self.services
    }
    /// The event logs.
    pub fn eventlog(&self) -> &EventLog {
        &self.eventlog
    }
    /// The event logs, mutable.
    pub fn eventlog_mut(&mut self) -> &mut EventLog {
        &mut self.eventlog
    }
    /// The RDP stack's own state (broker database, ...).
    pub fn rdp(&self) -> &RdpState {
        &self.rdp
    }
    /// The RDP stack's state, mutable.
    pub fn rdp_mut(&mut self) -> &mut RdpState {
        Arc::make_mut(&mut self.rdp)
    }

    /// Writes an event stamped with the host's name and clock (unless the event has a time).
    pub fn log(&mut self, event: NewEvent) {
        let now = self.clock.now();
        let name = self.name.clone();
        self.eventlog.write(event, &name, now);
    }

    /// `HKLM\SOFTWARE\Microsoft\Cryptography\MachineGuid`.
    pub fn machine_guid(&self) -> Option<String> {
        match self
            .registry
            .key("HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography")?
            .values
            .get("MACHINEGUID")
        {
            Some((_, crate::registry::RegValue::Sz(s))) => Some(s.clone()),
            _ => None,
        }
    }

    /// The local administrator the commands run as by default (elevated).
    pub fn admin_token(&self) -> Token {
        let sid = self
            .principals
            .resolve(&format!("{}\\{}", self.name, crate::os::ADMIN_USER))
            .unwrap_or_else(Sid::administrators);
        Token::elevated_admin(sid)
    }

    /// The behaviours registered with this host (the RDP stack by default).
    pub fn behaviours(&self) -> &[Arc<dyn Behaviour>] {
        &self.behaviours
    }

    /// Runs every behaviour's `on_service_start` hook; the first error wins.
    pub(crate) fn fire_service_start(&mut self, service: &str) -> Result<(), WinError> {
        let behaviours = Arc::clone(&self.behaviours);
        behaviours
            .iter()
            .try_for_each(|b| b.on_service_start(self, service))
    }

    /// Runs every behaviour's `on_service_stop` hook.
    pub(crate) fn fire_service_stop(&mut self, service: &str) {
        let behaviours = Arc::clone(&self.behaviours);
        behaviours
            .iter()
            .for_each(|b| b.on_service_stop(self, service));
    }

    /// Moves the simulated clock forward.
    pub fn advance(&mut self, by: std::time::Duration) {
        self.clock
            .advance_millis(u64::try_from(by.as_millis()).unwrap_or(u64::MAX));
    }

    /// Restarts the machine, as `shutdown /r` or `Restart-Computer` do:
    /// - shutdown: the event log records 6006, the running services stop (their
    ///   `on_service_stop` hooks run; the SCM logs no 7036 at shutdown);
    /// - `REBOOT_SECS` pass;
    /// - boot: the event log records 6005; the SCM rebuilds its database from
    ///   `HKLM\SYSTEM\CurrentControlSet\Services` (so a `Start`, `ObjectName` or
    ///   `DependOnService` written to the registry takes effect now), starts the Automatic
    ///   services in dependency order as LocalSystem, and then every behaviour's `on_boot`
    ///   hook runs.
    pub fn reboot(&mut self) {
        self.log(log_service_event(6006));
        let running: Vec<String> = self
            .services
            .iter()
            .filter(|s| s.state != ServiceState::Stopped)
            .map(|s| s.name.clone())
            .collect();
        for name in running.iter().rev() {
            if let Some(svc) = self.services.get_mut(name) {
                svc.state = ServiceState::Stopped;
                svc.exit_code = 0;
            }
            self.fire_service_stop(name);
        }
        self.clock.advance_secs(REBOOT_SECS);
        crate::services::reload(&mut self.services, &self.registry);
        self.log(log_service_event(6005));
        let automatic: Vec<String> = self
            .services
            .iter()
            .filter(|s| s.start_type == crate::services::StartType::Auto)
            .map(|s| s.name.clone())
            .collect();
        self.start_at_boot(&automatic);
        let behaviours = Arc::clone(&self.behaviours);
        behaviours.iter().for_each(|b| b.on_boot(self));
    }

    /// Starts, as LocalSystem and in order, each of `names` that is installed and not running
    /// (a dependency started earlier is skipped). A start that fails is the host's business,
    /// as at boot (Windows logs 7000 and goes on).
    pub fn start_at_boot<S: AsRef<str>>(&mut self, names: &[S]) {
        let system = Token::system();
        for name in names.iter().map(AsRef::as_ref) {
            if self.services.get(name).is_some() && !self.is_running(name) {
                let _ = crate::services::start_service(self, name, &system);
            }
        }
    }

    /// An RDP client's attempt to connect (the RDP stack's TLS handshake); failures log the
    /// events Windows logs.
    pub fn rdp_connect(
        &mut self,
        client: crate::rdp::Client,
    ) -> Result<crate::rdp::RdpSession, crate::rdp::ConnectError> {
        crate::rdp::connect(self, client)
    }

    /// Starts a service as the SCM does for `token`: checks access and start type, starts the
    /// services it depends on first, runs the behaviour hooks, logs 7036.
    pub fn start_service(&mut self, name: &str, token: &Token) -> Result<(), WinError> {
        crate::services::start_service(self, name, token)
    }

    /// Stops a service; with running dependents it fails with 1051 unless `force`, which stops
    /// them first (deepest first). Returns the services stopped, in order.
    pub fn stop_service(
        &mut self,
        name: &str,
        token: &Token,
        force: bool,
    ) -> Result<Vec<String>, WinError> {
        crate::services::stop_service(self, name, token, force)
    }

    /// True if the service exists and runs.
    pub fn is_running(&self, name: &str) -> bool {
        self.services
            .get(name)
            .is_some_and(|s| s.state == ServiceState::Running)
    }
}

/// The event log service's own event: 6005 started (boot), 6006 stopped (clean shutdown);
/// classic events with qualifiers 32768 and the Classic keyword (lived-in-host §3.3).
fn log_service_event(id: u16) -> NewEvent {
    NewEvent::new("System", "EventLog", id)
        .qualifiers(32768)
        .keywords(0x0080_0000_0000_0000)
}

/// Builds a host: OS preset, name, time, roles, seed.
#[derive(Debug, Clone)]
pub struct HostBuilder {
    name: String,
    os: Os,
    time: FileTime,
    roles: Vec<String>,
    seed: u64,
    behaviours: Vec<Arc<dyn Behaviour>>,
}

impl Default for HostBuilder {
    fn default() -> Self {
        HostBuilder {
            name: "RDS01".to_string(),
            os: Os::Server2019,
            time: FileTime::parse_rfc3339("2026-11-20T10:00:00Z").expect("constant time"),
            roles: vec!["RDS-RD-Server".to_string()],
            seed: DEFAULT_SEED,
            behaviours: vec![
                Arc::new(crate::behaviour::BootDemandStarts),
                Arc::new(crate::rdp::RdpStack),
            ],
        }
    }
}

impl HostBuilder {
    /// Sets the computer name.
    pub fn name(&mut self, name: &str) -> &mut Self {
        self.name = name.to_string();
        self
    }
    /// Sets the OS preset.
    pub fn os(&mut self, os: Os) -> &mut Self {
        self.os = os;
        self
    }
    /// Sets the clock's now.
    pub fn time(&mut self, time: FileTime) -> &mut Self {
        self.time = time;
        self
    }
    /// Sets the installed roles.
    pub fn roles(&mut self, roles: &[&str]) -> &mut Self {
        self.roles = roles.iter().map(|r| r.to_string()).collect();
        self
    }
    /// Sets the seed (default: `DEFAULT_SEED`).
    pub fn seed(&mut self, seed: u64) -> &mut Self {
        self.seed = seed;
        self
    }
    /// Registers another behaviour (after the default ones: boot's demand starts, the RDP stack).
    pub fn behaviour(&mut self, behaviour: Arc<dyn Behaviour>) -> &mut Self {
        self.behaviours.push(behaviour);
        self
    }
    /// Builds the healthy host of the preset.
    pub fn build(&self) -> Host {
        let mut host = Host {
            name: self.name.clone(),
            os: self.os,
            roles: self.roles.clone(),
            clock: Clock::new(self.time),
            seed: self.seed,
            rng: crate::random::Rng::new(self.seed),
            principals: Arc::new(Principals::default()),
            fs: Fs::new(),
            registry: Registry::new(),
            services: Scm::default(),
            eventlog: EventLog::default(),
            rdp: Arc::new(RdpState::default()),
            behaviours: self.behaviours.clone().into(),
        };
        crate::os::populate(&mut host);
        host
    }
}
