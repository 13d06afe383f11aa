//! Stories: write a log as `.evtx`, read it back with the `evtx` crate and with our importer,
//! and compare with what `wevtutil qe /f:xml` prints of the source.

use super::super::{import_counting, import_evtx, import_evtx_via_xml, reason};
use super::*;
use crate::clock::FileTime;
use crate::eventlog::{NewEvent, render};
use crate::principals::Sid;
use evtx::{EvtxParser, ParserSettings};

/// 2026-11-20T10:00:00Z.
const NOW: u64 = 134_396_424_000_000_000;

/// `wevtutil qe CHANNEL /f:xml` of a log.
fn xml_of(log: &EventLog, channel: &str) -> String {
    let mut out = String::new();
    for e in log.events(channel) {
        out.push_str(&render::xml(&e, false));
        out.push('\n');
    }
    out
}

/// Texts that exercise escaping, UTF-16 surrogates, whitespace and length.
const TEXTS: &[&str] = &[
    "",
    "paused",
    "C:\\Windows\\System32\\svchost.exe -k NetworkService",
    "a & b < c > d ' e \" f",
    "日本語のテキスト 😀",
    "  leading and trailing  ",
    "line one\r\nline two\ttab",
    "0x8009030D",
];

/// A deterministic mix of the shapes a log holds: classic events with qualifiers, manifest
/// events with named data, unnamed data, no data, SIDs and GUIDs in both cases, and
/// `UserData` trees imported from XML.
fn generated(n: usize, seed: u64) -> EventLog {
    let mut log = EventLog::default();
    let mut x = seed | 1;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    for i in 0..n {
        let r = next();
        let t = FileTime(NOW - 864_000_000_000 + i as u64 * 10_000_000 + r % 10_000_000);
        let text = |k: u64| TEXTS[(k % TEXTS.len() as u64) as usize];
        match r % 7 {
            0 => {
                let ev = NewEvent::new("System", "Schannel", 36870)
                    .level(2)
                    .qualifiers(49152)
                    .keywords(0x8000_0000_0000_0000)
                    .user(Sid::parse("S-1-5-18").expect("SID"))
                    .data("", "0x8009030D")
                    .data("", text(r >> 8))
                    .at(t);
                log.write(ev, "RDS01.contoso.local", FileTime(NOW));
            }
            1 => {
                let ev = NewEvent::new("System", "Service Control Manager", 7036)
                    .qualifiers(16384)
                    .data("param1", text(r >> 8))
                    .data("param2", "stopped")
                    .execution(652, (r >> 20) as u32 % 9000)
                    .at(t);
                log.write(ev, "RDS01", FileTime(NOW));
            }
            2 => {
                let ev = NewEvent::new(
                    "System",
                    "Microsoft-Windows-TerminalServices-RemoteConnectionManager",
                    1058,
                )
                .level(2)
                .task(0)
                .opcode(0)
                .version(1)
                .activity("{5f5d0b1e-2b3c-4d5e-8f90-a1b2c3d4e5f6}")
                .data("HResult", "-2147024891")
                .at(t);
                log.write(ev, "RDS01", FileTime(NOW));
            }
            3 => {
                let ev = NewEvent::new("System", "Microsoft-Windows-Kernel-General", 16)
                    .activity("{5F5D0B1E-2B3C-4D5E-8F90-A1B2C3D4E5F6}")
                    .keywords(r)
                    .at(t);
                log.write(ev, "RDS01", FileTime(NOW));
            }
            4 => {
                let user = format!("S-1-5-21-{}-{}-{}-500", r % 1000, r >> 40, (r >> 10) % 99);
                let ev = NewEvent::new("System", "EventLog", 6013)
                    .user(Sid::parse(&user).expect("SID"))
                    .data("", (r % 100_000).to_string())
                    .data("", "60")
                    .data("", text(r >> 3))
                    .at(t);
                log.write(ev, "RDS01", FileTime(NOW));
            }
            5 => {
                let xml = format!(
                    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Eventlog' Guid='{{fc65ddd8-d6ef-4962-83d5-6e5cfe9ce148}}'/><EventID>104</EventID><Version>0</Version><Level>4</Level><Task>104</Task><Opcode>0</Opcode><Keywords>0x8000000000000000</Keywords><TimeCreated SystemTime='{}'/><EventRecordID>0</EventRecordID><Correlation RelatedActivityID='{{00000000-0000-0000-0000-00000000000{}}}'/><Execution ProcessID='1212' ThreadID='{}'/><Channel>System</Channel><Computer>RDS01</Computer><Security UserID='not a SID'/></System><UserData><LogFileCleared xmlns='http://manifests.microsoft.com/win/2004/08/windows/eventlog'><SubjectUserName>{}</SubjectUserName><SubjectDomainName>RDS01</SubjectDomainName><Channel>Application</Channel><BackupPath></BackupPath></LogFileCleared></UserData></Event>",
                    t.to_system_time_string(),
                    r % 10,
                    r % 5000,
                    render_text(text(r >> 5)),
                );
                log.import_xml(&xml, "events.xml").expect("XML");
            }
            _ => {
                let xml = format!(
                    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Custom' EventSourceName='Custom Source'/><EventID Qualifiers='0'>1</EventID><Level>4</Level><TimeCreated SystemTime='{}'/><Channel>System</Channel><Computer>RDS01</Computer></System><EventData></EventData></Event>",
                    t.to_system_time_string()
                );
                log.import_xml(&xml, "events.xml").expect("XML");
            }
        }
    }
    log
}

