//! Stories: batch files with blocks, `if`, `for`, `call`, `setlocal` and delayed expansion.

use crate::host::Host;
use crate::process::Process;
use crate::shell::{run_line, run_script};

fn host() -> (Host, Process) {
    let host = Host::builder().build();
    let p = Process::new(host.admin_token());
    (host, p)
}

fn script(text: &str) -> crate::process::Output {
    let (mut host, mut p) = host();
    run_script(&mut host, &mut p, &text.replace('\n', "\r\n"))
}

#[test]
fn if_else_blocks_span_lines() {
    let out = script(
        "@echo off\nset A=1\nif \"%A%\"==\"1\" (\n  echo one\n  echo still one\n) else (\n  echo other\n)\nif not defined B echo no B\nif /i abc EQU ABC echo same\nif 10 GTR 9 (echo ten) else echo nine\n",
    );
    assert_eq!(out.stdout(), "one\nstill one\nno B\nsame\nten\n");
    assert_eq!(out.stderr(), "");
}

#[test]
fn if_errorlevel_means_at_least() {
    let out = script(
        "@echo off\nnosuch 2>nul\nif errorlevel 1 echo failed %ERRORLEVEL%\nif errorlevel 9010 echo too high\nver >nul\nif not errorlevel 1 echo ok\n",
    );
    assert_eq!(out.stdout(), "failed 9009\nok\n");
}

#[test]
fn for_loops_over_sets_ranges_and_files() {
    let (mut host, mut p) = host();
    run_line(
        &mut host,
        &mut p,
        r"mkdir C:\d\s & echo x> C:\d\a.txt & echo y> C:\d\s\b.txt",
    );
    let text = "@echo off\r\nfor %%i in (a \"b c\" d) do echo [%%i] [%%~i]\r\nfor /l %%n in (1,2,6) do echo n=%%n\r\nfor %%f in (C:\\d\\*.txt) do echo file %%~nxf\r\nfor /d %%f in (C:\\d\\*) do echo dir %%f\r\nfor /r C:\\d %%f in (*.txt) do echo found %%f\r\n";
    let out = run_script(&mut host, &mut p, text);
    assert_eq!(
        out.stdout(),
        "[a] [a]\n[\"b c\"] [b c]\n[d] [d]\nn=1\nn=3\nn=5\nfile a.txt\ndir C:\\d\\s\nfound C:\\d\\a.txt\nfound C:\\d\\s\\b.txt\n"
    );
}

#[test]
fn for_f_reads_a_commands_output_strings_and_files() {
    let (mut host, mut p) = host();
    run_line(
        &mut host,
        &mut p,
        r"mkdir C:\d & (echo # comment& echo k1=v1& echo k2=v2)> C:\d\kv.txt",
    );
    let text = r#"@echo off
for /f "tokens=3" %%a in ('reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber') do echo port %%a
for /f "tokens=1,2 delims== eol=#" %%a in (C:\d\kv.txt) do echo %%a is %%b
for /f "usebackq delims=" %%l in ("C:\d\kv.txt") do echo line %%l
for /f "tokens=2*" %%a in ("x y z w") do echo %%a/%%b
"#;
    let out = run_script(&mut host, &mut p, &text.replace('\n', "\r\n"));
    assert_eq!(
        out.stdout(),
        "port 0xd3d\nk1 is v1\nk2 is v2\nline # comment\nline k1=v1\nline k2=v2\ny/z w\n"
    );
}

#[test]
fn delayed_expansion_and_setlocal() {
    let out = script(
        "@echo off\nset X=outer\nsetlocal enabledelayedexpansion\nset X=inner\nset N=0\nfor %%i in (a b c) do (\n  set /a N+=1 >nul\n  echo !N! %%i %N%\n)\nendlocal\necho %X% [!X!]\n",
    );
    assert_eq!(out.stdout(), "1 a 0\n2 b 0\n3 c 0\nouter [!X!]\n");
}

#[test]
fn call_label_with_arguments_and_exit_b() {
    let out = script(
        "@echo off\ncall :add 2 \"3 4\" five\necho back %ERRORLEVEL%\ncall :nolabel\necho after %ERRORLEVEL%\ngoto :eof\n:add\necho args %1 %~2 %3 [%*]\nshift\necho shifted %1\nexit /b 7\n",
    );
    assert_eq!(
        out.stdout(),
        "args 2 3 4 five [2 \"3 4\" five]\nshifted \"3 4\"\nback 7\nafter 1\n"
    );
    assert_eq!(
        out.stderr(),
        "The system cannot find the batch label specified - nolabel\n"
    );
}

