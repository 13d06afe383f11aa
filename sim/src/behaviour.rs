//! Behaviours: models of Windows components that react to what the host does, registered with
//! the host as hooks (as a component registers with the OS), so that the parts they watch
//! know nothing of them: the service control manager fires `on_service_start` and
//! `on_service_stop` without knowing which component listens, and `Host::reboot` fires
//! `on_boot` once the Automatic services run.
//!
//! The Remote Desktop stack (`rdp::RdpStack`) is one; `HostBuilder` registers it by default.

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
