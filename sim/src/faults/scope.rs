//! What a repair of a fault may touch and what access it may give, as data: the judge of
//! remediation scripts calls a change outside its faults' scopes collateral, and access a
//! principal gains that no scope grants privilege creep.
//!
//! Patterns name objects as `Host::diff` does (`C:\...`, `HKLM\...\Key`,
//! `HKLM\...\Key /v Name`, `Cert:\LocalMachine\<store>\<thumbprint>`), compared without regard
//! to case. `*` matches within one path element (never a `\`); a pattern ending in `\**`
//! matches the object before it and everything beneath it (subkeys, values, files).

/// A right that a grant gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Right {
    /// Reading the object's data (a key file's private key, a key's values).
    Read,
    /// Writing its data, adding to it, or changing its permissions or owner.
    Write,
}

impl Right {
    /// `read` or `write`.
    pub fn name(self) -> &'static str {
        match self {
            Right::Read => "read",
            Right::Write => "write",
        }
    }
}

/// Access a repair may give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grant {
    /// The principal, as an SDDL alias (`NS`) or a SID string.
    pub principal: &'static str,
    /// The objects (a pattern).
    pub object: &'static str,
    /// The right.
    pub right: Right,
}

/// What a repair of one fault may touch and give.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scope {
    /// The objects it may change (patterns).
    pub objects: &'static [&'static str],
    /// The access it may give.
    pub grants: &'static [Grant],
}

impl Scope {
    /// True if a change to `path` is within this scope.
    pub fn covers(&self, path: &str) -> bool {
        self.objects.iter().any(|p| matches(p, path))
    }

    /// True if this scope lets `principal` (an SDDL alias or SID string) gain `right` on
    /// `path`.
    pub fn grants(&self, principal: &str, path: &str, right: Right) -> bool {
        self.grants.iter().any(|g| {
            g.right == right
                && g.principal.eq_ignore_ascii_case(principal)
                && matches(g.object, path)
        })
    }
}

/// True if `path` matches `pattern` (see the module's rules).
pub fn matches(pattern: &str, path: &str) -> bool {
    let pattern = pattern.to_ascii_lowercase();
    let path = path.to_ascii_lowercase();
    if let Some(prefix) = pattern.strip_suffix("\\**") {
        let object = object_of(&path);
        // The object itself, a value of it, or anything beneath it.
        return glob(prefix, object) || ancestors(&path).any(|a| glob(prefix, a));
    }
    glob(&pattern, &path)
}

/// A registry value's key (`HKLM\K /v N` -> `HKLM\K`); other paths as they are.
fn object_of(path: &str) -> &str {
    path.split_once(" /v ").map_or(path, |(k, _)| k)
}

/// The path's ancestors, nearest first (`a\b\c` -> `a\b`, `a`).
fn ancestors(path: &str) -> impl Iterator<Item = &str> {
    let object = object_of(path);
    object
        .char_indices()
        .rev()
        .filter(|(_, c)| *c == '\\')
        .map(move |(i, _)| &object[..i])
}

/// `*` matches any run of characters other than `\`.
fn glob(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    // Classic two-pointer wildcard match, with `*` unable to cross `\`.
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star.filter(|(_, st)| t[*st] != '\\') {
            // The star takes one more character: go on from the star again, which notes
            // where it now ends.
            pi = sp;
            ti = st + 1;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &str = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys";

    #[test]
    fn a_star_stays_within_one_element() {
        let p = format!(r"{KEYS}\f686aace*");
        assert!(matches(&p, &format!(r"{KEYS}\F686AACE6942_dd95")));
        assert!(!matches(&p, &format!(r"{KEYS}\6de9cb26_dd95")));
        assert!(!matches(&p, &format!(r"{KEYS}\f686aace\sub")));
        assert!(!matches(&p, KEYS));
        assert!(matches(KEYS, &KEYS.to_uppercase()));
        assert!(!matches(KEYS, &format!(r"{KEYS}\x")));
    }

    #[test]
    fn a_star_may_match_nothing() {
        let p = format!(r"{KEYS}\f686aace*_dd95");
        assert!(matches(&p, &format!(r"{KEYS}\f686aace_dd95")));
        assert!(matches(&p, &format!(r"{KEYS}\f686aace6942_dd95")));
        assert!(!matches(&p, &format!(r"{KEYS}\f686aace6942_dd96")));
    }

    #[test]
    fn a_trailing_double_star_takes_the_object_its_values_and_what_is_beneath() {
        let p = r"HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\**";
        let store = r"HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop";
        assert!(matches(p, store));
        assert!(matches(p, &format!(r"{store}\Certificates\ABC")));
        assert!(matches(p, &format!(r"{store} /v Flags")));
        assert!(matches(p, &format!(r"{store}\Certificates\ABC /v Blob")));
        assert!(!matches(
            p,
            r"HKLM\SOFTWARE\Microsoft\SystemCertificates\My"
        ));
        assert!(!matches(
            p,
            r"HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop2"
        ));
    }

    #[test]
    fn a_value_pattern_names_one_value() {
        let p = r"HKLM\X\RDP-Tcp /v SSLCertificateSHA1Hash";
        assert!(matches(p, r"HKLM\X\RDP-Tcp /v sslcertificatesha1hash"));
        assert!(!matches(p, r"HKLM\X\RDP-Tcp /v SecurityLayer"));
        assert!(!matches(p, r"HKLM\X\RDP-Tcp"));
    }

    #[test]
    fn grants_name_principal_object_and_right() {
        let scope = Scope {
            objects: &[],
            grants: &[Grant {
                principal: "NS",
                object: r"C:\K\f686aace*",
                right: Right::Read,
            }],
        };
        assert!(scope.grants("ns", r"C:\K\f686aace_1", Right::Read));
        assert!(!scope.grants("NS", r"C:\K\f686aace_1", Right::Write));
        assert!(!scope.grants("LS", r"C:\K\f686aace_1", Right::Read));
        assert!(!scope.grants("NS", r"C:\K\other", Right::Read));
        assert!(!scope.covers(r"C:\K\f686aace_1"));
    }

    #[test]
    fn a_scope_covers_what_one_of_its_patterns_matches() {
        let scope = Scope {
            objects: &[
                r"C:\K\f686aace*",
                r"HKLM\X\RDP-Tcp /v SSLCertificateSHA1Hash",
            ],
            grants: &[],
        };
        assert!(scope.covers(r"C:\K\F686AACE_1"));
        assert!(scope.covers(r"HKLM\X\RDP-Tcp /v SSLCertificateSHA1Hash"));
        assert!(!scope.covers(r"C:\K\other"));
    }

    /// The words the judge's report and JSON use for a right.
    #[test]
    fn rights_are_named_read_and_write() {
        assert_eq!((Right::Read.name(), Right::Write.name()), ("read", "write"));
    }
}
