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

/// A command of a pipeline: a simple command, a parenthesised block, `if` or `for`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// A command and its arguments.
    Simple(SimpleCommand),
    /// `( ... )` with the redirections written after the closing parenthesis.
    Block {
        /// The statements inside (a line break inside is a `&`).
        body: Vec<Statement>,
        /// Redirections of the whole block.
        redirects: Vec<Redirect>,
    },
    /// `if [/i] [not] condition command [else command]`.
    If(Box<If>),
    /// `for [/d|/r|/l|/f] %X in (set) do command`.
    For(Box<For>),
}

impl Command {
    /// The simple command, if this is one.
    #[cfg(test)]
    pub fn simple(&self) -> Option<&SimpleCommand> {
        match self {
            Command::Simple(s) => Some(s),
            _ => None,
        }
    }
}

/// What an `if` tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// `errorlevel N`: true when `%ERRORLEVEL%` >= N.
    Errorlevel(String),
    /// `exist path`.
    Exist(String),
    /// `defined NAME`.
    Defined(String),
    /// `cmdextversion N`.
    CmdExtVersion(String),
    /// `a==b` or `a EQU b` (NEQ, LSS, LEQ, GTR, GEQ): left, operator (upper case), right.
    Compare(String, String, String),
}

/// An `if` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct If {
    /// `/i`: compare without regard to case.
    pub ignore_case: bool,
    /// `not`.
    pub negate: bool,
    /// The test.
    pub condition: Condition,
    /// What runs when the test holds (to the end of the line).
    pub then: Vec<Statement>,
    /// What runs otherwise (`else`, only after a parenthesised `then`).
    pub otherwise: Option<Vec<Statement>>,
}

/// Which kind of `for`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ForKind {
    /// The set's words; wildcards match files.
    Plain,
    /// `/d`: wildcards match folders.
    Dirs,
    /// `/r [root]`: the set in every folder below root.
    Recurse(Option<String>),
    /// `/l`: `(start,step,end)`.
    Range,
    /// `/f ["options"]`: lines of files, a string or a command's output.
    Lines(Option<String>),
}

/// A `for` command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct For {
    /// Which `for`.
    pub kind: ForKind,
    /// The variable's letter (`%%a` in a script, `%a` on the command line).
    pub var: char,
    /// The text between the parentheses of `in (...)`.
    pub set: String,
    /// The command after `do` (to the end of the line).
    pub body: Vec<Statement>,
    /// The command after `do` as written (for the echo-on transcript).
    pub body_text: String,
}