#[test]
fn call_runs_another_batch_file_and_comes_back() {
    let (mut host, mut p) = host();
    let token = host.admin_token();
    host.fs_mut().create_dir(r"C:\s", &token).unwrap();
    host.fs_mut()
        .write_file(
            r"C:\s\child.cmd",
            b"@echo off\r\necho in child %1 %~n0\r\nexit /b 3\r\n",
            &token,
        )
        .unwrap();
    let out = run_script(
        &mut host,
        &mut p,
        "@echo off\r\ncall C:\\s\\child.cmd hello\r\necho code %ERRORLEVEL%\r\nC:\\s\\child.cmd again\r\necho never\r\n",
    );
    assert_eq!(
        out.stdout(),
        "in child hello child\ncode 3\nin child again child\n"
    );
    assert_eq!(out.code, 3);
}

#[test]
fn pushd_popd_and_cmd_c() {
    let (mut host, mut p) = host();
    let out = run_line(
        &mut host,
        &mut p,
        r#"pushd C:\Windows & cd & popd & cd & cmd /c "set Z=1 & exit /b 4""#,
    );
    assert_eq!(out.stdout(), "C:\\Windows\nC:\\Windows\\system32\n");
    assert_eq!(out.code, 4);
    assert!(p.env.get("Z").is_none(), "cmd /c runs in its own process");
}

#[test]
fn a_doubling_variable_ends_with_the_line_limit_quickly() {
    let start = std::time::Instant::now();
    let out = script("set X=ab\n:loop\nset X=%X%%X%\ngoto loop\n");
    assert!(start.elapsed().as_secs() < 2);
    assert!(
        out.stderr().ends_with("The input line is too long.\n"),
        "{}",
        out.stderr()
    );
    assert_eq!(out.code, 1);
}

#[test]
fn runaway_recursion_is_stopped() {
    let out = script("@echo off\n:r\ncall :r\n");
    assert!(
        out.stderr().contains("B A T C H   R E C U R S I O N"),
        "{}",
        out.stderr()
    );
    assert_eq!(out.code, 1);
}

#[test]
fn echo_on_shows_each_pass_of_a_for() {
    let (mut host, mut p) = host();
    let options = crate::shell::ScriptOptions {
        echo: true,
        ..Default::default()
    };
    let out = crate::shell::run_script_with(
        &mut host,
        &mut p,
        "for %%i in (1 2) do echo %%i\r\n",
        &options,
    );
    assert_eq!(
        out.stdout(),
        "\nC:\\Windows\\system32>for %i in (1 2) do echo %i\n\nC:\\Windows\\system32>echo 1\n1\n\nC:\\Windows\\system32>echo 2\n2\n"
    );
}

#[test]
fn a_parenthesis_closes_only_a_block() {
    let out = script(
        "@echo off\nif 1==1 echo (one)\n(echo two) & echo (three)\nif 1==1 (echo four) else (echo five)\n",
    );
    assert_eq!(out.stdout(), "(one)\ntwo\n(three)\nfour\n");
}

#[test]
fn deep_nesting_is_a_syntax_error_not_a_crash() {
    let deep = format!("{}echo x{}", "(".repeat(3000), ")".repeat(3000));
    let out = script(&deep);
    assert_eq!(out.stderr(), "The syntax of the command is incorrect.\n");
    let ifs = format!("{}echo x", "if 1==1 ".repeat(1000));
    let out = script(&ifs);
    assert_eq!(out.stderr(), "The syntax of the command is incorrect.\n");
}

