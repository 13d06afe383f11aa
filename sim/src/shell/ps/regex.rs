//! A small backtracking regular-expression engine for `-match`, `-replace` and `-split`:
//! the .NET syntax scripts use (classes, `\d\w\s\b`, anchors, groups with names,
//! alternation, greedy and lazy quantifiers). Matching is bounded in steps, so no pattern
//! can hang a run.

use std::cell::Cell;

const MAX_STEPS: usize = 1_000_000;

#[derive(Debug, Clone)]
enum Node {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    WordBoundary(bool),
    Group(Vec<Vec<Node>>, Option<usize>),
    Repeat(Box<Node>, usize, usize, bool),
}

/// Group spans (character offsets) of a match.
type Spans = Vec<Option<(usize, usize)>>;

/// A compiled pattern.
#[derive(Debug, Clone)]
pub struct Regex {
    alts: Vec<Vec<Node>>,
    groups: usize,
    names: Vec<(String, usize)>,
    icase: bool,
}

/// The groups of one match, as character offsets.
pub struct Captures {
    text: Vec<char>,
    spans: Vec<Option<(usize, usize)>>,
    names: Vec<(String, usize)>,
}

impl Captures {
    /// Each group's text (0 is the whole match).
    pub fn iter(&self) -> impl Iterator<Item = Option<String>> + '_ {
        self.spans
            .iter()
            .map(|s| s.map(|(a, b)| self.text[a..b].iter().collect()))
    }
    /// Named groups' texts.
    pub fn named(&self) -> Vec<(String, String)> {
        self.names
            .iter()
            .filter_map(|(n, i)| {
                self.spans
                    .get(*i)
                    .copied()
                    .flatten()
                    .map(|(a, b)| (n.clone(), self.text[a..b].iter().collect()))
            })
            .collect()
    }
}

struct P<'a> {
    s: &'a [char],
    i: usize,
    groups: usize,
    names: Vec<(String, usize)>,
    depth: usize,
}

impl Regex {
    /// Compiles `pattern` (case-insensitive when `icase`).
    pub fn new(pattern: &str, icase: bool) -> Result<Regex, String> {
        let chars: Vec<char> = pattern.chars().collect();
        let mut p = P {
            s: &chars,
            i: 0,
            groups: 0,
            names: Vec::new(),
            depth: 0,
        };
        let alts = p.alts()?;
        if p.i < chars.len() {
            return Err("Too many )'s.".into());
        }
        Ok(Regex {
            alts,
            groups: p.groups,
            names: p.names,
            icase,
        })
    }

    /// The first match's groups.
    pub fn captures(&self, text: &str) -> Option<Captures> {
        let chars: Vec<char> = text.chars().collect();
        let (spans, _) = self.find_at(&chars, 0)?;
        Some(Captures {
            text: chars,
            spans,
            names: self.names.clone(),
        })
    }

    /// True if the pattern matches somewhere.
    pub fn is_match(&self, text: &str) -> bool {
        let chars: Vec<char> = text.chars().collect();
        self.find_at(&chars, 0).is_some()
    }

    fn find_at(&self, t: &[char], from: usize) -> Option<(Spans, usize)> {
        let steps = Cell::new(0usize);
        for start in from..=t.len() {
            let mut caps = vec![None; self.groups + 1];
            let m = Matcher {
                t,
                icase: self.icase,
                steps: &steps,
            };
            let mut end = None;
            if m.alts(&self.alts, start, &mut caps, &mut |e, _| {
                end = Some(e);
                true
            }) {
                let e = end?;
                caps[0] = Some((start, e));
                return Some((caps, e));
            }
            if steps.get() > MAX_STEPS {
                return None;
            }
        }
        None
    }

