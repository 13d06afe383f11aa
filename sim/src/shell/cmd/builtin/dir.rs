//! `dir`: the default listing of cmd (no switches beyond `/b` and `/a` being accepted).
//!
//! Layout (cmd on an en-US system):
//! ```text
//!  Volume in drive C has no label.
//!  Volume Serial Number is 5A3C-91E2
//!
//!  Directory of C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys
//!
//! 11/20/2026  10:00 AM    <DIR>          .
//! 11/20/2026  10:00 AM             2,476 f686aace..._c5d2b969-...
//!                1 File(s)          2,476 bytes
//!                1 Dir(s)  107,374,182,400 bytes free
//! ```
//! Approximations (the simulated filesystem keeps no times, attributes or volume data):
//! every entry shows the host's current time; the serial number comes from the host's seed;
//! the free space is a fixed 100 GiB less what the files use; `.` and `..` are listed for
//! every folder but the root, and hidden/system files are not distinguished.

use crate::fs::{self, NodeKind};
use crate::host::Host;
use crate::process::argv::split_paths;
use crate::process::{Output, Process};

const FREE_BYTES: u64 = 107_374_182_400;

/// Runs `dir [/b] [path]`.
pub fn run(host: &mut Host, process: &mut Process, text: &str) -> Output {
    let mut out = Output::default();
    let words = split_paths(text);
    let bare = words.iter().any(|w| w.eq_ignore_ascii_case("/b"));
    let target = words
        .iter()
        .find(|w| !w.starts_with('/'))
        .cloned()
        .unwrap_or_else(|| ".".to_string());
    let path = match fs::normalize(&target, &process.cwd) {
        Ok(p) => p,
        Err(e) => {
            out.errln(e.message());
            out.code = 1;
            return out;
        }
    };
    let (folder, pattern) = match host.fs().node(&path) {
        Some(n) if n.kind == NodeKind::Dir => (n.path.clone(), "*".to_string()),
        _ => {
            let parent = crate::shell::cmd::exec::parent_of(&path).to_string();
            let leaf = path[parent.len()..].trim_start_matches('\\').to_string();
            (parent, leaf)
        }
    };
    if !bare {
        header(host, &mut out);
    }
    let Some(dir) = host.fs().node(&folder).filter(|n| n.kind == NodeKind::Dir) else {
        out.errln("The system cannot find the path specified.");
        out.code = 1;
        return out;
    };
    let listed = match host.fs().list_dir(&dir.path, &process.token) {
        Ok(nodes) => nodes,
        Err(e) => {
            if !bare {
                out.outln(format!(" Directory of {folder}"));
                out.outln("");
            }
            out.errln(e.message());
            out.code = 1;
            return out;
        }
    };
    let mut entries: Vec<(String, Option<u64>)> = Vec::new();
    let is_root = folder.len() <= 3;
    if !is_root && (pattern == "*" || pattern == "*.*") {
        entries.push((".".into(), None));
        entries.push(("..".into(), None));
    }
    for node in listed {
        let name = node
            .path
            .rsplit('\\')
            .next()
            .unwrap_or(&node.path)
            .to_string();
        if !crate::fs::wildcard_match(&pattern, &name) {
            continue;
        }
        let size = match &node.kind {
            NodeKind::Dir => None,
            NodeKind::File(data) => Some(data.len() as u64),
        };
        entries.push((name, size));
    }
    if entries.iter().all(|(n, _)| n == "." || n == "..") && pattern != "*" {
        if !bare {
            out.outln(format!(" Directory of {folder}"));
            out.outln("");
        }
        out.errln("File Not Found");
        out.code = 1;
        return out;
    }
    if bare {
        for (name, _) in entries.iter().filter(|(n, _)| n != "." && n != "..") {
            out.outln(name);
        }
        return out;
    }
    out.outln(format!(" Directory of {folder}"));
    out.outln("");
    let stamp = timestamp(host);
    let (mut files, mut dirs, mut bytes) = (0u64, 0u64, 0u64);
    for (name, size) in &entries {
        match size {
            None => {
                dirs += 1;
                out.outln(format!("{stamp}    <DIR>          {name}"));
            }
            Some(s) => {
                files += 1;
                bytes += s;
                out.outln(format!("{stamp} {:>17} {name}", group(*s)));
            }
        }
    }
    out.outln(format!("{files:>16} File(s) {:>14} bytes", group(bytes)));
    let used: u64 = host
        .fs()
        .iter()
        .map(|n| match &n.kind {
            NodeKind::File(d) => d.len() as u64,
            NodeKind::Dir => 0,
        })
        .sum();
    out.outln(format!(
        "{dirs:>16} Dir(s) {:>15} bytes free",
        group(FREE_BYTES.saturating_sub(used))
    ));
    out
}

fn header(host: &Host, out: &mut Output) {
    let serial = (host.seed() ^ (host.seed() >> 32)) as u32;
    out.outln(" Volume in drive C has no label.");
    out.outln(format!(
        " Volume Serial Number is {:04X}-{:04X}",
        serial >> 16,
        serial & 0xFFFF
    ));
    out.outln("");
}

/// `11/20/2026  10:00 AM` (en-US short date, 12-hour time).
fn timestamp(host: &Host) -> String {
    let dt = host.now().to_datetime();
    let (h, ampm) = match dt.hour() {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!(
        "{:02}/{:02}/{:04}  {:02}:{:02} {ampm}",
        dt.month() as u8,
        dt.day(),
        dt.year(),
        h,
        dt.minute()
    )
}

/// `2476` -> `2,476`.
pub fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_grouped_by_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(2476), "2,476");
        assert_eq!(group(107_374_182_400), "107,374,182,400");
    }
}
