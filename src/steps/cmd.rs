//! Steps for cmd's batch files and native tools: one-line exact output (leading spaces kept,
//! which a docstring's dedent would lose), files written with a given encoding, and the
//! bytes a command left in a file.

use super::KbWorld;
use cucumber::gherkin::Step;
use cucumber::{given, then};

fn stream(w: &KbWorld, which: &str) -> String {
    if which == "stdout" {
        w.last().stdout()
    } else {
        w.last().stderr()
    }
}

#[then(regex = r#"^(stdout|stderr) is "(.*)"$"#)]
fn stream_is_line(w: &mut KbWorld, which: String, line: String) {
    assert_eq!(stream(w, &which), format!("{line}\n"), "{which} differs");
}

#[then(regex = r#"^(stdout|stderr) contains the line "(.*)"$"#)]
fn stream_has_line(w: &mut KbWorld, which: String, line: String) {
    let text = stream(w, &which);
    assert!(
        text.lines().any(|l| l == line),
        "{which} has no line {line:?}; it was:\n{text}"
    );
}

/// Writes `text` (the docstring, CRLF line ends) into `path` in an encoding Windows tools
/// write: `UTF-16` (LE with a BOM, as PowerShell 5.1's `>` writes), `UTF-8` or `ANSI`.
#[given(regex = r#"^the file `([^`]+)` written in (UTF-16|UTF-8|ANSI) holding:$"#)]
fn file_written(w: &mut KbWorld, path: String, encoding: String, step: &Step) {
    let text = format!("{}\r\n", super::docstring(step).replace('\n', "\r\n"));
    let bytes = match encoding.as_str() {
        "UTF-16" => {
            let mut b = vec![0xFF, 0xFE];
            for u in text.encode_utf16() {
                b.extend_from_slice(&u.to_le_bytes());
            }
            b
        }
        _ => text.into_bytes(),
    };
    let host = w.host();
    let token = host.admin_token();
    let parent = winsim::fs::parent(&path).expect("a file path").to_string();
    if !host.fs().exists(&parent) {
        let mut at = String::new();
        for part in parent.split('\\') {
            at = if at.is_empty() {
                format!("{part}\\")
            } else {
                winsim::fs::join(&at, part)
            };
            if !host.fs().exists(&at) {
                host.fs_mut().create_dir(&at, &token).expect("folder");
            }
        }
    }
    host.fs_mut()
        .write_file(&path, &bytes, &token)
        .unwrap_or_else(|e| panic!("cannot write {path}: {e}"));
}

/// The file's bytes, shown as text with `\r` and `\n` made visible.
#[then(regex = r#"^the file `([^`]+)` holds "(.*)"$"#)]
fn file_holds(w: &mut KbWorld, path: String, want: String) {
    let host = w.host();
    let node = host
        .fs()
        .node(&path)
        .unwrap_or_else(|| panic!("no file {path}"));
    let bytes = match &node.kind {
        winsim::fs::NodeKind::File(b) => b.clone(),
        winsim::fs::NodeKind::Dir => panic!("{path} is a folder"),
    };
    let shown = String::from_utf8_lossy(&bytes)
        .replace('\r', "\\r")
        .replace('\n', "\\n");
    assert_eq!(shown, want, "{path} differs");
}
