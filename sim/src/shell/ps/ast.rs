//! The syntax tree of a PowerShell script, and its printer (`Display`): printing a parsed
//! script and parsing the text again gives the same tree (spans aside).

use std::fmt::{self, Write};
use std::rc::Rc;

/// Where a node came from: byte offsets into the script text. Two spans always compare
/// equal, so trees compare by shape and content only (the printer's round trip).
#[derive(Debug, Clone, Copy, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl PartialEq for Span {
    fn eq(&self, _: &Span) -> bool {
        true
    }
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }
}

/// A block of statements with an optional `param()` block.
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// `param(...)` at the top.
    pub params: Vec<Param>,
    /// The statements.
    pub body: Vec<Stmt>,
}

/// One parameter of a `param()` block: `[type]$Name = default`.
#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    /// Attributes and type constraints as written (`Parameter(Mandatory)`, `string`).
    pub types: Vec<String>,
    /// The variable name without `$`.
    pub name: String,
    /// The default value.
    pub default: Option<Expr>,
}

/// A statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Stmt {
    /// A pipeline (also a lone expression).
    Pipeline(Pipeline),
    /// `target op value`.
    Assign(Expr, AssignOp, Box<Stmt>, Span),
    /// `if (c) {} elseif (c) {} else {}`.
    If(Vec<(Pipeline, Block)>, Option<Block>),
    /// `while (c) {}`.
    While(Pipeline, Block),
    /// `do {} while (c)` (false) or `do {} until (c)` (true).
    Do(Block, Pipeline, bool),
    /// `for (init; cond; step) {}`.
    For(
        Option<Box<Stmt>>,
        Option<Pipeline>,
        Option<Box<Stmt>>,
        Block,
    ),
    /// `foreach ($v in pipeline) {}`.
    Foreach(String, Pipeline, Block),
    /// `switch (value) { pattern {} default {} }`.
    Switch(Pipeline, Vec<(Expr, Block)>, Option<Block>),
    /// `try {} catch [T] {} finally {}`.
    Try(Block, Vec<(Vec<String>, Block)>, Option<Block>),
    /// `function Name { param() ... }` or `function Name($a) {}`.
    Function(String, Rc<Block>),
    /// `return [pipeline]`.
    Return(Option<Pipeline>),
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `throw [pipeline]`.
    Throw(Option<Pipeline>, Span),
    /// `exit [pipeline]`.
    Exit(Option<Pipeline>),
}

/// Assignment operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AssignOp {
    /// `=`
    Set,
    /// `+=`
    Add,
    /// `-=`
    Sub,
    /// `*=`
    Mul,
    /// `/=`
    Div,
}

impl AssignOp {
    fn text(self) -> &'static str {
        match self {
            AssignOp::Set => "=",
            AssignOp::Add => "+=",
            AssignOp::Sub => "-=",
            AssignOp::Mul => "*=",
            AssignOp::Div => "/=",
        }
    }
}

/// Elements joined by `|`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pipeline {
    /// The elements, first to last.
    pub elements: Vec<Element>,
    /// The whole pipeline.
    pub span: Span,
}

/// A pipeline element.
#[derive(Debug, Clone, PartialEq)]
pub enum Element {
    /// An expression (only first in a pipeline).
    Expr(Expr),
    /// A command with its arguments.
    Command(Command),
}

/// A command invocation.
#[derive(Debug, Clone, PartialEq)]
pub struct Command {
    /// `&` or `.` in front, if any.
    pub invoke: Option<char>,
    /// The command name: a bare word, or an expression after `&`.
    pub name: Expr,
    /// Arguments in order.
    pub args: Vec<Arg>,
    /// Redirections (`> file`, `2>&1`, `2>$null`).
    pub redirects: Vec<Redirect>,
    /// The command name's extent.
    pub name_span: Span,
    /// The whole command.
    pub span: Span,
}

/// A redirection.
#[derive(Debug, Clone, PartialEq)]
pub struct Redirect {
    /// The stream (1 output, 2 error, 0 all `*`).
    pub stream: u8,
    /// `>>` rather than `>`.
    pub append: bool,
    /// The target file, or `None` for `2>&1`.
    pub target: Option<Expr>,
}

/// A command argument.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// `-Name`, `-Name:value` (value joined with a colon).
    Param(String, Option<Expr>, Span),
    /// A value.
    Value(Expr),
}

