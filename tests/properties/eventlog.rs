//! Properties of the event log:
//! - always: the query engine (index, time pruning, typed evaluation) selects exactly what a
//!   brute-force filter over the records' accessors selects, for random records, random
//!   queries, random directions and counts, on a log that was forked half-way;
//!   the same across the sizes where the store changes strategy (a forked tail of 512 records,
//!   copied below and frozen above; segments of 65,536 records);
//! - always: the query parser, the QueryList parser and the XML importer return (never panic)
//!   on any input.

use proptest::prelude::*;
use winsim::clock::FileTime;
use winsim::eventlog::{EventLog, EventRef, NewEvent, QueryOptions};
use winsim::principals::Sid;

const PROVIDERS: &[&str] = &[
    "Schannel",
    "Service Control Manager",
    "Microsoft-Windows-TerminalServices-RemoteConnectionManager",
    "Microsoft-Windows-TerminalServices-SessionBroker",
];
const IDS: &[u16] = &[1056, 1057, 1058, 2056, 7036, 36870];
const KEYWORDS: &[u64] = &[
    0x8000_0000_0000_0000,
    0x80_0000_0000_0000,
    0x8080_0000_0000_0000,
    0,
];
const NAMES: &[&str] = &["param1", "Type", ""];
const VALUES: &[&str] = &["running", "server", "Access is denied.", "a'b"];

fn now() -> FileTime {
    FileTime::parse_rfc3339("2026-11-20T10:00:00Z").expect("constant")
}

#[derive(Debug, Clone)]
struct Spec {
    provider: usize,
    id: usize,
    level: u8,
    age_secs: i64,
    keywords: usize,
    user: bool,
    data: Vec<(usize, usize)>,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        0..PROVIDERS.len(),
        0..IDS.len(),
        0u8..6,
        0i64..200_000,
        0..KEYWORDS.len(),
        any::<bool>(),
        prop::collection::vec((0..NAMES.len(), 0..VALUES.len()), 0..3),
    )
        .prop_map(
            |(provider, id, level, age_secs, keywords, user, data)| Spec {
                provider,
                id,
                level,
                age_secs,
                keywords,
                user,
                data,
            },
        )
}

fn event(s: &Spec) -> NewEvent {
    let mut e = NewEvent::new("System", PROVIDERS[s.provider], IDS[s.id])
        .level(s.level)
        .keywords(KEYWORDS[s.keywords])
        .at(now().add_secs(-s.age_secs));
    if s.user {
        e = e.user(Sid::network_service());
    }
    for (n, v) in &s.data {
        e = e.data(NAMES[*n], VALUES[*v]);
    }
    e
}

/// The `i`-th spec of a stream drawn from `seed` (splitmix64): cheap for the tens of thousands
/// of records that reach the store's limits, where a proptest vector would be slow to shrink.
fn spec_at(seed: u64, i: usize) -> Spec {
    let mut x = seed ^ (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let mut next = |n: u64| {
        x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = x;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) % n) as usize
    };
    Spec {
        provider: next(PROVIDERS.len() as u64),
        id: next(IDS.len() as u64),
        level: next(6) as u8,
        age_secs: next(200_000) as i64,
        keywords: next(KEYWORDS.len() as u64),
        user: next(2) == 1,
        data: (0..next(3))
            .map(|_| (next(NAMES.len() as u64), next(VALUES.len() as u64)))
            .collect(),
    }
}

/// The record ids `c` selects, by brute force over the records' accessors.
fn brute_force(log: &EventLog, c: &Cond, reverse: bool) -> Vec<u64> {
    let mut want: Vec<u64> = log
        .events("System")
        .iter()
        .filter(|e| c.holds(e))
        .map(|e| e.record_id())
        .collect();
    if reverse {
        want.reverse();
    }
    want
}

