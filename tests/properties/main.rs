//! Property tests (proptest), one module per area of the host.

mod eventlog;
mod faults;
mod fork;
mod host_machine;
mod icacls;
mod judge;
mod kb;
mod powershell;
mod regfile;
mod robustness;
mod security;