/// An expression with its extent.
#[derive(Debug, Clone, PartialEq)]
pub struct Expr {
    /// What it is.
    pub kind: ExprKind,
    /// Where.
    pub span: Span,
}

/// A part of an expandable string.
#[derive(Debug, Clone, PartialEq)]
pub enum Part {
    /// Literal text.
    Text(String),
    /// `$name` or `${name}`.
    Var(String),
    /// `$( ... )`.
    Sub(Vec<Stmt>),
}

/// Expression kinds.
#[derive(Debug, Clone, PartialEq)]
pub enum ExprKind {
    /// `$null`-free literal: integer.
    Int(i64),
    /// A floating-point literal.
    Double(f64),
    /// A verbatim string (single-quoted, here-string, or a bare word argument).
    Str(String, StrQuote),
    /// An expandable string.
    Expand(Vec<Part>, StrQuote),
    /// `$name` (scope prefixes kept: `env:X`, `script:x`).
    Var(String),
    /// `@name` splatting.
    Splat(String),
    /// `a, b, c`.
    Array(Vec<Expr>),
    /// `@( ... )`.
    ArraySub(Vec<Stmt>),
    /// `$( ... )`.
    Sub(Vec<Stmt>),
    /// `( pipeline )`.
    Paren(Box<Stmt>),
    /// `@{ k = v; ... }` (ordered as written).
    Hash(Vec<(Expr, Stmt)>),
    /// `{ ... }`.
    Block(Rc<Block>),
    /// `a op b`.
    Binary(BinOp, Box<Expr>, Box<Expr>),
    /// `op a`.
    Unary(UnOp, Box<Expr>),
    /// `[type]` alone.
    Type(String),
    /// `[type] expr`.
    Cast(String, Box<Expr>),
    /// `a.b` (`static` for `::`); the name may be an expression (`$a.$b`).
    Member(Box<Expr>, Box<Expr>, bool),
    /// `a.b(args)` (`static` for `::`).
    Invoke(Box<Expr>, String, Vec<Expr>, bool),
    /// `a[i]`.
    Index(Box<Expr>, Box<Expr>),
    /// `$x++` / `$x--` (true: increment), postfix.
    PostStep(Box<Expr>, bool),
}

/// How a string was written (for the printer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StrQuote {
    /// A bare word in command mode.
    Bare,
    /// `'...'`.
    Single,
    /// `"..."`.
    Double,
}

/// Binary operators (comparison ones carry their case-sensitivity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
    /// `%`
    Rem,
    /// `..`
    Range,
    /// `-f`
    Format,
    /// `-and`
    And,
    /// `-or`
    Or,
    /// `-xor`
    Xor,
    /// `-band`
    Band,
    /// `-bor`
    Bor,
    /// A comparison operator by name (`eq`, `like`, `replace`, ...) and whether case-sensitive.
    Cmp(CmpOp, bool),
    /// `-not` applied to a comparison's result (`-notlike`, `-notmatch`, `-notcontains`, `-notin`, `-isnot`).
    NotCmp(CmpOp, bool),
}

/// Comparison and string operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `-eq`
    Eq,
    /// `-ne`
    Ne,
    /// `-gt`
    Gt,
    /// `-ge`
    Ge,
    /// `-lt`
    Lt,
    /// `-le`
    Le,
    /// `-like`
    Like,
    /// `-match`
    Match,
    /// `-replace`
    Replace,
    /// `-split`
    Split,
    /// `-join`
    Join,
    /// `-contains`
    Contains,
    /// `-in`
    In,
    /// `-is`
    Is,
    /// `-as`
    As,
}

/// Unary operators.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnOp {
    /// `-not` / `!`
    Not,
    /// `-`
    Neg,
    /// `+`
    Plus,
    /// `,` (a one-element array)
    Comma,
    /// `-split`
    Split,
    /// `-join`
    Join,
    /// `++$x`
    PreInc,
    /// `--$x`
    PreDec,
}

/// The operator names the tokenizer knows, with their meaning.
pub const OPERATORS: &[(&str, BinOp)] = &[
    ("f", BinOp::Format),
    ("and", BinOp::And),
    ("or", BinOp::Or),
    ("xor", BinOp::Xor),
    ("band", BinOp::Band),
    ("bor", BinOp::Bor),
];

