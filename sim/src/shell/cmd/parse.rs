//! cmd.exe's second parsing phase: a (percent-expanded) line becomes statements joined by `&`,
//! `&&`, `||`, each a pipeline of simple commands with their redirections.
//!
//! Rules reproduced (cmd.exe, as documented by its `/?` texts and observed behaviour):
//! - `"` toggles quoting; inside quotes every character is literal and the quotes stay in the
//!   command text (programs see them).
//! - `^` outside quotes escapes the next character and disappears.
//! - `|` binds tightest, then `&&` and `||` (left to right), then `&`.
//! - `>`, `>>`, `<`, with an optional handle digit written right before them (`2>`, `1>`) when
//!   that digit starts a word; `N>&M` duplicates a handle. The redirection and its file name
//!   are cut out of the command text; the whitespace around them stays (so `echo hi > f`
//!   writes `hi ` with its trailing space, as cmd does).

/// How a statement joins the one before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Chain {
    /// First statement, or after `&`: always runs.
    Always,
    /// After `&&`: runs if the previous one succeeded.
    And,
    /// After `||`: runs if the previous one failed.
    Or,
}

/// Where a redirection points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// `> file` (or `>> file` when `append`).
    Write {
        /// The file name as written (quotes kept).
        path: String,
        /// `>>`.
        append: bool,
    },
    /// `< file`.
    Read(String),
    /// `>&N`: the same destination as handle N.
    Dup(u8),
}

/// One redirection of a handle (0 stdin, 1 stdout, 2 stderr).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    /// The handle redirected.
    pub handle: u8,
    /// Where to.
    pub target: Target,
}

/// A simple command: its text (escapes removed, quotes kept, redirections cut out) and its
/// redirections in the order written.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SimpleCommand {
    /// The command text, leading delimiters removed.
    pub text: String,
    /// Redirections, in order.
    pub redirects: Vec<Redirect>,
}

/// Commands joined by `|`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pipeline {
    /// The commands, left to right.
    pub commands: Vec<SimpleCommand>,
}

/// A pipeline and how it joins the previous one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// `&`, `&&` or `||` before it.
    pub chain: Chain,
    /// The pipeline.
    pub pipeline: Pipeline,
}

/// A syntax error, with cmd's own message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError(pub String);

impl SyntaxError {
    fn unexpected(token: &str) -> SyntaxError {
        SyntaxError(format!("{token} was unexpected at this time."))
    }
    fn incorrect() -> SyntaxError {
        SyntaxError("The syntax of the command is incorrect.".to_string())
    }
}

/// A character of the command text and whether it may act as an operator.
#[derive(Clone, Copy)]
struct Ch {
    c: char,
    /// Not quoted and not escaped.
    live: bool,
}

/// Parses one line into statements. An empty line gives no statements.
pub fn parse_line(line: &str) -> Result<Vec<Statement>, SyntaxError> {
    let chars = mark(line);
    let mut statements = Vec::new();
    let mut chain = Chain::Always;
    let mut pipeline = Pipeline::default();
    let mut current: Vec<Ch> = Vec::new();
    let mut redirects = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let ch = chars[i];
        if starts_rem(&chars[i..], &current) {
            // `rem` takes the rest of the line, operators included.
            current.extend_from_slice(&chars[i..]);
            break;
        }
        if !ch.live {
            current.push(ch);
            i += 1;
            continue;
        }
        match ch.c {
            '&' | '|' => {
                let double = chars.get(i + 1).is_some_and(|n| n.live && n.c == ch.c);
                let op = match (ch.c, double) {
                    ('&', true) => "&&",
                    ('&', false) => "&",
                    ('|', true) => "||",
                    _ => "|",
                };
                let cmd = finish(&current, std::mem::take(&mut redirects));
                current.clear();
                let empty = cmd.text.is_empty() && cmd.redirects.is_empty();
                if empty && (op != "&" || pipeline.commands.is_empty()) {
                    return Err(SyntaxError::unexpected(op));
                }
                if op == "|" {
                    pipeline.commands.push(cmd);
                } else {
                    if !empty {
                        pipeline.commands.push(cmd);
                    }
                    statements.push(Statement {
                        chain,
                        pipeline: std::mem::take(&mut pipeline),
                    });
                    chain = match op {
                        "&&" => Chain::And,
                        "||" => Chain::Or,
                        _ => Chain::Always,
                    };
                }
                i += if double { 2 } else { 1 };
            }
            '>' | '<' => {
                let (redirect, next) = redirection(&chars, i, &mut current)?;
                redirects.push(redirect);
                i = next;
            }
            _ => {
                current.push(ch);
                i += 1;
            }
        }
    }
    let cmd = finish(&current, redirects);
    let empty = cmd.text.is_empty() && cmd.redirects.is_empty();
    if empty {
        if !pipeline.commands.is_empty() || chain != Chain::Always {
            // `a |` or `a &&` with nothing after.
            return Err(SyntaxError::incorrect());
        }
    } else {
        pipeline.commands.push(cmd);
    }
    if !pipeline.commands.is_empty() {
        statements.push(Statement { chain, pipeline });
    }
    Ok(statements)
}

