//! `events.xml` (`wevtutil qe /f:xml` output): any text imports or fails with the file and
//! line; what imports exports as XML that imports to the same events (the same export).
#![no_main]

use kbsim_fuzz::{assert_located, text};
use libfuzzer_sys::fuzz_target;
use winsim::eventlog::EventLog;

const FILE: &str = "events.xml";

fuzz_target!(|data: &[u8]| {
    let Some(text) = text(data) else {
        return;
    };
    let mut log = EventLog::default();
    let count = match log.import_xml(text, FILE) {
        Ok(n) => n,
        Err(e) => return assert_located(&e, FILE, data),
    };
    assert_eq!(
        log.total_len(),
        count,
        "imported {count}, holds another count"
    );
    let exported = log.export_xml();
    let mut back = EventLog::default();
    let again = back
        .import_xml(&exported, "export.xml")
        .unwrap_or_else(|e| panic!("the export does not import: {e}\n{exported}"));
    assert_eq!(again, count);
    assert_eq!(
        back.export_xml(),
        exported,
        "the export does not read back the same"
    );
});