/// A condition on one event, as query text and as a brute-force predicate.
#[derive(Debug, Clone)]
enum Cond {
    Provider(usize, bool),
    Id(u16),
    Level(&'static str, u8),
    Within(i64),
    Data(usize, usize),
    Band(u64),
    User,
    SysAnd(usize, u16),
    And(Box<Cond>, Box<Cond>),
    Or(Box<Cond>, Box<Cond>),
}

fn cond() -> impl Strategy<Value = Cond> {
    let leaf = prop_oneof![
        (0..PROVIDERS.len(), any::<bool>()).prop_map(|(p, pad)| Cond::Provider(p, pad)),
        prop::sample::select(IDS.to_vec()).prop_map(Cond::Id),
        Just(9999u16).prop_map(Cond::Id),
        (
            prop::sample::select(vec!["=", "!=", "<", "<=", ">", ">="]),
            0u8..6
        )
            .prop_map(|(o, l)| Cond::Level(o, l)),
        (0i64..250_000_000).prop_map(Cond::Within),
        (0..NAMES.len() - 1, 0..VALUES.len() - 1).prop_map(|(n, v)| Cond::Data(n, v)),
        prop::sample::select(vec![0x80_0000_0000_0000u64, 0x8000_0000_0000_0000, 1])
            .prop_map(Cond::Band),
        Just(Cond::User),
        (0..PROVIDERS.len(), prop::sample::select(IDS.to_vec()))
            .prop_map(|(p, i)| Cond::SysAnd(p, i)),
    ];
    leaf.prop_recursive(3, 12, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| Cond::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner).prop_map(|(a, b)| Cond::Or(Box::new(a), Box::new(b))),
        ]
    })
}

impl Cond {
    fn text(&self) -> String {
        match self {
            Cond::Provider(p, false) => format!("System[Provider[@Name='{}']]", PROVIDERS[*p]),
            // The article's scenario-3 padding: never matches.
            Cond::Provider(p, true) => format!("System[Provider[@Name=' {} ']]", PROVIDERS[*p]),
            Cond::Id(i) => format!("System[EventID={i}]"),
            Cond::Level(o, l) => format!("System[Level {o} {l}]"),
            Cond::Within(ms) => format!("System[TimeCreated[timediff(@SystemTime) <= {ms}]]"),
            Cond::Data(n, v) => format!("EventData[Data[@Name='{}']='{}']", NAMES[*n], VALUES[*v]),
            Cond::Band(k) => format!("System[band(Keywords,{k})]"),
            Cond::User => "System[Security[@UserID='s-1-5-20']]".to_string(),
            Cond::SysAnd(p, i) => format!(
                "System[Provider[@Name='{}'] and EventID={i}]",
                PROVIDERS[*p]
            ),
            Cond::And(a, b) => format!("({} and {})", a.text(), b.text()),
            Cond::Or(a, b) => format!("({} or {})", a.text(), b.text()),
        }
    }

