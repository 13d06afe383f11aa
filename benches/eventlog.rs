//! Event-log figures of DESIGN.md "Performance": the article's query over a 1,000,000-event
//! System log, full-scan rate, fork with 1,000,000 events, bytes per stored event, real EVTX
//! import against the `evtx` crate's own iteration over the same file, and the EVTX writer.
//!
//! Run: `cargo bench --bench eventlog` (figures printed; BENCHMARKS.md "Event log").

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::path::PathBuf;
use std::time::Duration;
use winsim::Host;
use winsim::WinError;
use winsim::clock::FileTime;
use winsim::eventlog::{EventLog, NewEvent, QueryOptions, evtx_crate_records};
use winsim::rdp::events;

const N: usize = 1_000_000;
const ARTICLE: &str = "Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]";

const SERVICES: &[&str] = &[
    "Remote Desktop Services",
    "Remote Desktop Configuration",
    "Remote Desktop Services UserMode Port Redirector",
    "Windows Update",
    "Background Intelligent Transfer Service",
    "Windows Modules Installer",
    "Microsoft Defender Antivirus Service",
    "WinHTTP Web Proxy Auto-Discovery Service",
    "Network Setup Service",
    "Device Setup Manager",
];

fn now() -> FileTime {
    FileTime::parse_rfc3339("2026-11-20T10:00:00Z").expect("constant")
}

/// `n` System events over 30 days, oldest first: mostly service state changes, with
/// Schannel, RemoteConnectionManager and start-type events mixed in (1 in 1000 is a 36870).
fn big_log(n: usize) -> EventLog {
    let mut log = EventLog::default();
    let start = now().add_secs(-30 * 86_400);
    let step = 30 * 86_400 * FileTime::TICKS_PER_SEC / n as u64;
    for i in 0..n {
        let t = FileTime(start.0 + i as u64 * step);
        let e = match i % 1000 {
            7 => events::private_key_failed(),
            8 => events::cert_failed(true, WinError::ACCESS_DENIED),
            9..=40 => NewEvent::new("System", "Service Control Manager", 7040)
                .qualifiers(16384)
                .keywords(0x8080_0000_0000_0000)
                .data("param1", SERVICES[i % SERVICES.len()])
                .data("param2", "demand start")
                .data("param3", "auto start")
                .data("param4", "wuauserv"),
            _ => NewEvent::new("System", "Service Control Manager", 7036)
                .qualifiers(16384)
                .keywords(0x8080_0000_0000_0000)
                .data("param1", SERVICES[i % SERVICES.len()])
                .data("param2", if i % 2 == 0 { "running" } else { "stopped" }),
        };
        log.write(e.at(t), "RDS01", now());
    }
    log
}

fn queries(c: &mut Criterion) {
    let log = big_log(N);
    println!(
        "bytes per stored event (1,000,000 templated System events, records + payload + index + strings): {:.1}",
        log.heap_bytes() as f64 / N as f64
    );
    let hits = log.query("System", ARTICLE, now()).expect("query").len();
    println!("the article's query over 1,000,000 events matches {hits} events (the last 24 hours)");
    let mut g = c.benchmark_group("eventlog");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.bench_function("article query /c:1 over 1M System events", |b| {
        let o = QueryOptions {
            reverse: false,
            limit: Some(1),
        };
        b.iter(|| {
            black_box(
                log.query_with("System", ARTICLE, now(), o)
                    .expect("query")
                    .len(),
            )
        })
    });
    g.bench_function("article query, all matches, over 1M System events", |b| {
        b.iter(|| black_box(log.query("System", ARTICLE, now()).expect("query").len()))
    });
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("full scan *[System[(Level=1 or Level=5)]] over 1M", |b| {
        b.iter(|| {
            black_box(
                log.query("System", "*[System[(Level=1 or Level=5)]]", now())
                    .expect("query")
                    .len(),
            )
        })
    });
    g.bench_function(
        "full scan *[EventData[Data[@Name='param2']='paused']] over 1M",
        |b| {
            let q = "*[EventData[Data[@Name='param2']='paused']]";
            b.iter(|| black_box(log.query("System", q, now()).expect("query").len()))
        },
    );
    g.finish();

    let mut host = Host::builder().build();
    *host.eventlog_mut() = log.clone();
    let mut g = c.benchmark_group("fork");
    g.bench_function("Host::fork with 1M events", |b| {
        b.iter(|| black_box(host.fork()))
    });
    g.bench_function("Host::fork with 1M events, then log one event", |b| {
        b.iter(|| {
            let mut h = host.fork();
            h.log(
                NewEvent::new("System", "Service Control Manager", 7036)
                    .data("param1", "X")
                    .data("param2", "running"),
            );
            black_box(h)
        })
    });
    g.finish();
}