fn render_text(s: &str) -> String {
    let mut out = String::new();
    render::escape_text(s, &mut out);
    out
}

/// The crate's reading of a file, CRC32s checked: (records, errors, chunks).
fn crate_reading(bytes: &[u8]) -> (Vec<String>, Vec<String>, usize) {
    let mut parser = EvtxParser::from_buffer(bytes.to_vec())
        .expect("an EVTX file")
        .with_configuration(
            ParserSettings::new()
                .num_threads(1)
                .validate_checksums(true),
        );
    let (mut ok, mut bad) = (Vec::new(), Vec::new());
    for r in parser.records() {
        match r {
            Ok(r) => ok.push(r.data),
            Err(e) => bad.push(reason(&e)),
        }
    }
    let chunks = EvtxParser::from_buffer(bytes.to_vec())
        .expect("an EVTX file")
        .chunks()
        .count();
    (ok, bad, chunks)
}

/// Writes `log`'s System log and reads it back with the crate (CRC32s checked) and with our
/// importer, and with `via_xml` also through the crate's XML; each must give the source's XML.
fn round_trip(log: &EventLog, via_xml: bool) -> Vec<u8> {
    let bytes = log.export_evtx("System").expect("the log writes");
    let want = xml_of(log, "System");
    let (records, errors, chunks) = crate_reading(&bytes);
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(records.len(), log.len("System"));
    let mut direct = EventLog::default();
    let (report, fast) = import_counting(&mut direct, &bytes, "System.evtx");
    assert_eq!(
        (report.imported, report.errors.as_slice()),
        (log.len("System"), &[][..])
    );
    assert_eq!(fast, chunks, "every chunk is read straight from its BinXML");
    assert_same(&xml_of(&direct, "System"), &want, "the importer");
    if via_xml {
        let mut back = EventLog::default();
        import_evtx_via_xml(&mut back, &bytes, "System.evtx").expect("an EVTX file");
        assert_same(&xml_of(&back, "System"), &want, "the crate's XML");
    }
    bytes
}

fn assert_same(got: &str, want: &str, what: &str) {
    if got != want {
        let at = got
            .bytes()
            .zip(want.bytes())
            .position(|(a, b)| a != b)
            .unwrap_or(got.len().min(want.len()));
        let from = at.saturating_sub(200);
        panic!(
            "{what} differs at byte {at}:\n got: {}\nwant: {}",
            &got[from..(at + 200).min(got.len())],
            &want[from..(at + 200).min(want.len())]
        );
    }
}

#[test]
fn every_shape_of_event_round_trips_as_the_source_prints_it() {
    let log = generated(700, 7);
    let bytes = round_trip(&log, true);
    assert!(
        bytes.len() > FILE_HEADER_SIZE + CHUNK_SIZE,
        "several chunks"
    );
    // The file is laid out as Windows lays it out: header, then whole chunks.
    assert_eq!(&bytes[..8], b"ElfFile\0");
    assert_eq!((bytes.len() - FILE_HEADER_SIZE) % CHUNK_SIZE, 0);
    assert_eq!(&bytes[FILE_HEADER_SIZE..FILE_HEADER_SIZE + 8], b"ElfChnk\0");
}

