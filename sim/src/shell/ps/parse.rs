//! The tokenizer and parser, one recursive-descent pass over the characters (PowerShell's
//! tokens depend on the mode: a bare word in command mode, an operator in expression mode).
//! En and em dashes (U+2013, U+2014, U+2015) are dashes and curly quotes are quotes, as the
//! 5.1 tokenizer has them (source 2016 `CharTraits.cs` IsDash, IsSingleQuote, IsDoubleQuote).
//! Errors carry the offending extent and the `ParserStrings` message and id.

use super::ast::*;
use std::rc::Rc;

/// How deep blocks, parentheses and expressions may nest before the parser gives up.
pub const MAX_DEPTH: usize = 200;

/// A parse error: message and id as PowerShell 5.1 has them, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The message (`Missing closing '}' in statement block or type definition.`).
    pub message: String,
    /// The FullyQualifiedErrorId (`MissingEndCurlyBrace`).
    pub id: &'static str,
    /// Character offsets of the offending extent.
    pub start: usize,
    /// One past the end (at least `start + 1` when rendered).
    pub end: usize,
}

/// True for the characters PowerShell reads as `-`.
pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2013}' | '\u{2014}' | '\u{2015}')
}

/// True for the characters PowerShell reads as `'`.
pub fn is_single_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}')
}

/// True for the characters PowerShell reads as `"`.
pub fn is_double_quote(c: char) -> bool {
    matches!(c, '"' | '\u{201C}' | '\u{201D}' | '\u{201E}')
}

/// True for a word the printer may write bare in command mode.
pub fn is_plain_bareword(s: &str) -> bool {
    let mut chars = s.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if is_dash(first) || first.is_ascii_digit() || first == '.' || first == '[' || first == '@' {
        return false;
    }
    let lower = s.to_ascii_lowercase();
    if KEYWORDS.contains(&lower.as_str()) {
        return false;
    }
    s.chars().all(|c| {
        c.is_alphanumeric()
            || matches!(
                c,
                '\\' | ':' | '_' | '.' | '*' | '?' | '/' | '~' | '!' | '%' | '+' | '^' | '-'
            )
    }) && !s.contains("::")
}

/// True for a member name written without quotes.
pub fn is_member_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_alphanumeric() || c == '_')
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

const KEYWORDS: &[&str] = &[
    "if",
    "elseif",
    "else",
    "while",
    "do",
    "for",
    "foreach",
    "function",
    "filter",
    "try",
    "catch",
    "finally",
    "return",
    "break",
    "continue",
    "throw",
    "exit",
    "switch",
    "param",
    "until",
    "in",
    "trap",
    "begin",
    "process",
    "end",
    "data",
    "dynamicparam",
    "class",
    "enum",
];

/// Parses a whole script.
pub fn parse_script(text: &str) -> Result<Block, ParseError> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser {
        src: &chars,
        pos: 0,
        depth: 0,
        no_comma: false,
    };
    let block = p.block_body(None)?;
    if p.pos < p.src.len() {
        return Err(p.unexpected());
    }
    Ok(block)
}

struct Parser<'a> {
    src: &'a [char],
    pos: usize,
    depth: usize,
    /// Inside a method call's argument list, where `,` separates arguments.
    no_comma: bool,
}

type PResult<T> = Result<T, ParseError>;

