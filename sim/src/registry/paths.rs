//! Registry paths: the predefined root keys, their short forms, and where each one is stored.
//!
//! reg.exe accepts `HKLM`, `HKCU`, `HKCR`, `HKU`, `HKCC` and the long names, case-insensitively
//! (learn.microsoft.com, "reg query": "Valid root keys for the local computer are: HKLM, HKCU,
//! HKCR, HKU, and HKCC").
//!
//! Storage is simplified, and that is documented here once:
//! - `HKEY_CLASSES_ROOT` is `HKEY_LOCAL_MACHINE\SOFTWARE\Classes` (Windows merges in the user's
//!   `HKCU\Software\Classes`; a simulated host has no per-user classes).
//! - `HKEY_CURRENT_CONFIG` is `HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Hardware Profiles\Current`,
//!   the key Windows links it to.
//! - `HKEY_CURRENT_USER` is a hive of its own: the profile of the interactive administrator,
//!   whoever the session's token is (Windows maps it to `HKEY_USERS\<user SID>`).
//! - `CurrentControlSet` is an ordinary key, not a link to `ControlSet001`.

/// One predefined root key.
struct Root {
    long: &'static str,
    short: &'static str,
    /// Where its keys live (a long root name, possibly with a subpath).
    stored_at: &'static str,
}

const ROOTS: &[Root] = &[
    Root {
        long: "HKEY_LOCAL_MACHINE",
        short: "HKLM",
        stored_at: "HKEY_LOCAL_MACHINE",
    },
    Root {
        long: "HKEY_USERS",
        short: "HKU",
        stored_at: "HKEY_USERS",
    },
    Root {
        long: "HKEY_CURRENT_USER",
        short: "HKCU",
        stored_at: "HKEY_CURRENT_USER",
    },
    Root {
        long: "HKEY_CLASSES_ROOT",
        short: "HKCR",
        stored_at: "HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes",
    },
    Root {
        long: "HKEY_CURRENT_CONFIG",
        short: "HKCC",
        stored_at: "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Hardware Profiles\\Current",
    },
];

/// Case folding used for every comparison of key and value names. Windows upper-cases one
/// UTF-16 unit at a time (`RtlUpcaseUnicodeChar`): a character whose upper case is several
/// characters (`ß`) stays as it is.
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_uppercase();
    }
    s.chars()
        .map(|c| {
            let mut up = c.to_uppercase();
            match (up.next(), up.next()) {
                (Some(u), None) => u,
                _ => c,
            }
        })
        .collect()
}

fn find_root(name: &str) -> Option<&'static Root> {
    ROOTS
        .iter()
        .find(|r| r.long.eq_ignore_ascii_case(name) || r.short.eq_ignore_ascii_case(name))
}

/// Splits a path into its long root name and the rest (without the separating backslash);
/// `None` for an unknown root or an empty component (`HKLM\\A`). Trailing backslashes are
/// ignored, as reg.exe ignores them.
fn split(path: &str) -> Option<(&'static Root, &str)> {
    let path = path.trim_end_matches('\\');
    let (root, rest) = match path.split_once('\\') {
        Some((root, rest)) => (root, rest),
        None => (path, ""),
    };
    let root = find_root(root)?;
    if !rest.is_empty() && rest.split('\\').any(str::is_empty) {
        return None;
    }
    Some((root, rest))
}

/// `HKLM\Software` -> `HKEY_LOCAL_MACHINE\Software` (the rest as typed); `None` for an unknown
/// root or an empty component.
pub fn canonical_path(path: &str) -> Option<String> {
    let (root, rest) = split(path)?;
    Some(join(root.long, rest))
}

/// Where the key at `path` is stored: `HKCR\.txt` -> `HKEY_LOCAL_MACHINE\SOFTWARE\Classes\.txt`.
pub fn storage_path(path: &str) -> Option<String> {
    let (root, rest) = split(path)?;
    Some(join(root.stored_at, rest))
}

fn join(prefix: &str, rest: &str) -> String {
    if rest.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}\\{rest}")
    }
}

/// The last component of a path (`A\B\C` -> `C`).
pub fn leaf(path: &str) -> &str {
    path.rsplit('\\').next().unwrap_or(path)
}

/// The parent of a path, `None` for a root.
pub fn parent(path: &str) -> Option<&str> {
    path.rsplit_once('\\').map(|(p, _)| p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_and_long_roots_expand_case_insensitively() {
        assert_eq!(
            canonical_path("hklm\\Software").as_deref(),
            Some("HKEY_LOCAL_MACHINE\\Software")
        );
        assert_eq!(
            canonical_path("HKEY_Local_Machine").as_deref(),
            Some("HKEY_LOCAL_MACHINE")
        );
        assert_eq!(
            canonical_path("HKCU\\X\\").as_deref(),
            Some("HKEY_CURRENT_USER\\X")
        );
        assert_eq!(canonical_path("HKXX\\X"), None);
        assert_eq!(canonical_path("HKLM\\\\X"), None);
        assert_eq!(canonical_path(""), None);
    }

    #[test]
    fn classes_root_is_stored_under_software_classes() {
        assert_eq!(
            storage_path("HKCR\\.txt").as_deref(),
            Some("HKEY_LOCAL_MACHINE\\SOFTWARE\\Classes\\.txt")
        );
        assert_eq!(
            canonical_path("HKCR\\.txt").as_deref(),
            Some("HKEY_CLASSES_ROOT\\.txt")
        );
    }
}
