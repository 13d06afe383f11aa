//! `findstr [/i /v /n /c:"text" /r /l /b /e /x /m /s] strings [files]` (windowsserverdocs
//! `findstr.md`): several space-separated strings match any of them; `/c:` is one literal
//! string; the default is a regular expression of findstr's subset (`.`, `*`, `^`, `$`,
//! `[class]`, `[^class]`, `\<`, `\>`, `\x`). With several files each line is prefixed with
//! its file's name. Exit 0 found, 1 not found, 2 for an error. Reads UTF-16 and UTF-8 files.

use super::find::{lines, stdin_lines};
use crate::fs;
use crate::host::Host;
use crate::process::{Output, Process};

/// One findstr search string.
#[derive(Debug, Clone)]
enum Pattern {
    Literal(String),
    Regex(Regex),
}

/// Runs `findstr` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut o = FindstrOptions::default();
    let mut literals: Vec<String> = Vec::new();
    let mut strings: Option<String> = None;
    let mut files = Vec::new();
    for a in args {
        if let Some(sw) = a.strip_prefix('/').filter(|s| !s.is_empty()) {
            let lower = sw.to_ascii_lowercase();
            if let Some(c) = lower.strip_prefix("c:") {
                let _ = c;
                literals.push(sw[2..].to_string());
                continue;
            }
            if lower.starts_with("g:")
                || lower.starts_with("d:")
                || lower.starts_with("a:")
                || lower.starts_with("f:")
            {
                continue;
            }
            for ch in lower.chars() {
                match ch {
                    'i' => o.ignore = true,
                    'v' => o.invert = true,
                    'n' => o.number = true,
                    'r' => o.regex = Some(true),
                    'l' => o.regex = Some(false),
                    'b' => o.begin = true,
                    'e' => o.end = true,
                    'x' => o.exact = true,
                    'm' => o.names_only = true,
                    's' => o.recurse = true,
                    'p' | 'o' => {}
                    _ => {
                        let mut out = Output::with_code(2);
                        out.errln(format!("FINDSTR: /{ch} ignored"));
                        return out;
                    }
                }
            }
        } else if strings.is_none() && literals.is_empty() {
            strings = Some(a.clone());
        } else {
            files.push(a.clone());
        }
    }
    let regex_default = o.regex.unwrap_or(true);
    let mut patterns: Vec<Pattern> = Vec::new();
    for l in &literals {
        patterns.push(if o.regex == Some(true) {
            Pattern::Regex(Regex::parse(l))
        } else {
            Pattern::Literal(l.clone())
        });
    }
    if let Some(s) = &strings {
        for w in s.split(' ').filter(|w| !w.is_empty()) {
            patterns.push(if regex_default {
                Pattern::Regex(Regex::parse(w))
            } else {
                Pattern::Literal(w.to_string())
            });
        }
    }
    if patterns.is_empty() {
        let mut out = Output::with_code(2);
        out.errln("FINDSTR: Bad command line");
        return out;
    }
    let mut out = Output::default();
    let mut found = false;
    let mut error = false;
    if files.is_empty() {
        found = o.scan(&mut out, &patterns, &stdin_lines(process), None);
    } else {
        let named: Vec<(String, String)> = files
            .iter()
            .flat_map(|f| expand_files(host, process, f, o.recurse))
            .collect();
        if named.is_empty() {
            for f in &files {
                out.errln(format!("FINDSTR: Cannot open {f}"));
            }
            error = true;
        }
        let prefix = named.len() > 1 || o.recurse;
        for (shown, path) in &named {
            match process.read_text(host, path) {
                Ok(text) => {
                    let name = prefix
                        .then_some(shown.as_str())
                        .or(o.names_only.then_some(shown.as_str()));
                    found |= o.scan(&mut out, &patterns, &text, name);
                }
                Err(_) => {
                    out.errln(format!("FINDSTR: Cannot open {shown}"));
                    error = true;
                }
            }
        }
    }
    out.code = if found {
        0
    } else if error {
        2
    } else {
        1
    };
    out
}

