//! The `kbsim` binary as a user runs it: exit codes, stdout and stderr.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn kbsim(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kbsim"))
        .args(args)
        .current_dir(root())
        .env_remove("KBSIM_SEED")
        .output()
        .expect("the kbsim binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const RDP_TCP: &str = r"HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp";
const MACHINE_KEYS: &str = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys";
const TLS10_SERVER: &str =
    r"HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server";

/// `kbsim exec [FIXTURE] -- reg query KEY /v VALUE` (the default host without a fixture).
fn reg_query(fixture: Option<&str>, key: &str, value: &str) -> Output {
    let mut args: Vec<&str> = vec!["exec"];
    args.extend(fixture);
    args.extend(["--", "reg", "query", key, "/v", value]);
    kbsim(&args)
}

#[test]
fn icacls_lists_machinekeys() {
    let o = kbsim(&["exec", "--", "icacls", MACHINE_KEYS]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with(&format!("{MACHINE_KEYS} ")), "{out}");
    assert!(
        out.ends_with("Successfully processed 1 files; Failed processing 0 files\n"),
        "{out}"
    );
}

#[test]
fn reg_query_prints_the_port_and_a_missing_value_fails() {
    let o = reg_query(None, RDP_TCP, "PortNumber");
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).contains("\n    PortNumber    REG_DWORD    0xd3d\n"),
        "{}",
        stdout(&o)
    );
    let o = reg_query(None, RDP_TCP, "NoSuchValue");
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        "ERROR: The system was unable to find the specified registry key or value.\n"
    );
}

