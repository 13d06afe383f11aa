//! The BinXML reader against the crate's XML: every real log imports to the same events
//! (same count, same errors, same XML export), and most chunks are read straight from BinXML.

use super::{import_counting, import_evtx_via_xml};
use crate::eventlog::EventLog;
use evtx::EvtxParser;
use std::path::PathBuf;

fn real_logs() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/realworld/evtx");
    let Ok(rd) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    files.sort();
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "evtx"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect()
}

#[test]
fn binxml_reader_imports_what_the_crates_xml_says() {
    let (mut chunks, mut fast) = (0, 0);
    for (name, bytes) in real_logs() {
        let mut direct = EventLog::default();
        let (got, n_fast) = import_counting(&mut direct, &bytes, &name);
        let mut reference = EventLog::default();
        let want = import_evtx_via_xml(&mut reference, &bytes, &name).unwrap();
        assert_eq!(got, want, "{name}");
        assert_eq!(direct.channels(), reference.channels(), "{name}");
        let (a, b) = (direct.export_xml(), reference.export_xml());
        if a != b {
            let at = a
                .bytes()
                .zip(b.bytes())
                .position(|(x, y)| x != y)
                .unwrap_or(0);
            let from = at.saturating_sub(300);
            panic!(
                "{name}: exports differ at byte {at}:\n direct: {}\n    xml: {}",
                &a[from..(at + 200).min(a.len())],
                &b[from..(at + 200).min(b.len())]
            );
        }
        // Every chunk the crate reads without an error is read straight from BinXML.
        let mut damaged: Vec<&str> = want
            .errors
            .iter()
            .filter_map(|e| e.split(": chunk ").nth(1)?.split([' ', ':']).next())
            .collect();
        damaged.dedup();
        let total = EvtxParser::from_buffer(bytes.clone())
            .unwrap()
            .chunks()
            .count();
        assert_eq!(n_fast + damaged.len(), total, "{name}: {:?}", want.errors);
        chunks += total;
        fast += n_fast;
    }
    eprintln!("{fast} of {chunks} chunks read straight from BinXML");
}

#[test]
fn a_file_cut_inside_its_last_chunk_keeps_the_complete_records_and_says_so() {
    for (name, bytes) in real_logs() {
        if bytes.len() < 4096 + 2 * 65536 {
            continue;
        }
        let whole_chunks = 4096 + 65536;
        let mut only_whole = EventLog::default();
        let before = super::import_evtx(&mut only_whole, &bytes[..whole_chunks], &name).unwrap();
        let mut cut = EventLog::default();
        let got = super::import_evtx(&mut cut, &bytes[..whole_chunks + 30_000], &name).unwrap();
        assert!(
            got.imported > before.imported,
            "{name}: the records of the partial chunk are lost"
        );
        assert!(
            got.errors
                .iter()
                .any(|e| e.contains("chunk 1: the file ends 30000 bytes into this chunk")),
            "{name}: the truncation is not reported: {:?}",
            got.errors
        );
        return;
    }
}

/// Found by the `evtx` fuzz target: damaged records (a CC0 System log the fuzzer mutated) hold
/// an element, or an attribute, whose name is empty. They were imported and exported as `</>`
/// or `<LogFileCleared ='...'>`, XML that no reader takes back; they are damaged records,
/// reported, and what imports exports as XML that imports.
#[test]
fn a_record_with_an_empty_element_name_is_damaged() {
    damaged_record_is_reported(
        include_bytes!("testdata/empty-element-name.evtx"),
        "element",
    );
}

#[test]
fn a_record_with_an_empty_attribute_name_is_damaged() {
    damaged_record_is_reported(
        include_bytes!("testdata/empty-attribute-name.evtx"),
        "attribute",
    );
}

fn damaged_record_is_reported(bytes: &[u8], name: &str) {
    let mut log = EventLog::default();
    let report = log.import_evtx(bytes, "System.evtx").unwrap();
    // Whatever was imported exports as XML that imports again (the damaged record is not
    // among it; the file is also cut, so records past the cut are reported lost).
    let mut again = EventLog::default();
    again
        .import_xml(&log.export_xml(), "again.xml")
        .unwrap_or_else(|e| panic!("the import exported unreadable XML: {e}"));
    assert_eq!(again.total_len(), report.imported, "{report:?}");
    assert!(
        report
            .errors
            .iter()
            .any(|e| e.contains(" record ") && e.contains(name)),
        "{report:?}"
    );
    let xml = log.export_xml();
    let mut back = EventLog::default();
    assert_eq!(back.import_xml(&xml, "export.xml"), Ok(report.imported));
    assert_eq!(back.export_xml(), xml);
}
