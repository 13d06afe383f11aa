//! Robustness of cmd lines and scripts.

use super::*;

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
        let mut session = Process::new(token(admin));
        let out = shell::run_line(&mut host, &mut session, &line);
        prop_assert!(out.combined().len() <= output_bound(), "{} bytes", out.combined().len());
        prop_assert_eq!(out.code, session.last_exit);

        let mut again = default_host().fork();
        let mut other = Process::new(token(admin));
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
        let mut session = Process::new(token(admin));
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
        let mut session = Process::new(token(true));
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
