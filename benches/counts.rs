//! The host benchmarks' operations, each run a given number of times, for counting
//! instructions under a simulator (`scripts/instructions.sh` runs this under cachegrind).
//! Instruction counts do not change with the machine's load, so they compare two versions of
//! the code on a shared machine where timings drift by tens of percent between runs.
//!
//! `counts CASE N` runs CASE N times after building its hosts; `counts` alone (as
//! `cargo bench` runs it) lists the cases.

use std::hint::black_box;
use winsim::Host;
use winsim::faults::{self, Fault, FaultId};
use winsim::rdp::Client;
use winsim::registry::RegValue;

#[path = "large_host.rs"]
mod large_host;
use large_host::RDP_TCP;

const CASES: [&str; 7] = [
    "fork-write-default",
    "fork-write-large",
    "diff-large",
    "reboot",
    "inject-machinekeys-acl",
    "inject-rsa-key-missing",
    "inject-tls10-disabled",
];

fn write(host: &Host) -> Host {
    let mut h = host.fork();
    h.registry_mut()
        .put_value_raw(RDP_TCP, "SecurityLayer", RegValue::Dword(1));
    h
}

fn inject(host: &Host, id: FaultId) -> bool {
    let mut h = host.fork();
    faults::inject(&mut h, &Fault::new(id));
    h.rdp_connect(Client::Modern).is_ok()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (case, n) = match args.as_slice() {
        [case, n] if CASES.contains(&case.as_str()) => match n.parse::<u32>() {
            Ok(n) => (case.as_str(), n),
            Err(_) => usage(),
        },
        _ => usage(),
    };
    let host = if case.ends_with("large") {
        large_host::build()
    } else {
        Host::builder().build()
    };
    let changed = write(&host);
    for _ in 0..n {
        match case {
            "fork-write-default" | "fork-write-large" => drop(black_box(write(&host))),
            "diff-large" => drop(black_box(changed.diff(&host))),
            "reboot" => {
                let mut h = host.fork();
                h.reboot();
                drop(black_box(h));
            }
            "inject-machinekeys-acl" => _ = black_box(inject(&host, FaultId::MachineKeysAcl)),
            "inject-rsa-key-missing" => _ = black_box(inject(&host, FaultId::RsaKeyMissing)),
            _ => _ = black_box(inject(&host, FaultId::Tls10Disabled)),
        }
    }
}

fn usage() -> ! {
    println!("usage: counts CASE N   (scripts/instructions.sh runs it under cachegrind)");
    println!("cases: {}", CASES.join(", "));
    std::process::exit(0)
}
