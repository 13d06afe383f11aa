//! What the fuzz targets share: the check that an error says where it is, the default host
//! the shell targets fork, and the layout that turns one input into a fixture directory.
//!
//! Every target uses winsim's public API only, as any user of the crate would.

use std::path::{Path, PathBuf};
use winsim::{Host, InputError};

/// Inputs longer than this are skipped by the text targets: costs are meant to be linear, so
/// a longer input finds nothing a shorter one would not, it only runs slower.
pub const MAX_INPUT: usize = 64 * 1024;

/// The input as text, if it is UTF-8 and no longer than `MAX_INPUT` (the text targets skip
/// anything else).
pub fn text(data: &[u8]) -> Option<&str> {
    std::str::from_utf8(data)
        .ok()
        .filter(|t| t.len() <= MAX_INPUT)
}

/// Windows' cap on registry key depth.
const MAX_KEY_DEPTH: usize = 512;

/// True when a line of the input names a path deeper than Windows lets a registry key be.
/// Known and tracked (issue 12): such keys cost quadratic time, so the targets that load
/// `.reg` text skip them until that is fixed.
pub fn deeper_than_windows_keys(data: &[u8]) -> bool {
    data.split(|&b| b == b'\n')
        .any(|line| line.iter().filter(|&&b| b == b'\\').count() > MAX_KEY_DEPTH)
}

/// The largest `.reg` text the registry targets load. Known and tracked (issue 12): creating
/// a key costs its depth times its path's length (every prefix is case-folded again), so a
/// 6 KiB file 63 levels deep already takes most of a second; larger inputs would only find
/// that cost again, and the 10-second timeout.
pub const MAX_REG_INPUT: usize = 16 * 1024;

/// The number of lines an input can have: one more than its line feeds. For UTF-16 text the
/// count of `0x0A` bytes is an upper bound of its line feeds, so the bound holds too.
pub fn line_bound(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'\n').count() + 1
}

/// An error names `file`, a line the input has (0 when it has no lines), and what is wrong.
pub fn assert_located(e: &InputError, file: &str, bytes: &[u8]) {
    assert_eq!(e.file, file, "the error names another file: {e}");
    assert!(
        e.line <= line_bound(bytes),
        "line {} is past the input's end: {e}",
        e.line
    );
    assert!(!e.message.trim().is_empty(), "an error without a message");
}

/// The default host (Windows Server 2019 RD Session Host, seed 7), built once per process;
/// each input runs on a fork of it.
pub fn default_host() -> Host {
    thread_local! {
        static HOST: Host = Host::builder().seed(7).build();
    }
    HOST.with(Host::fork)
}

/// The most files one input may hold, and the deepest path of one.
const MAX_FILES: usize = 16;
const MAX_DEPTH: usize = 8;

/// Splits an input into the files of a fixture directory.
///
/// The input reads like the fixtures' own files one after another: each file starts with a
/// line `--- PATH` (`--- files/C/Data/x.txt`), whose bytes follow up to the next such line;
/// bytes before the first header are `host.toml`. Paths are relative, with `/` between
/// folders; empty, `.` and `..` components are dropped, so nothing lands outside the
/// directory.
pub fn split_fixture(data: &[u8]) -> Vec<(PathBuf, &[u8])> {
    let mut out = Vec::new();
    let mut name = PathBuf::from("host.toml");
    let mut rest = data;
    loop {
        let (body, next) = match find(rest, b"\n--- ") {
            Some(at) => (&rest[..at], Some(&rest[at + 5..])),
            None => (rest, None),
        };
        if !(name.as_os_str().is_empty() || out.len() == MAX_FILES) {
            out.push((name.clone(), body));
        }
        let Some(next) = next else { break };
        let end = next.iter().position(|&b| b == b'\n').unwrap_or(next.len());
        name = relative_path(&next[..end]);
        rest = next.get(end + 1..).unwrap_or(&[]);
    }
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn relative_path(raw: &[u8]) -> PathBuf {
    let text = String::from_utf8_lossy(raw);
    let parts: Vec<&str> = text
        .split('/')
        .filter(|c| !c.is_empty() && *c != "." && *c != ".." && !c.contains('\0'))
        .take(MAX_DEPTH)
        .collect();
    if parts.first() == Some(&"files") && parts.iter().any(|c| !windows_name(c)) {
        // Known and tracked (issue 12): a name under files/ that Windows cannot hold panics.
        return PathBuf::new();
    }
    parts.into_iter().collect()
}

/// A name Windows can hold: no control character and none of `\ / : * ? " < > |`.
fn windows_name(name: &str) -> bool {
    !name.chars().any(|c| c < ' ' || "\\/:*?\"<>|".contains(c))
}

/// Writes `files` under `dir` (emptied first). A file whose folder is already a file, or the
/// reverse, is left out, as it could not exist on a disk either.
pub fn write_fixture(dir: &Path, files: &[(PathBuf, &[u8])]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).expect("create the fixture directory");
    for (name, bytes) in files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            if std::fs::create_dir_all(parent).is_err() {
                continue;
            }
        }
        let _ = std::fs::write(&path, bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_input_splits_into_files_that_stay_inside() {
        let data = b"[host]\n--- files/C/../../x.txt\nabc\n--- /registry.reg\nREGEDIT4";
        let files = split_fixture(data);
        let names: Vec<_> = files.iter().map(|(n, _)| n.clone()).collect();
        assert_eq!(
            names,
            [
                PathBuf::from("host.toml"),
                PathBuf::from("files/C/x.txt"),
                PathBuf::from("registry.reg"),
            ]
        );
        assert_eq!(files[0].1, b"[host]");
        assert_eq!(files[1].1, b"abc");
        assert_eq!(files[2].1, b"REGEDIT4");
    }
}

/// Room past a shell's output bound for the message that says it was reached.
const OUTPUT_SLACK: usize = 4096;

/// Asserts that a script's output stayed within the shell's bound `max_output`.
pub fn assert_output_bounded(out: &winsim::Output, max_output: usize) {
    let written: usize = out.chunks.iter().map(|(_, text)| text.len()).sum();
    assert!(
        written <= max_output + OUTPUT_SLACK,
        "{written} bytes written, past the output bound"
    );
}