    fn holds(&self, e: &EventRef<'_>) -> bool {
        match self {
            Cond::Provider(p, pad) => !pad && e.provider() == PROVIDERS[*p],
            Cond::Id(i) => e.event_id() == *i,
            Cond::Level(o, l) => {
                let (a, b) = (e.level(), *l);
                match *o {
                    "=" => a == b,
                    "!=" => a != b,
                    "<" => a < b,
                    "<=" => a <= b,
                    ">" => a > b,
                    _ => a >= b,
                }
            }
            Cond::Within(ms) => e.time().millis_until(now()) <= *ms,
            Cond::Data(n, v) => e
                .data()
                .iter()
                .any(|(k, x)| *k == NAMES[*n] && *x == VALUES[*v]),
            Cond::Band(k) => e.keywords() & k != 0,
            Cond::User => e.user() == Some("S-1-5-20"),
            Cond::SysAnd(p, i) => e.provider() == PROVIDERS[*p] && e.event_id() == *i,
            Cond::And(a, b) => a.holds(e) && b.holds(e),
            Cond::Or(a, b) => a.holds(e) || b.holds(e),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn always_the_engine_agrees_with_brute_force(
        before in prop::collection::vec(spec(), 0..40),
        after in prop::collection::vec(spec(), 0..40),
        c in cond(),
        star in any::<bool>(),
        reverse in any::<bool>(),
        limit in prop::option::of(1usize..5),
    ) {
        let mut parent = EventLog::default();
        for s in &before {
            parent.write(event(s), "RDS01", now());
        }
        let mut log = parent.clone();
        for s in &after {
            log.write(event(s), "RDS01", now());
        }
        prop_assert_eq!(parent.len("System"), before.len());
        let q = format!("{}[{}]", if star { "*" } else { "Event" }, c.text());
        let opts = QueryOptions { reverse, limit };
        let got: Vec<u64> = log.query_with("system", &q, now(), opts).unwrap().iter().map(|e| e.record_id()).collect();
        let mut want: Vec<u64> = log.events("System").iter().filter(|e| c.holds(e)).map(|e| e.record_id()).collect();
        if reverse {
            want.reverse();
        }
        want.truncate(limit.unwrap_or(usize::MAX));
        prop_assert_eq!(got, want, "{}", q);
    }

    #[test]
    fn always_the_parser_returns(s in "\\PC{0,80}") {
        let log = EventLog::default();
        let _ = log.query("System", &s, now());
        let _ = log.query_list(&s, now(), QueryOptions::default());
    }

    #[test]
    fn always_the_parser_returns_on_query_shaped_input(
        parts in prop::collection::vec(prop::sample::select(vec![
            "*", "Event", "[", "]", "(", ")", "/", "@", "System", "Name", "=", "!=", "<=", ">", " and ", " or ",
            "'x'", "\"y\"", "1", "2.5", "position()", "band(", "timediff(", ",", "EventData", "Data", "@Name",
        ]), 0..30)
    ) {
        let mut log = EventLog::default();
        log.write(NewEvent::new("System", "Schannel", 36870).data("Name", "x"), "H", now());
        let _ = log.query("System", &parts.concat(), now());
    }

    #[test]
    fn always_the_xml_importer_returns(s in "\\PC{0,200}", wrap in any::<bool>()) {
        let mut log = EventLog::default();
        let text = if wrap { format!("<Event><System><Channel>System</Channel>{s}</System></Event>") } else { s };
        let _ = log.import_xml(&text, "events.xml");
    }
}

proptest! {
    // Few cases, each of up to 131,073 records: enough to cross both limits every run.
    #![proptest_config(ProptestConfig::with_cases(6))]

    /// always: the engine agrees with brute force where the store changes strategy, on the
    /// fork and on the log it was forked from: a shared tail just under, at and over the
    /// 512 records copied on write (larger ones are frozen), and logs that fill a segment
    /// (65,536 records) and start the next.
    #[test]
    fn always_the_engine_agrees_with_brute_force_across_the_store_limits(
        seed in any::<u64>(),
        before in prop::sample::select(vec![511usize, 512, 513, 1_500, 65_535, 65_536]),
        after in prop::sample::select(vec![1usize, 600, 65_537]),
        conds in prop::collection::vec(cond(), 3),
        reverse in any::<bool>(),
    ) {
        let mut parent = EventLog::default();
        for i in 0..before {
            parent.write(event(&spec_at(seed, i)), "RDS01", now());
        }
        let mut log = parent.clone();
        for i in before..before + after {
            log.write(event(&spec_at(seed, i)), "RDS01", now());
        }
        prop_assert_eq!(parent.len("System"), before);
        prop_assert_eq!(log.len("System"), before + after);
        let opts = QueryOptions { reverse, limit: None };
        for c in &conds {
            let q = format!("*[{}]", c.text());
            for l in [&parent, &log] {
                let got: Vec<u64> = l.query_with("system", &q, now(), opts).unwrap().iter().map(|e| e.record_id()).collect();
                prop_assert_eq!(got, brute_force(l, c, reverse), "{}", q);
            }
        }
    }
}