    /// Every match replaced (`$1`, `${name}`, `$0`, `$$` in the replacement).
    pub fn replace_all(&self, text: &str, with: &str) -> String {
        let t: Vec<char> = text.chars().collect();
        let mut out = String::new();
        let mut at = 0;
        let mut guard = 0;
        while at <= t.len() {
            guard += 1;
            if guard > t.len() + 2 {
                break;
            }
            let Some((caps, end)) = self.find_at(&t, at) else {
                break;
            };
            let (s, e) = caps[0].unwrap_or((at, end));
            out.extend(t[at..s].iter());
            out.push_str(&self.expand(with, &caps, &t));
            if e == s {
                if s < t.len() {
                    out.push(t[s]);
                }
                at = s + 1;
            } else {
                at = e;
            }
        }
        if at < t.len() {
            out.extend(t[at..].iter());
        }
        out
    }

    fn expand(&self, with: &str, caps: &[Option<(usize, usize)>], t: &[char]) -> String {
        let w: Vec<char> = with.chars().collect();
        let mut out = String::new();
        let mut i = 0;
        let group = |n: usize| {
            caps.get(n)
                .copied()
                .flatten()
                .map(|(a, b)| t[a..b].iter().collect::<String>())
                .unwrap_or_default()
        };
        while i < w.len() {
            if w[i] == '$' && i + 1 < w.len() {
                if w[i + 1] == '$' {
                    out.push('$');
                    i += 2;
                    continue;
                }
                if w[i + 1].is_ascii_digit() {
                    let mut j = i + 1;
                    while j < w.len() && w[j].is_ascii_digit() {
                        j += 1;
                    }
                    let n: usize = w[i + 1..j]
                        .iter()
                        .collect::<String>()
                        .parse()
                        .unwrap_or(usize::MAX);
                    if n <= self.groups {
                        out.push_str(&group(n));
                        i = j;
                        continue;
                    }
                }
                if w[i + 1] == '{' {
                    if let Some(close) = w[i..].iter().position(|c| *c == '}') {
                        let name: String = w[i + 2..i + close].iter().collect();
                        let idx = name.parse::<usize>().ok().or_else(|| {
                            self.names.iter().find(|(n, _)| *n == name).map(|(_, i)| *i)
                        });
                        if let Some(n) = idx {
                            out.push_str(&group(n));
                            i += close + 1;
                            continue;
                        }
                    }
                }
            }
            out.push(w[i]);
            i += 1;
        }
        out
    }

    /// Splits at every match (at most `max` pieces when `max` > 0); groups are kept.
    pub fn split(&self, text: &str, max: usize) -> Vec<String> {
        let t: Vec<char> = text.chars().collect();
        let mut out = Vec::new();
        let mut piece_start = 0;
        let mut at = 0;
        while at <= t.len() {
            if max > 0 && out.len() + 1 >= max {
                break;
            }
            let Some((caps, end)) = self.find_at(&t, at) else {
                break;
            };
            let (s, e) = caps[0].unwrap_or((at, end));
            if e == s {
                if s >= t.len() {
                    break;
                }
                if s == piece_start {
                    at = s + 1;
                    continue;
                }
            }
            out.push(t[piece_start..s].iter().collect());
            for c in caps.iter().skip(1).flatten() {
                out.push(t[c.0..c.1].iter().collect());
            }
            piece_start = e;
            at = if e == s { e + 1 } else { e };
        }
        out.push(t[piece_start.min(t.len())..].iter().collect());
        out
    }
}

