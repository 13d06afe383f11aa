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
//! - `(` at the start of a command opens a block that a live `)` closes (a line break inside
//!   is a `&`); `if` and `for` take the rest of the line as their command; `else` follows a
//!   parenthesised `then` only; `rem` takes the rest of the line.
//!
//! - `mod.rs`      the parser of statements, pipelines, blocks and simple commands, the echo
//!   transcript's rendering.
//! - `ast.rs`      what a parsed line is.
//! - `compound.rs` `if` and `for`.

mod ast;
mod compound;

pub use ast::*;

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
    /// True when the text ended inside a parenthesised block: a script reads more lines.
    pub fn is_incomplete(&self) -> bool {
        self.0 == INCOMPLETE
    }
}

/// What cmd says about a block the text does not close.
const INCOMPLETE: &str = "( was unexpected at this time.";

/// Blocks, `if` and `for` nest at most this deep (a bound on the parser's recursion).
pub const MAX_NESTING: usize = 32;

/// A character of the command text and whether it may act as an operator.
#[derive(Clone, Copy)]
struct Ch {
    c: char,
    /// Not quoted and not escaped.
    live: bool,
}

/// Parses one line (or a block's lines joined by `\n`) into statements. An empty line gives
/// no statements.
pub fn parse_line(line: &str) -> Result<Vec<Statement>, SyntaxError> {
    let chars = mark(line);
    let mut p = Parser {
        chars: &chars,
        at: 0,
        depth: 0,
        nesting: 0,
    };
    let statements = p.sequence(false)?;
    if p.at < chars.len() {
        return Err(SyntaxError::unexpected(")"));
    }
    Ok(statements)
}

struct Parser<'a> {
    chars: &'a [Ch],
    at: usize,
    /// Open parenthesised blocks (a live `)` closes one).
    depth: usize,
    /// Blocks, `if` and `for` bodies being parsed (the recursion bound).
    nesting: usize,
}

