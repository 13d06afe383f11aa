//! Stories about the event log: write, fork, query, render, import.

use super::*;
use crate::clock::FileTime;

fn now() -> FileTime {
    FileTime::parse_rfc3339("2026-11-20T10:00:00Z").unwrap()
}

/// The 36870 the RDP stack logs, at `at`.
fn schannel(at: FileTime) -> NewEvent {
    crate::rdp::events::private_key_failed().at(at)
}

const ARTICLE_36870: &str = "Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]";

#[test]
fn the_articles_query_finds_an_hour_old_36870_but_not_a_25_hour_old_one() {
    let mut log = EventLog::default();
    log.write(schannel(now().add_secs(-3600)), "RDS01", now());
    assert_eq!(log.query("system", ARTICLE_36870, now()).unwrap().len(), 1);
    let mut old = EventLog::default();
    old.write(schannel(now().add_secs(-25 * 3600)), "RDS01", now());
    assert!(
        old.query("system", ARTICLE_36870, now())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn padded_provider_names_match_nothing() {
    let mut log = EventLog::default();
    log.write(
        NewEvent::new(
            "System",
            "Microsoft-Windows-TerminalServices-SessionBroker",
            2056,
        )
        .level(2),
        "RDS01",
        now(),
    );
    let q = "Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker '] and EventID=2056]]";
    assert!(log.query("System", q, now()).unwrap().is_empty());
    let q = "Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-SessionBroker'] and EventID=2056]]";
    assert_eq!(log.query("System", q, now()).unwrap().len(), 1);
}

#[test]
fn errors_carry_codes() {
    let log = EventLog::default();
    let e = log.query("System", "*[System[", now()).unwrap_err();
    assert_eq!(
        (e.code(), e.to_string()),
        (15001, "A syntax error occurred at position 9".to_string())
    );
    assert_eq!(
        log.query("NoSuchLog", "*", now()).unwrap_err().code(),
        15007
    );
    assert!(
        log.query("System", "*[System[(Bogus=1)]]", now())
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_fork_shares_the_log_and_diverges_on_write() {
    let mut log = EventLog::default();
    for i in 0..2000 {
        log.write(
            NewEvent::new("System", "Service Control Manager", 7036)
                .data("param1", format!("S{i}")),
            "H",
            now(),
        );
    }
    let mut fork = log.clone();
    fork.write(schannel(now()), "H", now());
    assert_eq!((log.len("System"), fork.len("System")), (2000, 2001));
    assert!(
        log.query("System", "*[System[EventID=36870]]", now())
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        fork.query("System", "*[System[EventID=36870]]", now())
            .unwrap()[0]
            .record_id(),
        2001
    );
}

#[test]
fn text_layout_of_36870() {
    let mut log = EventLog::default();
    log.write(schannel(now().add_secs(-3600)), "RDS01", now());
    let e = log.query("System", "*", now()).unwrap()[0];
    assert_eq!(
        render::text(&e, 0, &render::default_user_name),
        "Event[0]:\n  Log Name: System\n  Source: Schannel\n  Date: 2026-11-20T09:00:00.000\n  Event ID: 36870\n  Task: N/A\n  Level: Error\n  Opcode: Info\n  Keyword: \n  User: S-1-5-18\n  User Name: NT AUTHORITY\\SYSTEM\n  Computer: RDS01\n  Description:\nA fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.\n"
    );
}

#[test]
fn xml_round_trips_through_import() {
    let mut log = EventLog::default();
    log.write(schannel(now()), "RDS01", now());
    log.write(
        crate::rdp::events::cert_failed(true, crate::error::WinError::ACCESS_DENIED),
        "RDS01",
        now(),
    );
    let xml = log.export_xml();
    let mut back = EventLog::default();
    assert_eq!(
        back.import_xml(&format!("<Events>{xml}</Events>"), "events.xml")
            .unwrap(),
        2
    );
    assert_eq!(back.export_xml(), xml);
    let e = back
        .query("System", "*[System[EventID=1058]]", now())
        .unwrap()[0];
    assert!(e.message().ends_with("status code was Access is denied."));
    assert!(xml.contains("<EventID Qualifiers='49152'>1058</EventID>"));
}

#[test]
fn import_errors_name_the_line() {
    let mut log = EventLog::default();
    let bad = "<Events>\n<Event><System><EventID>x</EventID><Channel>System</Channel></System></Event>\n</Events>";
    let e = log.import_xml(bad, "events.xml").unwrap_err();
    assert_eq!((e.file.as_str(), e.line), ("events.xml", 2));
}

/// Found by the `events_xml` fuzz target: quick-xml reads `<'` as an element named `'` and
/// skips attributes it cannot read, so a torn event imported and exported as XML that no
/// reader takes back. A start tag XML refuses is an error with its line.
#[test]
fn import_refuses_start_tags_xml_refuses() {
    let event = |inside: &str| {
        format!(
            "<Event>\n<System><EventID>1</EventID><TimeCreated SystemTime='2026-11-20T10:00:00.0000000Z'/><Channel>System</Channel></System>\n{inside}</Event>"
        )
    };
    for torn in [
        "<' Guid='{C76BAA63}'/>",
        "<EventData><Data Name='a'b='c'>x</Data></EventData>",
        "<EventData><Data Name='a' Name='b'>x</Data></EventData>",
        "<EventData><Data 1='a'>x</Data></EventData>",
        "<EventData><Data Name='&bogus;'>x</Data></EventData>",
    ] {
        let mut log = EventLog::default();
        let Err(e) = log.import_xml(&event(torn), "events.xml") else {
            panic!("{torn} imported");
        };
        assert_eq!((e.file.as_str(), e.line), ("events.xml", 3), "{torn}: {e}");
        assert!(e.message.starts_with("malformed XML"), "{torn}: {e}");
    }
    let mut log = EventLog::default();
    let fine = event("<EventData><Data Name='a' x:b='c'>x</Data></EventData>");
    assert_eq!(log.import_xml(&fine, "events.xml"), Ok(1));
    let mut back = EventLog::default();
    assert_eq!(back.import_xml(&log.export_xml(), "export.xml"), Ok(1));
}

#[test]
fn userdata_is_kept_and_queryable() {
    let xml = "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'/><EventID>1149</EventID><Level>4</Level><TimeCreated SystemTime='2026-11-20T09:00:00.0000000Z'/><EventRecordID>7</EventRecordID><Channel>Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational</Channel><Computer>H</Computer><Security UserID='S-1-5-20'/></System><UserData><EventXML xmlns='Event_NS'><Param1>alice</Param1><Param2></Param2><Param3>10.0.0.5</Param3></EventXML></UserData></Event>";
    let mut log = EventLog::default();
    log.import_xml(xml, "x.xml").unwrap();
    let ch = "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational";
    let hits = log
        .query(ch, "*[UserData/EventXML[Param3='10.0.0.5']]", now())
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].data_value("Param1"), Some("alice"));
    assert_eq!(
        render::xml(&hits[0], false)
            .split("<UserData>")
            .nth(1)
            .unwrap(),
        "<EventXML xmlns='Event_NS'><Param1>alice</Param1><Param2/><Param3>10.0.0.5</Param3></EventXML></UserData></Event>"
    );
}

#[test]
fn query_list_selects_and_suppresses() {
    let mut log = EventLog::default();
    log.write(schannel(now()).level(3), "H", now());
    log.write(schannel(now()), "H", now());
    let ql = "<QueryList><Query Id='0'><Select Path='System'>*[System[(Level &lt;= 3)]]</Select><Suppress Path='System'>*[System[(Level = 2)]]</Suppress></Query></QueryList>";
    let r = log.query_list(ql, now(), QueryOptions::default()).unwrap();
    assert_eq!(r.iter().map(|e| e.level()).collect::<Vec<_>>(), vec![3]);
}

#[test]
fn system_times_parse_fast_and_exactly() {
    for s in [
        "2022-10-16T20:27:36.2228549Z",
        "2018-07-06T18:45:47.017820Z",
        "1999-12-31T23:59:59Z",
        "2024-02-29T00:00:00.5Z",
    ] {
        assert_eq!(
            import::parse_system_time(s),
            FileTime::parse_rfc3339(s),
            "{s}"
        );
    }
    assert_eq!(
        import::parse_system_time("2022-10-16 20:27:36.2228549Z"),
        FileTime::parse_rfc3339("2022-10-16T20:27:36.2228549Z")
    );
    assert_eq!(
        import::parse_system_time("2022-10-16T20:27:36.222854900Z")
            .unwrap()
            .to_system_time_string(),
        "2022-10-16T20:27:36.2228549Z"
    );
    assert!(import::parse_system_time("2022-13-16T20:27:36Z").is_none());
}