impl P<'_> {
    fn alts(&mut self) -> Result<Vec<Vec<Node>>, String> {
        self.depth += 1;
        if self.depth > 100 {
            return Err("nested too deeply".into());
        }
        let mut alts = vec![self.seq()?];
        while self.s.get(self.i) == Some(&'|') {
            self.i += 1;
            alts.push(self.seq()?);
        }
        self.depth -= 1;
        Ok(alts)
    }

    fn seq(&mut self) -> Result<Vec<Node>, String> {
        let mut seq = Vec::new();
        while let Some(&c) = self.s.get(self.i) {
            if c == '|' || c == ')' {
                break;
            }
            let atom = self.atom()?;
            let atom = self.quantifier(atom)?;
            seq.push(atom);
        }
        Ok(seq)
    }

    fn quantifier(&mut self, atom: Node) -> Result<Node, String> {
        let Some(&c) = self.s.get(self.i) else {
            return Ok(atom);
        };
        let (min, max) = match c {
            '*' => (0, usize::MAX),
            '+' => (1, usize::MAX),
            '?' => (0, 1),
            '{' => {
                let close = match self.s[self.i..].iter().position(|c| *c == '}') {
                    Some(p) => self.i + p,
                    None => return Ok(atom),
                };
                let body: String = self.s[self.i + 1..close].iter().collect();
                let parsed = match body.split_once(',') {
                    Some((a, "")) => a.trim().parse().ok().map(|a| (a, usize::MAX)),
                    Some((a, b)) => a.trim().parse().ok().zip(b.trim().parse().ok()),
                    None => body.trim().parse().ok().map(|a| (a, a)),
                };
                match parsed {
                    Some((a, b)) => {
                        self.i = close;
                        (a, b)
                    }
                    None => return Ok(atom),
                }
            }
            _ => return Ok(atom),
        };
        if matches!(atom, Node::Start | Node::End | Node::WordBoundary(_)) {
            return Err("Quantifier following nothing.".into());
        }
        self.i += 1;
        let lazy = self.s.get(self.i) == Some(&'?');
        if lazy {
            self.i += 1;
        }
        // Counts are capped: a repeated group is matched by recursion, one level per repetition.
        let cap = if matches!(atom, Node::Group(..)) {
            200
        } else {
            100_000
        };
        Ok(Node::Repeat(
            Box::new(atom),
            min.min(cap),
            max.min(cap),
            !lazy,
        ))
    }

    fn atom(&mut self) -> Result<Node, String> {
        let c = self.s[self.i];
        self.i += 1;
        Ok(match c {
            '.' => Node::Any,
            '^' => Node::Start,
            '$' => Node::End,
            '(' => {
                let mut capture = true;
                let mut name = None;
                if self.s.get(self.i) == Some(&'?') {
                    match self.s.get(self.i + 1) {
                        Some(':') => {
                            capture = false;
                            self.i += 2;
                        }
                        Some('<') | Some('\'')
                            if !matches!(self.s.get(self.i + 2), Some('=') | Some('!')) =>
                        {
                            let close = if self.s[self.i + 1] == '<' { '>' } else { '\'' };
                            let end = self.s[self.i + 2..]
                                .iter()
                                .position(|c| *c == close)
                                .ok_or("bad group name")?;
                            name = Some(
                                self.s[self.i + 2..self.i + 2 + end]
                                    .iter()
                                    .collect::<String>(),
                            );
                            self.i += 3 + end;
                        }
                        _ => return Err("Unrecognized grouping construct.".into()),
                    }
                }
                let idx = if capture {
                    self.groups += 1;
                    let g = self.groups;
                    if let Some(n) = name {
                        self.names.push((n, g));
                    }
                    Some(g)
                } else {
                    None
                };
                let alts = self.alts()?;
                if self.s.get(self.i) != Some(&')') {
                    return Err("Not enough )'s.".into());
                }
                self.i += 1;
                Node::Group(alts, idx)
            }
            '[' => self.class()?,
            '\\' => self.escape(false)?,
            '*' | '+' | '?' => return Err("Quantifier following nothing.".into()),
            ')' => return Err("Too many )'s.".into()),
            c => Node::Char(c),
        })
    }

    fn escape(&mut self, in_class: bool) -> Result<Node, String> {
        let Some(&c) = self.s.get(self.i) else {
            return Err("Illegal \\ at end of pattern.".into());
        };
        self.i += 1;
        let digit = vec![('0', '9')];
        let word = vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
        let space = vec![(' ', ' '), ('\t', '\r')];
        Ok(match c {
            'd' => Node::Class(digit, false),
            'D' => Node::Class(digit, true),
            'w' => Node::Class(word, false),
            'W' => Node::Class(word, true),
            's' => Node::Class(space, false),
            'S' => Node::Class(space, true),
            'b' if !in_class => Node::WordBoundary(true),
            'B' if !in_class => Node::WordBoundary(false),
            'A' if !in_class => Node::Start,
            'z' | 'Z' if !in_class => Node::End,
            'n' => Node::Char('\n'),
            'r' => Node::Char('\r'),
            't' => Node::Char('\t'),
            'x' => {
                let hex: String = self.s[self.i..(self.i + 2).min(self.s.len())]
                    .iter()
                    .collect();
                self.i += 2;
                Node::Char(
                    u32::from_str_radix(&hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .ok_or("bad \\x")?,
                )
            }
            c => Node::Char(c),
        })
    }

    fn class(&mut self) -> Result<Node, String> {
        let mut negated = false;
        if self.s.get(self.i) == Some(&'^') {
            negated = true;
            self.i += 1;
        }
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let Some(&c) = self.s.get(self.i) else {
                return Err("Unterminated [] set.".into());
            };
            if c == ']' && !first {
                self.i += 1;
                break;
            }
            first = false;
            self.i += 1;
            let lo = if c == '\\' {
                match self.escape(true)? {
                    Node::Char(ch) => ch,
                    Node::Class(r, false) => {
                        ranges.extend(r);
                        continue;
                    }
                    _ => continue,
                }
            } else {
                c
            };
            if self.s.get(self.i) == Some(&'-') && self.s.get(self.i + 1).is_some_and(|n| *n != ']')
            {
                let hi = self.s[self.i + 1];
                self.i += 2;
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Node::Class(ranges, negated))
    }
}

