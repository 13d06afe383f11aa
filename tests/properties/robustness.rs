//! Robustness: the parsers and the interpreter not covered elsewhere return on any input,
//! random or mutated from real files, and their errors say where.
//!
//! - always: loading a fixture whose `host.toml` is random or a mutated real one returns a
//!   host or an error naming a fixture file, with a line when the text is UTF-8;
//! - always: `icacls /save` files (random bytes, UTF-16 and UTF-8 text, mutated real files)
//!   parse or fail with an error naming the file;
//! - always: EVTX import of random bytes and of flipped or truncated real logs returns;
//! - always: a cmd line (random, or built from real command fragments) returns on a fork of
//!   the default host, as the administrator and as NETWORK SERVICE, with bounded output, the
//!   same output on a second fork, and an exit code that `%ERRORLEVEL%` then reports;
//! - always: a script of such lines with labels, `goto` and `exit /b` ends, and a runaway
//!   `goto` loop stops with a clear error;
//! - always: `--fault` specs parse or fail naming the valid faults;
//! - always: `fs::normalize` of any text returns, and a result is a drive path without `.`
//!   or `..` (`dotdot_never_leaves_the_volume` in `security.rs` covers drive paths built
//!   from segments; this covers arbitrary text and current folders).
//!
//! These properties are the fuzzing: proptest generates and shrinks the inputs, so no
//! `cargo fuzz` targets are needed. `PROPTEST_CASES=20000 cargo test --release --test
//! properties robustness` runs a longer campaign.

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use winsim::Host;
use winsim::commands::icacls::parse_acl_file;
use winsim::eventlog::EventLog;
use winsim::faults;
use winsim::fs::normalize;
use winsim::principals::Token;
use winsim::shell::{self, Limits, ScriptOptions, Session};