/// Comparison operator names (without the `c`/`i` prefix or `not`).
pub const COMPARISONS: &[(&str, CmpOp)] = &[
    ("eq", CmpOp::Eq),
    ("ne", CmpOp::Ne),
    ("gt", CmpOp::Gt),
    ("ge", CmpOp::Ge),
    ("lt", CmpOp::Lt),
    ("le", CmpOp::Le),
    ("like", CmpOp::Like),
    ("match", CmpOp::Match),
    ("replace", CmpOp::Replace),
    ("split", CmpOp::Split),
    ("join", CmpOp::Join),
    ("contains", CmpOp::Contains),
    ("in", CmpOp::In),
    ("is", CmpOp::Is),
    ("as", CmpOp::As),
];

impl CmpOp {
    /// The operator's name (`eq`).
    pub fn name(self) -> &'static str {
        COMPARISONS
            .iter()
            .find(|(_, o)| *o == self)
            .map(|(n, _)| *n)
            .unwrap_or("eq")
    }
}

impl BinOp {
    /// The operator as written.
    pub fn text(self) -> String {
        match self {
            BinOp::Add => "+".into(),
            BinOp::Sub => "-".into(),
            BinOp::Mul => "*".into(),
            BinOp::Div => "/".into(),
            BinOp::Rem => "%".into(),
            BinOp::Range => "..".into(),
            BinOp::Cmp(op, cs) => format!("-{}{}", if cs { "c" } else { "" }, op.name()),
            BinOp::NotCmp(op, cs) => {
                format!("-{}not{}", if cs { "c" } else { "" }, op.name())
            }
            other => {
                let name = OPERATORS
                    .iter()
                    .find(|(_, o)| *o == other)
                    .map(|(n, _)| *n)
                    .unwrap_or("and");
                format!("-{name}")
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// The printer: a canonical text that parses back to the same tree.

impl fmt::Display for Block {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.params.is_empty() {
            f.write_str("param(")?;
            for (i, p) in self.params.iter().enumerate() {
                if i > 0 {
                    f.write_str(", ")?;
                }
                write!(f, "{p}")?;
            }
            f.write_str(")\n")?;
        }
        write_stmts(f, &self.body)
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in &self.types {
            write!(f, "[{t}]")?;
        }
        write!(f, "${}", var_text(&self.name))?;
        if let Some(d) = &self.default {
            write!(f, " = {d}")?;
        }
        Ok(())
    }
}

fn write_stmts(f: &mut fmt::Formatter<'_>, stmts: &[Stmt]) -> fmt::Result {
    for (i, s) in stmts.iter().enumerate() {
        if i > 0 {
            f.write_char('\n')?;
        }
        write!(f, "{s}")?;
    }
    Ok(())
}

fn braces(f: &mut fmt::Formatter<'_>, b: &Block) -> fmt::Result {
    write!(f, "{{\n{b}\n}}")
}

impl fmt::Display for Stmt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stmt::Pipeline(p) => write!(f, "{p}"),
            Stmt::Assign(t, op, v, _) => write!(f, "{t} {} {v}", op.text()),
            Stmt::If(clauses, els) => {
                for (i, (c, b)) in clauses.iter().enumerate() {
                    f.write_str(if i == 0 { "if (" } else { " elseif (" })?;
                    write!(f, "{c}) ")?;
                    braces(f, b)?;
                }
                if let Some(b) = els {
                    f.write_str(" else ")?;
                    braces(f, b)?;
                }
                Ok(())
            }
            Stmt::While(c, b) => {
                write!(f, "while ({c}) ")?;
                braces(f, b)
            }
            Stmt::Do(b, c, until) => {
                f.write_str("do ")?;
                braces(f, b)?;
                write!(f, " {} ({c})", if *until { "until" } else { "while" })
            }
            Stmt::For(i, c, s, b) => {
                f.write_str("for (")?;
                if let Some(i) = i {
                    write!(f, "{i}")?;
                }
                f.write_str("; ")?;
                if let Some(c) = c {
                    write!(f, "{c}")?;
                }
                f.write_str("; ")?;
                if let Some(s) = s {
                    write!(f, "{s}")?;
                }
                f.write_str(") ")?;
                braces(f, b)
            }
            Stmt::Foreach(v, p, b) => {
                write!(f, "foreach (${} in {p}) ", var_text(v))?;
                braces(f, b)
            }
            Stmt::Switch(v, cases, default) => {
                writeln!(f, "switch ({v}) {{")?;
                for (e, b) in cases {
                    write!(f, "{e} ")?;
                    braces(f, b)?;
                    f.write_char('\n')?;
                }
                if let Some(b) = default {
                    f.write_str("default ")?;
                    braces(f, b)?;
                    f.write_char('\n')?;
                }
                f.write_char('}')
            }
            Stmt::Try(b, catches, fin) => {
                f.write_str("try ")?;
                braces(f, b)?;
                for (types, c) in catches {
                    f.write_str(" catch ")?;
                    for (i, t) in types.iter().enumerate() {
                        if i > 0 {
                            f.write_str(", ")?;
                        }
                        write!(f, "[{t}] ")?;
                    }
                    braces(f, c)?;
                }
                if let Some(b) = fin {
                    f.write_str(" finally ")?;
                    braces(f, b)?;
                }
                Ok(())
            }
            Stmt::Function(name, b) => {
                write!(f, "function {name} ")?;
                braces(f, b)
            }
            Stmt::Return(p) => keyword(f, "return", p),
            Stmt::Break => f.write_str("break"),
            Stmt::Continue => f.write_str("continue"),
            Stmt::Throw(p, _) => keyword(f, "throw", p),
            Stmt::Exit(p) => keyword(f, "exit", p),
        }
    }
}

