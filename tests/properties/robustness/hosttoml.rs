//! Robustness of fixture loading: `host.toml` and its sibling files.

use super::*;

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
    let mut session = Process::new(h.admin_token());
    for line in [
        "icacls C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\* /t /c",
        "reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\"",
        "sc query TermService & sc qc SessionEnv & net stop TermService /y & net start TermService",
        "wevtutil qe System /c:3 /rd:true /f:text",
    ] {
        shell::run_line(&mut h, &mut session, line);
    }
    h.reboot();
    let _ = h.rdp_connect(winsim::rdp::Client::Modern);
    let _ = h.rdp_connect(winsim::rdp::Client::Legacy);
    let ids = faults::FaultId::ALL;
    let mut h = host.fork();
    faults::inject(&mut h, &faults::Fault::new(ids[fault.index(ids.len())]));
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