fn err(message: impl Into<String>, id: &'static str, start: usize, end: usize) -> ParseError {
    ParseError {
        message: message.into(),
        id,
        start,
        end,
    }
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<char> {
        self.src.get(self.pos).copied()
    }
    fn peek_at(&self, n: usize) -> Option<char> {
        self.src.get(self.pos + n).copied()
    }
    fn at(&self, c: char) -> bool {
        self.peek() == Some(c)
    }
    fn eof(&self) -> bool {
        self.pos >= self.src.len()
    }

    fn enter(&mut self) -> PResult<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(err(
                "The script is nested too deeply to be parsed.",
                "ScriptTooDeep",
                self.pos,
                self.pos + 1,
            ));
        }
        Ok(())
    }
    fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Skips spaces, tabs, comments and line continuations; with `lines`, line breaks too.
    fn ws(&mut self, lines: bool) {
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\u{a0}' | '\u{feff}' | '\x0c' | '\x0b' => self.pos += 1,
                '\r' | '\n' if lines => self.pos += 1,
                '`' if matches!(self.peek_at(1), Some('\n') | Some('\r')) => {
                    self.pos += 1;
                    if self.at('\r') {
                        self.pos += 1;
                    }
                    if self.at('\n') {
                        self.pos += 1;
                    }
                }
                '#' => {
                    while let Some(c) = self.peek() {
                        if c == '\n' || c == '\r' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                '<' if self.peek_at(1) == Some('#') => {
                    self.pos += 2;
                    while !self.eof() && (!self.at('#') || self.peek_at(1) != Some('>')) {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.src.len());
                }
                _ => break,
            }
        }
    }

    fn unexpected(&self) -> ParseError {
        let start = self.pos;
        let mut end = start;
        while end < self.src.len() && !self.src[end].is_whitespace() && end - start < 40 {
            end += 1;
            if matches!(self.src[end - 1], ')' | '}' | ']' | ';' | ',' | '|') {
                break;
            }
        }
        let token: String = self.src[start..end.max(start)].iter().collect();
        err(
            format!("Unexpected token '{token}' in expression or statement."),
            "UnexpectedToken",
            start,
            end.max(start + 1),
        )
    }

    /// The word at the cursor (letters, digits, `-`, `_`), lower-cased, without moving.
    fn word_ahead(&self) -> String {
        self.src[self.pos..]
            .iter()
            .take_while(|c| c.is_alphanumeric() || **c == '_' || **c == '-')
            .collect::<String>()
            .to_ascii_lowercase()
    }

    /// True if the keyword `kw` is at the cursor, as a whole word.
    fn keyword(&self, kw: &str) -> bool {
        let n = kw.chars().count();
        let word: String = self.src[self.pos..].iter().take(n).collect();
        word.eq_ignore_ascii_case(kw)
            && !self.src.get(self.pos + n).is_some_and(|c| {
                c.is_alphanumeric()
                    || *c == '_'
                    || *c == '-'
                    || *c == '\\'
                    || *c == ':'
                    || *c == '.'
            })
    }

    fn expect(&mut self, c: char, message: &str, id: &'static str, at: usize) -> PResult<()> {
        if self.at(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(err(message, id, at, at + 1))
        }
    }

    // -------------------------------------------------------------------------------------
    // Statements

    /// Statements up to `end` (not consumed) or the end of input; a leading `param()`.
    fn block_body(&mut self, end: Option<char>) -> PResult<Block> {
        self.ws(true);
        let mut params = Vec::new();
        // `[CmdletBinding()]` before param is accepted and ignored.
        let save = self.pos;
        while self.at('[') {
            let _ = self.bracketed_text();
            self.ws(true);
        }
        if self.keyword("param") {
            self.pos += 5;
            self.ws(true);
            if self.at('(') {
                params = self.param_list()?;
            } else {
                self.pos = save;
            }
        } else {
            self.pos = save;
        }
        let body = self.statements(end)?;
        Ok(Block { params, body })
    }

    fn statements(&mut self, end: Option<char>) -> PResult<Vec<Stmt>> {
        let mut out = Vec::new();
        loop {
            self.ws(true);
            while self.at(';') {
                self.pos += 1;
                self.ws(true);
            }
            if self.eof() {
                return Ok(out);
            }
            if let Some(e) = end {
                if self.at(e) {
                    return Ok(out);
                }
            }
            if matches!(self.peek(), Some(')' | '}' | ']')) {
                return Err(self.unexpected());
            }
            out.push(self.statement()?);
            self.ws(false);
            match self.peek() {
                None | Some('\n' | '\r' | ';') => {}
                Some(c) if Some(c) == end => {}
                _ => return Err(self.unexpected()),
            }
        }
    }

    fn statement(&mut self) -> PResult<Stmt> {
        self.enter()?;
        let saved = std::mem::replace(&mut self.no_comma, false);
        let r = self.statement_inner();
        self.no_comma = saved;
        self.leave();
        r
    }

    fn statement_inner(&mut self) -> PResult<Stmt> {
        let w = self.word_ahead();
        let start = self.pos;
        match w.as_str() {
            "if" if self.keyword("if") => return self.if_stmt(),
            "while" if self.keyword("while") => {
                self.pos += 5;
                let cond = self.condition("while")?;
                let body = self.braced_block("while")?;
                return Ok(Stmt::While(cond, body));
            }
            "do" if self.keyword("do") => {
                self.pos += 2;
                let body = self.braced_block("do")?;
                self.ws(true);
                let until = if self.keyword("until") {
                    self.pos += 5;
                    true
                } else if self.keyword("while") {
                    self.pos += 5;
                    false
                } else {
                    return Err(err(
                        "Missing while or until keyword in do loop.",
                        "MissingWhileOrUntilInDoWhile",
                        self.pos,
                        self.pos + 1,
                    ));
                };
                let cond = self.condition(if until { "until" } else { "while" })?;
                return Ok(Stmt::Do(body, cond, until));
            }
            "for" if self.keyword("for") => return self.for_stmt(),
            "foreach" if self.keyword("foreach") => {
                let save = self.pos;
                self.pos += 7;
                self.ws(false);
                if self.at('(') {
                    return self.foreach_stmt();
                }
                self.pos = save;
            }
            "switch" if self.keyword("switch") => return self.switch_stmt(),
            "try" if self.keyword("try") => return self.try_stmt(),
            "function" | "filter" if self.keyword(&w) => {
                self.pos += w.len();
                return self.function();
            }
            "return" | "throw" | "exit" if self.keyword(&w) => {
                self.pos += w.len();
                self.ws(false);
                let p = if self.at_statement_end() {
                    None
                } else {
                    Some(self.pipeline()?)
                };
                let span = Span::new(start, self.pos);
                return Ok(match w.as_str() {
                    "return" => Stmt::Return(p),
                    "throw" => Stmt::Throw(p, span),
                    _ => Stmt::Exit(p),
                });
            }
            "break" if self.keyword("break") => {
                self.pos += 5;
                return Ok(Stmt::Break);
            }
            "continue" if self.keyword("continue") => {
                self.pos += 8;
                return Ok(Stmt::Continue);
            }
            "catch" | "finally" | "else" | "elseif" | "until" if self.keyword(&w) => {
                return Err(self.unexpected());
            }
            _ => {}
        }
        let pipe = self.pipeline()?;
        self.ws(false);
        if let Some(op) = self.assign_op() {
            let target = match pipe.elements.as_slice() {
                [Element::Expr(e)] if pipe.elements.len() == 1 => e.clone(),
                _ => {
                    return Err(err(
                        "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                        "InvalidLeftHandSide",
                        pipe.span.start,
                        pipe.span.end,
                    ));
                }
            };
            let op_at = self.pos;
            self.pos += if op == AssignOp::Set { 1 } else { 2 };
            self.ws(true);
            if self.at_statement_end() {
                return Err(err(
                    format!(
                        "You must provide a value expression following the '{}' operator.",
                        ["=", "+=", "-=", "*=", "/="][op as usize]
                    ),
                    "ExpectedValueExpression",
                    op_at,
                    op_at + 1,
                ));
            }
            let value = self.statement()?;
            let span = Span::new(start, self.pos);
            return Ok(Stmt::Assign(target, op, Box::new(value), span));
        }
        Ok(Stmt::Pipeline(pipe))
    }

    fn assign_op(&self) -> Option<AssignOp> {
        let c = self.peek()?;
        let next = self.peek_at(1);
        match (c, next) {
            ('=', _) => Some(AssignOp::Set),
            ('+', Some('=')) => Some(AssignOp::Add),
            (d, Some('=')) if is_dash(d) => Some(AssignOp::Sub),
            ('*', Some('=')) => Some(AssignOp::Mul),
            ('/', Some('=')) => Some(AssignOp::Div),
            _ => None,
        }
    }

    fn at_statement_end(&self) -> bool {
        matches!(self.peek(), None | Some('\n' | '\r' | ';' | '}' | ')'))
    }

    /// `( pipeline )` after a keyword.
    fn condition(&mut self, kw: &str) -> PResult<Pipeline> {
        self.ws(true);
        let open = self.pos;
        if !self.at('(') {
            return Err(err(
                format!("Missing '(' after '{kw}' in {kw} statement."),
                "MissingOpenParenthesisAfterKeyword",
                self.pos,
                self.pos + 1,
            ));
        }
        self.pos += 1;
        self.ws(true);
        let p = self.pipeline_or_assign()?;
        self.ws(true);
        if !self.at(')') {
            return Err(err(
                format!("Missing closing ')' after expression in '{kw}' statement."),
                "MissingEndParenthesisAfterStatement",
                open,
                open + 1,
            ));
        }
        self.pos += 1;
        Ok(p)
    }

    /// A condition may be an assignment (`while (($x = f) -ne $null)` is written with
    /// parentheses; a bare one is kept as its pipeline).
    fn pipeline_or_assign(&mut self) -> PResult<Pipeline> {
        let start = self.pos;
        let s = self.statement()?;
        match s {
            Stmt::Pipeline(p) => Ok(p),
            other => {
                let span = Span::new(start, self.pos);
                Ok(Pipeline {
                    elements: vec![Element::Expr(Expr {
                        kind: ExprKind::Paren(Box::new(other)),
                        span,
                    })],
                    span,
                })
            }
        }
    }

    fn braced_block(&mut self, after: &str) -> PResult<Block> {
        self.ws(true);
        if !self.at('{') {
            return Err(err(
                format!("Missing statement block after {after}."),
                "MissingStatementBlock",
                self.pos,
                self.pos + 1,
            ));
        }
        self.block_in_braces()
    }

    /// `{ ... }` at the cursor.
    fn block_in_braces(&mut self) -> PResult<Block> {
        let open = self.pos;
        self.pos += 1;
        self.enter()?;
        let b = self.block_body(Some('}'));
        self.leave();
        let b = b?;
        if !self.at('}') {
            return Err(err(
                "Missing closing '}' in statement block or type definition.",
                "MissingEndCurlyBrace",
                open,
                open + 1,
            ));
        }
        self.pos += 1;
        Ok(b)
    }

    fn if_stmt(&mut self) -> PResult<Stmt> {
        self.pos += 2;
        let mut clauses = Vec::new();
        let cond = self.condition("if")?;
        let body = self.braced_block("if ( condition )")?;
        clauses.push((cond, body));
        let mut els = None;
        loop {
            let save = self.pos;
            self.ws(true);
            if self.keyword("elseif") {
                self.pos += 6;
                let cond = self.condition("elseif")?;
                let body = self.braced_block("elseif ( condition )")?;
                clauses.push((cond, body));
            } else if self.keyword("else") {
                self.pos += 4;
                els = Some(self.braced_block("else")?);
                break;
            } else {
                self.pos = save;
                break;
            }
        }
        Ok(Stmt::If(clauses, els))
    }

    fn for_stmt(&mut self) -> PResult<Stmt> {
        self.pos += 3;
        self.ws(true);
        let open = self.pos;
        self.expect(
            '(',
            "Missing opening '(' after keyword 'for'.",
            "MissingOpenParenthesisAfterKeyword",
            open,
        )?;
        let mut parts: Vec<Option<Stmt>> = Vec::new();
        for i in 0..3 {
            self.ws(true);
            let term = if i < 2 { ';' } else { ')' };
            if self.at(term) {
                parts.push(None);
            } else {
                parts.push(Some(self.statement()?));
                self.ws(true);
            }
            if i < 2 && self.at(';') {
                self.pos += 1;
            }
        }
        self.ws(true);
        self.expect(
            ')',
            "Missing closing ')' after expression in 'for' statement.",
            "MissingEndParenthesisAfterStatement",
            open,
        )?;
        let body = self.braced_block("for")?;
        let mut it = parts.into_iter();
        let init = it.next().flatten().map(Box::new);
        let cond = it.next().flatten().map(|s| match s {
            Stmt::Pipeline(p) => p,
            other => Pipeline {
                elements: vec![Element::Expr(Expr {
                    kind: ExprKind::Paren(Box::new(other)),
                    span: Span::default(),
                })],
                span: Span::default(),
            },
        });
        let step = it.next().flatten().map(Box::new);
        Ok(Stmt::For(init, cond, step, body))
    }

    fn foreach_stmt(&mut self) -> PResult<Stmt> {
        let open = self.pos;
        self.pos += 1;
        self.ws(true);
        if !self.at('$') {
            return Err(err(
                "Missing variable name after foreach.",
                "MissingVariableNameAfterForeach",
                self.pos,
                self.pos + 1,
            ));
        }
        let var = match self.variable()?.kind {
            ExprKind::Var(v) => v,
            _ => String::new(),
        };
        self.ws(true);
        if !self.keyword("in") {
            return Err(err(
                "Missing 'in' after variable in foreach loop.",
                "MissingInInForeach",
                self.pos,
                self.pos + 1,
            ));
        }
        self.pos += 2;
        self.ws(true);
        let p = self.pipeline()?;
        self.ws(true);
        self.expect(
            ')',
            "Missing closing ')' after expression in 'foreach' statement.",
            "MissingEndParenthesisAfterForeach",
            open,
        )?;
        let body = self.braced_block("foreach")?;
        Ok(Stmt::Foreach(var, p, body))
    }

    fn switch_stmt(&mut self) -> PResult<Stmt> {
        self.pos += 6;
        self.ws(false);
        let value = self.condition("switch")?;
        self.ws(true);
        let open = self.pos;
        self.expect(
            '{',
            "Missing '{' in switch statement.",
            "MissingCurlyBraceInSwitchStatement",
            open,
        )?;
        let mut cases = Vec::new();
        let mut default = None;
        loop {
            self.ws(true);
            while self.at(';') {
                self.pos += 1;
                self.ws(true);
            }
            if self.at('}') {
                self.pos += 1;
                break;
            }
            if self.eof() {
                return Err(err(
                    "Missing closing '}' in statement block or type definition.",
                    "MissingEndCurlyBrace",
                    open,
                    open + 1,
                ));
            }
            if self.keyword("default") {
                self.pos += 7;
                default = Some(self.braced_block("switch default")?);
                continue;
            }
            let pattern =
                if self.at('{') || self.at('(') || self.at('$') || self.at('\'') || self.at('"') {
                    self.unary()?
                } else {
                    self.bareword_expr()?
                };
            let body = self.braced_block("switch pattern")?;
            cases.push((pattern, body));
        }
        Ok(Stmt::Switch(value, cases, default))
    }

    fn try_stmt(&mut self) -> PResult<Stmt> {
        let start = self.pos;
        self.pos += 3;
        let body = self.braced_block("try")?;
        let mut catches = Vec::new();
        let mut fin = None;
        loop {
            let save = self.pos;
            self.ws(true);
            if self.keyword("catch") {
                self.pos += 5;
                let mut types = Vec::new();
                loop {
                    self.ws(true);
                    if self.at('[') {
                        types.push(self.bracketed_text()?);
                        self.ws(true);
                        if self.at(',') {
                            self.pos += 1;
                            continue;
                        }
                    }
                    break;
                }
                catches.push((types, self.braced_block("catch")?));
            } else if self.keyword("finally") {
                self.pos += 7;
                fin = Some(self.braced_block("finally")?);
                break;
            } else {
                self.pos = save;
                break;
            }
        }
        if catches.is_empty() && fin.is_none() {
            return Err(err(
                "The Try statement is missing its Catch or Finally block.",
                "MissingCatchOrFinally",
                start,
                self.pos.max(start + 1),
            ));
        }
        Ok(Stmt::Try(body, catches, fin))
    }

    fn function(&mut self) -> PResult<Stmt> {
        self.ws(false);
        let start = self.pos;
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, '{' | '(' | ';' | '}' | ')') {
                break;
            }
            self.pos += 1;
        }
        let name: String = self.src[start..self.pos].iter().collect();
        if name.is_empty() {
            return Err(err(
                "Missing name after function keyword.",
                "MissingNameAfterKeyword",
                start,
                start + 1,
            ));
        }
        self.ws(true);
        let mut params = Vec::new();
        if self.at('(') {
            params = self.param_list()?;
            self.ws(true);
        }
        if !self.at('{') {
            return Err(err(
                "Missing function body in function declaration.",
                "MissingFunctionBody",
                self.pos,
                self.pos + 1,
            ));
        }
        let mut body = self.block_in_braces()?;
        if body.params.is_empty() {
            body.params = params;
        }
        Ok(Stmt::Function(name, Rc::new(body)))
    }

    /// `( [attr][type]$a = default, ... )` at the cursor.
    fn param_list(&mut self) -> PResult<Vec<Param>> {
        let open = self.pos;
        self.pos += 1;
        let mut params = Vec::new();
        loop {
            self.ws(true);
            if self.at(')') {
                self.pos += 1;
                return Ok(params);
            }
            if self.eof() {
                return Err(err(
                    "Missing ')' in function parameter list.",
                    "MissingEndParenthesisInFunctionParameterList",
                    open,
                    open + 1,
                ));
            }
            let mut types = Vec::new();
            while self.at('[') {
                types.push(self.bracketed_text()?);
                self.ws(true);
            }
            if !self.at('$') {
                return Err(err(
                    "Missing ')' in function parameter list.",
                    "MissingEndParenthesisInFunctionParameterList",
                    open,
                    open + 1,
                ));
            }
            let name = match self.variable()?.kind {
                ExprKind::Var(v) => v,
                _ => String::new(),
            };
            self.ws(true);
            let default = if self.at('=') {
                self.pos += 1;
                self.ws(true);
                Some(self.expr()?)
            } else {
                None
            };
            params.push(Param {
                types,
                name,
                default,
            });
            self.ws(true);
            if self.at(',') {
                self.pos += 1;
            }
        }
    }

    /// `[ ... ]` at the cursor, nesting kept, the text inside returned trimmed.
    fn bracketed_text(&mut self) -> PResult<String> {
        let open = self.pos;
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        while let Some(c) = self.peek() {
            self.pos += 1;
            if let Some(q) = quote {
                if c == q {
                    quote = None;
                }
                continue;
            }
            match c {
                '\'' | '"' => quote = Some(c),
                '[' => depth += 1,
                ']' => {
                    depth -= 1;
                    if depth == 0 {
                        let text: String = self.src[open + 1..self.pos - 1].iter().collect();
                        return Ok(text.trim().to_string());
                    }
                }
                '\n' | '\r' if depth == 1 && quote.is_none() => break,
                _ => {}
            }
        }
        Err(err(
            "Missing ']' after type name or attribute.",
            "EndSquareBracketExpectedAtEndOfAttribute",
            open,
            open + 1,
        ))
    }

    // -------------------------------------------------------------------------------------
    // Pipelines and commands

    fn pipeline(&mut self) -> PResult<Pipeline> {
        let start = self.pos;
        let mut elements = Vec::new();
        loop {
            self.ws(false);
            let at = self.pos;
            if matches!(
                self.peek(),
                None | Some('|' | '\n' | '\r' | ';' | ')' | '}')
            ) {
                return Err(err(
                    "An empty pipe element is not allowed.",
                    "EmptyPipeElement",
                    at.saturating_sub(1),
                    at.max(1),
                ));
            }
            elements.push(self.element(elements.is_empty())?);
            self.ws(false);
            if self.at('|') && self.peek_at(1) != Some('|') {
                self.pos += 1;
                self.ws(true);
                continue;
            }
            break;
        }
        Ok(Pipeline {
            elements,
            span: Span::new(start, self.pos),
        })
    }

    fn is_expression_start(&self, first: bool) -> bool {
        let Some(c) = self.peek() else {
            return false;
        };
        let next = self.peek_at(1);
        match c {
            '$' | '(' | '\'' | '"' | '@' | '[' | '{' | '!' | ',' | '+' => {
                if c == '@' {
                    return matches!(next, Some('(' | '{' | '"' | '\''))
                        || next.is_some_and(is_double_quote)
                        || next.is_some_and(is_single_quote);
                }
                if c == '+' {
                    return next.is_some_and(|n| n.is_ascii_digit() || n == '+' || n == '$');
                }
                let _ = first;
                true
            }
            c if is_single_quote(c) || is_double_quote(c) => true,
            c if c.is_ascii_digit() => {
                // A number, unless the word goes on (`7z.exe`).
                let mut i = self.pos;
                while i < self.src.len()
                    && (self.src[i].is_alphanumeric()
                        || (self.src[i] == '.' && self.src.get(i + 1) != Some(&'.')))
                {
                    i += 1;
                }
                let word: String = self.src[self.pos..i].iter().collect();
                parse_number(&word).is_some()
            }
            '.' => next.is_some_and(|n| n.is_ascii_digit()),
            d if is_dash(d) => {
                let n = next.unwrap_or(' ');
                if n.is_ascii_digit() || n == '$' || n == '(' || is_dash(n) {
                    return true;
                }
                let word = self.word_after_dash(self.pos + 1);
                matches!(word.as_str(), "not" | "split" | "join" | "bnot")
            }
            _ => false,
        }
    }

    fn word_after_dash(&self, from: usize) -> String {
        self.src[from.min(self.src.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase()
    }

    fn element(&mut self, first: bool) -> PResult<Element> {
        let c = self.peek().unwrap_or(' ');
        if (c == '&' || c == '.')
            && self.peek_at(1).is_some_and(|n| {
                n.is_whitespace()
                    || n == '$'
                    || n == '{'
                    || n == '('
                    || is_single_quote(n)
                    || is_double_quote(n)
            })
        {
            return self.command(Some(c)).map(Element::Command);
        }
        if self.is_expression_start(first) {
            let e = self.expr()?;
            return Ok(Element::Expr(e));
        }
        self.command(None).map(Element::Command)
    }

    fn command(&mut self, invoke: Option<char>) -> PResult<Command> {
        let start = self.pos;
        if invoke.is_some() {
            self.pos += 1;
            self.ws(false);
        }
        let name_start = self.pos;
        let name = if invoke.is_some() {
            self.command_arg()?
        } else {
            self.bareword_expr()?
        };
        let name_span = Span::new(name_start, self.pos);
        let mut args = Vec::new();
        let mut redirects = Vec::new();
        loop {
            self.ws(false);
            let Some(c) = self.peek() else { break };
            if matches!(c, '\n' | '\r' | ';' | ')' | '}' | '|') {
                break;
            }
            if c == '&' && self.peek_at(1) == Some('&') {
                return Err(err(
                    "The token '&&' is not a valid statement separator in this version.",
                    "InvalidEndOfLine",
                    self.pos,
                    self.pos + 2,
                ));
            }
            if let Some(r) = self.redirect()? {
                redirects.push(r);
                continue;
            }
            if is_dash(c)
                && self
                    .peek_at(1)
                    .is_some_and(|n| n.is_alphabetic() || n == '_' || n == '?')
            {
                let pstart = self.pos;
                self.pos += 1;
                let nstart = self.pos;
                while let Some(n) = self.peek() {
                    if n.is_whitespace()
                        || matches!(n, ':' | ';' | '|' | ')' | '}' | ',' | '(' | '{')
                    {
                        break;
                    }
                    self.pos += 1;
                }
                let name: String = self.src[nstart..self.pos].iter().collect();
                let value = if self.at(':') {
                    self.pos += 1;
                    self.ws(false);
                    Some(self.command_arg()?)
                } else {
                    None
                };
                args.push(Arg::Param(name, value, Span::new(pstart, self.pos)));
                continue;
            }
            if c == '-'
                && self.peek_at(1) == Some('-')
                && self.peek_at(2).is_none_or(|n| n.is_whitespace())
            {
                // `--` ends parameters: the rest are values.
                self.pos += 2;
                continue;
            }
            args.push(Arg::Value(self.command_arg()?));
        }
        Ok(Command {
            invoke,
            name,
            args,
            redirects,
            name_span,
            span: Span::new(start, self.pos),
        })
    }

    fn redirect(&mut self) -> PResult<Option<Redirect>> {
        let c = self.peek().unwrap_or(' ');
        let (stream, len) = match (c, self.peek_at(1)) {
            ('>', _) => (1u8, 0usize),
            ('*', Some('>')) => (0, 1),
            (d, Some('>')) if d.is_ascii_digit() => (d as u8 - b'0', 1),
            _ => return Ok(None),
        };
        self.pos += len + 1;
        let append = if self.at('>') {
            self.pos += 1;
            true
        } else {
            false
        };
        if self.at('&') && self.peek_at(1).is_some_and(|n| n.is_ascii_digit()) {
            self.pos += 2;
            return Ok(Some(Redirect {
                stream,
                append,
                target: None,
            }));
        }
        self.ws(false);
        if matches!(
            self.peek(),
            None | Some('\n' | '\r' | ';' | '|' | ')' | '}')
        ) {
            return Err(err(
                "Missing file specification after redirection operator.",
                "MissingFileSpecification",
                self.pos.saturating_sub(1),
                self.pos.max(1),
            ));
        }
        let target = self.command_arg()?;
        Ok(Some(Redirect {
            stream,
            append,
            target: Some(target),
        }))
    }

    /// One argument in command mode (with `a,b` arrays).
    fn command_arg(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let first = self.command_value()?;
        self.ws(false);
        if !self.at(',') {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.at(',') {
            self.pos += 1;
            self.ws(true);
            if matches!(
                self.peek(),
                None | Some('\n' | '\r' | ';' | '|' | ')' | '}')
            ) {
                return Err(err(
                    "Missing argument in parameter list.",
                    "MissingArgument",
                    self.pos.saturating_sub(1),
                    self.pos.max(1),
                ));
            }
            items.push(self.command_value()?);
            self.ws(false);
        }
        Ok(Expr {
            kind: ExprKind::Array(items),
            span: Span::new(start, self.pos),
        })
    }

    fn command_value(&mut self) -> PResult<Expr> {
        let c = self.peek().unwrap_or(' ');
        let expression = match c {
            '$' | '(' | '{' => true,
            '@' => {
                matches!(self.peek_at(1), Some('(' | '{'))
                    || self
                        .peek_at(1)
                        .is_some_and(|n| is_double_quote(n) || is_single_quote(n))
            }
            c if is_single_quote(c) || is_double_quote(c) => true,
            _ => false,
        };
        if expression {
            if c == '@' && self.peek_at(1).is_some_and(|n| n.is_alphabetic()) {
                return self.bareword_expr();
            }
            let e = self.postfix()?;
            // `"a"b` or `$x\y`: the rest of the word joins it as text.
            if self.peek().is_some_and(|n| {
                !n.is_whitespace()
                    && !matches!(
                        n,
                        ',' | ';' | '|' | ')' | '}' | '\n' | '\r' | '>' | '(' | '{'
                    )
            }) && !matches!(e.kind, ExprKind::Block(_) | ExprKind::Hash(_))
            {
                let rest = self.bareword_expr()?;
                let span = e.span.to(rest.span);
                let mut parts = Vec::new();
                push_as_parts(e, &mut parts);
                push_as_parts(rest, &mut parts);
                return Ok(Expr {
                    kind: ExprKind::Expand(parts, StrQuote::Double),
                    span,
                });
            }
            return Ok(e);
        }
        self.bareword_expr()
    }

    /// A bare word in command mode: literal text, a number, or an expandable string when it
    /// holds `$`.
    fn bareword_expr(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let mut text = String::new();
        let mut parts: Vec<Part> = Vec::new();
        let mut expandable = false;
        while let Some(c) = self.peek() {
            if c.is_whitespace() || matches!(c, ';' | '|' | ')' | '}' | ',' | '(' | '{' | '&') {
                break;
            }
            if c == '>' && self.pos > start {
                break;
            }
            if c == '`' {
                self.pos += 1;
                if let Some(n) = self.peek() {
                    text.push(n);
                    self.pos += 1;
                }
                continue;
            }
            if is_single_quote(c) {
                let s = self.single_quoted()?;
                if let ExprKind::Str(s, _) = s.kind {
                    text.push_str(&s);
                }
                continue;
            }
            if is_double_quote(c) {
                let e = self.double_quoted()?;
                if let ExprKind::Expand(ps, _) = e.kind {
                    for p in ps {
                        match p {
                            Part::Text(t) => text.push_str(&t),
                            other => {
                                expandable = true;
                                if !text.is_empty() {
                                    parts.push(Part::Text(std::mem::take(&mut text)));
                                }
                                parts.push(other);
                            }
                        }
                    }
                }
                continue;
            }
            if c == '$'
                && self
                    .peek_at(1)
                    .is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '{' || n == '(')
            {
                expandable = true;
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(self.string_dollar()?);
                continue;
            }
            text.push(c);
            self.pos += 1;
        }
        let span = Span::new(start, self.pos);
        if self.pos == start {
            return Err(self.unexpected());
        }
        if expandable {
            if !text.is_empty() {
                parts.push(Part::Text(text));
            }
            return Ok(Expr {
                kind: ExprKind::Expand(parts, StrQuote::Bare),
                span,
            });
        }
        let raw: String = self.src[start..self.pos].iter().collect();
        if raw == text {
            if let Some(n) = parse_number(&text) {
                return Ok(Expr { kind: n, span });
            }
        }
        Ok(Expr {
            kind: ExprKind::Str(text, StrQuote::Bare),
            span,
        })
    }

    // -------------------------------------------------------------------------------------
    // Expressions

    /// A full expression (logical operators and below).
    fn expr(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.logical();
        self.leave();
        r
    }

    /// The operator at the cursor (`-eq`, `-and`, `+`, ...), with its length in characters.
    fn binary_op(&self) -> Option<(BinOp, usize)> {
        let c = self.peek()?;
        if is_dash(c) {
            let word = self.word_after_dash(self.pos + 1);
            let len = word.len() + 1;
            if self
                .src
                .get(self.pos + len)
                .is_some_and(|n| n.is_alphanumeric() || *n == '_')
            {
                return None;
            }
            if let Some((_, op)) = OPERATORS.iter().find(|(n, _)| *n == word) {
                return Some((*op, len));
            }
            let (cs, rest) = match word.strip_prefix('c') {
                Some(r)
                    if COMPARISONS
                        .iter()
                        .any(|(n, _)| *n == r || format!("not{n}") == r) =>
                {
                    (true, r)
                }
                _ => match word.strip_prefix('i') {
                    Some(r)
                        if COMPARISONS
                            .iter()
                            .any(|(n, _)| *n == r || format!("not{n}") == r) =>
                    {
                        (false, r)
                    }
                    _ => (false, word.as_str()),
                },
            };
            if let Some((_, op)) = COMPARISONS.iter().find(|(n, _)| *n == rest) {
                return Some((BinOp::Cmp(*op, cs), len));
            }
            if let Some(r) = rest.strip_prefix("not") {
                if let Some((_, op)) = COMPARISONS.iter().find(|(n, _)| *n == r) {
                    if matches!(
                        op,
                        CmpOp::Like | CmpOp::Match | CmpOp::Contains | CmpOp::In | CmpOp::Is
                    ) {
                        return Some((BinOp::NotCmp(*op, cs), len));
                    }
                }
            }
            return Some((BinOp::Sub, 1));
        }
        match c {
            '+' => Some((BinOp::Add, 1)),
            '*' => Some((BinOp::Mul, 1)),
            '/' => Some((BinOp::Div, 1)),
            '%' => Some((BinOp::Rem, 1)),
            '.' if self.peek_at(1) == Some('.') => Some((BinOp::Range, 2)),
            _ => None,
        }
    }

    fn level(op: BinOp) -> u8 {
        match op {
            BinOp::And | BinOp::Or | BinOp::Xor => 0,
            BinOp::Cmp(..) | BinOp::NotCmp(..) | BinOp::Band | BinOp::Bor => 1,
            BinOp::Add | BinOp::Sub => 2,
            BinOp::Mul | BinOp::Div | BinOp::Rem => 3,
            BinOp::Format => 4,
            BinOp::Range => 5,
        }
    }

    fn logical(&mut self) -> PResult<Expr> {
        self.binary(0)
    }

    fn binary(&mut self, level: u8) -> PResult<Expr> {
        if level > 5 {
            return self.array();
        }
        let mut left = self.binary(level + 1)?;
        loop {
            let save = self.pos;
            self.ws(false);
            let Some((op, len)) = self.binary_op() else {
                self.pos = save;
                break;
            };
            // `=` after `-`/`+`... is an assignment, not an operator.
            if matches!(op, BinOp::Sub | BinOp::Add | BinOp::Mul | BinOp::Div)
                && self.peek_at(1) == Some('=')
            {
                self.pos = save;
                break;
            }
            if Self::level(op) != level {
                self.pos = save;
                break;
            }
            let op_at = self.pos;
            self.pos += len;
            self.ws(true);
            if matches!(self.peek(), None | Some(')' | '}' | ';' | ']')) {
                return Err(err(
                    format!(
                        "You must provide a value expression following the '{}' operator.",
                        self.src[op_at..op_at + len].iter().collect::<String>()
                    ),
                    "ExpectedValueExpression",
                    op_at,
                    op_at + len,
                ));
            }
            let right = self.binary(level + 1)?;
            let span = left.span.to(right.span);
            left = Expr {
                kind: ExprKind::Binary(op, Box::new(left), Box::new(right)),
                span,
            };
        }
        Ok(left)
    }

    fn array(&mut self) -> PResult<Expr> {
        let first = self.unary()?;
        if self.no_comma {
            return Ok(first);
        }
        let save = self.pos;
        self.ws(false);
        if !self.at(',') {
            self.pos = save;
            return Ok(first);
        }
        let mut items = vec![first];
        while self.at(',') {
            let at = self.pos;
            self.pos += 1;
            self.ws(true);
            if matches!(self.peek(), None | Some(')' | '}' | ';' | ']')) {
                return Err(err(
                    "Missing expression after ','.",
                    "MissingExpressionAfterToken",
                    at,
                    at + 1,
                ));
            }
            items.push(self.unary()?);
            let save = self.pos;
            self.ws(false);
            if !self.at(',') {
                self.pos = save;
                break;
            }
        }
        let span = items[0].span.to(items[items.len() - 1].span);
        Ok(Expr {
            kind: ExprKind::Array(items),
            span,
        })
    }

    fn unary(&mut self) -> PResult<Expr> {
        self.enter()?;
        let r = self.unary_inner();
        self.leave();
        r
    }

    fn unary_inner(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let c = self.peek().unwrap_or(' ');
        let op = if c == '!' {
            self.pos += 1;
            Some(UnOp::Not)
        } else if c == ',' {
            self.pos += 1;
            Some(UnOp::Comma)
        } else if is_dash(c) {
            let n = self.peek_at(1);
            if n.is_some_and(is_dash) {
                self.pos += 2;
                Some(UnOp::PreDec)
            } else {
                let word = self.word_after_dash(self.pos + 1);
                let op = match word.as_str() {
                    "not" => Some(UnOp::Not),
                    "split" => Some(UnOp::Split),
                    "join" => Some(UnOp::Join),
                    _ => None,
                };
                match op {
                    Some(op) => {
                        self.pos += word.len() + 1;
                        Some(op)
                    }
                    None if !n.is_some_and(|n| n.is_alphabetic()) => {
                        self.pos += 1;
                        Some(UnOp::Neg)
                    }
                    None => None,
                }
            }
        } else if c == '+' {
            if self.peek_at(1) == Some('+') {
                self.pos += 2;
                Some(UnOp::PreInc)
            } else {
                self.pos += 1;
                Some(UnOp::Plus)
            }
        } else {
            None
        };
        if let Some(op) = op {
            self.ws(true);
            if matches!(
                self.peek(),
                None | Some(')' | '}' | ';' | ']' | '\n' | '\r')
            ) {
                let text: String = self.src[start..self.pos].iter().collect();
                return Err(err(
                    format!("Missing expression after unary operator '{}'.", text.trim()),
                    "MissingExpressionAfterOperator",
                    start,
                    self.pos,
                ));
            }
            let x = self.unary()?;
            // A negative literal is a literal.
            if op == UnOp::Neg {
                match x.kind {
                    ExprKind::Int(n) if x.span.start == start + 1 => {
                        return Ok(Expr {
                            kind: ExprKind::Int(-n),
                            span: Span::new(start, x.span.end),
                        });
                    }
                    ExprKind::Double(d) if x.span.start == start + 1 => {
                        return Ok(Expr {
                            kind: ExprKind::Double(-d),
                            span: Span::new(start, x.span.end),
                        });
                    }
                    _ => {}
                }
            }
            let span = Span::new(start, x.span.end);
            return Ok(Expr {
                kind: ExprKind::Unary(op, Box::new(x)),
                span,
            });
        }
        if c == '[' {
            let t = self.bracketed_text()?;
            if t.is_empty() {
                return Err(err(
                    "Missing type name after '['.",
                    "MissingTypename",
                    start,
                    start + 1,
                ));
            }
            let tspan = Span::new(start, self.pos);
            if self.at(':') && self.peek_at(1) == Some(':') {
                let e = Expr {
                    kind: ExprKind::Type(t),
                    span: tspan,
                };
                return self.postfix_from(e);
            }
            let save = self.pos;
            self.ws(false);
            let starts_value = match self.peek() {
                Some('$' | '(' | '@' | '[' | '\'' | '"' | '{') => true,
                Some(d) if d.is_ascii_digit() => true,
                Some(d) if is_dash(d) => self.peek_at(1).is_some_and(|n| n.is_ascii_digit()),
                Some(q) => is_single_quote(q) || is_double_quote(q),
                None => false,
            };
            if starts_value {
                let x = self.unary()?;
                let span = Span::new(start, x.span.end);
                return Ok(Expr {
                    kind: ExprKind::Cast(t, Box::new(x)),
                    span,
                });
            }
            self.pos = save;
            return self.postfix_from(Expr {
                kind: ExprKind::Type(t),
                span: tspan,
            });
        }
        self.postfix()
    }

    fn postfix(&mut self) -> PResult<Expr> {
        let e = self.primary()?;
        self.postfix_from(e)
    }

    fn postfix_from(&mut self, mut e: Expr) -> PResult<Expr> {
        loop {
            let c = self.peek();
            let is_static = c == Some(':') && self.peek_at(1) == Some(':');
            if c == Some('.') && self.peek_at(1) != Some('.') || is_static {
                let dot = self.pos;
                self.pos += if is_static { 2 } else { 1 };
                let nstart = self.pos;
                let name_expr = match self.peek() {
                    Some(q) if is_single_quote(q) => self.single_quoted()?,
                    Some(q) if is_double_quote(q) => self.double_quoted()?,
                    Some('$') => self.variable()?,
                    Some('(') => self.primary()?,
                    Some(n) if n.is_alphanumeric() || n == '_' => {
                        while self.peek().is_some_and(|n| n.is_alphanumeric() || n == '_') {
                            self.pos += 1;
                        }
                        let name: String = self.src[nstart..self.pos].iter().collect();
                        Expr {
                            kind: ExprKind::Str(name, StrQuote::Bare),
                            span: Span::new(nstart, self.pos),
                        }
                    }
                    _ => {
                        return Err(err(
                            "Missing property name after reference operator.",
                            "MissingPropertyName",
                            dot,
                            dot + 1,
                        ));
                    }
                };
                if self.at('(') {
                    if let ExprKind::Str(name, _) = &name_expr.kind {
                        let name = name.clone();
                        let args = self.call_args()?;
                        let span = Span::new(e.span.start, self.pos);
                        e = Expr {
                            kind: ExprKind::Invoke(Box::new(e), name, args, is_static),
                            span,
                        };
                        continue;
                    }
                }
                let span = Span::new(e.span.start, self.pos);
                e = Expr {
                    kind: ExprKind::Member(Box::new(e), Box::new(name_expr), is_static),
                    span,
                };
                continue;
            }
            if c == Some('[') {
                let open = self.pos;
                self.pos += 1;
                self.ws(true);
                if self.at(']') {
                    return Err(err(
                        "Array index expression is missing or not valid.",
                        "MissingArrayIndexExpression",
                        open,
                        open + 1,
                    ));
                }
                let idx = self.expr()?;
                self.ws(true);
                if !self.at(']') {
                    return Err(err(
                        "Missing ']' after array index expression.",
                        "MissingEndSquareBracket",
                        open,
                        open + 1,
                    ));
                }
                self.pos += 1;
                let span = Span::new(e.span.start, self.pos);
                e = Expr {
                    kind: ExprKind::Index(Box::new(e), Box::new(idx)),
                    span,
                };
                continue;
            }
            if (c == Some('+') && self.peek_at(1) == Some('+'))
                || (c.is_some_and(is_dash) && self.peek_at(1).is_some_and(is_dash))
            {
                if matches!(
                    e.kind,
                    ExprKind::Var(_) | ExprKind::Member(..) | ExprKind::Index(..)
                ) {
                    let inc = c == Some('+');
                    self.pos += 2;
                    let span = Span::new(e.span.start, self.pos);
                    e = Expr {
                        kind: ExprKind::PostStep(Box::new(e), inc),
                        span,
                    };
                    continue;
                }
            }
            return Ok(e);
        }
    }

    fn call_args(&mut self) -> PResult<Vec<Expr>> {
        let open = self.pos;
        self.pos += 1;
        let mut args = Vec::new();
        self.ws(true);
        if self.at(')') {
            self.pos += 1;
            return Ok(args);
        }
        loop {
            self.ws(true);
            let saved = std::mem::replace(&mut self.no_comma, true);
            let arg = self.binary(0);
            self.no_comma = saved;
            args.push(arg?);
            self.ws(true);
            if self.at(',') {
                self.pos += 1;
                continue;
            }
            if self.at(')') {
                self.pos += 1;
                return Ok(args);
            }
            return Err(err(
                "Missing ')' in method call.",
                "MissingEndParenthesisInMethodCall",
                open,
                open + 1,
            ));
        }
    }

    fn primary(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let Some(c) = self.peek() else {
            return Err(err(
                "Unexpected end of input.",
                "UnexpectedToken",
                start,
                start + 1,
            ));
        };
        match c {
            '$' => {
                if self.peek_at(1) == Some('(') {
                    self.pos += 2;
                    let stmts = self.inner_statements(start)?;
                    return Ok(Expr {
                        kind: ExprKind::Sub(stmts),
                        span: Span::new(start, self.pos),
                    });
                }
                self.variable()
            }
            '(' => {
                self.pos += 1;
                self.ws(true);
                self.enter()?;
                let r = if self.at(')') {
                    Err(err(
                        "An expression was expected after '('.",
                        "ExpectedExpression",
                        start,
                        start + 1,
                    ))
                } else {
                    self.statement()
                };
                self.leave();
                let s = r?;
                self.ws(true);
                if !self.at(')') {
                    if self.eof() || matches!(self.peek(), Some('}' | ']')) {
                        return Err(err(
                            "Missing closing ')' in expression.",
                            "MissingEndParenthesisInExpression",
                            start,
                            start + 1,
                        ));
                    }
                    return Err(self.unexpected());
                }
                self.pos += 1;
                Ok(Expr {
                    kind: ExprKind::Paren(Box::new(s)),
                    span: Span::new(start, self.pos),
                })
            }
            '@' => match self.peek_at(1) {
                Some('(') => {
                    self.pos += 2;
                    let stmts = self.inner_statements(start)?;
                    Ok(Expr {
                        kind: ExprKind::ArraySub(stmts),
                        span: Span::new(start, self.pos),
                    })
                }
                Some('{') => self.hash(),
                Some(q) if is_double_quote(q) || is_single_quote(q) => self.here_string(),
                Some(n) if n.is_alphanumeric() || n == '_' => {
                    self.pos += 1;
                    let s = self.pos;
                    while self.peek().is_some_and(|n| n.is_alphanumeric() || n == '_') {
                        self.pos += 1;
                    }
                    let name: String = self.src[s..self.pos].iter().collect();
                    Ok(Expr {
                        kind: ExprKind::Splat(name),
                        span: Span::new(start, self.pos),
                    })
                }
                _ => Err(self.unexpected()),
            },
            '{' => {
                let b = self.block_in_braces()?;
                Ok(Expr {
                    kind: ExprKind::Block(Rc::new(b)),
                    span: Span::new(start, self.pos),
                })
            }
            c if is_single_quote(c) => self.single_quoted(),
            c if is_double_quote(c) => self.double_quoted(),
            c if c.is_ascii_digit() || c == '.' => {
                let mut i = self.pos;
                while i < self.src.len()
                    && (self.src[i].is_alphanumeric()
                        || (self.src[i] == '.' && self.src.get(i + 1) != Some(&'.'))
                        || ((self.src[i] == '+' || is_dash(self.src[i]))
                            && i > self.pos
                            && matches!(self.src[i - 1], 'e' | 'E')
                            && !self.src[self.pos..i].iter().any(|c| *c == 'x' || *c == 'X')))
                {
                    i += 1;
                }
                let word: String = self.src[self.pos..i].iter().collect();
                match parse_number(&word) {
                    Some(n) => {
                        self.pos = i;
                        Ok(Expr {
                            kind: n,
                            span: Span::new(start, i),
                        })
                    }
                    None => Err(self.unexpected()),
                }
            }
            _ => Err(self.unexpected()),
        }
    }

    /// Statements up to `)` for `$(` and `@(`.
    fn inner_statements(&mut self, open: usize) -> PResult<Vec<Stmt>> {
        self.enter()?;
        let r = self.statements(Some(')'));
        self.leave();
        let stmts = r?;
        if !self.at(')') {
            return Err(err(
                "Missing closing ')' in subexpression.",
                "MissingEndParenthesisInSubexpression",
                open,
                open + 2,
            ));
        }
        self.pos += 1;
        Ok(stmts)
    }

    fn hash(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 2;
        let mut items = Vec::new();
        self.enter()?;
        loop {
            self.ws(true);
            while self.at(';') {
                self.pos += 1;
                self.ws(true);
            }
            if self.at('}') {
                self.pos += 1;
                break;
            }
            if self.eof() {
                self.leave();
                return Err(err(
                    "The hash literal was incomplete.",
                    "IncompleteHashLiteral",
                    start,
                    start + 2,
                ));
            }
            let key = match self.peek() {
                Some(c) if c.is_alphabetic() || c == '_' => {
                    let s = self.pos;
                    while self
                        .peek()
                        .is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '-' || n == '.')
                    {
                        self.pos += 1;
                    }
                    let name: String = self.src[s..self.pos].iter().collect();
                    Expr {
                        kind: ExprKind::Str(name, StrQuote::Bare),
                        span: Span::new(s, self.pos),
                    }
                }
                _ => match self.unary() {
                    Ok(e) => e,
                    Err(e) => {
                        self.leave();
                        return Err(e);
                    }
                },
            };
            self.ws(false);
            if !self.at('=') {
                self.leave();
                return Err(err(
                    "Missing '=' operator after key in hash literal.",
                    "MissingEqualsInHashLiteral",
                    self.pos,
                    self.pos + 1,
                ));
            }
            self.pos += 1;
            self.ws(true);
            let value = match self.statement() {
                Ok(v) => v,
                Err(e) => {
                    self.leave();
                    return Err(e);
                }
            };
            items.push((key, value));
            self.ws(false);
            if !matches!(self.peek(), Some(';' | '\n' | '\r' | '}')) {
                self.leave();
                if self.eof() {
                    return Err(err(
                        "The hash literal was incomplete.",
                        "IncompleteHashLiteral",
                        start,
                        start + 2,
                    ));
                }
                return Err(err(
                    "Missing statement after '=' in hash literal.",
                    "MissingStatementInHashLiteral",
                    self.pos,
                    self.pos + 1,
                ));
            }
        }
        self.leave();
        Ok(Expr {
            kind: ExprKind::Hash(items),
            span: Span::new(start, self.pos),
        })
    }

    /// `$name`, `${name}`, `$env:X`, `$_`, `$?`, `$$`, `$^`.
    fn variable(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 1;
        let name = match self.peek() {
            Some('{') => {
                self.pos += 1;
                let mut name = String::new();
                loop {
                    match self.peek() {
                        None => {
                            return Err(err(
                                "Missing '}' in variable name.",
                                "IncompleteDollarVariableReference",
                                start,
                                start + 2,
                            ));
                        }
                        Some('}') => {
                            self.pos += 1;
                            break;
                        }
                        Some('`') => {
                            self.pos += 1;
                            if let Some(c) = self.peek() {
                                name.push(c);
                                self.pos += 1;
                            }
                        }
                        Some(c) => {
                            name.push(c);
                            self.pos += 1;
                        }
                    }
                }
                name
            }
            Some(c @ ('?' | '$' | '^')) => {
                self.pos += 1;
                c.to_string()
            }
            Some(c) if c.is_alphanumeric() || c == '_' => {
                let s = self.pos;
                while self
                    .peek()
                    .is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '?')
                {
                    self.pos += 1;
                }
                if self.at(':')
                    && self
                        .peek_at(1)
                        .is_some_and(|n| n.is_alphanumeric() || n == '_')
                {
                    self.pos += 1;
                    while self
                        .peek()
                        .is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '?')
                    {
                        self.pos += 1;
                    }
                }
                self.src[s..self.pos].iter().collect()
            }
            _ => "".to_string(),
        };
        if name.is_empty() {
            // A lone `$` is text.
            return Ok(Expr {
                kind: ExprKind::Str("$".into(), StrQuote::Bare),
                span: Span::new(start, self.pos),
            });
        }
        Ok(Expr {
            kind: ExprKind::Var(name),
            span: Span::new(start, self.pos),
        })
    }

    fn single_quoted(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 1;
        let mut s = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(err(
                        "The string is missing the terminator: '.",
                        "TerminatorExpectedAtEndOfString",
                        start,
                        start + 1,
                    ));
                }
                Some(c) if is_single_quote(c) => {
                    if self.peek_at(1).is_some_and(is_single_quote) {
                        s.push(self.peek_at(1).unwrap_or('\''));
                        self.pos += 2;
                        continue;
                    }
                    self.pos += 1;
                    break;
                }
                Some(c) => {
                    s.push(c);
                    self.pos += 1;
                }
            }
        }
        Ok(Expr {
            kind: ExprKind::Str(s, StrQuote::Single),
            span: Span::new(start, self.pos),
        })
    }

    fn double_quoted(&mut self) -> PResult<Expr> {
        let start = self.pos;
        self.pos += 1;
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            match self.peek() {
                None => {
                    return Err(err(
                        "The string is missing the terminator: \".",
                        "TerminatorExpectedAtEndOfString",
                        start,
                        start + 1,
                    ));
                }
                Some(c) if is_double_quote(c) => {
                    if self.peek_at(1).is_some_and(is_double_quote) {
                        text.push(self.peek_at(1).unwrap_or('"'));
                        self.pos += 2;
                        continue;
                    }
                    self.pos += 1;
                    break;
                }
                Some('`') => {
                    self.pos += 1;
                    if let Some(n) = self.peek() {
                        text.push(escape(n));
                        self.pos += 1;
                    }
                }
                Some('$') => {
                    if self.peek_at(1).is_some_and(|n| {
                        n.is_alphanumeric() || n == '_' || n == '{' || n == '(' || n == '?'
                    }) {
                        if !text.is_empty() {
                            parts.push(Part::Text(std::mem::take(&mut text)));
                        }
                        parts.push(self.string_dollar()?);
                    } else {
                        text.push('$');
                        self.pos += 1;
                    }
                }
                Some(c) => {
                    text.push(c);
                    self.pos += 1;
                }
            }
        }
        if !text.is_empty() || parts.is_empty() {
            parts.push(Part::Text(text));
        }
        Ok(Expr {
            kind: ExprKind::Expand(parts, StrQuote::Double),
            span: Span::new(start, self.pos),
        })
    }

    /// `$name`, `${name}` or `$( ... )` inside an expandable string.
    fn string_dollar(&mut self) -> PResult<Part> {
        let start = self.pos;
        if self.peek_at(1) == Some('(') {
            self.pos += 2;
            let stmts = self.inner_statements(start)?;
            return Ok(Part::Sub(stmts));
        }
        match self.variable()?.kind {
            ExprKind::Var(v) => Ok(Part::Var(v)),
            _ => Ok(Part::Text("$".into())),
        }
    }

    fn here_string(&mut self) -> PResult<Expr> {
        let start = self.pos;
        let quote = self.peek_at(1).unwrap_or('"');
        let expand = is_double_quote(quote);
        self.pos += 2;
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.pos += 1;
        }
        if self.at('\r') {
            self.pos += 1;
        }
        if !self.at('\n') {
            return Err(err(
                "No characters are allowed after a here-string header but before the end of the line.",
                "UnexpectedCharactersAfterHereStringHeader",
                start,
                start + 2,
            ));
        }
        self.pos += 1;
        let body_start = self.pos;
        // The end: a line starting with the quote and `@`.
        let mut i = self.pos;
        let end = loop {
            if i >= self.src.len() {
                return Err(err(
                    "The string is missing the terminator: \"@.",
                    "TerminatorExpectedAtEndOfString",
                    start,
                    start + 2,
                ));
            }
            let line_start = i == body_start || self.src[i - 1] == '\n';
            if line_start {
                let q = self.src[i];
                let ok = if expand {
                    is_double_quote(q)
                } else {
                    is_single_quote(q)
                };
                if ok && self.src.get(i + 1) == Some(&'@') {
                    break i;
                }
            }
            i += 1;
        };
        let mut body_end = end;
        if body_end > body_start && self.src[body_end - 1] == '\n' {
            body_end -= 1;
            if body_end > body_start && self.src[body_end - 1] == '\r' {
                body_end -= 1;
            }
        }
        let span_end = end + 2;
        if !expand {
            let s: String = self.src[body_start..body_end].iter().collect();
            self.pos = span_end;
            return Ok(Expr {
                kind: ExprKind::Str(s.replace("\r\n", "\n"), StrQuote::Single),
                span: Span::new(start, span_end),
            });
        }
        let mut parts = Vec::new();
        let mut text = String::new();
        self.pos = body_start;
        while self.pos < body_end {
            let c = self.src[self.pos];
            if c == '`' && self.pos + 1 < body_end {
                text.push(escape(self.src[self.pos + 1]));
                self.pos += 2;
            } else if c == '$'
                && self
                    .peek_at(1)
                    .is_some_and(|n| n.is_alphanumeric() || n == '_' || n == '{' || n == '(')
            {
                if !text.is_empty() {
                    parts.push(Part::Text(std::mem::take(&mut text)));
                }
                parts.push(self.string_dollar()?);
            } else {
                if c != '\r' {
                    text.push(c);
                }
                self.pos += 1;
            }
        }
        if !text.is_empty() || parts.is_empty() {
            parts.push(Part::Text(text));
        }
        self.pos = span_end;
        Ok(Expr {
            kind: ExprKind::Expand(parts, StrQuote::Double),
            span: Span::new(start, span_end),
        })
    }
}