fn keyword(f: &mut fmt::Formatter<'_>, word: &str, p: &Option<Pipeline>) -> fmt::Result {
    match p {
        Some(p) => write!(f, "{word} {p}"),
        None => f.write_str(word),
    }
}

impl fmt::Display for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.elements.iter().enumerate() {
            if i > 0 {
                f.write_str(" | ")?;
            }
            match e {
                Element::Expr(x) => write!(f, "{x}")?,
                Element::Command(c) => write!(f, "{c}")?,
            }
        }
        Ok(())
    }
}

impl fmt::Display for Command {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(c) = self.invoke {
            write!(f, "{c} ")?;
        }
        match (&self.invoke, &self.name.kind) {
            // A command name is the bare word as written.
            (None, ExprKind::Str(s, StrQuote::Bare)) => f.write_str(s)?,
            _ => write!(f, "{}", self.name)?,
        }
        for a in &self.args {
            match a {
                Arg::Param(n, None, _) => write!(f, " -{n}")?,
                Arg::Param(n, Some(v), _) => write!(f, " -{n}:{}", ArgText(v))?,
                Arg::Value(v) => write!(f, " {}", ArgText(v))?,
            }
        }
        for r in &self.redirects {
            let s = match r.stream {
                0 => "*".to_string(),
                1 => String::new(),
                n => n.to_string(),
            };
            let op = if r.append { ">>" } else { ">" };
            match &r.target {
                Some(t) => write!(f, " {s}{op} {}", ArgText(t))?,
                None => write!(f, " {s}>&1")?,
            }
        }
        Ok(())
    }
}

/// An argument in command mode: arrays keep their commas, nothing else changes.
struct ArgText<'a>(&'a Expr);

impl fmt::Display for ArgText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.kind {
            ExprKind::Array(items) => {
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_char(',')?;
                    }
                    write!(f, "{}", ArgText(x))?;
                }
                Ok(())
            }
            ExprKind::Int(_) | ExprKind::Double(_) => write!(f, "{}", self.0),
            ExprKind::Str(s, StrQuote::Bare) if !s.is_empty() => f.write_str(&bare_arg(s)),
            ExprKind::Binary(..) | ExprKind::Unary(..) | ExprKind::Cast(..) | ExprKind::Type(_) => {
                write!(f, "({})", self.0)
            }
            _ => write!(f, "{}", self.0),
        }
    }
}

/// A bare word as a command argument: characters that would end it or start something else
/// are escaped with a backtick.
fn bare_arg(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        let special = c.is_whitespace()
            || matches!(
                c,
                ';' | '|' | ')' | '}' | ',' | '(' | '{' | '&' | '>' | '$' | '`' | '#' | '@' | '<'
            )
            || super::parse::is_single_quote(c)
            || super::parse::is_double_quote(c)
            || (i == 0 && super::parse::is_dash(c));
        if special {
            out.push('`');
        }
        out.push(c);
    }
    out
}

/// `name` as it must be written after `$`.
pub fn var_text(name: &str) -> String {
    let plain = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '_' || c == ':' || c == '?')
        && !name.ends_with(':')
        && (name == "?" || !name.contains('?'));
    if plain {
        name.to_string()
    } else {
        format!("{{{}}}", name.replace('`', "``").replace('}', "`}"))
    }
}

