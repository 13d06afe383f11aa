//! The large host and the key written by the storage benchmarks, shared by `host.rs` and
//! `counts.rs`.

use winsim::Host;
use winsim::registry::RegValue;

/// The default host with 20,000 more registry keys (the size of a real `reg export` of a
/// server's SOFTWARE and SYSTEM hives), each holding two values.
pub fn build() -> Host {
    let mut h = Host::builder().build();
    let reg = h.registry_mut();
    for i in 0..20_000u32 {
        let key = format!(
            "HKEY_LOCAL_MACHINE\\SOFTWARE\\Vendor{}\\Product{}\\Component{i}",
            i % 40,
            i % 400
        );
        reg.put_value_raw(&key, "Version", RegValue::Sz(format!("10.0.{i}")));
        reg.put_value_raw(&key, "Flags", RegValue::Dword(i));
    }
    h
}

/// The key whose value the storage benchmarks set after a fork.
pub const RDP_TCP: &str =
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp";