/// The files a findstr file argument names: the file, or a pattern's matches (with `/s`,
/// in the folders below too), each as shown (`sub\x.txt`) and as a full path.
fn expand_files(
    host: &Host,
    process: &Process,
    typed: &str,
    recurse: bool,
) -> Vec<(String, String)> {
    let typed = typed.replace('/', "\\");
    let pattern = fs::leaf(&typed).to_string();
    let typed_dir = typed[..typed.len() - pattern.len()].to_string();
    let Ok(dir) = fs::normalize(
        if typed_dir.is_empty() {
            "."
        } else {
            &typed_dir
        },
        &process.cwd,
    ) else {
        return Vec::new();
    };
    let fs = host.fs();
    let dirs: Vec<String> = if recurse {
        fs.descendants(&dir)
            .into_iter()
            .filter(|p| fs.is_dir(p))
            .collect()
    } else {
        vec![dir.clone()]
    };
    let mut out = Vec::new();
    for d in dirs {
        for p in fs.matching(&d, &pattern) {
            if fs.is_dir(&p) {
                continue;
            }
            let rel = p[dir.len()..].trim_start_matches('\\');
            out.push((format!("{typed_dir}{rel}"), p.clone()));
        }
    }
    out
}

#[derive(Debug, Default)]
struct FindstrOptions {
    ignore: bool,
    invert: bool,
    number: bool,
    regex: Option<bool>,
    begin: bool,
    end: bool,
    exact: bool,
    names_only: bool,
    recurse: bool,
}

impl FindstrOptions {
    fn line_matches(&self, patterns: &[Pattern], line: &str) -> bool {
        let fold = |s: &str| {
            if self.ignore {
                s.to_lowercase()
            } else {
                s.to_string()
            }
        };
        let l = fold(line);
        patterns.iter().any(|p| match p {
            Pattern::Literal(t) => {
                let t = fold(t);
                if self.exact || (self.begin && self.end) {
                    l == t
                } else if self.begin {
                    l.starts_with(&t)
                } else if self.end {
                    l.ends_with(&t)
                } else {
                    l.contains(&t)
                }
            }
            Pattern::Regex(r) => r.is_match(
                &l,
                self.ignore,
                self.begin || self.exact,
                self.end || self.exact,
            ),
        })
    }

    /// Prints the matching lines of `text` (prefixed with `name:` when several files are
    /// searched); true if any matched.
    fn scan(&self, out: &mut Output, patterns: &[Pattern], text: &str, name: Option<&str>) -> bool {
        let mut any = false;
        for (i, line) in lines(text).enumerate() {
            if self.line_matches(patterns, line) == self.invert {
                continue;
            }
            any = true;
            if self.names_only {
                if let Some(n) = name {
                    out.outln(n);
                }
                return true;
            }
            let mut shown = String::new();
            if let Some(n) = name {
                shown.push_str(n);
                shown.push(':');
            }
            if self.number {
                shown.push_str(&format!("{}:", i + 1));
            }
            shown.push_str(line);
            out.outln(shown);
        }
        any
    }
}

/// One element of a findstr regular expression.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Atom {
    Any,
    Char(char),
    Class(bool, Vec<(char, char)>),
    WordStart,
    WordEnd,
}

/// A findstr regular expression: atoms, each maybe repeated (`*`), and its anchors.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Regex {
    atoms: Vec<(Atom, bool)>,
    start: bool,
    end: bool,
}