/// True when a command starts here (only delimiters before it) with the word `rem`.
fn starts_rem(rest: &[Ch], current: &[Ch]) -> bool {
    if !current
        .iter()
        .all(|c| c.live && (is_space(c.c) || matches!(c.c, ',' | ';' | '=')))
    {
        return false;
    }
    let word: String = rest
        .iter()
        .take(4)
        .map(|c| c.c.to_ascii_lowercase())
        .collect();
    word.starts_with("rem") && rest.get(3).is_none_or(|c| is_space(c.c) || c.c == '/')
}

/// Marks quoted and escaped characters; removes the escaping carets.
fn mark(line: &str) -> Vec<Ch> {
    let mut out = Vec::with_capacity(line.len());
    let mut quoted = false;
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            quoted = !quoted;
            out.push(Ch { c, live: false });
        } else if quoted {
            out.push(Ch { c, live: false });
        } else if c == '^' {
            if let Some(n) = chars.next() {
                out.push(Ch { c: n, live: false });
            }
        } else {
            out.push(Ch { c, live: true });
        }
    }
    out
}

/// Reads the redirection starting at `chars[i]` (`>` or `<`); takes a handle digit off the
/// end of `current` when it starts a word. Returns the redirection and the index after it.
fn redirection(
    chars: &[Ch],
    mut i: usize,
    current: &mut Vec<Ch>,
) -> Result<(Redirect, usize), SyntaxError> {
    let op = chars[i].c;
    let mut handle = if op == '<' { 0 } else { 1 };
    if let Some(last) = current.last().copied() {
        let starts_word = current.len() == 1
            || current
                .get(current.len() - 2)
                .is_some_and(|p| p.live && is_space(p.c));
        if last.live && last.c.is_ascii_digit() && starts_word {
            handle = last.c as u8 - b'0';
            current.pop();
        }
    }
    i += 1;
    let mut append = false;
    if op == '>' && chars.get(i).is_some_and(|c| c.live && c.c == '>') {
        append = true;
        i += 1;
    }
    if chars.get(i).is_some_and(|c| c.live && c.c == '&') {
        if let Some(d) = chars.get(i + 1).filter(|d| d.c.is_ascii_digit()) {
            let target = Target::Dup(d.c as u8 - b'0');
            return Ok((Redirect { handle, target }, i + 2));
        }
        return Err(SyntaxError::incorrect());
    }
    while chars.get(i).is_some_and(|c| c.live && is_space(c.c)) {
        i += 1;
    }
    let mut name = String::new();
    while let Some(c) = chars.get(i) {
        if c.live && (is_space(c.c) || matches!(c.c, '&' | '|' | '<' | '>')) {
            break;
        }
        name.push(c.c);
        i += 1;
    }
    if name.is_empty() {
        return Err(SyntaxError::incorrect());
    }
    let target = if op == '<' {
        Target::Read(name)
    } else {
        Target::Write { path: name, append }
    };
    Ok((Redirect { handle, target }, i))
}

