//! Benchmarks of the host as a whole: building the default host, `Host::fork()`, the first
//! write after a fork on a small and a large registry, `Host::diff`, and a fault's round trip
//! (fork, inject, connect). Run: `cargo bench --bench host`.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use winsim::Host;
use winsim::faults::{self, Fault, FaultId};
use winsim::rdp::Client;
use winsim::registry::RegValue;

#[path = "large_host.rs"]
mod large_host;
use large_host::{RDP_TCP, build as large_host};

fn storage(c: &mut Criterion) {
    let small = Host::builder().build();
    let large = large_host();
    println!(
        "registry keys: default host {}, large host {}",
        small.registry().iter().count(),
        large.registry().iter().count()
    );
    for (name, host) in [("default host", &small), ("20,000-key host", &large)] {
        c.bench_function(
            &format!("fork, then set one existing value ({name})"),
            |b| {
                b.iter(|| {
                    let mut h = host.fork();
                    h.registry_mut()
                        .put_value_raw(RDP_TCP, "SecurityLayer", RegValue::Dword(1));
                    black_box(h)
                })
            },
        );
        let mut changed = host.fork();
        changed
            .registry_mut()
            .put_value_raw(RDP_TCP, "SecurityLayer", RegValue::Dword(1));
        c.bench_function(&format!("diff after one value changed ({name})"), |b| {
            b.iter(|| black_box(changed.diff(host)))
        });
    }
    c.bench_function("fingerprint (default host)", |b| {
        b.iter(|| black_box(small.fingerprint()))
    });
}

fn round_trip(c: &mut Criterion) {
    let host = Host::builder().build();
    for id in [
        FaultId::MachineKeysAcl,
        FaultId::RsaKeyMissing,
        FaultId::Tls10Disabled,
    ] {
        let fault = Fault::new(id);
        c.bench_function(&format!("fork, inject {id}, connect"), |b| {
            b.iter(|| {
                let mut h = host.fork();
                faults::inject(&mut h, &fault);
                black_box(h.rdp_connect(Client::Modern).is_ok())
            })
        });
    }
    c.bench_function("fork, reboot", |b| {
        b.iter(|| {
            let mut h = host.fork();
            h.reboot();
            black_box(h)
        })
    });
}

fn fork(c: &mut Criterion) {
    let host = Host::builder().build();
    c.bench_function("fork the default host", |b| {
        b.iter(|| black_box(host.fork()))
    });
    c.bench_function("fork and write one registry value", |b| {
        b.iter(|| {
            let mut h = host.fork();
            h.registry_mut().put_value_raw(
                "HKEY_LOCAL_MACHINE\\SOFTWARE\\Bench",
                "Value",
                winsim::registry::RegValue::Dword(1),
            );
            black_box(h)
        })
    });
    c.bench_function("build the default host", |b| {
        b.iter(|| black_box(Host::builder().build()))
    });
}

criterion_group!(benches, fork, storage, round_trip);
criterion_main!(benches);