struct Matcher<'a> {
    t: &'a [char],
    icase: bool,
    steps: &'a Cell<usize>,
}

type K<'k> = &'k mut dyn FnMut(usize, &mut Vec<Option<(usize, usize)>>) -> bool;

impl Matcher<'_> {
    fn tick(&self) -> bool {
        self.steps.set(self.steps.get() + 1);
        self.steps.get() <= MAX_STEPS
    }

    fn alts(
        &self,
        alts: &[Vec<Node>],
        pos: usize,
        caps: &mut Vec<Option<(usize, usize)>>,
        k: K<'_>,
    ) -> bool {
        for seq in alts {
            if self.seq(seq, pos, caps, k) {
                return true;
            }
            if !self.tick() {
                return false;
            }
        }
        false
    }

    fn seq(
        &self,
        seq: &[Node],
        pos: usize,
        caps: &mut Vec<Option<(usize, usize)>>,
        k: K<'_>,
    ) -> bool {
        if !self.tick() {
            return false;
        }
        let Some((first, rest)) = seq.split_first() else {
            return k(pos, caps);
        };
        self.node(first, pos, caps, &mut |p, c| self.seq(rest, p, c, k))
    }

    fn eq(&self, a: char, b: char) -> bool {
        a == b || (self.icase && a.to_lowercase().eq(b.to_lowercase()))
    }

    fn single(&self, n: &Node, pos: usize) -> Option<bool> {
        let c = *self.t.get(pos)?;
        Some(match n {
            Node::Char(x) => self.eq(*x, c),
            Node::Any => c != '\n',
            Node::Class(ranges, neg) => {
                let hit = ranges.iter().any(|(lo, hi)| {
                    (*lo <= c && c <= *hi)
                        || (self.icase
                            && c.to_lowercase()
                                .chain(c.to_uppercase())
                                .any(|x| *lo <= x && x <= *hi))
                });
                hit != *neg
            }
            _ => return None,
        })
    }

    fn is_word(&self, pos: usize) -> bool {
        self.t
            .get(pos)
            .is_some_and(|c| c.is_alphanumeric() || *c == '_')
    }

    fn node(&self, n: &Node, pos: usize, caps: &mut Vec<Option<(usize, usize)>>, k: K<'_>) -> bool {
        match n {
            Node::Char(_) | Node::Any | Node::Class(..) => {
                self.single(n, pos) == Some(true) && k(pos + 1, caps)
            }
            Node::Start => pos == 0 && k(pos, caps),
            Node::End => {
                (pos == self.t.len() || (pos + 1 == self.t.len() && self.t[pos] == '\n'))
                    && k(pos, caps)
            }
            Node::WordBoundary(want) => {
                let at = pos > 0 && self.is_word(pos - 1);
                ((at != self.is_word(pos)) == *want) && k(pos, caps)
            }
            Node::Group(alts, idx) => self.alts(alts, pos, caps, &mut |p, c| {
                let saved = idx.map(|i| c[i]);
                if let Some(i) = idx {
                    c[*i] = Some((pos, p));
                }
                if k(p, c) {
                    return true;
                }
                if let (Some(i), Some(s)) = (idx, saved) {
                    c[*i] = s;
                }
                false
            }),
            Node::Repeat(inner, min, max, greedy) => {
                self.repeat(inner, *min, *max, *greedy, pos, 0, caps, k)
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn repeat(
        &self,
        inner: &Node,
        min: usize,
        max: usize,
        greedy: bool,
        pos: usize,
        count: usize,
        caps: &mut Vec<Option<(usize, usize)>>,
        k: K<'_>,
    ) -> bool {
        if !self.tick() {
            return false;
        }
        // Simple atoms: count greedily without recursion.
        if matches!(inner, Node::Char(_) | Node::Any | Node::Class(..)) {
            let mut n = 0;
            while n < max && self.single(inner, pos + n) == Some(true) {
                n += 1;
            }
            if n < min {
                return false;
            }
            if greedy {
                let mut i = n;
                loop {
                    if k(pos + i, caps) {
                        return true;
                    }
                    if i == min || !self.tick() {
                        return false;
                    }
                    i -= 1;
                }
            }
            for i in min..=n {
                if k(pos + i, caps) {
                    return true;
                }
                if !self.tick() {
                    return false;
                }
            }
            return false;
        }
        let try_more = |caps: &mut Vec<Option<(usize, usize)>>, k: K<'_>| {
            count < max
                && self.node(inner, pos, caps, &mut |p, c| {
                    p != pos && self.repeat(inner, min, max, greedy, p, count + 1, c, k)
                })
        };
        if count < min {
            return try_more(caps, k);
        }
        if greedy {
            if try_more(caps, k) {
                return true;
            }
            return k(pos, caps);
        }
        if k(pos, caps) {
            return true;
        }
        try_more(caps, k)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_patterns_scripts_use() {
        let re = Regex::new(r"^\d+$", true).unwrap();
        assert!(re.is_match("123"));
        assert!(!re.is_match("12a"));
        let re = Regex::new("deny", true).unwrap();
        assert!(re.is_match("NT AUTHORITY\\SYSTEM Deny"));
        let re = Regex::new(r"(?<name>\w+)=(\d+)", true).unwrap();
        let caps = re.captures("a key=42 here").unwrap();
        let all: Vec<_> = caps.iter().collect();
        assert_eq!(all[0].as_deref(), Some("key=42"));
        assert_eq!(caps.named()[0].1, "key");
        assert_eq!(
            Regex::new(r"\s+", true).unwrap().split("a  b c", 0),
            vec!["a", "b", "c"]
        );
        assert_eq!(
            Regex::new("(a)(b)?", true)
                .unwrap()
                .replace_all("xaby", "[$1$2]"),
            "x[ab]y"
        );
        assert!(Regex::new("(a", true).is_err());
        // Catastrophic patterns stop at the step bound.
        let re = Regex::new("(a*)*b", true).unwrap();
        assert!(!re.is_match(&"a".repeat(40)));
    }
}