#[test]
fn the_crate_reads_windows_types_and_the_records_header() {
    let mut log = EventLog::default();
    let ev = NewEvent::new("System", "Schannel", 36870)
        .level(2)
        .qualifiers(49152)
        .user(Sid::parse("S-1-5-18").expect("SID"))
        .data("", "0x8009030D")
        .data("", "10001")
        .at(FileTime(NOW));
    log.write(ev, "RDS01", FileTime(NOW));
    let bytes = log.export_evtx("system").expect("the log writes");
    let mut parser = EvtxParser::from_buffer(bytes).expect("an EVTX file");
    let records: Vec<_> = parser.records().collect::<Result<_, _>>().expect("records");
    let [r] = &records[..] else {
        panic!("one record: {records:?}")
    };
    assert_eq!(r.event_record_id, 1);
    for part in [
        "<EventID Qualifiers=\"49152\">36870</EventID>",
        "<Level>2</Level>",
        "<Keywords>0x8000000000000000</Keywords>",
        "<TimeCreated SystemTime=\"2026-11-20T10:00:00.0000000Z\"",
        "<Security UserID=\"S-1-5-18\"",
        "<Data>0x8009030D</Data>",
        "<Data>10001</Data>",
    ] {
        assert!(r.data.contains(part), "{part} missing from:\n{}", r.data);
    }
}

#[test]
fn a_hundred_thousand_events_round_trip() {
    let log = generated(100_000, 42);
    let bytes = round_trip(&log, false);
    let chunks = (bytes.len() - FILE_HEADER_SIZE) / CHUNK_SIZE;
    assert_eq!(
        u16::from_le_bytes([bytes[42], bytes[43]]) as usize,
        chunks,
        "the header counts the chunks"
    );
    eprintln!("100,000 events: {chunks} chunks, {} bytes", bytes.len());
}

/// Readers start a log at the chunk whose first record ID is lowest (a full log wraps around
/// its file), so records whose IDs fall come back in ID order, each unchanged.
#[test]
fn record_ids_that_do_not_rise_start_a_new_chunk() {
    let mut log = EventLog::default();
    for id in [5u64, 6, 7, 3, 3, 9] {
        let xml = format!(
            "<Event><System><Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='2026-11-20T10:00:00Z'/><EventRecordID>{id}</EventRecordID><Channel>System</Channel><Computer>C</Computer></System></Event>"
        );
        log.import_xml(&xml, "events.xml").expect("XML");
    }
    let bytes = log.export_evtx("System").expect("the log writes");
    assert_eq!((bytes.len() - FILE_HEADER_SIZE) / CHUNK_SIZE, 3);
    let (records, errors, _) = crate_reading(&bytes);
    assert_eq!((records.len(), errors.len()), (6, 0), "{errors:?}");
    let mut back = EventLog::default();
    let report = import_evtx(&mut back, &bytes, "System.evtx").expect("an EVTX file");
    assert_eq!((report.imported, report.errors.len()), (6, 0));
    let lines = |log: &EventLog| {
        let mut v: Vec<String> = xml_of(log, "System").lines().map(String::from).collect();
        v.sort();
        v
    };
    assert_eq!(lines(&back), lines(&log));
}

#[test]
fn a_record_larger_than_a_chunk_is_an_error_naming_it() {
    let mut log = EventLog::default();
    // Two values that each fit, in a record that does not.
    let big = "x".repeat(16_300);
    let ev = NewEvent::new("System", "P", 1)
        .data("a", big.as_str())
        .data("b", big.as_str());
    log.write(ev, "C", FileTime(NOW));
    let e = log.export_evtx("System").unwrap_err();
    assert!(
        matches!(&e, EvtxWriteError::Record { record_id: 1, reason, .. } if reason.contains("more than the 65024 a chunk holds")),
        "{e}"
    );
    let mut log = EventLog::default();
    log.write(NewEvent::new("System", "P", 1), "C", FileTime(NOW));
    let ev = NewEvent::new("System", "P", 1).data("a", "y".repeat(40_000));
    log.write(ev, "C", FileTime(NOW));
    let e = log.export_evtx("System").unwrap_err();
    assert!(
        e.to_string()
            .starts_with("System: record 2: a text of 40000 UTF-16 units, more than the 32767"),
        "{e}"
    );
    assert_eq!(
        log.export_evtx("Nope").unwrap_err(),
        EvtxWriteError::NoSuchLog("Nope".into())
    );
}

