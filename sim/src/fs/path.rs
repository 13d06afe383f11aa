//! Windows path normalization (`GetFullPathNameW` rules, for drive paths only).
//!
//! Rules reproduced (learn.microsoft.com "File path formats on Windows systems"):
//! - `/` is a separator like `\`; runs of separators collapse;
//! - `.` segments vanish; `..` removes the previous segment and stops at the volume root;
//! - a segment ending in one `.` loses it; the last segment (when the path does not end with a
//!   separator) loses all trailing dots and spaces; segments of three or more dots are names;
//! - `C:\x` is absolute, `\x` is rooted on the current drive, `C:x` is relative to the current
//!   folder if it is on drive C (else to `C:\`), `x` is relative to the current folder.
//!
//! Not supported (an error): UNC paths (`\\server\share`), device and `\\?\` paths, names with
//! `< > : " | ? *` or control characters.

use crate::error::WinError;

/// Normalizes `path` against `cwd` into `C:\A\B` form: `/` becomes `\`, `.` and `..` are
/// resolved (`..` at a root stays at the root), trailing separators are dropped, the drive
/// letter is upper-cased. `cwd` must itself be an absolute drive path.
///
/// Errors with `PATH_NOT_FOUND` for empty, UNC and device paths, for invalid characters, and
/// when neither `path` nor `cwd` gives a drive.
pub fn normalize(path: &str, cwd: &str) -> Result<String, WinError> {
    let p = path.replace('/', "\\");
    if p.is_empty() || p.starts_with("\\\\") {
        return Err(WinError::PATH_NOT_FOUND);
    }
    let (drive, rest) = match split_drive(&p) {
        Some((d, rest)) if rest.starts_with('\\') => (d, rest.to_string()),
        Some((d, rest)) => {
            let base = absolute(cwd)
                .filter(|(cd, _)| *cd == d)
                .map(|(_, segs)| segs.join("\\"));
            (d, format!("{}\\{rest}", base.unwrap_or_default()))
        }
        None => {
            let (d, segs) = absolute(cwd).ok_or(WinError::PATH_NOT_FOUND)?;
            if p.starts_with('\\') {
                (d, p)
            } else {
                (d, format!("{}\\{p}", segs.join("\\")))
            }
        }
    };
    let segs = segments(&rest)?;
    Ok(format!("{drive}:\\{}", segs.join("\\")))
}

/// The drive letter (upper-cased) and what follows `X:`.
fn split_drive(p: &str) -> Option<(char, &str)> {
    let mut chars = p.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    (chars.next() == Some(':')).then(|| (letter.to_ascii_uppercase(), &p[2..]))
}

/// An absolute drive path's drive and segments (used for `cwd`).
fn absolute(cwd: &str) -> Option<(char, Vec<String>)> {
    let p = cwd.replace('/', "\\");
    let (d, rest) = split_drive(&p)?;
    if !rest.is_empty() && !rest.starts_with('\\') {
        return None;
    }
    Some((d, segments(rest).ok()?))
}

/// Resolves `.`, `..`, empty segments and trailing dots/spaces; rejects invalid names.
fn segments(rest: &str) -> Result<Vec<String>, WinError> {
    let ends_with_separator = rest.ends_with('\\');
    let parts: Vec<&str> = rest.split('\\').collect();
    let last = parts.len() - 1;
    let mut out: Vec<String> = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        match part {
            "" | "." => continue,
            ".." => {
                out.pop();
                continue;
            }
            _ => {}
        }
        if part.chars().any(|c| c < ' ' || "<>:\"|?*".contains(c)) {
            return Err(WinError::PATH_NOT_FOUND);
        }
        let all_dots = part.chars().all(|c| c == '.');
        let name = if i == last && !ends_with_separator && !all_dots {
            part.trim_end_matches(['.', ' '])
        } else if !all_dots {
            part.strip_suffix('.').unwrap_or(part)
        } else {
            part
        };
        if !name.is_empty() {
            out.push(name.to_string());
        }
    }
    Ok(out)
}

