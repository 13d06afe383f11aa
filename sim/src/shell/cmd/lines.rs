//! `for /f`'s options and how it splits a line into tokens (`for /?`): `tokens=1,3-5*`,
//! `delims=` (default space and tab; a space is a delimiter only as the last option),
//! `skip=N`, `eol=c` (default `;`), `usebackq`; runs of delimiters collapse, and `*` takes
//! the rest of the line.

use super::flow::number;

/// `for /f` options.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct LineOptions {
    pub(super) eol: Option<char>,
    pub(super) skip: usize,
    pub(super) delims: Vec<char>,
    pub(super) tokens: Vec<usize>,
    pub(super) star: bool,
    pub(super) usebackq: bool,
}

impl LineOptions {
    /// Parses `"tokens=1,2* delims=, skip=1 eol=; usebackq"`; `None` when cmd rejects it.
    pub(super) fn parse(text: &str) -> Option<LineOptions> {
        let text = text.trim();
        let text = text
            .strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .unwrap_or(text);
        let mut o = LineOptions {
            eol: Some(';'),
            skip: 0,
            delims: vec![' ', '\t'],
            tokens: vec![1],
            star: false,
            usebackq: false,
        };
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        let starts = |i: usize, word: &str| {
            chars.len() >= i + word.len()
                && chars[i..i + word.len()]
                    .iter()
                    .collect::<String>()
                    .eq_ignore_ascii_case(word)
        };
        while i < chars.len() {
            if chars[i] == ' ' {
                i += 1;
            } else if starts(i, "usebackq") {
                o.usebackq = true;
                i += 8;
            } else if starts(i, "eol=") {
                o.eol = chars.get(i + 4).copied();
                i += 5;
            } else if starts(i, "skip=") {
                let n: String = chars[i + 5..].iter().take_while(|c| **c != ' ').collect();
                o.skip = number(&n).filter(|n| *n > 0)? as usize;
                i += 5 + n.chars().count();
            } else if starts(i, "delims=") {
                i += 7;
                let mut d = Vec::new();
                // A space ends the list unless only spaces follow it.
                while i < chars.len() {
                    if chars[i] == ' ' && chars[i..].iter().any(|c| *c != ' ') {
                        break;
                    }
                    d.push(chars[i]);
                    i += 1;
                }
                o.delims = d;
            } else if starts(i, "tokens=") {
                let spec: String = chars[i + 7..].iter().take_while(|c| **c != ' ').collect();
                i += 7 + spec.chars().count();
                let (tokens, star) = parse_tokens(&spec)?;
                o.tokens = tokens;
                o.star = star;
            } else {
                return None;
            }
        }
        Some(o)
    }

    /// The variables a line gives (`var`, then the next letters); `None` when the line has
    /// none of the tokens asked for.
    pub(super) fn assign(&self, line: &str, var: char) -> Option<Vec<(char, String)>> {
        let spans = token_spans(line, &self.delims);
        let mut vars = Vec::new();
        let mut letter = var;
        let mut any = false;
        for t in &self.tokens {
            let v = spans.get(t - 1).map(|(s, e)| &line[*s..*e]).unwrap_or("");
            any |= !v.is_empty();
            vars.push((letter, v.to_string()));
            letter = char::from_u32(letter as u32 + 1)?;
        }
        if self.star {
            let next = self.tokens.last().copied().unwrap_or(0);
            let v = spans.get(next).map(|(s, _)| &line[*s..]).unwrap_or("");
            any |= !v.is_empty();
            vars.push((letter, v.to_string()));
        }
        any.then_some(vars)
    }
}

/// `1,3-5*` -> ([1, 3, 4, 5], true); `*` alone -> ([], true).
fn parse_tokens(spec: &str) -> Option<(Vec<usize>, bool)> {
    let (spec, star) = match spec.strip_suffix('*') {
        Some(s) => (s, true),
        None => (spec, false),
    };
    let mut out = Vec::new();
    for part in spec.split(',').filter(|p| !p.is_empty()) {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (a.parse::<usize>().ok()?, b.parse::<usize>().ok()?);
                if a == 0 || b < a || b > 31 {
                    return None;
                }
                out.extend(a..=b);
            }
            None => {
                let n = part
                    .parse::<usize>()
                    .ok()
                    .filter(|n| (1..=31).contains(n))?;
                out.push(n);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    if out.is_empty() && !star {
        return None;
    }
    Some((out, star))
}

/// Byte spans of the tokens of `line` split at any of `delims` (runs collapse).
fn token_spans(line: &str, delims: &[char]) -> Vec<(usize, usize)> {
    if delims.is_empty() {
        return vec![(0, line.len())];
    }
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if delims.contains(&c) {
            if let Some(s) = start.take() {
                spans.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        spans.push((s, line.len()));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn for_f_options_and_tokens() {
        let o = LineOptions::parse("\"tokens=1,3* delims=, skip=1\"").unwrap();
        assert_eq!(o.tokens, vec![1, 3]);
        assert!(o.star);
        assert_eq!(o.delims, vec![',']);
        assert_eq!(o.skip, 1);
        let o = LineOptions::parse("\"tokens=2 delims= \"").unwrap();
        assert_eq!(o.delims, vec![' ']);
        assert_eq!(o.assign("a  b c", 'x'), Some(vec![('x', "b".to_string())]));
        let o = LineOptions::parse("tokens=1,2*").unwrap();
        assert_eq!(
            o.assign("  k   REG_SZ  a b ", 'a'),
            Some(vec![
                ('a', "k".to_string()),
                ('b', "REG_SZ".to_string()),
                ('c', "a b ".to_string())
            ])
        );
        assert_eq!(o.assign("   ", 'a'), None);
        assert!(LineOptions::parse("tokens=0").is_none());
        assert!(LineOptions::parse("bogus").is_none());
    }
}