fn live_is(ch: Option<&Ch>, c: char) -> bool {
    ch.is_some_and(|x| x.live && x.c == c)
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Ch> {
        self.chars.get(self.at)
    }

    fn live_at(&self, i: usize, c: char) -> bool {
        live_is(self.chars.get(i), c)
    }

    fn skip_spaces(&mut self) {
        while self.peek().is_some_and(|c| c.live && is_space(c.c)) {
            self.at += 1;
        }
    }

    /// Skips what may come before a command: delimiters, `@`, and line breaks inside a block.
    fn skip_command_start(&mut self, newlines: bool) {
        while let Some(c) = self.peek() {
            let skip = c.live
                && (is_space(c.c)
                    || matches!(c.c, ',' | ';' | '=' | '@')
                    || (newlines && c.c == '\n'));
            if !skip {
                break;
            }
            self.at += 1;
        }
    }

    /// True at the end of what the context may hold: the text, a line break when
    /// `stop_at_newline`, or a live `)` inside a block.
    fn at_end(&self, stop_at_newline: bool) -> bool {
        match self.peek() {
            None => true,
            Some(c) => {
                c.live && ((c.c == '\n' && stop_at_newline) || (c.c == ')' && self.depth > 0))
            }
        }
    }

    /// The operator at the cursor (`&&`, `||`, `&`, `|`), if any.
    fn operator(&self) -> Option<&'static str> {
        let c = self.peek().filter(|c| c.live)?;
        let double = self.live_at(self.at + 1, c.c);
        match (c.c, double) {
            ('&', true) => Some("&&"),
            ('&', false) => Some("&"),
            ('|', true) => Some("||"),
            ('|', false) => Some("|"),
            _ => None,
        }
    }

    /// Statements joined by `&`, `&&`, `||` (and line breaks inside a block).
    fn sequence(&mut self, stop_at_newline: bool) -> Result<Vec<Statement>, SyntaxError> {
        let mut statements = Vec::new();
        let mut chain = Chain::Always;
        loop {
            self.skip_command_start(!stop_at_newline && self.depth > 0);
            if self.at_end(stop_at_newline) {
                if chain != Chain::Always {
                    return Err(SyntaxError::incorrect());
                }
                break;
            }
            if let Some(op) = self.operator() {
                return Err(SyntaxError::unexpected(op));
            }
            let pipeline = self.pipeline()?;
            statements.push(Statement { chain, pipeline });
            self.skip_spaces();
            chain = match self.operator() {
                Some("&&") => Chain::And,
                Some("||") => Chain::Or,
                Some("&") => Chain::Always,
                _ => {
                    if !stop_at_newline && live_is(self.peek(), '\n') {
                        self.at += 1;
                        chain = Chain::Always;
                        continue;
                    }
                    break;
                }
            };
            self.at += if chain == Chain::Always { 1 } else { 2 };
            self.skip_spaces();
            if let Some(op) = self.operator() {
                return Err(SyntaxError::unexpected(op));
            }
            if chain == Chain::Always && self.at_end(true) {
                // `a &` at the end of a line is fine.
                chain = Chain::Always;
                if !stop_at_newline && live_is(self.peek(), '\n') {
                    continue;
                }
                break;
            }
        }
        Ok(statements)
    }

    fn pipeline(&mut self) -> Result<Pipeline, SyntaxError> {
        let mut pipeline = Pipeline::default();
        loop {
            self.skip_command_start(false);
            if let Some(op) = self.operator() {
                return Err(SyntaxError::unexpected(op));
            }
            if self.at_end(true) {
                return Err(SyntaxError::incorrect());
            }
            pipeline.commands.push(self.command()?);
            self.skip_spaces();
            if self.operator() != Some("|") {
                break;
            }
            self.at += 1;
        }
        Ok(pipeline)
    }

    /// The lower-cased word of letters at the cursor, when a delimiter ends it.
    fn keyword(&self) -> Option<String> {
        let mut word = String::new();
        let mut i = self.at;
        while let Some(c) = self.chars.get(i) {
            if !c.c.is_ascii_alphabetic() {
                break;
            }
            word.push(c.c.to_ascii_lowercase());
            i += 1;
        }
        let ends = self.chars.get(i).is_none_or(|c| {
            is_space(c.c) || (c.live && matches!(c.c, '(' | '\n' | '/' | '&' | '|' | ','))
        });
        (!word.is_empty() && ends).then_some(word)
    }

    fn command(&mut self) -> Result<Command, SyntaxError> {
        if live_is(self.peek(), '(') {
            return self.block();
        }
        match self.keyword().as_deref() {
            Some("if") => {
                self.at += 2;
                self.parse_if()
            }
            Some("for") => {
                self.at += 3;
                self.parse_for()
            }
            Some("rem") => {
                // `rem` takes the rest of the line, operators included.
                let mut text = String::new();
                while let Some(c) = self.peek() {
                    if c.live && c.c == '\n' {
                        break;
                    }
                    text.push(c.c);
                    self.at += 1;
                }
                Ok(Command::Simple(SimpleCommand {
                    text,
                    redirects: Vec::new(),
                }))
            }
            _ => self.simple(),
        }
    }

    fn enter(&mut self) -> Result<(), SyntaxError> {
        self.nesting += 1;
        if self.nesting > MAX_NESTING {
            return Err(SyntaxError::incorrect());
        }
        Ok(())
    }

    fn block(&mut self) -> Result<Command, SyntaxError> {
        self.at += 1;
        self.enter()?;
        self.depth += 1;
        let body = self.sequence(false)?;
        if !live_is(self.peek(), ')') {
            return Err(SyntaxError(INCOMPLETE.to_string()));
        }
        self.at += 1;
        self.depth -= 1;
        self.nesting -= 1;
        let mut redirects = Vec::new();
        loop {
            let save = self.at;
            self.skip_spaces();
            let here = self.peek().copied();
            let redirect = match here {
                Some(c) if c.live && matches!(c.c, '>' | '<') => Some(redirection(
                    self.chars,
                    self.at,
                    &mut Vec::new(),
                    self.depth > 0,
                )?),
                Some(c) if c.live && c.c.is_ascii_digit() && self.live_at(self.at + 1, '>') => {
                    Some(redirection(
                        self.chars,
                        self.at + 1,
                        &mut vec![c],
                        self.depth > 0,
                    )?)
                }
                _ => None,
            };
            match redirect {
                Some((r, next)) => {
                    redirects.push(r);
                    self.at = next;
                }
                None => {
                    self.at = save;
                    break;
                }
            }
        }
        Ok(Command::Block { body, redirects })
    }

    /// A simple command: up to `&`, `|`, a line break, or (in a block) a live `)`.
    fn simple(&mut self) -> Result<Command, SyntaxError> {
        let mut current: Vec<Ch> = Vec::new();
        let mut redirects = Vec::new();
        while let Some(ch) = self.peek().copied() {
            if ch.live {
                if matches!(ch.c, '&' | '|' | '\n') || (ch.c == ')' && self.depth > 0) {
                    break;
                }
                if matches!(ch.c, '>' | '<') {
                    let (r, next) = redirection(self.chars, self.at, &mut current, self.depth > 0)?;
                    redirects.push(r);
                    self.at = next;
                    continue;
                }
            }
            current.push(ch);
            self.at += 1;
        }
        Ok(Command::Simple(finish(&current, redirects)))
    }

    /// A word of an `if` or `for` header, up to a delimiter outside quotes (quotes kept).
    fn word(&mut self) -> String {
        self.skip_spaces();
        let mut w = String::new();
        while let Some(c) = self.peek() {
            if c.live && (is_space(c.c) || matches!(c.c, '\n' | '&' | '|' | '(' | ')')) {
                break;
            }
            w.push(c.c);
            self.at += 1;
        }
        w
    }

    /// An operand of a comparison: up to whitespace or `==` outside quotes.
    fn operand(&mut self) -> String {
        self.skip_spaces();
        let mut w = String::new();
        while let Some(c) = self.peek() {
            let stop = c.live
                && (is_space(c.c)
                    || matches!(c.c, '\n' | '&' | '|' | '(' | ')')
                    || (c.c == '=' && self.live_at(self.at + 1, '=')));
            if stop {
                break;
            }
            w.push(c.c);
            self.at += 1;
        }
        w
    }

    /// The command after a condition, `else` or `do`: the rest of the line.
    fn body(&mut self) -> Result<Vec<Statement>, SyntaxError> {
        self.skip_spaces();
        if self.at_end(true) {
            return Err(SyntaxError::incorrect());
        }
        self.enter()?;
        let body = self.sequence(true);
        self.nesting -= 1;
        body
    }
}

