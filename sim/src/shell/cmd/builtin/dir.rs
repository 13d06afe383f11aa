//! `dir`: the default listing of cmd, `/b` (bare names) and `/s` (every folder below, then
//! the totals; with `/b`, full paths).
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

/// One folder's matching entries: (name, size; `None` for a folder).
type Entries = Vec<(String, Option<u64>)>;

/// Runs `dir [/b] [/s] [path]`.
pub fn run(host: &mut Host, process: &mut Process, text: &str) -> Output {
    let mut out = Output::default();
    let words = split_paths(text);
    let switch = |s: &str| words.iter().any(|w| w.eq_ignore_ascii_case(s));
    let (bare, recurse) = (switch("/b"), switch("/s"));
    let target = words
        .iter()
        .find(|w| !w.starts_with('/'))
        .cloned()
        .unwrap_or_else(|| ".".to_string());
    // A wildcard can only stand in the last component; the folder before it is normalized.
    let (typed_folder, typed_pattern) = match target.rsplit_once(['\\', '/']) {
        Some((dir, leaf)) if fs::has_wildcard(leaf) => {
            let dir = if dir.is_empty() || dir.ends_with(':') {
                format!("{dir}\\")
            } else {
                dir.to_string()
            };
            (dir, Some(leaf.to_string()))
        }
        None if fs::has_wildcard(&target) => (".".to_string(), Some(target.clone())),
        _ => (target.clone(), None),
    };
    let path = match fs::normalize(&typed_folder, &process.cwd) {
        Ok(p) => p,
        Err(e) => {
            out.errln(e.message());
            out.code = 1;
            return out;
        }
    };
    let (folder, pattern) = match (typed_pattern, host.fs().node(&path)) {
        (Some(pattern), _) => (path, pattern),
        (None, Some(n)) if n.kind == NodeKind::Dir => (n.path.clone(), "*".to_string()),
        (None, _) => {
            let parent = crate::shell::cmd::exec::parent_of(&path).to_string();
            let leaf = path[parent.len()..].trim_start_matches('\\').to_string();
            (parent, leaf)
        }
    };
    if !bare {
        header(host, &mut out);
    }
    if host.fs().node(&folder).filter(|n| n.is_dir()).is_none() {
        out.errln("The system cannot find the path specified.");
        out.code = 1;
        return out;
    }
    let folders = if recurse {
        let mut all = vec![folder.clone()];
        all.extend(
            host.fs()
                .descendants(&folder)
                .into_iter()
                .skip(1)
                .filter(|p| host.fs().is_dir(p)),
        );
        all
    } else {
        vec![folder.clone()]
    };
    let stamp = timestamp(host);
    let (mut files, mut dirs, mut bytes, mut shown) = (0u64, 0u64, 0u64, 0usize);
    for dir in &folders {
        let entries = match list(host, process, dir, &pattern) {
            Ok(e) => e,
            Err(e) => {
                if !recurse {
                    if !bare {
                        out.outln(format!(" Directory of {dir}"));
                        out.outln("");
                    }
                    out.errln(e.message());
                    out.code = 1;
                    return out;
                }
                // `dir /s` goes on past a folder it may not list.
                continue;
            }
        };
        if entries.iter().all(|(n, _)| n == "." || n == "..") && (pattern != "*" || recurse) {
            continue;
        }
        shown += 1;
        if bare {
            for (name, _) in entries.iter().filter(|(n, _)| n != "." && n != "..") {
                out.outln(if recurse {
                    crate::fs::join(dir, name)
                } else {
                    name.clone()
                });
            }
            continue;
        }
        out.outln(format!(" Directory of {dir}"));
        out.outln("");
        let (mut f, mut b) = (0u64, 0u64);
        for (name, size) in &entries {
            match size {
                None => {
                    dirs += 1;
                    out.outln(format!("{stamp}    <DIR>          {name}"));
                }
                Some(s) => {
                    f += 1;
                    b += s;
                    out.outln(format!("{stamp} {:>17} {name}", group(*s)));
                }
            }
        }
        out.outln(format!("{f:>16} File(s) {:>14} bytes", group(b)));
        if recurse {
            out.outln("");
        }
        files += f;
        bytes += b;
    }
    if shown == 0 {
        if !bare && !recurse {
            out.outln(format!(" Directory of {folder}"));
            out.outln("");
        }
        out.errln("File Not Found");
        out.code = 1;
        return out;
    }
    if bare {
        return out;
    }
    if recurse {
        out.outln("     Total Files Listed:");
        out.outln(format!("{files:>16} File(s) {:>14} bytes", group(bytes)));
    }
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

/// The entries of `folder` that match `pattern`, as `process` may list them (`.` and `..`
/// first for every folder but a root, when every name is asked for).
fn list(
    host: &Host,
    process: &Process,
    folder: &str,
    pattern: &str,
) -> Result<Entries, crate::error::WinError> {
    let listed = host.fs().list_dir(folder, &process.token)?;
    let mut entries: Entries = Vec::new();
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
        if !crate::fs::wildcard_match(pattern, &name) {
            continue;
        }
        let size = match &node.kind {
            NodeKind::Dir => None,
            NodeKind::File(data) => Some(data.len() as u64),
        };
        entries.push((name, size));
    }
    Ok(entries)
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