#[test]
fn a_damaged_or_cut_file_keeps_every_record_it_can_and_says_where() {
    let log = generated(2_000, 3);
    let bytes = round_trip(&log, true);
    let chunks = (bytes.len() - FILE_HEADER_SIZE) / CHUNK_SIZE;
    assert!(chunks >= 3);
    // A flipped byte inside the second chunk's first record.
    let mut damaged = bytes.clone();
    damaged[FILE_HEADER_SIZE + CHUNK_SIZE + CHUNK_HEADER_SIZE + 40] ^= 0xff;
    let (_, errors, _) = crate_reading(&damaged);
    assert!(
        errors
            .iter()
            .any(|e| e.contains("chunk data CRC32 invalid")),
        "the crate sees the CRC32 fail: {errors:?}"
    );
    let mut back = EventLog::default();
    let report = import_evtx(&mut back, &damaged, "System.evtx").expect("an EVTX file");
    assert!(report.imported >= log.len("System") - 200, "{report:?}");
    assert!(report.imported <= log.len("System"));
    // Cut 20,000 bytes into the last chunk.
    let cut = &bytes[..FILE_HEADER_SIZE + (chunks - 1) * CHUNK_SIZE + 20_000];
    let mut back = EventLog::default();
    let report = import_evtx(&mut back, cut, "System.evtx").expect("an EVTX file");
    assert!(
        report.errors.iter().any(|e| e.contains(&format!(
            "chunk {}: the file ends 20000 bytes into this chunk",
            chunks - 1
        ))),
        "{:?}",
        report.errors
    );
    let whole: usize = log.len("System");
    assert!(report.imported < whole && report.imported > whole - 300);
    // What was read is the source's first records, unchanged.
    let want = xml_of(&log, "System");
    let got = xml_of(&back, "System");
    assert_same(&got, &want[..got.len()], "the records kept");
}

#[test]
fn file_names_follow_windows() {
    assert_eq!(evtx_file_name("System"), "System.evtx");
    assert_eq!(
        evtx_file_name("Microsoft-Windows-TerminalServices-SessionBroker/Operational"),
        "Microsoft-Windows-TerminalServices-SessionBroker%4Operational.evtx"
    );
    assert_eq!(evtx_file_name("a:b\\c"), "a_b_c.evtx");
    assert_eq!(evtx_file_name(".."), "_...evtx");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// One event of any shape the log stores from `NewEvent`: any printable text (XML's
    /// specials and characters outside the BMP included), any numbers.
    fn event() -> impl Strategy<Value = NewEvent> {
        let text = "\\PC{0,24}";
        let name = prop_oneof![Just(String::new()), "[A-Za-z][A-Za-z0-9_]{0,10}"];
        let user = prop_oneof![
            Just(None),
            Just(Some("S-1-5-18")),
            Just(Some("S-1-5-21-3623811015-3361044348-30300820-1013")),
        ];
        let activity = prop_oneof![
            Just(None),
            Just(Some("{5f5d0b1e-2b3c-4d5e-8f90-a1b2c3d4e5f6}")),
            Just(Some("{5F5D0B1E-2B3C-4D5E-8F90-A1B2C3D4E5F6}")),
            Just(Some("not a GUID")),
        ];
        (
            (
                "[A-Za-z][A-Za-z0-9 -]{0,20}",
                any::<u16>(),
                any::<Option<u16>>(),
            ),
            (
                0u8..=5,
                any::<u16>(),
                any::<u8>(),
                any::<u8>(),
                any::<u64>(),
            ),
            (user, activity, 0u64..10_000_000_000_000),
            prop::collection::vec((name, text), 0..6),
        )
            .prop_map(
                |(
                    (provider, id, qualifiers),
                    (level, task, opcode, version, keywords),
                    (user, activity, dt),
                    data,
                )| {
                    let mut e = NewEvent::new("System", &provider, id)
                        .level(level)
                        .task(task)
                        .opcode(opcode)
                        .version(version)
                        .keywords(keywords)
                        .at(FileTime(NOW - dt));
                    e.qualifiers = qualifiers;
                    e.user = user.and_then(Sid::parse);
                    e.activity_id = activity.map(str::to_string);
                    for (n, v) in data {
                        e = e.data(&n, v);
                    }
                    e
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

        /// always: a log written as `.evtx` reads back, by the crate and by the importer,
        /// as the XML `wevtutil` prints of the source.
        #[test]
        fn always_a_written_log_reads_back_as_its_source(
            events in prop::collection::vec(event(), 1..200),
        ) {
            let mut log = EventLog::default();
            for e in events {
                log.write(e, "RDS01", FileTime(NOW));
            }
            round_trip(&log, true);
        }
    }
}
