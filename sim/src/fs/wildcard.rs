//! Name patterns with `*` and `?`, matched as FindFirstFile matches simple patterns:
//! case-insensitive, and `*.*` also matches names without a dot.

use super::Fs;

/// True if `name` (one path component) matches `pattern`.
pub fn wildcard_match(pattern: &str, name: &str) -> bool {
    let pattern = if pattern == "*.*" { "*" } else { pattern };
    let p: Vec<char> = pattern.to_lowercase().chars().collect();
    let n: Vec<char> = name.to_lowercase().chars().collect();
    // One backtrack point per `*`: linear in practice, never exponential.
    let (mut pi, mut ni) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while ni < n.len() {
        if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
            pi += 1;
            ni += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ni));
            pi += 1;
        } else if let Some((sp, sn)) = star {
            pi = sp + 1;
            ni = sn + 1;
            star = Some((sp, sn + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}

/// True if the last component of `path` holds `*` or `?`.
pub fn has_wildcard(path: &str) -> bool {
    super::leaf(path).contains(['*', '?'])
}

impl Fs {
    /// The children of folder `dir` whose names match `pattern`, in `children` order.
    pub fn matching(&self, dir: &str, pattern: &str) -> Vec<String> {
        self.children(dir)
            .into_iter()
            .filter(|c| wildcard_match(pattern, super::leaf(c)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_like_windows() {
        assert!(wildcard_match("*", "f686aace_x"));
        assert!(wildcard_match("f686*", "F686AACE_x"));
        assert!(wildcard_match("*.*", "noext"));
        assert!(wildcard_match("a?c.TXT", "abc.txt"));
        assert!(!wildcard_match("a?c", "ac"));
        assert!(!wildcard_match("f686*", "76944fb3"));
        assert!(wildcard_match("*b*b*b*b*b*b*b*b*b*", "bbbbbbbbbb"));
        assert!(!wildcard_match(
            "*b*b*b*b*b*b*b*b*b*c",
            "bbbbbbbbbbbbbbbbbbbbbbbb"
        ));
    }
}
