//! EVTX bytes (files recovered from damaged disks): any bytes import what they can or fail
//! with the file, never panic; damaged records are reported, and what imports exports as XML
//! that imports again.
#![no_main]

use kbsim_fuzz::assert_located;
use libfuzzer_sys::fuzz_target;
use winsim::eventlog::EventLog;

const FILE: &str = "System.evtx";
/// A file header and sixteen 64 KiB chunks: larger inputs only repeat chunks.
const MAX_EVTX: usize = 4096 + 16 * 65536;

fuzz_target!(|data: &[u8]| {
    if data.len() > MAX_EVTX {
        return;
    }
    let mut log = EventLog::default();
    match log.import_evtx(data, FILE) {
        Ok(report) => {
            assert_eq!(log.total_len(), report.imported);
            for warning in &report.errors {
                assert!(
                    warning.starts_with(FILE),
                    "a warning without its file: {warning}"
                );
            }
            let exported = log.export_xml();
            let mut back = EventLog::default();
            let again = back
                .import_xml(&exported, "export.xml")
                .unwrap_or_else(|e| panic!("the export does not import: {e}\n{exported}"));
            assert_eq!(again, report.imported);
        }
        Err(e) => assert_located(&e, FILE, data),
    }
});
