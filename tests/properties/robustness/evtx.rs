//! Robustness of EVTX import.

use super::*;

/// Logs kbsim writes (a faulted host's System log, and one of two chunks), and the small real
/// logs (at most two chunks) under `../shared/realworld/evtx` when it is there.
fn real_evtx() -> &'static [Vec<u8>] {
    static LOGS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let mut host = Host::builder().seed(5).build();
        for spec in ["machinekeys-acl", "certstore-deny"] {
            faults::inject(&mut host, &faults::parse(spec).expect("a catalog fault"));
        }
        let mut logs = vec![host.eventlog().export_evtx("System").expect("written")];
        let mut two_chunks = EventLog::default();
        let now = host.now();
        for i in 0..400 {
            let e = winsim::eventlog::NewEvent::new("System", "Service Control Manager", 7036)
                .qualifiers(16384)
                .data("param1", format!("Service number {i}"))
                .data("param2", "running");
            two_chunks.write(e, "RDS01", now);
        }
        logs.push(two_chunks.export_evtx("System").expect("written"));
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/realworld/evtx");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
            .unwrap_or_default();
        paths.sort();
        let real: Vec<Vec<u8>> = paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "evtx"))
            .filter(|p| p.metadata().is_ok_and(|m| m.len() <= 4096 + 2 * 65536))
            .filter_map(|p| std::fs::read(p).ok())
            .collect();
        if real.is_empty() {
            eprintln!(
                "real logs skipped: no small .evtx file in {}",
                dir.display()
            );
        }
        logs.extend(real);
        logs
    })
}

fn check_evtx(bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut log = EventLog::default();
    if let Err(e) = log.import_evtx(bytes, "x.evtx") {
        prop_assert!(e.to_string().starts_with("x.evtx"), "{}", e);
    }
    Ok(())
}

/// Where a flip lands: the file header, a chunk header (string and template tables), or
/// anywhere.
fn evtx_offset() -> impl Strategy<Value = (u8, usize)> {
    prop_oneof![
        1 => (0usize..128).prop_map(|o| (0, o)),
        3 => (0usize..512).prop_map(|o| (1, o)),
        6 => (0usize..65536).prop_map(|o| (2, o)),
    ]
}

proptest! {
    #![proptest_config(config(64))]

    /// always: a log (kbsim's or a real one) with flipped bytes, then perhaps cut, inserted
    /// into or shortened, imports what it can and returns.
    #[test]
    fn always_a_damaged_evtx_file_imports_or_fails(
        pick in any::<prop::sample::Index>(),
        flips in prop::collection::vec((evtx_offset(), 1u8..=255), 1..12),
        damages in prop::collection::vec(damage(), 0..2),
    ) {
        let logs = real_evtx();
        let mut bytes = logs[pick.index(logs.len())].clone();
        for ((region, offset), mask) in flips {
            let at = match region {
                0 => offset,
                _ => 4096 + offset,
            };
            if at < bytes.len() {
                bytes[at] ^= mask;
            }
        }
        apply(&mut bytes, &damages);
        check_evtx(&bytes)?;
    }

    /// always: random bytes behind the EVTX magic import or fail naming the file.
    #[test]
    fn always_random_evtx_bytes_return(
        body in prop::collection::vec(any::<u8>(), 0..600),
        magic in any::<bool>(),
    ) {
        let mut bytes = if magic { b"ElfFile\0".to_vec() } else { Vec::new() };
        bytes.extend(body);
        check_evtx(&bytes)?;
    }
}
