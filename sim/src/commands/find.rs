//! `find [/v] [/c] [/n] [/i] "string" [files]`: the lines of files or of standard input
//! that hold a string (windowsserverdocs `find.md`). Exit 0 when a line matched, 1 when none
//! did, 2 for a missing file or a bad switch. On files each one is introduced by a blank line
//! and `---------- NAME` (the name upper-cased), `/c` puts the count after it
//! (`---------- NAME: 3`); on standard input only the lines (or the count). `/n` prefixes
//! `[N]`. Reads UTF-16 LE files with a BOM and UTF-8 files (what `>` and PowerShell write).

use crate::host::Host;
use crate::process::{Output, Process};

/// The lines of standard input (empty when nothing is piped or redirected).
pub(super) fn stdin_lines(process: &Process) -> String {
    process
        .stdin
        .as_ref()
        .map(|s| s.text().to_string())
        .unwrap_or_default()
}

pub(super) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_suffix('\n').unwrap_or(text);
    text.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(move |_| !text.is_empty())
}

/// Runs `find` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let (mut invert, mut count, mut number, mut ignore) = (false, false, false, false);
    let mut needle: Option<&str> = None;
    let mut files = Vec::new();
    for a in args {
        if let Some(sw) = a.strip_prefix('/') {
            match sw.to_ascii_lowercase().as_str() {
                "v" => invert = true,
                "c" => count = true,
                "n" => number = true,
                "i" => ignore = true,
                "off" | "offline" => {}
                _ => {
                    let mut out = Output::with_code(2);
                    out.errln("FIND: Invalid switch");
                    return out;
                }
            }
        } else if needle.is_none() {
            needle = Some(a);
        } else {
            files.push(a.clone());
        }
    }
    let Some(needle) = needle else {
        let mut out = Output::with_code(2);
        out.errln("FIND: Parameter format not correct");
        return out;
    };
    let fold = |s: &str| {
        if ignore {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    let needle = fold(needle);
    let mut out = Output::default();
    let mut found = false;
    let mut scan = |out: &mut Output, text: &str, header: Option<String>| {
        let mut n = 0;
        let mut shown = Vec::new();
        for (i, line) in lines(text).enumerate() {
            if fold(line).contains(&needle) != invert {
                n += 1;
                shown.push(if number {
                    format!("[{}]{line}", i + 1)
                } else {
                    line.to_string()
                });
            }
        }
        found |= n > 0;
        match (header, count) {
            (Some(h), true) => {
                out.outln("");
                out.outln(format!("{h}: {n}"));
            }
            (Some(h), false) => {
                out.outln("");
                out.outln(h);
                shown.iter().for_each(|l| out.outln(l));
            }
            (None, true) => out.outln(n.to_string()),
            (None, false) => shown.iter().for_each(|l| out.outln(l)),
        }
    };
    if files.is_empty() {
        scan(&mut out, &stdin_lines(process), None);
    }
    let mut missing = false;
    for f in &files {
        match process.read_text(host, f) {
            Ok(text) => scan(
                &mut out,
                &text,
                Some(format!("---------- {}", f.to_uppercase())),
            ),
            Err(_) => {
                out.errln(format!("File not found - {}", f.to_uppercase()));
                missing = true;
            }
        }
    }
    out.code = if missing {
        2
    } else if found {
        0
    } else {
        1
    };
    out
}

#[cfg(test)]
mod stories {
    use crate::host::Host;
    use crate::process::Process;
    use crate::shell::run_line;

    fn host_with_files() -> (Host, Process) {
        let mut host = Host::builder().build();
        let token = host.admin_token();
        host.fs_mut().create_dir(r"C:\logs", &token).unwrap();
        let mut utf16 = vec![0xFF, 0xFE];
        for u in "Alpha one\r\nbeta TWO\r\ngamma one\r\n".encode_utf16() {
            utf16.extend_from_slice(&u.to_le_bytes());
        }
        host.fs_mut()
            .write_file(r"C:\logs\u16.txt", &utf16, &token)
            .unwrap();
        host.fs_mut()
            .write_file(
                r"C:\logs\u8.txt",
                "caf\u{e9} one\r\nother\r\n".as_bytes(),
                &token,
            )
            .unwrap();
        let p = Process::new(host.admin_token());
        (host, p)
    }

    #[test]
    fn find_reads_utf16_and_utf8_files_and_counts() {
        let (mut host, mut p) = host_with_files();
        let out = run_line(
            &mut host,
            &mut p,
            r#"find "one" C:\logs\u16.txt C:\logs\u8.txt"#,
        );
        assert_eq!(
            out.stdout(),
            "\n---------- C:\\LOGS\\U16.TXT\nAlpha one\ngamma one\n\n---------- C:\\LOGS\\U8.TXT\ncaf\u{e9} one\n"
        );
        assert_eq!(out.code, 0);
        let out = run_line(
            &mut host,
            &mut p,
            r#"type C:\logs\u16.txt | find /i /c "ONE""#,
        );
        assert_eq!(out.stdout(), "2\n");
        let out = run_line(&mut host, &mut p, r#"find /v /n "one" C:\logs\u16.txt"#);
        assert_eq!(
            out.stdout(),
            "\n---------- C:\\LOGS\\U16.TXT\n[2]beta TWO\n"
        );
        let out = run_line(&mut host, &mut p, r#"find "zzz" C:\logs\u8.txt"#);
        assert_eq!(out.code, 1);
        let out = run_line(&mut host, &mut p, r#"find "one" C:\logs\nope.txt"#);
        assert_eq!(out.stderr(), "File not found - C:\\LOGS\\NOPE.TXT\n");
        assert_eq!(out.code, 2);
    }

    #[test]
    fn findstr_searches_with_its_regex_and_names_files() {
        let (mut host, mut p) = host_with_files();
        let out = run_line(
            &mut host,
            &mut p,
            r#"findstr /i /n "^beta" C:\logs\u16.txt"#,
        );
        assert_eq!(out.stdout(), "2:beta TWO\n");
        let out = run_line(&mut host, &mut p, r#"findstr /c:"one" C:\logs\*.txt"#);
        assert_eq!(
            out.stdout(),
            "C:\\logs\\u16.txt:Alpha one\nC:\\logs\\u16.txt:gamma one\nC:\\logs\\u8.txt:caf\u{e9} one\n"
        );
        let out = run_line(
            &mut host,
            &mut p,
            r#"echo RDP-Tcp| findstr /r "RDP.T[a-z]*$""#,
        );
        assert_eq!(out.stdout(), "RDP-Tcp\n");
        let out = run_line(&mut host, &mut p, r#"echo x| findstr y"#);
        assert_eq!(out.code, 1);
        let out = run_line(&mut host, &mut p, r#"findstr x C:\nope.txt"#);
        assert_eq!(out.code, 2);
        assert_eq!(out.stderr(), "FINDSTR: Cannot open C:\\nope.txt\n");
    }

    #[test]
    fn where_gpupdate_and_timeout() {
        let (mut host, mut p) = host_with_files();
        let out = run_line(&mut host, &mut p, "where icacls");
        assert_eq!(out.stdout(), "C:\\Windows\\System32\\icacls.exe\n");
        let out = run_line(&mut host, &mut p, "where nosuchtool");
        assert_eq!(
            out.stderr(),
            "INFO: Could not find files for the given pattern(s).\n"
        );
        assert_eq!(out.code, 1);
        let out = run_line(&mut host, &mut p, "gpupdate /force");
        assert_eq!(
            out.stdout(),
            "Updating policy...\n\nComputer Policy update has completed successfully.\nUser Policy update has completed successfully.\n\n"
        );
        let before = host.now();
        let out = run_line(&mut host, &mut p, "timeout /t 30 /nobreak");
        assert_eq!(out.code, 0);
        assert_eq!(host.now().0 - before.0, 30 * 10_000_000);
        let out = run_line(&mut host, &mut p, "timeout /t 5 < nul");
        assert_eq!(out.code, 1);
    }
}
