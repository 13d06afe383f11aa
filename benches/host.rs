//! Benchmarks of the host as a whole: building the default host and `Host::fork()`.
//! Run: `cargo bench --bench host`.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use criterion::{Criterion, black_box, criterion_group, criterion_main};
use winsim::Host;

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

criterion_group!(benches, fork);
criterion_main!(benches);