/// A line of simple commands as cmd shows it in its echo-on transcript: each command's text,
/// then its redirections re-written with their handle after one space (`ECHO This>out`
/// shows as `ECHO This 1>out`: robvanderwoude.com and tgice.com "Redirection"), commands
/// joined by their operators. `None` for a line with a block, `if` or `for`, which is shown
/// as read.
pub fn render(statements: &[Statement]) -> Option<String> {
    let mut out = String::new();
    for (i, st) in statements.iter().enumerate() {
        if i > 0 {
            out.push_str(match st.chain {
                Chain::Always => " & ",
                Chain::And => " && ",
                Chain::Or => " || ",
            });
        }
        for (j, cmd) in st.pipeline.commands.iter().enumerate() {
            if j > 0 {
                out.push_str(" | ");
            }
            let Command::Simple(simple) = cmd else {
                return None;
            };
            out.push_str(&simple.text);
            for r in &simple.redirects {
                match &r.target {
                    Target::Write { path, append } => {
                        let op = if *append { ">>" } else { ">" };
                        out.push_str(&format!(" {}{op}{path}", r.handle));
                    }
                    Target::Read(path) => out.push_str(&format!(" {}<{path}", r.handle)),
                    Target::Dup(m) => out.push_str(&format!(" {}>&{m}", r.handle)),
                }
            }
        }
    }
    Some(out)
}

/// `X was unexpected at this time.` for a word cmd did not expect (an empty one is the
/// syntax error).
fn unexpected_word(w: &str) -> SyntaxError {
    if w.is_empty() {
        SyntaxError::incorrect()
    } else {
        SyntaxError::unexpected(w)
    }
}

fn single(command: Command) -> Statement {
    Statement {
        chain: Chain::Always,
        pipeline: Pipeline {
            commands: vec![command],
        },
    }
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
    in_block: bool,
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
        if c.live
            && (is_space(c.c)
                || matches!(c.c, '&' | '|' | '<' | '>' | '\n')
                || (in_block && c.c == ')'))
        {
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
mod tests;