/// `cases` per property; `PROPTEST_CASES` overrides it for a longer run.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The repository root (tests run with the package root as current folder).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// How a byte string is damaged.
#[derive(Debug, Clone)]
enum Damage {
    /// XOR the byte at (position as a fraction of the length) with a non-zero mask.
    Flip(prop::sample::Index, u8),
    /// Cut the bytes at a fraction of the length.
    Truncate(prop::sample::Index),
    /// Insert a byte.
    Insert(prop::sample::Index, u8),
    /// Remove a run of up to 16 bytes.
    Remove(prop::sample::Index, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), 1u8..=255).prop_map(|(i, m)| Damage::Flip(i, m)),
        1 => any::<prop::sample::Index>().prop_map(Damage::Truncate),
        1 => (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Damage::Insert(i, b)),
        1 => (any::<prop::sample::Index>(), 1usize..16).prop_map(|(i, n)| Damage::Remove(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, damages: &[Damage]) {
    for d in damages {
        if bytes.is_empty() {
            return;
        }
        match d {
            Damage::Flip(i, m) => {
                let at = i.index(bytes.len());
                bytes[at] ^= m;
            }
            Damage::Truncate(i) => bytes.truncate(i.index(bytes.len())),
            Damage::Insert(i, b) => bytes.insert(i.index(bytes.len() + 1), *b),
            Damage::Remove(i, n) => {
                let at = i.index(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// host.toml

/// The fixtures that have a `host.toml`: (directory, its files' names and bytes).
/// A fixture's files: (name, bytes).
type Files = Vec<(String, Vec<u8>)>;

fn fixtures() -> &'static [(String, Files)] {
    static FIXTURES: OnceLock<Vec<(String, Files)>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        let mut out = Vec::new();
        let dirs = std::fs::read_dir(root().join("fixtures")).expect("fixtures/");
        let mut dirs: Vec<PathBuf> = dirs.filter_map(|e| Some(e.ok()?.path())).collect();
        dirs.sort();
        for dir in dirs {
            if !dir.join("host.toml").is_file() {
                continue;
            }
            let mut files = Vec::new();
            for e in std::fs::read_dir(&dir).expect("a fixture") {
                let p = e.expect("an entry").path();
                if p.is_file() {
                    let name = p.file_name().expect("a name").to_string_lossy().to_string();
                    files.push((name, std::fs::read(&p).expect("readable")));
                }
            }
            files.sort();
            out.push((dir.display().to_string(), files));
        }
        assert!(!out.is_empty(), "no fixture with a host.toml");
        out
    })
}

/// Lines a `host.toml` may hold, valid and not.
const TOML_LINES: &[&str] = &[
    "[host]",
    "[fixture]",
    "[broker]",
    "[[service]]",
    "[service]",
    "name = \"RDS01\"",
    "name = \"TermService\"",
    "name = \"UmRdpService\"",
    "name = \"New\"",
    "name = \"\"",
    "name = \"a b\"",
    "name = 7",
    "os = \"2008r2\"",
    "os = \"Windows Server 2022\"",
    "os = \"Windows 95\"",
    "time = \"2026-11-20T10:00:00.1234567Z\"",
    "time = \"2026-13-40T99:00:00Z\"",
    "time = \"1601-01-01T00:00:00Z\"",
    "time = \"9999-12-31T23:59:59Z\"",
    "time = \"\"",
    "seed = -1",
    "seed = 9223372036854775807",
    "seed = \"0xZZ\"",
    "seed = \"0xffffffffffffffffffff\"",
    "seed = \"\"",
    "seed = 1.5",
    "roles = []",
    "roles = [\"RDS-Connection-Broker\"]",
    "roles = \"x\"",
    "snapshot = true",
    "snapshot = \"yes\"",
    "recorded_name = \"\"",
    "recorded_name = \"OLD\"",
    "remove = true",
    "start = \"disabled\"",
    "start = \"demand_start\"",
    "start = \"bogus\"",
    "state = \"running\"",
    "state = \"start_pending\"",
    "state = \"paused\"",
    "dependencies = [\"TermService\"]",
    "dependencies = [\"Missing\", \"\"]",
    "dependencies = []",
    "type = 4294967295",
    "type = -1",
    "exit_code = 0",
    "accepts_shutdown = true",
    "account = \"\"",
    "account = \"NT Authority\\\\NetworkService\"",
    "binary_path = \"\"",
    "display_name = \"\u{1F600}\"",
    "unknown = 1",
    "# comment",
    "",
    "=",
    "\"",
    "[",
    "a.b.c = 1",
];

/// An edit of a text file, line by line (lines from a pool) or character by character.
#[derive(Debug, Clone)]
enum LineEdit {
    DeleteLine(prop::sample::Index),
    DuplicateLine(prop::sample::Index),
    InsertLine(prop::sample::Index, prop::sample::Index),
    ReplaceLine(prop::sample::Index, prop::sample::Index),
    InsertChar(prop::sample::Index, char),
    Cut(prop::sample::Index),
}

fn line_edit() -> impl Strategy<Value = LineEdit> {
    use prop::sample::Index;
    prop_oneof![
        1 => any::<Index>().prop_map(LineEdit::DeleteLine),
        1 => any::<Index>().prop_map(LineEdit::DuplicateLine),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| LineEdit::InsertLine(a, b)),
        3 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| LineEdit::ReplaceLine(a, b)),
        1 => (any::<Index>(), prop::sample::select(vec!['"', '[', ']', '=', '\n', '\\', '#', '\'', '\0', 'é']))
            .prop_map(|(a, c)| LineEdit::InsertChar(a, c)),
        1 => any::<Index>().prop_map(LineEdit::Cut),
    ]
}

fn edit_lines(text: &str, edits: &[LineEdit], pool: &[&str]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        let n = lines.len();
        match e {
            LineEdit::DeleteLine(i) if n > 0 => {
                lines.remove(i.index(n));
            }
            LineEdit::DuplicateLine(i) if n > 0 => {
                let at = i.index(n);
                lines.insert(at, lines[at].clone());
            }
            LineEdit::InsertLine(i, l) => {
                lines.insert(i.index(n + 1), pool[l.index(pool.len())].into());
            }
            LineEdit::ReplaceLine(i, l) if n > 0 => {
                lines[i.index(n)] = pool[l.index(pool.len())].into();
            }
            LineEdit::InsertChar(i, c) => {
                let mut text = lines.join("\n");
                let at = char_boundary(&text, i.index(text.len() + 1));
                text.insert(at, *c);
                lines = text.split('\n').map(str::to_string).collect();
            }
            LineEdit::Cut(i) => {
                let mut text = lines.join("\n");
                text.truncate(char_boundary(&text, i.index(text.len() + 1)));
                lines = text.split('\n').map(str::to_string).collect();
            }
            _ => {}
        }
    }
    lines.join("\n")
}

/// Lines `registry.reg` may hold, valid and not.
const REG_LINES: &[&str] = &[
    "Windows Registry Editor Version 5.00",
    "REGEDIT4",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography]",
    "\"MachineGuid\"=\"00000000-0000-0000-0000-000000000000\"",
    "\"MachineGuid\"=\"\"",
    "\"MachineGuid\"=\"..\\..\\x\"",
    "\"MachineGuid\"=\"a*b:c\"",
    "\"MachineGuid\"=\"\u{0}\"",
    "\"MachineGuid\"=dword:00000001",
    "\"MachineGuid\"=-",
    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Cryptography]",
    "[-HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates]",
    "[-HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\TermService]",
    "[-HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server]",
    "[-HKEY_LOCAL_MACHINE\\SYSTEM]",
    "[-HKEY_LOCAL_MACHINE]",
    "[HKEY_LOCAL_MACHINE\\a\\\\b]",
    "[HKEY_LOCAL_MACHINE\\]",
    "[HKEY_CURRENT_USER\\x]",
    "[HKEY_USERS\\.DEFAULT\\x]",
    "[HKEY_CLASSES_ROOT\\.txt]",
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\Remote Desktop\\Certificates\\AB]",
    "\"Blob\"=hex:00,01,02",
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp]",
    "\"SSLCertificateSHA1Hash\"=hex:01,02",
    "\"SecurityLayer\"=dword:00000007",
    "\"MinEncryptionLevel\"=\"x\"",
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server]",
    "\"Enabled\"=dword:ffffffff",
    "\"DisabledByDefault\"=hex(b):01,00,00,00,00,00,00,00",
    "\"x\"=hex(7):61,00,00,00",
    "@=\"d\"",
    "",
];