fn single_quoted(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        if super::parse::is_single_quote(c) {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

fn escape_double(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '`' | '$' | '"' => {
                out.push('`');
                out.push(c);
            }
            c if super::parse::is_double_quote(c) => {
                out.push('`');
                out.push(c);
            }
            '\0' => out.push_str("`0"),
            _ => out.push(c),
        }
    }
}

impl fmt::Display for Expr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ExprKind::Int(n) => write!(f, "{n}"),
            ExprKind::Double(d) => {
                if d.is_finite() && d.fract() == 0.0 && d.abs() < 1e15 {
                    write!(f, "{d:.1}")
                } else {
                    write!(f, "{d:e}")
                }
            }
            ExprKind::Str(s, q) => match q {
                StrQuote::Bare if super::parse::is_plain_bareword(s) => f.write_str(s),
                _ => f.write_str(&single_quoted(s)),
            },
            ExprKind::Expand(parts, _) => {
                let mut out = String::from("\"");
                for p in parts {
                    match p {
                        Part::Text(t) => escape_double(t, &mut out),
                        Part::Var(v) => out
                            .push_str(&format!("${{{}}}", v.replace('`', "``").replace('}', "`}"))),
                        Part::Sub(s) => {
                            out.push_str("$(");
                            for (i, st) in s.iter().enumerate() {
                                if i > 0 {
                                    out.push_str("; ");
                                }
                                out.push_str(&st.to_string().replace('"', "`\""));
                            }
                            out.push(')');
                        }
                    }
                }
                out.push('"');
                f.write_str(&out)
            }
            ExprKind::Var(v) => write!(f, "${}", var_text(v)),
            ExprKind::Splat(v) => write!(f, "@{v}"),
            ExprKind::Array(items) => {
                if items.len() == 1 {
                    f.write_char(',')?;
                }
                for (i, x) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{x}")?;
                }
                Ok(())
            }
            ExprKind::ArraySub(s) => {
                f.write_str("@(")?;
                write_stmts(f, s)?;
                f.write_char(')')
            }
            ExprKind::Sub(s) => {
                f.write_str("$(")?;
                write_stmts(f, s)?;
                f.write_char(')')
            }
            ExprKind::Paren(s) => write!(f, "({s})"),
            ExprKind::Hash(items) => {
                f.write_str("@{")?;
                for (i, (k, v)) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{k} = {v}")?;
                }
                f.write_char('}')
            }
            ExprKind::Block(b) => write!(f, "{{\n{b}\n}}"),
            // Precedence is kept by the tree's own parentheses (`Paren` nodes).
            ExprKind::Binary(op, l, r) => write!(f, "{l} {} {r}", op.text()),
            ExprKind::Unary(op, x) => match op {
                UnOp::Not => write!(f, "-not {x}"),
                UnOp::Neg => write!(f, "-{x}"),
                UnOp::Plus => write!(f, "+{x}"),
                UnOp::Comma => write!(f, ",{x}"),
                UnOp::Split => write!(f, "-split {x}"),
                UnOp::Join => write!(f, "-join {x}"),
                UnOp::PreInc => write!(f, "++{x}"),
                UnOp::PreDec => write!(f, "--{x}"),
            },
            ExprKind::Type(t) => write!(f, "[{t}]"),
            ExprKind::Cast(t, x) => write!(f, "[{t}]{x}"),
            ExprKind::Member(o, n, st) => {
                let sep = if *st { "::" } else { "." };
                match &n.kind {
                    ExprKind::Str(s, _) if super::parse::is_member_name(s) => {
                        write!(f, "{o}{sep}{s}")
                    }
                    _ => write!(f, "{o}{sep}{}", Member(n)),
                }
            }
            ExprKind::Invoke(o, n, args, st) => {
                let sep = if *st { "::" } else { "." };
                write!(f, "{o}{sep}{n}(")?;
                for (i, a) in args.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{a}")?;
                }
                f.write_char(')')
            }
            ExprKind::Index(o, i) => write!(f, "{o}[{i}]"),
            ExprKind::PostStep(x, inc) => write!(f, "{x}{}", if *inc { "++" } else { "--" }),
        }
    }
}

/// A member name that is not a plain identifier: quoted or in parentheses.
struct Member<'a>(&'a Expr);

impl fmt::Display for Member<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.kind {
            ExprKind::Str(s, _) => f.write_str(&single_quoted(s)),
            ExprKind::Var(_) => write!(f, "{}", self.0),
            _ => write!(f, "({})", self.0),
        }
    }
}