fn push_as_parts(e: Expr, parts: &mut Vec<Part>) {
    match e.kind {
        ExprKind::Expand(ps, _) => parts.extend(ps),
        ExprKind::Str(s, _) => parts.push(Part::Text(s)),
        ExprKind::Var(v) => parts.push(Part::Var(v)),
        ExprKind::Int(n) => parts.push(Part::Text(n.to_string())),
        _ => parts.push(Part::Sub(vec![Stmt::Pipeline(Pipeline {
            span: e.span,
            elements: vec![Element::Expr(e)],
        })])),
    }
}

/// The character a backtick escape stands for.
fn escape(c: char) -> char {
    match c {
        '0' => '\0',
        'a' => '\x07',
        'b' => '\x08',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0b',
        'e' => '\x1b',
        other => other,
    }
}

/// A PowerShell number literal (`42`, `0x1F`, `1.5`, `10kb`, `5l`, `1e3`).
pub fn parse_number(word: &str) -> Option<ExprKind> {
    let lower = word.to_ascii_lowercase();
    let (body, mult) = [
        ("kb", 1i64 << 10),
        ("mb", 1 << 20),
        ("gb", 1 << 30),
        ("tb", 1 << 40),
        ("pb", 1 << 50),
    ]
    .iter()
    .find_map(|(s, m)| lower.strip_suffix(s).map(|b| (b.to_string(), *m)))
    .unwrap_or((lower.clone(), 1));
    let body = body.strip_suffix('l').map(str::to_string).unwrap_or(body);
    if body.is_empty() {
        return None;
    }
    if let Some(hex) = body.strip_prefix("0x") {
        let v = i64::from_str_radix(hex, 16).ok()?;
        return v.checked_mul(mult).map(ExprKind::Int);
    }
    if !body.starts_with(|c: char| c.is_ascii_digit() || c == '.') {
        return None;
    }
    if body.chars().all(|c| c.is_ascii_digit()) {
        return match body.parse::<i64>() {
            Ok(v) => Some(
                v.checked_mul(mult)
                    .map(ExprKind::Int)
                    .unwrap_or(ExprKind::Double(v as f64 * mult as f64)),
            ),
            Err(_) => body
                .parse::<f64>()
                .ok()
                .map(|d| ExprKind::Double(d * mult as f64)),
        };
    }
    let body = body.strip_suffix('d').unwrap_or(&body);
    if body.chars().any(|c| c.is_ascii_alphabetic() && c != 'e') {
        return None;
    }
    body.parse::<f64>()
        .ok()
        .filter(|d| d.is_finite())
        .map(|d| ExprKind::Double(d * mult as f64))
}
