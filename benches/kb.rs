//! Benchmarks of the knowledge base: the round trip of DESIGN.md "Performance" (fork the
//! default host, inject one fault, connect, diagnose, remediate through the scripts, verify),
//! for a fault whose remedy makes no new certificate and for one whose remedy does, and a
//! diagnosis of a healthy host. Run: `cargo bench --bench kb`.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use kbsim::kb::{self, Options};
use std::hint::black_box;
use winsim::faults::{self, Fault, FaultId};
use winsim::{Client, Host};

fn round_trip(base: &Host, fault: FaultId) -> bool {
    let article = kb::builtin();
    let mut host = base.fork();
    let f = Fault::new(fault);
    faults::inject(&mut host, &f);
    let client = faults::client_for(host.os(), &f);
    let connects_before = host.rdp_connect(client).is_ok();
    let opts = Options {
        client,
        ..Options::default()
    };
    let d = kb::diagnose::diagnose(article, &host, &opts);
    let report = kb::remediate::remediate(article, &mut host, &d, &opts);
    let connects_after = host.rdp_connect(client).is_ok();
    assert!(!connects_before && connects_after && report.healthy());
    connects_after
}

fn kb(c: &mut Criterion) {
    let base = Host::builder().build();
    let mut g = c.benchmark_group("kb");
    g.bench_function(
        "round trip, no new certificate (machinekeys-deny-ace)",
        |b| b.iter(|| black_box(round_trip(&base, FaultId::MachineKeysDenyAce))),
    );
    g.bench_function(
        "round trip, no new certificate (ssl-thumbprint-mismatch)",
        |b| b.iter(|| black_box(round_trip(&base, FaultId::SslThumbprintMismatch))),
    );
    g.bench_function("round trip, new certificate (rsa-key-missing)", |b| {
        b.iter(|| black_box(round_trip(&base, FaultId::RsaKeyMissing)))
    });
    g.bench_function("diagnose the healthy default host", |b| {
        b.iter(|| {
            black_box(kb::diagnose::diagnose(
                kb::builtin(),
                &base,
                &Options {
                    client: Client::Modern,
                    ..Options::default()
                },
            ))
        })
    });
    g.bench_function("parts: fork and connect", |b| {
        b.iter(|| {
            let mut h = base.fork();
            black_box(h.rdp_connect(Client::Modern).is_ok())
        })
    });
    g.bench_function("parts: one event query", |b| {
        b.iter(|| {
            black_box(
                base.eventlog()
                    .query(
                        "System",
                        "*[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]",
                        base.now(),
                    )
                    .map(|v| v.len()),
            )
        })
    });
    g.bench_function("parts: reg query", |b| {
        b.iter(|| {
            let mut h = base.fork();
            let mut p = winsim::Process::new(h.admin_token());
            black_box(winsim::run_line(&mut h, &mut p, r#"reg query "HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server""#).code)
        })
    });
    g.bench_function("parts: inject machinekeys-deny-ace", |b| {
        b.iter(|| {
            let mut h = base.fork();
            faults::inject(&mut h, &Fault::new(FaultId::MachineKeysDenyAce));
            black_box(h)
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = kb
}
criterion_main!(benches);