#[test]
fn one_word_is_a_whole_line_with_operators() {
    // cmd expands %ERRORLEVEL% when it reads the line, before anything runs: 0 here.
    let o = kbsim(&["exec", "--", r"nosuchtool || echo fallback %ERRORLEVEL%"]);
    assert_eq!(stdout(&o), "fallback 0\n");
    assert!(
        stderr(&o).starts_with("'nosuchtool' is not recognized"),
        "{}",
        stderr(&o)
    );
    // echo keeps %ERRORLEVEL% (9009), which does not fit an exit code: kbsim exits 1.
    assert_eq!(o.status.code(), Some(1));
    // Codes above 255 exit 1; the exact code is what %ERRORLEVEL% shows.
    let o = kbsim(&["exec", "--", "exit /b 9009"]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn network_service_is_denied_the_key_file_of_machinekeys_deny() {
    let key = format!(
        "{MACHINE_KEYS}\\f686aace6942fb7f7ceb231212eef4a4_c5d2b969-b61a-4159-8f78-6391a1c805db"
    );
    let o = kbsim(&[
        "exec",
        "fixtures/machinekeys-deny",
        "--as",
        r"NT AUTHORITY\NETWORK SERVICE",
        "--",
        "type",
        &key,
    ]);
    assert_eq!(stderr(&o), "Access is denied.\n");
    assert_eq!(o.status.code(), Some(1));
    let o = kbsim(&["connect", "fixtures/machinekeys-deny"]);
    assert_eq!(o.status.code(), Some(1));
    let o = kbsim(&["connect", "fixtures/healthy"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(
        stdout(&o).starts_with("Connected: TLS 1.2, certificate CN=RDS01 ("),
        "{}",
        stdout(&o)
    );
}

#[test]
fn tls10_disabled_shows_in_reg_query() {
    let o = reg_query(Some("fixtures/tls10-disabled"), TLS10_SERVER, "Enabled");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("    Enabled    REG_DWORD    0x0\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn malformed_fixtures_exit_2_with_file_and_line() {
    for (dir, file_line) in [
        (
            "tests/data/bad-host-toml",
            "host.toml:5: unknown field `role`",
        ),
        ("tests/data/bad-reg", "registry.reg:5: "),
        ("tests/data/bad-acl", "acl.txt:3: "),
    ] {
        let o = kbsim(&["exec", dir, "--", "ver"]);
        assert_eq!(o.status.code(), Some(2), "{dir}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(
            err.starts_with(&format!("kbsim: {dir}/{file_line}")),
            "{err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let o = kbsim(&["exec", "tests/data/no-such-fixture", "--", "ver"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no such fixture directory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn faults_are_listed_and_unknown_ones_refused() {
    let o = kbsim(&["faults"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l.starts_with("machinekeys-acl  ")),
        "{out}"
    );
    assert!(out.lines().count() >= 8, "{out}");
    let o = kbsim(&["exec", "--fault", "no-such-fault", "--", "ver"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no-such-fault"), "{}", stderr(&o));
}

#[test]
fn scripts_run_from_disk_cmd_and_ps1() {
    let dir = std::env::temp_dir().join(format!("kbsim-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let script = dir.join("probe.cmd");
    std::fs::write(
        &script,
        "@echo off\r\necho start > c:\\temp\\log.txt\r\necho went on\r\nexit /b 4\r\n",
    )
    .unwrap();
    let o = kbsim(&["run", "fixtures/healthy", script.to_str().unwrap()]);
    assert_eq!(stdout(&o), "went on\n");
    assert_eq!(stderr(&o), "The system cannot find the path specified.\n");
    assert_eq!(o.status.code(), Some(4));
    let ps1: PathBuf = dir.join("x.ps1");
    std::fs::write(&ps1, "Write-Output 1").unwrap();
    let o = kbsim(&["run", ps1.to_str().unwrap()]);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("1\n", Some(0)));
    let txt: PathBuf = dir.join("x.txt");
    std::fs::write(&txt, "echo 1").unwrap();
    let o = kbsim(&["run", txt.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "only .ps1, .cmd and .bat are scripts"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_writes_a_fixture_that_loads_again() {
    let dir = std::env::temp_dir().join(format!("kbsim-cli-export-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("host");
    let o = kbsim(&["export", "fixtures/tls10-disabled", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = reg_query(out.to_str(), TLS10_SERVER, "Enabled");
    assert!(stdout(&o).contains("0x0"), "{}{}", stdout(&o), stderr(&o));
    let o = kbsim(&["export", out.to_str().unwrap()]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "an existing fixture is not overwritten without --force"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_writes_system_evtx_that_the_evtx_crate_reads_with_the_schannel_36870() {
    let dir = std::env::temp_dir().join(format!("kbsim-cli-evtx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.join("out");
    let o = kbsim(&[
        "export",
        "--fault",
        "machinekeys-acl",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let bytes = std::fs::read(out.join("System.evtx")).expect("OUT/System.evtx");
    let mut parser = evtx::EvtxParser::from_buffer(bytes)
        .expect("an EVTX file")
        .with_configuration(evtx::ParserSettings::new().validate_checksums(true));
    let (mut schannel, mut records) = (0, 0);
    for r in parser.records() {
        let r = r.expect("every record reads");
        records += 1;
        if r.data.contains("<Provider Name=\"Schannel\"") && r.data.contains(">36870</EventID>") {
            schannel += 1;
        }
    }
    assert!(
        records > 0 && schannel > 0,
        "{records} records, {schannel} 36870"
    );
    // Loaded back, the host still shows the 36870 the article's query looks for.
    let o = kbsim(&[
        "exec",
        out.to_str().unwrap(),
        "--",
        "wevtutil",
        "qe",
        "system",
        "/c:1",
        "/f:text",
        "/q:Event[System[Provider[@Name='Schannel'] and EventID=36870]]",
    ]);
    assert!(
        stdout(&o).contains("Event ID: 36870"),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn the_shell_takes_commands_and_answers_from_stdin() {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kbsim"))
        .args(["shell"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"cd C:\\ProgramData\r\necho %CD%\r\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let out = stdout(&o);
    assert!(
        out.starts_with("C:\\Windows\\system32>cd C:\\ProgramData"),
        "{out}"
    );
    assert!(
        out.contains("C:\\ProgramData>echo %CD%\nC:\\ProgramData\n"),
        "{out}"
    );
}

#[test]
fn a_script_answers_prompts_through_piped_standard_input() {
    let dir = std::env::temp_dir().join(format!("kbsim-stdin-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let script = dir.join("answer.cmd");
    let text = format!(
        "@echo off\r\necho y| reg delete \"{RDP_TCP}\" /v PortNumber\r\nreg query \"{RDP_TCP}\" /v PortNumber\r\necho query=%ERRORLEVEL%\r\necho y| net stop TermService\r\nsc query UmRdpService\r\n"
    );
    std::fs::write(&script, text).expect("write the script");
    let o = kbsim(&["run", script.to_str().expect("UTF-8 temp path")]);
    std::fs::remove_dir_all(&dir).ok();
    let out = stdout(&o);
    assert!(
        out.contains("(Yes/No)? The operation completed successfully.\n"),
        "{out}"
    );
    assert!(out.contains("query=1\n"), "the value is gone: {out}");
    assert!(
        out.contains(
            "The Remote Desktop Services UserMode Port Redirector service was stopped successfully."
        ),
        "{out}"
    );
    assert!(out.contains("STATE              : 1  STOPPED"), "{out}");
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// `kbsim ARGS > /dev/full`: the output is lost, so the run fails, without a panic.
#[cfg(target_os = "linux")] // /dev/full is Linux's.
fn to_full_disk(args: &[&str]) -> Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full opens");
    Command::new(env!("CARGO_BIN_EXE_kbsim"))
        .args(args)
        .current_dir(root())
        .env_remove("KBSIM_SEED")
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .expect("the kbsim binary runs")
}

#[test]
#[cfg(target_os = "linux")]
fn output_lost_to_a_full_disk_is_a_failure_not_a_panic() {
    for args in [
        &["faults"][..],
        &["exec", "--", "ver"],
        &["connect"],
        &["export", "--help"],
    ] {
        let o = to_full_disk(args);
        let code = o.status.code();
        if args.contains(&"--help") {
            // clap prints help itself; what matters is that nothing panics.
            assert_ne!(code, Some(101), "{args:?}: {}", stderr(&o));
            continue;
        }
        assert_eq!(code, Some(1), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("kbsim: cannot write to standard output: "),
            "{args:?}: {}",
            stderr(&o)
        );
    }
}

#[test]
#[cfg(unix)] // A pipe whose reader has gone gives EPIPE on Unix.
fn a_closed_pipe_ends_the_shell_with_a_failure_not_a_panic() {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_kbsim"))
        .arg("shell")
        .current_dir(root())
        .env_remove("KBSIM_SEED")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kbsim shell starts");
    let mut input = child.stdin.take().expect("stdin");
    drop(child.stdout.take()); // the reader goes away before anything is read
    let lines = "ver\r\n".repeat(20_000);
    let _ = input.write_all(lines.as_bytes());
    drop(input);
    let o = child.wait_with_output().expect("kbsim shell ends");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("Broken pipe"), "{}", stderr(&o));
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}{}", stdout(o), stderr(o)))
}

#[test]
fn diagnose_json_names_the_finding_its_evidence_and_its_remedy() {
    let o = kbsim(&["diagnose", "--fault", "ssl-thumbprint-mismatch", "--json"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "a finding is exit 1: {}",
        stderr(&o)
    );
    let d = json(&o);
    assert_eq!(d["host"], "RDS01");
    assert_eq!(d["rdp"]["connects"], false);
    assert!(
        d["rdp"]["error"]
            .as_str()
            .unwrap()
            .contains("can't connect")
    );
    let findings = d["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{d:#}");
    let f = &findings[0];
    assert_eq!(f["id"], "ssl-thumbprint-mismatch");
    assert_eq!(f["confirmed"], true);
    let kinds: Vec<&str> = f["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"event") && kinds.contains(&"fact"),
        "{kinds:?}"
    );
    assert!(
        f["remedy"][0]["script"]
            .as_str()
            .unwrap()
            .contains("/v SSLCertificateSHA1Hash /f"),
        "{f:#}"
    );
}

#[test]
fn diagnose_a_healthy_host_finds_nothing_and_exits_0() {
    let o = kbsim(&["diagnose"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).contains("No findings."), "{}", stdout(&o));
}

#[test]
fn remediate_json_lists_steps_changes_and_the_host_afterwards() {
    let o = kbsim(&["remediate", "--fault", "machinekeys-deny-ace", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = json(&o);
    assert_eq!(r["before"]["findings"][0]["id"], "machinekeys-deny-ace");
    assert_eq!(r["steps"].as_array().unwrap().len(), 1, "{r:#}");
    assert_eq!(r["steps"][0]["exit"], 0);
    assert_eq!(r["results"][0]["outcome"], "fixed");
    let changes = r["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{r:#}");
    assert_eq!(changes[0]["kind"], "acl");
    assert!(
        changes[0]["before"]
            .as_str()
            .unwrap()
            .contains("(D;;FR;;;NS)")
    );
    assert!(!changes[0]["after"].as_str().unwrap().contains("(D;"));
    assert_eq!(r["after"]["rdp"]["connects"], true);
    assert_eq!(r["after"]["findings"].as_array().unwrap().len(), 0);
}

#[test]
fn check_on_one_os_prints_a_row_per_fault_form() {
    let o = kbsim(&["check", "--os", "2019", "--json"]);
    let r = json(&o);
    let results = r["results"].as_array().unwrap();
    let forms = winsim::faults::Fault::every_form().count();
    assert_eq!(results.len(), forms);
    for row in results {
        for field in [
            "fault",
            "connects_before",
            "findings",
            "steps",
            "connects_after",
            "passed",
            "micros",
        ] {
            assert!(row.get(field).is_some(), "{field} missing in {row:#}");
        }
    }
    let passed = results.iter().all(|x| x["passed"] == true);
    assert_eq!(o.status.code(), Some(if passed { 0 } else { 1 }));
    let ssl = results
        .iter()
        .find(|x| x["fault"] == "ssl-thumbprint-mismatch")
        .unwrap();
    assert_eq!(ssl["passed"], true, "{ssl:#}");
    assert_eq!(ssl["connects_before"], false);
    assert_eq!(ssl["connects_after"], true);
}

/// A scratch directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("kbsim-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
#[cfg(unix)]
fn a_fixture_link_to_a_file_outside_is_an_error_naming_the_link() {
    let dir = scratch("link-fixture");
    let fx = dir.join("fx");
    std::fs::create_dir_all(fx.join("files/C/Data")).unwrap();
    std::fs::copy(
        root().join("fixtures/healthy/host.toml"),
        fx.join("host.toml"),
    )
    .unwrap();
    std::fs::write(dir.join("outside.txt"), "secret").unwrap();
    let link = fx.join("files/C/Data/p");
    std::os::unix::fs::symlink(dir.join("outside.txt"), &link).unwrap();
    let o = kbsim(&["exec", fx.to_str().unwrap(), "--", r"type C:\Data\p"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stdout(&o).contains("secret"));
    assert!(
        stderr(&o).contains(&format!("{}: is a symbolic link", link.display())),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
#[cfg(unix)]
fn a_fifo_or_a_device_as_a_script_is_refused_not_waited_on() {
    let dir = scratch("fifo-script");
    let fifo = dir.join("s.cmd");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for args in [&["run"][..], &["remediate", "--script"]] {
        let o = kbsim(&[args, &[fifo.to_str().unwrap()]].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("is a FIFO"), "{args:?}: {}", stderr(&o));
    }
    let zero = dir.join("z.ps1");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let o = kbsim(&["run", zero.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is a device"), "{}", stderr(&o));
    // A link to a regular script is the user's own file, and runs.
    std::fs::write(dir.join("real.cmd"), "@echo ran\r\n").unwrap();
    let link = dir.join("link.cmd");
    std::os::unix::fs::symlink(dir.join("real.cmd"), &link).unwrap();
    let o = kbsim(&["run", link.to_str().unwrap()]);
    assert_eq!((stdout(&o).as_str(), o.status.code()), ("ran\n", Some(0)));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_force_refuses_dot_dotdot_root_and_the_current_directory() {
    let dir = scratch("export-force");
    let inside = dir.join("work");
    std::fs::create_dir_all(&inside).unwrap();
    let run = |target: &str| {
        Command::new(env!("CARGO_BIN_EXE_kbsim"))
            .args(["export", "--force", target])
            .current_dir(&inside)
            .env_remove("KBSIM_SEED")
            .output()
            .unwrap()
    };
    for target in [".", "..", "/"] {
        let o = run(target);
        assert_eq!(o.status.code(), Some(2), "{target}: {}", stderr(&o));
        assert!(stderr(&o).contains("not ., .. or a root"), "{}", stderr(&o));
    }
    let o = run(dir.to_str().unwrap());
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("would delete the current directory"),
        "{}",
        stderr(&o)
    );
    assert!(inside.is_dir());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn export_to_a_file_is_refused_and_the_file_kept() {
    let dir = scratch("export-file");
    let file = dir.join("notes.txt");
    std::fs::write(&file, "mine").unwrap();
    for force in [&[][..], &["--force"]] {
        let o = kbsim(&[&["export"], force, &[file.to_str().unwrap()]].concat());
        assert_eq!(o.status.code(), Some(2), "{force:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("{}: is a file, not a directory", file.display())),
            "{}",
            stderr(&o)
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn concurrent_exports_to_one_target_leave_one_fixture_and_no_temporary_directory() {
    let dir = scratch("export-race");
    let out = dir.join("out");
    let children: Vec<_> = (0..4)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_kbsim"))
                .args(["export", out.to_str().unwrap()])
                .env_remove("KBSIM_SEED")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let codes: Vec<_> = children
        .into_iter()
        .map(|c| c.wait_with_output().unwrap().status.code())
        .collect();
    assert!(codes.contains(&Some(0)), "{codes:?}");
    assert!(codes.iter().all(|c| matches!(c, Some(0..=2))), "{codes:?}");
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert_eq!(left, ["out"]);
    let o = kbsim(&["exec", out.to_str().unwrap(), "--", "hostname"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}