/// Lines `acl.txt` may hold: absolute paths and SDDL, valid and not.
const ACL_FILE_LINES: &[&str] = &[
    "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys",
    "C:\\ProgramData\\Microsoft\\Crypto\\RSA",
    "C:\\",
    "C:\\..\\..",
    "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\SystemCertificates\\Remote Desktop",
    "HKLM\\SYSTEM",
    "HKEY_LOCAL_MACHINE",
    "D:PAI(D;;FR;;;NS)(A;;FA;;;SY)",
    "O:NSG:NSD:P",
    "O:S-1-5-21-1-2-3-4G:BAD:AI(A;OICIID;FA;;;BA)",
    "D:(A;;FA;;;S-1-5-80-0)",
    "D:",
    "D:(",
    "",
];

/// Lines `events.xml` may hold.
const EVENT_LINES: &[&str] = &[
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Schannel'/><EventID>36870</EventID><Level>2</Level><TimeCreated SystemTime='2026-11-20T09:00:00Z'/><Channel>System</Channel><Computer>RDS01</Computer></System></Event>",
    "<Event><System><EventID>99999999</EventID><Channel></Channel></System></Event>",
    "<Event><System><TimeCreated SystemTime='9999-99-99T00:00:00Z'/><Channel>System</Channel></System></Event>",
    "<Events>",
    "</Events>",
    "<Event>",
    "</Event>",
    "<!-- -->",
    "<?xml version='1.0'?>",
    "&bogus;",
    "",
];

/// `name`'s text edited line by line, written back in its encoding (UTF-16 LE, with a BOM
/// when it had one, or UTF-8).
fn edit_sibling(name: &str, bytes: &[u8], edits: &[LineEdit]) -> Vec<u8> {
    let pool = match name {
        "registry.reg" => REG_LINES,
        "acl.txt" => ACL_FILE_LINES,
        "events.xml" => EVENT_LINES,
        _ => return bytes.to_vec(),
    };
    let bom = bytes.starts_with(&[0xFF, 0xFE]);
    let utf16 = bom || (bytes.len() >= 2 && bytes[1] == 0);
    let text = if utf16 {
        let body = if bom { &bytes[2..] } else { bytes };
        let units: Vec<u16> = body
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        String::from_utf8_lossy(bytes).into_owned()
    };
    let edited = edit_lines(&text, edits, pool).replace('\n', "\r\n");
    if utf16 {
        encode(&edited, if bom { 1 } else { 0 })
    } else {
        edited.into_bytes()
    }
}

fn char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A fixture directory under the system's temporary folder, removed when dropped.
struct TempFixture(PathBuf);

