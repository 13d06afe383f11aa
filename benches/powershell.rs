//! Benchmarks of the PowerShell interpreter on the article's certificate-renewal script
//! (DESIGN "Performance": parse and run <= 100 µs, certificate signing excluded). The
//! signing happens when SessionEnv starts again and makes a new certificate; the same work
//! done through the host's API, without PowerShell, is measured too, and the difference is
//! the interpreter's cost. Run: `cargo bench --bench powershell`.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use winsim::principals::Token;
use winsim::shell::ps;
use winsim::{Host, Process};

const RENEWAL: &str = include_str!("../fixtures/scripts/article-renew-certificate.ps1");

fn renewal(c: &mut Criterion) {
    let host = Host::builder().build();
    let admin = host.admin_token();
    c.bench_function("parse the renewal script", |b| {
        b.iter(|| black_box(ps::parse::parse_script(black_box(RENEWAL)).expect("parses")))
    });
    c.bench_function("fork, run the renewal script (with signing)", |b| {
        b.iter(|| {
            let mut h = host.fork();
            let mut p = Process::new(admin.clone());
            let out = ps::run_script(&mut h, &mut p, RENEWAL);
            assert_eq!(out.code, 0);
            black_box(h)
        })
    });
    c.bench_function(
        "fork, the same work through the host's API (with signing)",
        |b| {
            b.iter(|| {
                let mut h = host.fork();
                let system = Token::system();
                let certs =
                    winsim::certs::list(h.registry(), "Remote Desktop", &admin).expect("list");
                let tp = certs[0].thumbprint_hex();
                winsim::certs::remove(h.registry_mut(), "Remote Desktop", &tp, &admin)
                    .expect("remove");
                h.stop_service("SessionEnv", &system, false).expect("stop");
                h.start_service("SessionEnv", &system).expect("start");
                black_box(h)
            })
        },
    );
    c.bench_function(
        "fork, the same work through the host's API without the restart",
        |b| {
            b.iter(|| {
                let mut h = host.fork();
                let system = Token::system();
                let certs =
                    winsim::certs::list(h.registry(), "Remote Desktop", &admin).expect("list");
                let tp = certs[0].thumbprint_hex();
                winsim::certs::remove(h.registry_mut(), "Remote Desktop", &tp, &admin)
                    .expect("remove");
                h.stop_service("SessionEnv", &system, false).expect("stop");
                black_box(h)
            })
        },
    );
    // The script's own steps, minus SessionEnv's start (no new certificate is made).
    let without_start = RENEWAL.replace("Start-Service -Name \"SessionEnv\"", "");
    c.bench_function(
        "fork, run the renewal script without the restart (no signing)",
        |b| {
            b.iter(|| {
                let mut h = host.fork();
                let mut p = Process::new(admin.clone());
                let out = ps::run_script(&mut h, &mut p, &without_start);
                assert_eq!(out.code, 0);
                black_box(h)
            })
        },
    );
}

criterion_group!(benches, renewal);
criterion_main!(benches);
