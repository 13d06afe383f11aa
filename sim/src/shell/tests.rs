//! Stories: an administrator types cmd lines on the default host.

use super::*;
use crate::fs::NodeKind;

fn host() -> (Host, Process) {
    let host = Host::builder().build();
    let process = Process::new(host.admin_token());
    (host, process)
}

fn file(host: &Host, path: &str) -> Option<Vec<u8>> {
    match &host.fs().node(path)?.kind {
        NodeKind::File(d) => Some(d.clone()),
        NodeKind::Dir => None,
    }
}

#[test]
fn redirection_into_a_missing_folder_fails_and_the_line_goes_on() {
    let (mut host, mut s) = host();
    let out = run_line(
        &mut host,
        &mut s,
        r"echo before > c:\temp\x.txt & echo after",
    );
    assert_eq!(out.stderr(), "The system cannot find the path specified.\n");
    assert_eq!(out.stdout(), "after\n");
    // echo does not reset ERRORLEVEL, so the failed redirection's 1 stays.
    assert_eq!(out.code, 1);
    assert!(host.fs().node(r"C:\temp\x.txt").is_none());
}

#[test]
fn mkdir_then_redirect_writes_crlf_and_append_appends() {
    let (mut host, mut s) = host();
    let out = run_line(
        &mut host,
        &mut s,
        r"mkdir c:\temp\a\b && echo one> c:\temp\a\b\f.txt && echo two>>c:\temp\a\b\f.txt",
    );
    assert_eq!(out.combined(), "");
    assert_eq!(out.code, 0);
    // The blank before `&&` belongs to the first echo, as in cmd.
    assert_eq!(
        file(&host, r"C:\temp\a\b\f.txt").unwrap(),
        b"one \r\ntwo\r\n"
    );
    let out = run_line(&mut host, &mut s, r"type c:\temp\a\b\f.txt | more");
    assert_eq!(out.stdout(), "one \ntwo\n");
    let out = run_line(&mut host, &mut s, r"md c:\temp\a");
    assert_eq!(
        out.stderr(),
        "A subdirectory or file c:\\temp\\a already exists.\n"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn and_or_follow_the_previous_result() {
    let (mut host, mut s) = host();
    let out = run_line(&mut host, &mut s, "nosuchtool && echo yes || echo no");
    assert_eq!(
        out.stderr(),
        "'nosuchtool' is not recognized as an internal or external command,\noperable program or batch file.\n"
    );
    assert_eq!(out.stdout(), "no\n");
    let out = run_line(&mut host, &mut s, "echo %ERRORLEVEL%");
    assert_eq!(out.stdout(), "9009\n");
}

#[test]
fn stderr_can_follow_stdout_into_a_file() {
    let (mut host, mut s) = host();
    run_line(&mut host, &mut s, r"mkdir C:\temp");
    let out = run_line(
        &mut host,
        &mut s,
        r"type C:\nope.txt > C:\temp\log.txt 2>&1",
    );
    assert_eq!(out.combined(), "");
    assert_eq!(out.code, 1);
    assert_eq!(
        file(&host, r"C:\temp\log.txt").unwrap(),
        b"The system cannot find the file specified.\r\n"
    );
    let out = run_line(&mut host, &mut s, r"type C:\nope.txt 2>nul");
    assert_eq!(out.combined(), "");
}

#[test]
fn variables_expand_and_set_changes_them() {
    let (mut host, mut s) = host();
    let out = run_line(&mut host, &mut s, "echo %COMPUTERNAME% %SystemRoot% %NOPE%");
    assert_eq!(out.stdout(), "RDS01 C:\\Windows %NOPE%\n");
    run_line(&mut host, &mut s, "set GREETING=hi there");
    let out = run_line(&mut host, &mut s, "echo [%greeting%]");
    assert_eq!(out.stdout(), "[hi there]\n");
}

#[test]
fn network_service_cannot_write_where_only_admins_can() {
    let host0 = Host::builder().build();
    let mut host = host0.fork();
    let mut s = Process::new(crate::principals::Token::network_service());
    let out = run_line(&mut host, &mut s, r"echo x > C:\Windows\system32\x.txt");
    assert_eq!(out.stderr(), "Access is denied.\n");
    assert_eq!(out.code, 1);
    let out = run_line(&mut host, &mut s, "whoami");
    assert_eq!(out.stdout(), "nt authority\\network service\n");
}

#[test]
fn cd_and_dir_list_a_folder() {
    let (mut host, mut s) = host();
    run_line(
        &mut host,
        &mut s,
        r"mkdir C:\data & echo hello> C:\data\a.txt",
    );
    let out = run_line(&mut host, &mut s, r"cd C:\DATA & dir");
    assert_eq!(s.cwd, r"C:\data");
    let text = out.stdout();
    assert!(
        text.starts_with(" Volume in drive C has no label.\n Volume Serial Number is "),
        "{text}"
    );
    assert!(text.contains(" Directory of C:\\data\n\n"), "{text}");
    assert!(
        text.contains("11/20/2026  10:00 AM    <DIR>          .\n"),
        "{text}"
    );
    assert!(
        text.contains("11/20/2026  10:00 AM                 7 a.txt\n"),
        "{text}"
    );
    assert!(
        text.contains("               1 File(s)              7 bytes\n"),
        "{text}"
    );
}

#[test]
fn a_script_goes_on_after_a_failed_redirection_and_exits_with_its_code() {
    let (mut host, mut s) = host();
    let script = "@echo off\r\necho start > c:\\temp\\log.txt\r\necho still here\r\ngoto :done\r\necho skipped\r\n:done\r\nexit /b 3\r\n";
    let out = run_script(&mut host, &mut s, script);
    assert_eq!(out.stdout(), "still here\n");
    assert_eq!(out.stderr(), "The system cannot find the path specified.\n");
    assert_eq!(out.code, 3);
}

#[test]
fn echo_on_shows_each_line_after_the_prompt() {
    let (mut host, mut s) = host();
    let options = ScriptOptions {
        echo: true,
        ..Default::default()
    };
    let out = run_script_with(
        &mut host,
        &mut s,
        "echo hi\r\n@echo off\r\necho quiet\r\n",
        &options,
    );
    assert_eq!(out.stdout(), "\nC:\\Windows\\system32>echo hi\nhi\nquiet\n");
}

#[test]
fn a_runaway_script_is_stopped() {
    let (mut host, mut s) = host();
    let out = run_script(&mut host, &mut s, ":top\r\ngoto top\r\n");
    assert!(
        out.stderr().contains("the run was stopped"),
        "{}",
        out.stderr()
    );
    assert_eq!(out.code, 1);
}

#[test]
fn syntax_errors_are_cmds() {
    let (mut host, mut s) = host();
    let out = run_line(&mut host, &mut s, "echo a && && echo b");
    assert_eq!(out.stderr(), "&& was unexpected at this time.\n");
    assert_eq!(out.code, 255);
}