impl TempFixture {
    fn new(files: &[(String, Vec<u8>)]) -> TempFixture {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("winsim-robustness-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temporary folder");
        for (name, bytes) in files {
            std::fs::write(dir.join(name), bytes).expect("a temporary file");
        }
        TempFixture(dir)
    }
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempFixture {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// What a loaded host is used for: the article's commands, a reboot of the RDP stack, both
/// clients, and one fault. None of it may panic, whatever the fixture said.
fn exercise(host: Host, fault: prop::sample::Index) {
    let mut h = host.fork();
    let mut session = Session::new(h.admin_token());
    for line in [
        "icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\* /t /c",
        "reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\"",
        "sc query TermService & sc qc SessionEnv & net stop TermService /y & net start TermService",
        "wevtutil qe System /c:3 /rd:true /f:text",
    ] {
        shell::run_line(&mut h, &mut session, line);
    }
    faults::run(&mut h, winsim::rdp::Client::Modern);
    faults::run(&mut h, winsim::rdp::Client::Legacy);
    let catalog = faults::catalog();
    let mut h = host.fork();
    faults::inject(
        &mut h,
        &faults::Fault::new(catalog[fault.index(catalog.len())].id),
    );
}

/// Loads `files` as a fixture (and uses the host if it loads); an error must name one of them, and for `host.toml` given as
/// UTF-8 text, a line of it.
fn check_load(
    files: &[(String, Vec<u8>)],
    toml_is_text: bool,
    fault: prop::sample::Index,
) -> Result<(), TestCaseError> {
    let dir = TempFixture::new(files);
    let result = winsim::fixture::load_with_warnings(dir.path());
    let e = match result {
        Ok(loaded) => {
            exercise(loaded.host, fault);
            return Ok(());
        }
        Err(e) => e,
    };
    let shown = e.to_string();
    prop_assert!(
        !e.message.trim().is_empty(),
        "an error without a message: {}",
        shown
    );
    let named = files
        .iter()
        .find(|(name, _)| Path::new(&e.file).starts_with(dir.path().join(name)));
    prop_assert!(
        named.is_some(),
        "the error names no fixture file: {}",
        shown
    );
    let (name, bytes) = named.expect("checked");
    prop_assert!(shown.starts_with(&e.file), "{}", shown);
    if name == "host.toml" && toml_is_text {
        let lines = bytes.split(|b| *b == b'\n').count();
        prop_assert!(
            e.line >= 1 && e.line <= lines,
            "host.toml error without its line (of {}): {}",
            lines,
            shown
        );
        prop_assert!(
            shown.starts_with(&format!("{}:{}: ", e.file, e.line)),
            "{}",
            shown
        );
    }
    Ok(())
}

/// `key = value` with the value picked from `values` (valid ones first, more likely).
fn field(key: &'static str, values: &'static [&'static str]) -> BoxedStrategy<Option<String>> {
    prop::option::weighted(
        0.6,
        prop_oneof![
            4 => prop::sample::select(&values[..1]),
            1 => prop::sample::select(values),
        ],
    )
    .prop_map(move |v| v.map(|v| format!("{key} = {v}")))
    .boxed()
}

/// A required key: present 19 times out of 20.
fn required(key: &'static str, values: &'static [&'static str]) -> BoxedStrategy<Option<String>> {
    prop::option::weighted(
        0.95,
        prop_oneof![
            6 => prop::sample::select(&values[..1]),
            1 => prop::sample::select(values),
        ],
    )
    .prop_map(move |v| v.map(|v| format!("{key} = {v}")))
    .boxed()
}

/// A `host.toml` built key by key: mostly valid values, some wrong ones.
fn host_toml() -> impl Strategy<Value = String> {
    let host = (
        required("name", &["\"RDS01\"", "\"\"", "\"a b\"", "\"x/y\"", "1"]),
        required(
            "os",
            &[
                "\"Windows Server 2019\"",
                "\"2008r2\"",
                "\"2012 R2\"",
                "\"2016\"",
                "\"2022\"",
                "\"95\"",
            ],
        ),
        required(
            "time",
            &[
                "\"2026-11-20T10:00:00Z\"",
                "\"1601-01-01T00:00:00Z\"",
                "\"9999-12-31T23:59:59.9999999Z\"",
                "\"2026-02-30T00:00:00Z\"",
                "\"x\"",
            ],
        ),
        field(
            "roles",
            &[
                "[\"RDS-RD-Server\", \"RDS-Connection-Broker\"]",
                "[]",
                "[\"RDS-Connection-Broker\"]",
                "[\"x\"]",
            ],
        ),
        field(
            "seed",
            &[
                "42",
                "-1",
                "\"0x2a\"",
                "\"0xffffffffffffffffff\"",
                "\"\"",
                "9223372036854775807",
            ],
        ),
    );
    let service = (
        prop::sample::select(vec![
            "TermService",
            "SessionEnv",
            "UmRdpService",
            "Tssdis",
            "RPCSS",
            "New",
            "",
            "a\\\\b",
        ]),
        field("remove", &["true", "false"]),
        field(
            "start",
            &[
                "\"disabled\"",
                "\"auto\"",
                "\"demand\"",
                "\"boot\"",
                "\"x\"",
            ],
        ),
        field(
            "state",
            &[
                "\"stopped\"",
                "\"running\"",
                "\"start_pending\"",
                "\"stop_pending\"",
                "\"paused\"",
            ],
        ),
        field(
            "account",
            &[
                "\"NT Authority\\\\NetworkService\"",
                "\"LocalSystem\"",
                "\"\"",
                "\"nobody\"",
            ],
        ),
        field(
            "dependencies",
            &[
                "[\"RPCSS\"]",
                "[]",
                "[\"TermService\"]",
                "[\"New\"]",
                "[\"Missing\", \"\"]",
            ],
        ),
        field("type", &["32", "16", "0", "4294967295"]),
        field("exit_code", &["1077", "0", "4294967295"]),
        field("accepts_shutdown", &["true"]),
    )
        .prop_map(|(name, a, b, c, d, e, f, g, h)| {
            let mut out = format!("[[service]]\nname = \"{name}\"\n");
            for l in [a, b, c, d, e, f, g, h].into_iter().flatten() {
                out.push_str(&l);
                out.push('\n');
            }
            out
        });
    (
        host,
        field("snapshot", &["false", "true"]),
        field("recorded_name", &["\"RDS01\"", "\"OLD\"", "\"\""]),
        prop::collection::vec(service, 0..4),
    )
        .prop_map(
            |((name, os, time, roles, seed), snapshot, recorded, services)| {
                let mut out = String::from("[host]\n");
                for l in [name, os, time, roles, seed].into_iter().flatten() {
                    out.push_str(&l);
                    out.push('\n');
                }
                if let Some(s) = snapshot {
                    out.push_str(&format!("[fixture]\n{s}\n"));
                }
                if let Some(r) = recorded {
                    out.push_str(&format!("[broker]\n{r}\n"));
                }
                out.extend(services);
                out
            },
        )
}

proptest! {
    #![proptest_config(config(64))]

    /// always: a mutated real `host.toml` (with or without its fixture's other files) loads
    /// or fails with `host.toml:line: ...` (or the location in another fixture file).
    #[test]
    fn always_a_mutated_host_toml_loads_or_names_its_line(
        pick in any::<prop::sample::Index>(),
        edits in prop::collection::vec(line_edit(), 1..6),
        siblings in any::<bool>(),
        sibling_edits in prop::collection::vec(line_edit(), 0..4),
        fault in any::<prop::sample::Index>(),
    ) {
        let (_, files) = &fixtures()[pick.index(fixtures().len())];
        let toml = files.iter().find(|(n, _)| n == "host.toml").expect("host.toml");
        let text = edit_lines(std::str::from_utf8(&toml.1).expect("UTF-8"), &edits, TOML_LINES);
        let mut set = vec![("host.toml".to_string(), text.into_bytes())];
        if siblings {
            for (name, bytes) in files.iter().filter(|(n, _)| n != "host.toml") {
                set.push((name.clone(), edit_sibling(name, bytes, &sibling_edits)));
            }
        }
        check_load(&set, true, fault)?;
    }

    /// always: a `host.toml` built key by key, with another fixture's (edited) files, loads
    /// and the host can be used, or the load fails with the location of what is wrong.
    #[test]
    fn always_a_generated_host_toml_loads_or_names_its_line(
        text in host_toml(),
        pick in any::<prop::sample::Index>(),
        sibling_edits in prop::collection::vec(line_edit(), 0..3),
        fault in any::<prop::sample::Index>(),
    ) {
        let (_, files) = &fixtures()[pick.index(fixtures().len())];
        let mut set = vec![("host.toml".to_string(), text.into_bytes())];
        for (name, bytes) in files.iter().filter(|(n, _)| n != "host.toml") {
            set.push((name.clone(), edit_sibling(name, bytes, &sibling_edits)));
        }
        check_load(&set, true, fault)?;
    }

    /// always: random text and damaged bytes as `host.toml` fail with a location, never panic.
    #[test]
    fn always_random_host_toml_fails_with_a_location(
        text in "(\\[host\\]\n|name = |os = |time = |\"[^\"]{0,12}\"|[ -~\n\t]{0,20}){0,8}",
        bytes in prop::collection::vec(any::<u8>(), 0..64),
        raw in any::<bool>(),
        fault in any::<prop::sample::Index>(),
    ) {
        if raw {
            check_load(&[("host.toml".to_string(), bytes)], false, fault)?;
        } else {
            check_load(&[("host.toml".to_string(), text.into_bytes())], true, fault)?;
        }
    }
}

// ---------------------------------------------------------------------------------------
// icacls /save

const ACL_LINES: &[&str] = &[
    "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys",
    "MachineKeys",
    "f686aace6942fb7f7ceb231212eef4a4_c5d2b969-b61a-4159-8f78-6391a1c805db",
    "HKEY_LOCAL_MACHINE\\SOFTWARE",
    "",
    "D:PAI(A;;FA;;;SY)(A;;0x120089;;;NS)",
    "D:(D;OICI;FR;;;NS)",
    "O:BAG:SYD:AI(A;ID;FA;;;BA)",
    "D:P",
    "D:(A;;;;;)",
    "D:(A;;0xFFFFFFFFF;;;S-1-5-21-1-2-3-4294967296)",
    "D:(XA;;FA;;;WD;(Member_of {SID(BA)}))",
    "S:(AU;SA;FA;;;WD)",
    "D:(A;;GA;;;S-1-)",
    "D:(",
    "(A;;FA;;;SY)",
];

/// Text in the `icacls /save` shape: lines from real files and broken SDDL.
fn acl_text() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        3 => prop::sample::select(ACL_LINES).prop_map(str::to_string),
        1 => "[ -~é\u{FFFF}]{0,24}",
    ];
    (
        prop::collection::vec(line, 0..8),
        prop::sample::select(vec!["\r\n", "\n", "\r"]),
    )
        .prop_map(|(lines, eol)| lines.join(eol))
}

/// How text is written to bytes.
fn encode(text: &str, how: u8) -> Vec<u8> {
    let utf16 = |bom: bool| {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    match how % 4 {
        0 => utf16(false),
        1 => utf16(true),
        2 => text.as_bytes().to_vec(),
        _ => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
    }
}

fn check_acl(bytes: &[u8]) -> Result<(), TestCaseError> {
    match parse_acl_file(bytes, "acl.txt") {
        Ok(entries) => prop_assert!(entries.len() <= bytes.len() / 2 + 1),
        Err(e) => {
            prop_assert_eq!(&e.file, "acl.txt");
            prop_assert!(e.to_string().starts_with("acl.txt"), "{}", e);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// always: `icacls /save` text in any encoding parses or fails naming `acl.txt`.
    #[test]
    fn always_an_acl_file_parses_or_names_the_file(text in acl_text(), how in any::<u8>()) {
        check_acl(&encode(&text, how))?;
    }

    /// always: random bytes and damaged real `icacls /save` files never panic the parser.
    #[test]
    fn always_damaged_acl_bytes_return(
        random in prop::collection::vec(any::<u8>(), 0..96),
        damages in prop::collection::vec(damage(), 1..6),
        real in any::<bool>(),
    ) {
        if real {
            let mut bytes = std::fs::read(root().join("fixtures/machinekeys-deny/acl.txt"))
                .expect("the fixture's acl.txt");
            apply(&mut bytes, &damages);
            check_acl(&bytes)?;
        } else {
            check_acl(&random)?;
        }
    }
}

// ---------------------------------------------------------------------------------------
// EVTX

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

// ---------------------------------------------------------------------------------------
// cmd lines and scripts

/// The default host, built once; every case runs on a fork.
fn default_host() -> &'static Host {
    static HOST: OnceLock<Host> = OnceLock::new();
    HOST.get_or_init(|| Host::builder().build())
}

/// Paths, real and awkward: folders and files of the default host, `..`, wildcards, devices.
const PATHS: &[&str] = &[
    "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys",
    "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\*",
    "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686*",
    "\"C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\"",
    "C:\\ProgramData",
    "C:\\Windows\\..\\..\\..\\x",
    "C:\\Windows\\System32\\..\\.\\system32",
    "..\\..",
    "..",
    ".",
    "C:\\temp\\a b\\f.txt",
    "\"C:\\temp\\a b\"",
    "C:\\temp",
    "C:\\temp\\*.txt",
    "C:\\*",
    "C:\\",
    "C:",
    "*",
    "?",
    "x?y*",
    "D:\\",
    "\\\\server\\share",
    "nul",
    "con",
    "%TEMP%",
    "%TEMP%\\o.txt",
    "o.txt",
    "C:\\a<b",
    "\u{e9}\u{FFFF}",
];

const ACES: &[&str] = &[
    "\"NETWORK SERVICE\":(R)",
    "\"NT SERVICE\\TermService\":(F)",
    "\"NT AUTHORITY\\NETWORK SERVICE\":(OI)(CI)(RX)",
    "*S-1-5-20:F",
    "*S-1-5-21-1-2-3-500:(M)",
    "*S-1-5-:F",
    "Administrators:(OI)(CI)F",
    "Everyone:(D)",
    "Everyone:(IO)(NP)(GR,WD)",
    "SYSTEM:(OI)(CI)(Q)",
    "nobody:(X)",
    "Users:",
    ":F",
    "Users",
];

const KEYS: &[&str] = &[
    "HKLM\\SOFTWARE\\Microsoft\\Cryptography",
    "\"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\"",
    "\"HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server\"",
    "HKLM\\SOFTWARE\\New\\..\\Key",
    "HKLM",
    "HKU",
    "HKCU\\x",
    "HKLM\\",
    "\\\\server\\HKLM\\x",
    "NOPE\\x",
];

const SERVICES: &[&str] = &[
    "TermService",
    "SessionEnv",
    "UmRdpService",
    "RPCSS",
    "CertPropSvc",
    "nosuch",
    "\"\"",
];

const CHANNELS: &[&str] = &[
    "System",
    "Application",
    "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational",
    "Microsoft-Windows-TerminalServices-SessionBroker/Admin",
    "No/Such",
];

/// A command and arguments from its own vocabulary (and a few from anywhere).
fn command() -> BoxedStrategy<String> {
    fn pick(items: &'static [&'static str]) -> BoxedStrategy<String> {
        prop::sample::select(items).prop_map(str::to_string).boxed()
    }
    fn words(name: &'static str, args: Vec<BoxedStrategy<String>>) -> BoxedStrategy<String> {
        let n = args.len() as u32;
        // The command's own words 8 times out of 9, noise (the last strategy) otherwise.
        let weighted: Vec<(u32, BoxedStrategy<String>)> = args
            .into_iter()
            .enumerate()
            .map(|(i, a)| (if i + 1 == n as usize { n } else { 8 }, a))
            .collect();
        prop::collection::vec(prop::strategy::Union::new_weighted(weighted), 0..7)
            .prop_map(move |a| {
                let mut line = name.to_string();
                for w in a {
                    line.push(' ');
                    line.push_str(&w);
                }
                line
            })
            .boxed()
    }
    let noise = || prop_oneof![1 => Just("/?".to_string()), 4 => "[ -~]{0,4}"].boxed();
    prop_oneof![
        words("icacls", vec![
            pick(PATHS), pick(PATHS), pick(ACES), pick(ACES),
            pick(&["/grant", "/grant:r", "/deny", "/remove", "/remove:g", "/remove:d", "/reset",
                "/t", "/c", "/q", "/l", "/save", "/restore", "/setowner", "Administrators",
                "/inheritance:r", "/inheritance:e", "/inheritance:d", "/findsid", "/verify",
                "C:\\temp\\acl.txt", "C:\\ProgramData\\acl.txt"]),
            noise(),
        ]),
        words("takeown", vec![
            pick(PATHS), pick(&["/f", "/r", "/a", "/d", "y", "n", "/s", "/u", "/skipsl"]), noise(),
        ]),
        words("reg", vec![
            pick(&["query", "add", "delete", "export", "import", "copy", "save", "compare"]),
            pick(KEYS), pick(KEYS),
            pick(&["/v", "/ve", "/t", "REG_DWORD", "REG_SZ", "REG_MULTI_SZ", "REG_BINARY",
                "REG_QWORD", "REG_EXPAND_SZ", "REG_NONE", "/d", "0x10", "4294967296", "a\\0b",
                "fe,ff", "/f", "/s", "/se", "#", "/reg:64", "/y", "Enabled", "MachineGuid",
                "C:\\temp\\x.reg", "C:\\ProgramData\\x.reg"]),
            noise(),
        ]),
        words("sc", vec![
            pick(&["query", "queryex", "qc", "start", "stop", "config", "sdshow", "qdescription",
                "\\\\RDS01", "type=", "service", "state=", "all", "inactive"]),
            pick(SERVICES),
            pick(&["start=", "auto", "demand", "disabled", "delayed-auto", "depend=", "RPCSS", "depend= TermService", "depend= UmRdpService/RPCSS",
                "obj=", "LocalSystem", "binPath=", "x.exe", "start=auto"]),
            noise(),
        ]),
        words("net", vec![
            pick(&["start", "stop", "user", "localgroup", "helpmsg", "5", "1058", "use"]),
            pick(SERVICES),
            pick(&["/y", "/n", "Administrators", "\"Remote Desktop Services\""]),
            noise(),
        ]),
        words("wevtutil", vec![
            pick(&["qe", "gl", "el", "cl", "gli", "epl", "query-events", "get-log"]),
            pick(CHANNELS),
            pick(&["/rd:true", "/rd:false", "/c:3", "/c:0", "/c:-1", "/c:x", "/f:text",
                "/f:xml", "/f:RenderedXml", "/e:Events", "/uni:true", "/lf:true", "/sq:true",
                "\"/q:*[System[(EventID=36870) and TimeCreated[timediff(@SystemTime) <= 86400000]]]\"",
                "\"/q:*[System[Provider[@Name='Schannel']]]\"",
                "/q:*[System[(Level=2 or Level=3)]]",
                "\"/q:*[EventData[Data[@Name='param1']='x']]\"",
                "/q:*[", "/q:"]),
            noise(),
        ]),
        words("type", vec![pick(PATHS), noise()]),
        words("dir", vec![pick(PATHS), pick(&["/s", "/b", "/a", "/a:d", "/q", "/o:n", "/w"]), noise()]),
        words("mkdir", vec![pick(PATHS), noise()]),
        words("cd", vec![pick(PATHS), pick(&["/d"]), noise()]),
        words("echo", vec![
            pick(&["hello", "on", "off", ".", "%ERRORLEVEL%", "%PATH:~0,3%", "%NOSUCH%", "%",
                "%%", "^", "^&", "^\"", "\"a & b\"", "\u{e9}\u{FFFF}"]),
            noise(),
        ]),
        words("set", vec![pick(&["x=1", "x=", "X", "=", "/a", "/p", "errorlevel=5", "p"]), noise()]),
        words("more", vec![pick(PATHS), noise()]),
        words("whoami", vec![pick(&["/user", "/groups", "/priv", "/all", "/fo", "csv"])]),
        pick(&["ver", "hostname", "cls", "rem x", "pause", "title t", "nosuch", "ICACLS.EXE", "net1 start", "REG.exe query HKLM"]),
    ]
    .boxed()
}

const OPERATORS: &[&str] = &[" & ", " && ", " || ", " | ", "&", "|", "&&"];

const REDIRECTIONS: &[&str] = &[
    " > C:\\temp\\o.txt",
    " >> %TEMP%\\o.txt",
    ">nul",
    " 2>&1",
    " 2>nul",
    " 1>&2",
    " > C:\\ProgramData\\o.txt",
    " < C:\\nosuch.txt",
    " >",
    " 2>",
    " > \"C:\\a b\"",
    "| more",
];

/// A cmd line: statements built from real commands, joined and redirected, or random text.
fn cmd_line() -> impl Strategy<Value = String> {
    let statement = (
        command(),
        prop::collection::vec(prop::sample::select(REDIRECTIONS), 0..2),
        prop::sample::select(vec!["", "", "", "", "", "", "@", "(", " "]),
    )
        .prop_map(|(c, r, prefix)| format!("{prefix}{c}{}", r.concat()));
    let built = (
        statement.clone(),
        prop::collection::vec((prop::sample::select(OPERATORS), statement), 0..3),
    )
        .prop_map(|(first, rest)| {
            let mut line = first;
            for (op, s) in rest {
                line.push_str(op);
                line.push_str(&s);
            }
            line
        });
    prop_oneof![8 => built, 1 => "[ -~]{0,40}", 1 => any::<String>()]
}

/// Output no run may exceed: the interpreter's bound and its stop message.
fn output_bound() -> usize {
    Limits::default().max_output + 4096
}

fn token(admin: bool) -> Token {
    if admin {
        default_host().admin_token()
    } else {
        Token::network_service()
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// always: a cmd line returns with bounded output, the same output on an identical fork,
    /// and an exit code that is the session's `%ERRORLEVEL%`.
    #[test]
    fn always_a_cmd_line_returns_bounded_and_consistent(line in cmd_line(), admin in any::<bool>()) {
        let mut host = default_host().fork();
        let mut session = Session::new(token(admin));
        let out = shell::run_line(&mut host, &mut session, &line);
        prop_assert!(out.combined().len() <= output_bound(), "{} bytes", out.combined().len());
        prop_assert_eq!(out.code, session.last_exit);

        let mut again = default_host().fork();
        let mut other = Session::new(token(admin));
        prop_assert_eq!(&shell::run_line(&mut again, &mut other, &line), &out);

        if session.env.get("ERRORLEVEL").is_none() {
            let shown = shell::run_line(&mut host, &mut session, "echo %ERRORLEVEL%");
            prop_assert_eq!(shown.stdout(), format!("{}\n", out.code));
        }
    }
}

/// A script line: a command line, a label, a `goto`, an `exit /b`, `@echo`.
fn script_line() -> impl Strategy<Value = String> {
    let label = prop::sample::select(vec!["a", "b", "end", "eof", ":eof", "A", "missing"]);
    prop_oneof![
        4 => cmd_line(),
        2 => label.clone().prop_map(|l| format!(":{l}")),
        2 => label.prop_map(|l| format!("goto {l}")),
        1 => (0u32..300).prop_map(|n| format!("exit /b {n}")),
        1 => Just("exit /b".to_string()),
        1 => Just("@echo off".to_string()),
        1 => Just("echo on".to_string()),
        1 => Just("set x=1 ^".to_string()),
    ]
}

proptest! {
    #![proptest_config(config(64))]

    /// always: a script of real lines, labels and jumps ends within its bounds, and its exit
    /// code is the session's `%ERRORLEVEL%`.
    #[test]
    fn always_a_script_ends_within_its_bounds(
        lines in prop::collection::vec(script_line(), 0..12),
        admin in any::<bool>(),
        crlf in any::<bool>(),
    ) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        let mut host = default_host().fork();
        let mut session = Session::new(token(admin));
        let limits = Limits { max_statements: 200, ..Limits::default() };
        let options = ScriptOptions { echo: true, limits: Some(limits), ..ScriptOptions::default() };
        let out = shell::run_script_with(&mut host, &mut session, &text, &options);
        prop_assert!(out.combined().len() <= output_bound());
        prop_assert_eq!(out.code, session.last_exit);
    }

    /// always: a `goto` loop with no way out stops at the default bound with a clear error.
    #[test]
    fn always_a_runaway_goto_loop_stops_with_a_clear_error(
        body in prop::collection::vec(prop::sample::select(vec![
            "echo x", "rem x", "ver >nul", "cd", "echo %ERRORLEVEL% >nul", "set y=2",
        ]), 0..3),
        label in "[a-z]{1,8}",
    ) {
        let text = format!(":{label}\r\n{}\r\ngoto {label}\r\n", body.join("\r\n"));
        let mut host = default_host().fork();
        let mut session = Session::new(token(true));
        let out = shell::run_script(&mut host, &mut session, &text);
        let max = Limits::default().max_statements;
        prop_assert!(
            out.stderr().ends_with(&format!("kbsim: the run was stopped: more than {max} lines were run.\n"))
                || out.stderr().ends_with(&format!("kbsim: the run was stopped: more than {max} commands were run.\n")),
            "{}",
            out.stderr()
        );
        prop_assert_eq!(out.code, 1);
    }
}

// ---------------------------------------------------------------------------------------
// --fault specs and paths

fn fault_spec() -> impl Strategy<Value = String> {
    let ids: Vec<&'static str> = faults::catalog().iter().map(|e| e.id).collect();
    let id = prop_oneof![
        3 => prop::sample::select(ids),
        1 => Just("nosuch"),
        1 => Just(""),
    ];
    let variant = prop_oneof![
        Just(String::new()),
        Just(":".to_string()),
        Just(":container-only".to_string()),
        Just(":default".to_string()),
        "[:][ -~é]{0,8}",
    ];
    let age = prop_oneof![
        Just(String::new()),
        Just("@".to_string()),
        Just("@48h".to_string()),
        Just("@99999999999999999999d".to_string()),
        Just("@18446744073709551615s".to_string()),
        Just("@3é".to_string()),
        "@[0-9]{0,21}[smhdé€x]?",
    ];
    prop_oneof![
        4 => (id, variant, age).prop_map(|(i, v, a)| format!("{i}{v}{a}")),
        1 => any::<String>(),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// always: a `--fault` spec gives a catalog fault or an error naming `--fault` and the
    /// valid faults.
    #[test]
    fn always_a_fault_spec_parses_or_names_the_valid_faults(spec in fault_spec()) {
        match faults::parse(&spec) {
            Ok(f) => prop_assert!(faults::catalog().iter().any(|e| e.id == f.id)),
            Err(e) => {
                prop_assert_eq!(&e.file, "--fault");
                prop_assert!(e.message.contains("valid faults: "), "{}", e);
            }
        }
    }

    /// always: any text normalizes to a drive path without `.` or `..` segments, or fails.
    #[test]
    fn always_a_normalized_path_is_a_clean_drive_path(
        path in prop_oneof![
            any::<String>(),
            "([a-zA-Z]:)?([\\\\/]|\\.\\.|\\.|[a-z ]{1,3}|[:*?<>|\"]|é){0,10}",
        ],
        cwd in prop_oneof![
            Just("C:\\Windows\\system32".to_string()),
            Just("D:\\".to_string()),
            any::<String>(),
            "[a-zA-Z]:([\\\\/]|\\.\\.|[a-z]{1,3}){0,6}",
        ],
    ) {
        if let Ok(p) = normalize(&path, &cwd) {
            let mut chars = p.chars();
            prop_assert!(chars.next().is_some_and(|c| c.is_ascii_uppercase()), "{}", p);
            prop_assert!(p[1..].starts_with(":\\"), "{}", p);
            prop_assert!(p[3..].split('\\').all(|s| s != "." && s != ".." && (p.len() == 3 || !s.is_empty())), "{}", p);
        }
    }
}
