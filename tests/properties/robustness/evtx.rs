//! Robustness of EVTX import.

use super::*;

/// The small real logs (at most two chunks) under /work/shared/realworld/evtx.
fn real_evtx() -> &'static [Vec<u8>] {
    static LOGS: OnceLock<Vec<Vec<u8>>> = OnceLock::new();
    LOGS.get_or_init(|| {
        let dir = Path::new("/work/shared/realworld/evtx");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
            .unwrap_or_default();
        paths.sort();
        let logs: Vec<Vec<u8>> = paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "evtx"))
            .filter(|p| p.metadata().is_ok_and(|m| m.len() <= 4096 + 2 * 65536))
            .filter_map(|p| std::fs::read(p).ok())
            .collect();
        if logs.is_empty() {
            eprintln!("skipped: no small .evtx file in {}", dir.display());
        }
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

    /// always: a real log with flipped bytes, then perhaps cut, inserted into or shortened,
    /// imports what it can and returns.
    #[test]
    fn always_a_damaged_evtx_file_imports_or_fails(
        pick in any::<prop::sample::Index>(),
        flips in prop::collection::vec((evtx_offset(), 1u8..=255), 1..12),
        damages in prop::collection::vec(damage(), 0..2),
    ) {
        let logs = real_evtx();
        if logs.is_empty() {
            return Ok(());
        }
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