fn finish(current: &[Ch], redirects: Vec<Redirect>) -> SimpleCommand {
    let text: String = current.iter().map(|c| c.c).collect();
    let start = current
        .iter()
        .position(|c| !(c.live && (is_space(c.c) || matches!(c.c, ',' | ';' | '='))))
        .unwrap_or(current.len());
    let skip: usize = current[..start].iter().map(|c| c.c.len_utf8()).sum();
    SimpleCommand {
        text: text[skip..].to_string(),
        redirects,
    }
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<(Chain, Vec<String>)> {
        parse_line(line)
            .unwrap()
            .into_iter()
            .map(|s| {
                (
                    s.chain,
                    s.pipeline.commands.into_iter().map(|c| c.text).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn operators_split_statements_and_pipelines() {
        assert_eq!(
            texts("a && b || c & d | more"),
            vec![
                (Chain::Always, vec!["a ".to_string()]),
                (Chain::And, vec!["b ".to_string()]),
                (Chain::Or, vec!["c ".to_string()]),
                (Chain::Always, vec!["d ".to_string(), "more".to_string()]),
            ]
        );
    }

    #[test]
    fn quotes_and_carets_protect_operators() {
        assert_eq!(
            texts(r#"echo "a & b" ^& c"#),
            vec![(Chain::Always, vec![r#"echo "a & b" & c"#.to_string()])]
        );
    }

    #[test]
    fn redirections_are_cut_out_with_their_handles() {
        let s = parse_line(r#"icacls C:\x /t /c > "c:\temp\before.txt" 2>&1"#).unwrap();
        let cmd = &s[0].pipeline.commands[0];
        assert_eq!(cmd.text, r"icacls C:\x /t /c  ");
        assert_eq!(
            cmd.redirects,
            vec![
                Redirect {
                    handle: 1,
                    target: Target::Write {
                        path: r#""c:\temp\before.txt""#.into(),
                        append: false
                    }
                },
                Redirect {
                    handle: 2,
                    target: Target::Dup(1)
                },
            ]
        );
    }

    #[test]
    fn a_digit_inside_a_word_is_not_a_handle() {
        let s = parse_line("echo abc2>f").unwrap();
        let cmd = &s[0].pipeline.commands[0];
        assert_eq!(cmd.text, "echo abc2");
        assert_eq!(cmd.redirects[0].handle, 1);
        let s = parse_line("echo abc 2>>f <in").unwrap();
        let cmd = &s[0].pipeline.commands[0];
        assert_eq!(
            cmd.redirects[0],
            Redirect {
                handle: 2,
                target: Target::Write {
                    path: "f".into(),
                    append: true
                }
            }
        );
        assert_eq!(
            cmd.redirects[1],
            Redirect {
                handle: 0,
                target: Target::Read("in".into())
            }
        );
    }

    #[test]
    fn rem_swallows_the_rest_of_the_line() {
        assert_eq!(
            texts("echo a & rem b & echo c > f"),
            vec![
                (Chain::Always, vec!["echo a ".to_string()]),
                (Chain::Always, vec!["rem b & echo c > f".to_string()]),
            ]
        );
        assert_eq!(
            texts("remark"),
            vec![(Chain::Always, vec!["remark".to_string()])]
        );
    }

    #[test]
    fn misplaced_operators_are_cmds_syntax_errors() {
        assert_eq!(
            parse_line("& a").unwrap_err().0,
            "& was unexpected at this time."
        );
        assert_eq!(
            parse_line("a && && b").unwrap_err().0,
            "&& was unexpected at this time."
        );
        assert_eq!(
            parse_line("| more").unwrap_err().0,
            "| was unexpected at this time."
        );
        assert_eq!(
            parse_line("echo >").unwrap_err().0,
            "The syntax of the command is incorrect."
        );
        assert!(parse_line("a &").is_ok());
        assert!(parse_line("").unwrap().is_empty());
    }
}
