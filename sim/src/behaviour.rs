//! Behaviours: models of Windows components that react to what the host does, registered with
//! the host as hooks (as a component registers with the OS), so that the parts they watch
//! know nothing of them: the service control manager fires `on_service_start` and
//! `on_service_stop` without knowing which component listens, and `Host::reboot` fires
//! `on_boot` once the Automatic services run.
//!
//! `HostBuilder` registers two by default: the Remote Desktop stack (`rdp::RdpStack`) and
//! `BootDemandStarts`, the demand-start services Windows itself brings up during boot.

use crate::error::WinError;
use crate::host::Host;
use std::fmt::Debug;

/// A model of a Windows component, called at the moments it reacts to. Every hook has a
/// default that does nothing.
pub trait Behaviour: Debug + Send + Sync {
    /// A short name (`Remote Desktop Services`), for diagnostics.
    fn name(&self) -> &'static str;

    /// `service` has just entered the running state. An error makes the start fail: the
    /// service stops again with the error as its exit code.
    fn on_service_start(&self, _host: &mut Host, _service: &str) -> Result<(), WinError> {
        Ok(())
    }

    /// `service` has just stopped.
    fn on_service_stop(&self, _host: &mut Host, _service: &str) {}

    /// The host has booted: the SCM has rebuilt its database from the registry and started
    /// the Automatic services.
    fn on_boot(&self, _host: &mut Host) {}
}

/// The demand-start services that Windows components start during every boot, so that they
/// run on a healthy host although their start type is Manual: KeyIso (CNG Key Isolation) is
/// hosted in lsass and started on demand by its first key operation, which happens during
/// boot (lived-in-host §2: "Running (on demand)").
#[derive(Debug, Clone, Copy, Default)]
pub struct BootDemandStarts;

impl BootDemandStarts {
    /// The services, in the order they come up.
    pub const SERVICES: [&'static str; 1] = ["KeyIso"];
}

impl Behaviour for BootDemandStarts {
    fn name(&self) -> &'static str {
        "Windows boot (demand-start services)"
    }

    fn on_boot(&self, host: &mut Host) {
        host.start_at_boot(&Self::SERVICES);
    }
}