/// Commands joined by `|`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pipeline {
    /// The commands, left to right.
    pub commands: Vec<Command>,
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

    fn condition(&mut self) -> Result<(bool, bool, Condition), SyntaxError> {
        let mut ignore_case = false;
        let mut negate = false;
        loop {
            let save = self.at;
            let w = self.word();
            let arg = |p: &mut Self| {
                let a = p.word();
                if a.is_empty() {
                    Err(SyntaxError::incorrect())
                } else {
                    Ok(a)
                }
            };
            let condition = match w.to_ascii_lowercase().as_str() {
                "/i" if !ignore_case && !negate => {
                    ignore_case = true;
                    continue;
                }
                "not" if !negate => {
                    negate = true;
                    continue;
                }
                "errorlevel" => Condition::Errorlevel(arg(self)?),
                "exist" => Condition::Exist(arg(self)?),
                "defined" => Condition::Defined(arg(self)?),
                "cmdextversion" => Condition::CmdExtVersion(arg(self)?),
                _ => {
                    self.at = save;
                    let left = self.operand();
                    self.skip_spaces();
                    let op = if live_is(self.peek(), '=') && self.live_at(self.at + 1, '=') {
                        self.at += 2;
                        "==".to_string()
                    } else {
                        let op = self.word().to_ascii_uppercase();
                        if !matches!(op.as_str(), "EQU" | "NEQ" | "LSS" | "LEQ" | "GTR" | "GEQ") {
                            return Err(unexpected_word(&op));
                        }
                        op
                    };
                    let right = self.operand();
                    if left.is_empty() || right.is_empty() {
                        return Err(SyntaxError::incorrect());
                    }
                    Condition::Compare(left, op, right)
                }
            };
            return Ok((ignore_case, negate, condition));
        }
    }

    fn parse_if(&mut self) -> Result<Command, SyntaxError> {
        let (ignore_case, negate, condition) = self.condition()?;
        self.skip_spaces();
        if !live_is(self.peek(), '(') {
            let then = self.body()?;
            return Ok(Command::If(Box::new(If {
                ignore_case,
                negate,
                condition,
                then,
                otherwise: None,
            })));
        }
        let block = self.block()?;
        let save = self.at;
        self.skip_spaces();
        if self.keyword().as_deref() == Some("else") {
            self.at += 4;
            let otherwise = self.body()?;
            return Ok(Command::If(Box::new(If {
                ignore_case,
                negate,
                condition,
                then: vec![single(block)],
                otherwise: Some(otherwise),
            })));
        }
        self.at = save;
        // What follows the block on the line (`& echo x`) belongs to the `if` too.
        let mut then = vec![single(block)];
        self.skip_spaces();
        if let Some(op) = self.operator().filter(|op| *op != "|") {
            self.at += op.len();
            let mut rest = self.body()?;
            if let Some(first) = rest.first_mut() {
                first.chain = match op {
                    "&&" => Chain::And,
                    "||" => Chain::Or,
                    _ => Chain::Always,
                };
            }
            then.extend(rest);
        }
        Ok(Command::If(Box::new(If {
            ignore_case,
            negate,
            condition,
            then,
            otherwise: None,
        })))
    }

    fn parse_for(&mut self) -> Result<Command, SyntaxError> {
        let mut kind = ForKind::Plain;
        let var = loop {
            let w = self.word();
            match w.to_ascii_lowercase().as_str() {
                "/d" => kind = ForKind::Dirs,
                "/l" => kind = ForKind::Range,
                "/r" | "/f" => {
                    self.skip_spaces();
                    let arg = if self.peek().is_some_and(|c| c.c != '%') {
                        Some(self.word())
                    } else {
                        None
                    };
                    kind = if w.eq_ignore_ascii_case("/r") {
                        ForKind::Recurse(arg)
                    } else {
                        ForKind::Lines(arg)
                    };
                }
                _ => {
                    let mut cs = w.chars();
                    match (cs.next(), cs.next(), cs.next()) {
                        (Some('%'), Some(v), None) => break v,
                        _ => return Err(unexpected_word(&w)),
                    }
                }
            }
        };
        let w = self.word();
        if !w.eq_ignore_ascii_case("in") {
            return Err(unexpected_word(&w));
        }
        self.skip_spaces();
        if !live_is(self.peek(), '(') {
            let w = self.word();
            return Err(unexpected_word(&w));
        }
        self.at += 1;
        let mut set = String::new();
        while let Some(c) = self.peek() {
            if c.live && c.c == ')' {
                break;
            }
            set.push(if c.live && c.c == '\n' { ' ' } else { c.c });
            self.at += 1;
        }
        if !live_is(self.peek(), ')') {
            return Err(SyntaxError(INCOMPLETE.to_string()));
        }
        self.at += 1;
        let w = self.word();
        if !w.eq_ignore_ascii_case("do") {
            return Err(unexpected_word(&w));
        }
        self.skip_spaces();
        let from = self.at;
        let body = self.body()?;
        let body_text: String = self.chars[from..self.at].iter().map(|c| c.c).collect();
        Ok(Command::For(Box::new(For {
            kind,
            var,
            set,
            body,
            body_text: body_text.trim_end().to_string(),
        })))
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
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<(Chain, Vec<String>)> {
        parse_line(line)
            .unwrap()
            .into_iter()
            .map(|s| {
                (
                    s.chain,
                    s.pipeline
                        .commands
                        .iter()
                        .map(|c| c.simple().unwrap().text.clone())
                        .collect(),
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
        let cmd = s[0].pipeline.commands[0].simple().unwrap();
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
        let cmd = s[0].pipeline.commands[0].simple().unwrap();
        assert_eq!(cmd.text, "echo abc2");
        assert_eq!(cmd.redirects[0].handle, 1);
        let s = parse_line("echo abc 2>>f <in").unwrap();
        let cmd = s[0].pipeline.commands[0].simple().unwrap();
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
    fn the_transcript_rewrites_redirections_with_their_handles() {
        let show = |l: &str| render(&parse_line(l).unwrap());
        assert_eq!(show("ECHO This>out").as_deref(), Some("ECHO This 1>out"));
        assert_eq!(show("echo hi > f").as_deref(), Some("echo hi  1>f"));
        assert_eq!(
            show("type x 2>nul <in").as_deref(),
            Some("type x   2>nul 0<in")
        );
        assert_eq!(show("if 1==1 echo x"), None);
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