impl Regex {
    fn parse(text: &str) -> Regex {
        let mut chars: Vec<char> = text.chars().collect();
        let start = chars.first() == Some(&'^');
        if start {
            chars.remove(0);
        }
        let end =
            chars.last() == Some(&'$') && !(chars.len() >= 2 && chars[chars.len() - 2] == '\\');
        if end {
            chars.pop();
        }
        let mut atoms: Vec<(Atom, bool)> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let atom = match chars[i] {
                '.' => Atom::Any,
                '*' if !atoms.is_empty() => {
                    if let Some(last) = atoms.last_mut() {
                        last.1 = true;
                    }
                    i += 1;
                    continue;
                }
                '\\' if i + 1 < chars.len() => {
                    i += 1;
                    match chars[i] {
                        '<' => Atom::WordStart,
                        '>' => Atom::WordEnd,
                        c => Atom::Char(c),
                    }
                }
                '[' => {
                    let mut j = i + 1;
                    let negate = chars.get(j) == Some(&'^');
                    if negate {
                        j += 1;
                    }
                    let mut ranges = Vec::new();
                    while j < chars.len() && (chars[j] != ']' || j == i + 1 + negate as usize) {
                        let a = chars[j];
                        if chars.get(j + 1) == Some(&'-')
                            && chars.get(j + 2).is_some_and(|c| *c != ']')
                        {
                            ranges.push((a, chars[j + 2]));
                            j += 3;
                        } else {
                            ranges.push((a, a));
                            j += 1;
                        }
                    }
                    if j >= chars.len() {
                        // No closing bracket: a literal `[`.
                        Atom::Char('[')
                    } else {
                        i = j;
                        Atom::Class(negate, ranges)
                    }
                }
                c => Atom::Char(c),
            };
            atoms.push((atom, false));
            i += 1;
        }
        Regex { atoms, start, end }
    }

    /// True if the regex matches somewhere in `line`: dynamic programming from the last atom
    /// back, one row per atom, so time is atoms x length and memory one row (no recursion).
    fn is_match(&self, line: &str, ignore: bool, anchor_start: bool, anchor_end: bool) -> bool {
        let text: Vec<char> = line.chars().collect();
        let len = text.len();
        let end = anchor_end || self.end;
        // next[t]: the atoms after the current one match from t.
        let mut next: Vec<bool> = (0..=len).map(|t| !end || t == len).collect();
        for (atom, star) in self.atoms.iter().rev() {
            let mut row = vec![false; len + 1];
            for t in (0..=len).rev() {
                let step = self.step(atom, &text, t, ignore);
                row[t] = if *star {
                    next[t] || step.is_some_and(|nt| nt > t && row[nt])
                } else {
                    step.is_some_and(|nt| next[nt])
                };
            }
            next = row;
        }
        if anchor_start || self.start {
            next[0]
        } else {
            next.iter().any(|v| *v)
        }
    }

    /// Where the text goes on after `atom` matched at `t` (`t` itself for the zero-width
    /// word anchors), or `None`.
    fn step(&self, atom: &Atom, text: &[char], t: usize, ignore: bool) -> Option<usize> {
        let word = |c: &char| c.is_alphanumeric();
        match atom {
            Atom::WordStart => {
                (text.get(t).is_some_and(word) && (t == 0 || !word(&text[t - 1]))).then_some(t)
            }
            Atom::WordEnd => {
                (t > 0 && word(&text[t - 1]) && text.get(t).is_none_or(|c| !word(c))).then_some(t)
            }
            _ => {
                let c = *text.get(t)?;
                atom_matches(atom, c, ignore).then_some(t + 1)
            }
        }
    }
}

fn atom_matches(atom: &Atom, c: char, ignore: bool) -> bool {
    let fold = |c: char| {
        if ignore {
            c.to_lowercase().next().unwrap_or(c)
        } else {
            c
        }
    };
    match atom {
        Atom::Any => true,
        Atom::Char(a) => fold(*a) == fold(c),
        Atom::Class(negate, ranges) => {
            let c = fold(c);
            ranges.iter().any(|(a, b)| {
                let (a, b) = (fold(*a), fold(*b));
                a <= c && c <= b
            }) != *negate
        }
        Atom::WordStart | Atom::WordEnd => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_regex_subset_matches_like_findstr() {
        let m = |p: &str, l: &str| Regex::parse(p).is_match(l, false, false, false);
        assert!(m("Cert.*sha1", "Cert Hash(sha1): ab"));
        assert!(m("^Subject", "Subject: CN=X"));
        assert!(!m("^Subject", " Subject"));
        assert!(m("[0-9][0-9]*$", "port 3389"));
        assert!(!m("x$", "xy"));
        assert!(m("\\<RDP\\>", "the RDP-Tcp"));
        assert!(!m("\\<DP", "RDP"));
        assert!(m("a[^b]c", "axc"));
        let long = "a".repeat(5000);
        assert!(!m(".*.*.*.*b", &long));
    }
}
