//! Stories: the article's `wevtutil qe` commands against a host, verbatim.

use super::run;
use crate::host::Host;
use crate::principals::{Sid, Token};
use crate::process::{Output, Process};

fn wevtutil(host: &mut Host, line: &[&str]) -> Output {
    let mut s = Process::new(host.admin_token());
    let args: Vec<String> = line.iter().map(|a| a.to_string()).collect();
    run(host, &mut s, &args)
}

fn host_with_36870(age_secs: i64) -> Host {
    let mut h = Host::builder().build();
    let at = h.now().add_secs(-age_secs);
    h.log(crate::rdp::events::private_key_failed().at(at));
    h
}

const Q36870: &str = "/q:Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]";

#[test]
fn the_articles_36870_query_prints_the_text_layout() {
    let mut h = host_with_36870(3600);
    let out = wevtutil(&mut h, &["qe", "system", "/c:1", "/f:text", Q36870]);
    assert_eq!(out.code, 0, "{}", out.stderr());
    let text = out.stdout();
    assert!(
        text.starts_with("Event[0]:\n  Log Name: System\n  Source: Schannel\n"),
        "{text}"
    );
    assert!(text.contains("\n  Description:\nA fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.\n"));
}

#[test]
fn a_25_hour_old_event_prints_nothing() {
    let mut h = host_with_36870(25 * 3600);
    let out = wevtutil(&mut h, &["qe", "system", "/c:1", "/f:text", Q36870]);
    assert_eq!((out.code, out.combined()), (0, String::new()));
}

#[test]
fn errors_and_exit_codes() {
    let mut h = host_with_36870(60);
    let out = wevtutil(&mut h, &["qe", "system", "/q:*[System["]);
    assert_eq!(
        (out.code, out.stderr().as_str()),
        (
            15001,
            "A syntax error occurred at position 9\nThe specified query is invalid.\n"
        )
    );
    assert_eq!(wevtutil(&mut h, &["qe", "NoSuchLog"]).code, 15007);
    assert_eq!(
        wevtutil(&mut h, &["qe", "System", "/c:0"]).stderr(),
        "Invalid value for property count.\n"
    );
    assert_eq!(wevtutil(&mut h, &["qe", "System", "/f:json"]).code, 87);
    assert_eq!(
        wevtutil(&mut h, &["qe", "System", "/q", "*"]).stderr(),
        "Too many arguments are specified.\nThe parameter is incorrect.\n"
    );
    assert_eq!(wevtutil(&mut h, &["qe", "System", "/zz:1"]).code, 87);
}

#[test]
fn default_format_is_xml_and_long_names_work() {
    let mut h = host_with_36870(60);
    let out = wevtutil(
        &mut h,
        &[
            "query-events",
            "SYSTEM",
            "/count:1",
            "/reversedirection:true",
            "/query:*[System[EventID=36870]]",
        ],
    );
    assert!(out.stdout().starts_with("<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Schannel' Guid='{1F678132-5938-4686-9FDC-C8FF68F15C85}'/>"));
    assert!(out.stdout().ends_with("<EventData><Data Name='Type'>server</Data><Data Name='ErrorCode'>0x8009030d</Data><Data Name='ErrorStatus'>10001</Data></EventData></Event>\n"));
    let rooted = wevtutil(&mut h, &["qe", "System", "/c:1", "/rd:true", "/e:root"]).stdout();
    assert!(rooted.starts_with("<root>\n<Event ") && rooted.ends_with("</Event></root>\n"));
}

#[test]
fn clearing_needs_an_administrator_and_leaves_104() {
    let mut h = host_with_36870(60);
    let mut user = Process::new(Token::for_principal(Sid::users()));
    let out = run(&mut h, &mut user, &["cl".into(), "System".into()]);
    assert_eq!(out.code, 5);
    let out = wevtutil(&mut h, &["cl", "system"]);
    assert_eq!((out.code, out.combined()), (0, String::new()));
    let left = h.eventlog().events("System");
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].event_id(), 104);
    assert_eq!(left[0].message(), "The System log file was cleared.");
}

#[test]
fn enum_logs_lists_the_rdp_channels() {
    let mut h = Host::builder().build();
    let out = wevtutil(&mut h, &["el"]).stdout();
    assert!(out.contains("\nMicrosoft-Windows-TerminalServices-SessionBroker/Operational\n"));
    assert!(out.contains("\nSystem\n"));
}