fn evtx_import(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld/evtx");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        println!("EVTX import benchmark skipped: {} is absent", dir.display());
        return;
    };
    let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    files.sort();
    let mut g = c.benchmark_group("evtx");
    g.sample_size(20).measurement_time(Duration::from_secs(3));
    for name in [
        "omerbenamram__system.evtx",
        "sbousseaden__rdpcorets_148_mst120_bluekeep_rpdscan_full.evtx",
    ] {
        let Some(path) = files.iter().find(|p| p.ends_with(name)) else {
            continue;
        };
        let bytes = std::fs::read(path).expect("read");
        let (records, _) = evtx_crate_records(&bytes).expect("evtx");
        g.throughput(Throughput::Elements(records as u64));
        g.bench_with_input(
            BenchmarkId::new("evtx crate records()", name),
            &bytes,
            |b, bytes| b.iter(|| black_box(evtx_crate_records(bytes).expect("evtx"))),
        );
        g.bench_with_input(
            BenchmarkId::new("EventLog::import_evtx", name),
            &bytes,
            |b, bytes| {
                b.iter(|| {
                    let mut log = EventLog::default();
                    black_box(log.import_evtx(bytes, name).expect("import").imported)
                })
            },
        );
        // The writer over the same records: the file's logs written back as `.evtx`.
        let mut log = EventLog::default();
        log.import_evtx(&bytes, name).expect("import");
        let channels: Vec<String> = log
            .channels()
            .into_iter()
            .filter(|c| log.len(c) > 0)
            .map(String::from)
            .collect();
        g.bench_with_input(
            BenchmarkId::new("EventLog::export_evtx", name),
            &log,
            |b, log| {
                b.iter(|| {
                    for c in &channels {
                        black_box(log.export_evtx(c).expect("export").len());
                    }
                })
            },
        );
    }
    g.finish();
}

/// The EVTX writer over a generated log, and both readers over what it wrote.
fn evtx_export(c: &mut Criterion) {
    const EVENTS: usize = 100_000;
    let log = big_log(EVENTS);
    let bytes = log.export_evtx("System").expect("export");
    println!(
        "EVTX written for {EVENTS} System events: {} bytes, {} chunks",
        bytes.len(),
        (bytes.len() - 4096) / 65536
    );
    let mut g = c.benchmark_group("evtx written");
    g.sample_size(10).measurement_time(Duration::from_secs(5));
    g.throughput(Throughput::Elements(EVENTS as u64));
    g.bench_function("EventLog::export_evtx, 100,000 System events", |b| {
        b.iter(|| black_box(log.export_evtx("System").expect("export").len()))
    });
    g.bench_function("evtx crate records(), 100,000 System events", |b| {
        b.iter(|| black_box(evtx_crate_records(&bytes).expect("evtx")))
    });
    g.bench_function("EventLog::import_evtx, 100,000 System events", |b| {
        b.iter(|| {
            let mut back = EventLog::default();
            black_box(
                back.import_evtx(&bytes, "System.evtx")
                    .expect("import")
                    .imported,
            )
        })
    });
    g.finish();
}

criterion_group!(benches, queries, evtx_import, evtx_export);
criterion_main!(benches);