/// Why Windows cannot hold `name` as one file or folder name, or `None` when it can.
///
/// The rules of learn.microsoft.com "Naming Files, Paths, and Namespaces": no `< > : " / \ | ? *`
/// and no character below 32; no reserved device name (`CON`, `PRN`, `AUX`, `NUL`, `COM1`-`COM9`,
/// `LPT1`-`LPT9`, with or without an extension); no trailing dot or space (Win32 path
/// normalization strips them, so the name would name another file); at most 255 characters
/// (NTFS's limit, in UTF-16 code units).
pub fn invalid_name(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        return Some("is empty");
    }
    if name.chars().any(|c| c < ' ' || "<>:\"/\\|?*".contains(c)) {
        return Some(
            "holds a character Windows does not allow in a name (< > : \" / \\ | ? * or a control character)",
        );
    }
    if name.ends_with(['.', ' ']) {
        return Some("ends with a dot or a space, which Windows strips from a name");
    }
    let base = name
        .split('.')
        .next()
        .unwrap_or("")
        .trim_end()
        .to_ascii_uppercase();
    let device = matches!(base.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (base.len() == 4
            && (base.starts_with("COM") || base.starts_with("LPT"))
            && matches!(base.as_bytes()[3], b'1'..=b'9'));
    if device {
        return Some("is a reserved device name on Windows (CON, PRN, AUX, NUL, COM1-9, LPT1-9)");
    }
    if name.encode_utf16().count() > 255 {
        return Some("is longer than 255 characters, the most a Windows name may hold");
    }
    None
}

/// The parent of a normalized path (`C:\A\B` -> `C:\A`, `C:\A` -> `C:\`); `None` for a root
/// or a name without a folder.
pub fn parent(path: &str) -> Option<&str> {
    let i = path.rfind('\\')?;
    if path.len() == 3 {
        return None;
    }
    // A child of the root keeps the root's backslash (`C:\`).
    Some(if i == 2 { &path[..3] } else { &path[..i] })
}

/// The last segment of a normalized path (`C:\A\B` -> `B`; a root gives `C:\`).
pub fn leaf(path: &str) -> &str {
    match path.rsplit_once('\\') {
        Some((_, l)) if !l.is_empty() => l,
        _ => path,
    }
}

/// `parent\name` for a normalized parent path.
pub fn join(parent: &str, name: &str) -> String {
    if parent.ends_with('\\') {
        format!("{parent}{name}")
    } else {
        format!("{parent}\\{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_normalize_like_windows() {
        let cwd = "C:\\Users\\azureuser";
        let cases = [
            ("c:/programdata/x/", "C:\\programdata\\x"),
            ("C:\\a\\.\\b\\..\\c", "C:\\a\\c"),
            ("C:\\..\\..\\Windows", "C:\\Windows"),
            ("..\\..\\..\\..", "C:\\"),
            ("temp\\f.txt", "C:\\Users\\azureuser\\temp\\f.txt"),
            ("\\Windows", "C:\\Windows"),
            ("c:", "C:\\Users\\azureuser"),
            ("d:x", "D:\\x"),
            ("C:\\a.\\b. . ", "C:\\a\\b"),
            ("C:\\...\\x", "C:\\...\\x"),
            ("C:\\", "C:\\"),
        ];
        for (p, want) in cases {
            assert_eq!(normalize(p, cwd), Ok(want.to_string()), "{p}");
        }
    }

    #[test]
    fn other_forms_are_errors() {
        for p in [
            "",
            "\\\\server\\share",
            "//?/C:/x",
            "C:\\a|b",
            "C:\\a:stream",
            "C:\\*",
        ] {
            assert_eq!(normalize(p, "C:\\"), Err(WinError::PATH_NOT_FOUND), "{p}");
        }
        assert_eq!(normalize("x", "nowhere"), Err(WinError::PATH_NOT_FOUND));
    }

    #[test]
    fn names_windows_cannot_hold() {
        for bad in [
            "a:b",
            "a<b",
            "a>b",
            "a|b",
            "a\"b",
            "a*b",
            "a?b",
            "a\\b",
            "a\u{1}b",
            "a\tb",
            "a.",
            "a ",
            "CON",
            "nul.txt",
            "Com1",
            "lpt9.log",
            "",
            &"x".repeat(256),
        ] {
            assert!(invalid_name(bad).is_some(), "{bad:?}");
        }
        for good in [
            "a.txt",
            "COM10",
            "console",
            "x y",
            ".hidden",
            "\u{e9}t\u{e9}",
            &"x".repeat(255),
        ] {
            assert_eq!(invalid_name(good), None, "{good:?}");
        }
    }

    #[test]
    fn parents_and_leaves() {
        assert_eq!(parent("C:\\A\\B"), Some("C:\\A"));
        assert_eq!(parent("C:\\A"), Some("C:\\"));
        assert_eq!(parent("X"), None);
        assert_eq!(parent("C:\\"), None);
        assert_eq!(leaf("C:\\A\\B"), "B");
        assert_eq!(join("C:\\", "A"), "C:\\A");
        assert_eq!(join("C:\\A", "B"), "C:\\A\\B");
    }
}