/// Lines made of cmd's special characters, run as scripts and as command lines: an error,
/// never a panic, and always within the bounds.
#[test]
fn any_line_of_special_characters_runs_without_panicking() {
    const PIECES: &[&str] = &[
        "(",
        ")",
        "&",
        "&&",
        "|",
        "||",
        "<",
        ">",
        ">>",
        "2>&1",
        "^",
        "\"",
        "%",
        "%%",
        "!",
        " ",
        "\n",
        "if ",
        "not ",
        "exist ",
        "defined ",
        "errorlevel ",
        "==",
        " EQU ",
        "else ",
        "for ",
        "/f ",
        "/l ",
        "/r ",
        "/d ",
        "%%a ",
        "%a ",
        " in ",
        " do ",
        "call ",
        ":x",
        "goto ",
        "exit /b ",
        "setlocal ",
        "enabledelayedexpansion ",
        "endlocal ",
        "set ",
        "X=",
        "%X%",
        "!X!",
        "%~dp0",
        "%~nx1",
        "%*",
        "echo ",
        "cmd /c ",
        "shift ",
        "pushd ",
        "popd ",
        "C:\\",
        "nul",
        "é",
        "'",
        "`",
        "\"tokens=1* delims=,\"",
        "1",
        ",",
        ";",
        "=",
        "~",
        "*",
        "?",
        "..",
        "rem ",
        "type ",
        "find ",
        "findstr ",
        "wmic ",
        "certutil ",
    ];
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let (mut host, _) = host();
    for _ in 0..3000 {
        let n = (next() % 24) as usize;
        let line: String = (0..n)
            .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
            .collect();
        let mut h = host.fork();
        let mut p = Process::new(h.admin_token());
        let limits = crate::shell::Limits {
            max_statements: 300,
            ..Default::default()
        };
        let options = crate::shell::ScriptOptions {
            echo: next() % 2 == 0,
            limits: Some(limits),
            ..Default::default()
        };
        let out = crate::shell::run_script_with(&mut h, &mut p, &line, &options);
        assert_eq!(out.code, p.last_exit, "{line:?}");
        let _ = run_line(&mut h, &mut p, &line);
    }
    let _ = &mut host;
}

#[test]
fn call_of_a_label_on_the_command_line_is_refused() {
    let (mut host, mut p) = host();
    let out = run_line(&mut host, &mut p, "call :x");
    assert_eq!(
        out.stderr(),
        "Invalid attempt to call batch label outside of batch script.\n"
    );
    assert_eq!(out.code, 1);
}

#[test]
fn the_transcript_shows_redirections_as_cmd_rewrites_them() {
    let (mut host, mut p) = host();
    let options = crate::shell::ScriptOptions {
        echo: true,
        ..Default::default()
    };
    let out = crate::shell::run_script_with(&mut host, &mut p, "ver > nul\r\n", &options);
    assert_eq!(out.stdout(), "\nC:\\Windows\\system32>ver  1>nul\n");
}

#[test]
fn recursion_through_blocks_and_new_cmds_stays_within_the_stack() {
    let (mut host, mut p) = host();
    let token = host.admin_token();
    let deep = format!(
        "@echo off\r\n:r\r\n{}for %%i in (1) do if 1==1 call :r{}\r\n",
        "(".repeat(28),
        ")".repeat(28)
    );
    host.fs_mut().create_dir(r"C:\s", &token).unwrap();
    host.fs_mut()
        .write_file(r"C:\s\deep.cmd", deep.as_bytes(), &token)
        .unwrap();
    let out = run_script(&mut host, &mut p, &deep);
    assert!(
        out.stderr().contains("B A T C H   R E C U R S I O N"),
        "{}",
        out.stderr()
    );
    let nested = "@echo off\r\ncmd /c C:\\s\\nest.cmd\r\n";
    host.fs_mut()
        .write_file(r"C:\s\nest.cmd", nested.as_bytes(), &token)
        .unwrap();
    let out = run_line(&mut host, &mut p, r"cmd /c C:\s\nest.cmd");
    assert!(
        out.stderr().contains("the run was stopped") || out.stderr().contains("R E C U R S I O N"),
        "{}",
        out.stderr()
    );
    let out = run_line(&mut host, &mut p, r"cmd /c C:\s\deep.cmd");
    assert!(
        out.stderr().contains("R E C U R S I O N"),
        "{}",
        out.stderr()
    );
}

#[test]
fn a_chain_of_calls_on_one_line_is_bounded() {
    let (mut host, mut p) = host();
    let line = format!("{}echo x", "call ".repeat(1600));
    let out = run_line(&mut host, &mut p, &line);
    assert!(
        out.stderr().contains("R E C U R S I O N"),
        "{}",
        out.stderr()
    );
    let out = run_line(&mut host, &mut p, "call call echo %%COMPUTERNAME%%");
    assert_eq!(out.stdout(), "%RDS01%\n");
}
