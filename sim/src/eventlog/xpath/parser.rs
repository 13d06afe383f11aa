//! Tokenizer and recursive-descent parser for the structured-query XPath subset
//! (MS-EVEN6 2.2.15, reference §1). Errors carry the 0-based character position that
//! wevtutil reports ("A syntax error occurred at position 9" for `*[System[`).

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CmpOp {
    /// `=`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

impl CmpOp {
    /// The operator with its operands swapped (`1 < x` is `x > 1`).
    pub fn flip(self) -> CmpOp {
        match self {
            CmpOp::Lt => CmpOp::Gt,
            CmpOp::Le => CmpOp::Ge,
            CmpOp::Gt => CmpOp::Lt,
            CmpOp::Ge => CmpOp::Le,
            o => o,
        }
    }
    /// Applies the operator to an ordering.
    pub fn test(self, o: std::cmp::Ordering) -> bool {
        use std::cmp::Ordering::*;
        match self {
            CmpOp::Eq => o == Equal,
            CmpOp::Ne => o != Equal,
            CmpOp::Lt => o == Less,
            CmpOp::Le => o != Greater,
            CmpOp::Gt => o == Greater,
            CmpOp::Ge => o != Less,
        }
    }
}

/// The functions the subset knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Func {
    /// `position()`
    Position,
    /// `band(a, b)`: bitwise AND is non-zero.
    Band,
    /// `timediff(t)` = now - t, `timediff(t1, t2)` = t2 - t1, in milliseconds.
    TimeDiff,
}

/// One location step: `name[pred]...` or `@name`.
#[derive(Debug, Clone, PartialEq)]
pub struct Step {
    /// Attribute axis.
    pub attr: bool,
    /// Name test; `None` is `*`.
    pub name: Option<String>,
    /// Predicates in order.
    pub preds: Vec<Expr>,
}

/// An expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `a or b`
    Or(Box<Expr>, Box<Expr>),
    /// `a and b`
    And(Box<Expr>, Box<Expr>),
    /// `a op b`
    Cmp(Box<Expr>, CmpOp, Box<Expr>),
    /// A relative location path.
    Path(Vec<Step>),
    /// A string literal.
    Str(String),
    /// A number literal (its text).
    Num(String),
    /// A function call.
    Call(Func, Vec<Expr>),
}

/// A syntax error at a character position.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    /// 0-based character position.
    pub position: usize,
    /// What was expected (for our own messages; wevtutil prints only the position).
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    LBrack,
    RBrack,
    LParen,
    RParen,
    Slash,
    At,
    Star,
    Comma,
    Op(CmpOp),
    Name(String),
    Str(String),
    Num(String),
    End,
}

struct Lexer {
    toks: Vec<(Tok, usize)>,
    pos: usize,
}

fn is_name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '_' | '-' | '.')
}

fn tokenize(src: &str) -> Result<Vec<(Tok, usize)>, SyntaxError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let err = |p: usize, m: &str| SyntaxError {
        position: p,
        message: m.to_string(),
    };
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let simple = match c {
            '[' => Some(Tok::LBrack),
            ']' => Some(Tok::RBrack),
            '(' => Some(Tok::LParen),
            ')' => Some(Tok::RParen),
            '/' => Some(Tok::Slash),
            '@' => Some(Tok::At),
            '*' => Some(Tok::Star),
            ',' => Some(Tok::Comma),
            '=' => Some(Tok::Op(CmpOp::Eq)),
            _ => None,
        };
        if let Some(t) = simple {
            out.push((t, start));
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
        } else if c == '!' || c == '<' || c == '>' {
            let eq = chars.get(i + 1) == Some(&'=');
            let op = match (c, eq) {
                ('!', true) => CmpOp::Ne,
                ('<', true) => CmpOp::Le,
                ('>', true) => CmpOp::Ge,
                ('<', false) => CmpOp::Lt,
                ('>', false) => CmpOp::Gt,
                _ => return Err(err(start, "unexpected '!'")),
            };
            out.push((Tok::Op(op), start));
            i += if eq { 2 } else { 1 };
        } else if c == '\'' || c == '"' {
            let close = chars[i + 1..]
                .iter()
                .position(|&d| d == c)
                .ok_or_else(|| err(chars.len(), "unterminated string"))?;
            out.push((
                Tok::Str(chars[i + 1..i + 1 + close].iter().collect()),
                start,
            ));
            i += close + 2;
        } else if c.is_ascii_digit()
            || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit()))
        {
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            if text.matches('.').count() > 1 {
                return Err(err(start, "bad number"));
            }
            out.push((Tok::Num(text), start));
        } else if is_name_start(c) {
            while i < chars.len() && is_name_char(chars[i]) {
                i += 1;
            }
            out.push((Tok::Name(chars[start..i].iter().collect()), start));
        } else {
            return Err(err(start, "unexpected character"));
        }
    }
    out.push((Tok::End, chars.len()));
    Ok(out)
}

/// Nesting deeper than this is refused (bounded recursion on hostile input).
const MAX_DEPTH: usize = 64;

impl Lexer {
    fn peek(&self) -> &Tok {
        &self.toks[self.pos].0
    }
    fn peek2(&self) -> &Tok {
        &self.toks[(self.pos + 1).min(self.toks.len() - 1)].0
    }
    fn at(&self) -> usize {
        self.toks[self.pos].1
    }
    fn bump(&mut self) -> Tok {
        let t = self.toks[self.pos].0.clone();
        if self.pos < self.toks.len() - 1 {
            self.pos += 1;
        }
        t
    }
    fn fail<T>(&self, m: &str) -> Result<T, SyntaxError> {
        Err(SyntaxError {
            position: self.at(),
            message: m.to_string(),
        })
    }
    fn expect(&mut self, t: Tok, m: &str) -> Result<(), SyntaxError> {
        if *self.peek() == t {
            self.bump();
            Ok(())
        } else {
            self.fail(m)
        }
    }
    fn keyword(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == k || n == &k.to_ascii_uppercase())
    }

    fn or(&mut self, d: usize) -> Result<Expr, SyntaxError> {
        if d > MAX_DEPTH {
            return self.fail("query nested too deeply");
        }
        let mut e = self.and(d)?;
        while self.keyword("or") {
            self.bump();
            e = Expr::Or(Box::new(e), Box::new(self.and(d)?));
        }
        Ok(e)
    }
    fn and(&mut self, d: usize) -> Result<Expr, SyntaxError> {
        let mut e = self.cmp(d)?;
        while self.keyword("and") {
            self.bump();
            e = Expr::And(Box::new(e), Box::new(self.cmp(d)?));
        }
        Ok(e)
    }
    fn cmp(&mut self, d: usize) -> Result<Expr, SyntaxError> {
        let l = self.primary(d)?;
        if let Tok::Op(op) = *self.peek() {
            self.bump();
            let r = self.primary(d)?;
            return Ok(Expr::Cmp(Box::new(l), op, Box::new(r)));
        }
        Ok(l)
    }
    fn primary(&mut self, d: usize) -> Result<Expr, SyntaxError> {
        match self.peek().clone() {
            Tok::LParen => {
                self.bump();
                let e = self.or(d + 1)?;
                self.expect(Tok::RParen, "expected ')'")?;
                Ok(e)
            }
            Tok::Str(s) => {
                self.bump();
                Ok(Expr::Str(s))
            }
            Tok::Num(n) => {
                self.bump();
                Ok(Expr::Num(n))
            }
            Tok::Name(n) if *self.peek2() == Tok::LParen => self.call(&n, d),
            Tok::Name(_) | Tok::Star | Tok::At => Ok(Expr::Path(self.path(d)?)),
            _ => self.fail("expected an expression"),
        }
    }
    fn call(&mut self, name: &str, d: usize) -> Result<Expr, SyntaxError> {
        let (f, arity) = match name {
            "position" => (Func::Position, 0..=0),
            "band" => (Func::Band, 2..=2),
            "timediff" => (Func::TimeDiff, 1..=2),
            _ => return self.fail("unknown function"),
        };
        self.bump();
        self.bump();
        let mut args = Vec::new();
        if *self.peek() != Tok::RParen {
            args.push(self.or(d + 1)?);
            while *self.peek() == Tok::Comma {
                self.bump();
                args.push(self.or(d + 1)?);
            }
        }
        if !arity.contains(&args.len()) {
            return self.fail("wrong number of arguments");
        }
        self.expect(Tok::RParen, "expected ')'")?;
        Ok(Expr::Call(f, args))
    }
    fn path(&mut self, d: usize) -> Result<Vec<Step>, SyntaxError> {
        let mut steps = vec![self.step(d)?];
        while *self.peek() == Tok::Slash {
            self.bump();
            steps.push(self.step(d)?);
        }
        Ok(steps)
    }
    fn step(&mut self, d: usize) -> Result<Step, SyntaxError> {
        let attr = *self.peek() == Tok::At;
        if attr {
            self.bump();
        }
        let name = match self.bump() {
            Tok::Star => None,
            Tok::Name(n) => Some(n),
            _ => {
                self.pos = self.pos.saturating_sub(1);
                return self.fail("expected a name");
            }
        };
        let mut preds = Vec::new();
        while *self.peek() == Tok::LBrack {
            self.bump();
            preds.push(self.or(d + 1)?);
            self.expect(Tok::RBrack, "expected ']'")?;
        }
        Ok(Step { attr, name, preds })
    }
}

/// Queries parsed on this thread, by text: a diagnosis asks the same few queries over and
/// over, and parsing costs more than running one against an indexed log. Bounded: cleared
/// when it holds `CACHE_MAX` queries.
const CACHE_MAX: usize = 128;

type Parsed = Result<std::rc::Rc<Vec<Step>>, SyntaxError>;

thread_local! {
    static CACHE: std::cell::RefCell<std::collections::HashMap<String, Parsed>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// `parse`, remembering the result per query text on this thread.
pub fn parse_cached(src: &str) -> Parsed {
    if let Some(hit) = CACHE.with(|c| c.borrow().get(src).cloned()) {
        return hit;
    }
    let parsed = parse(src).map(std::rc::Rc::new);
    CACHE.with(|c| {
        let mut c = c.borrow_mut();
        if c.len() >= CACHE_MAX {
            c.clear();
        }
        c.insert(src.to_string(), parsed.clone());
    });
    parsed
}

/// Parses a selector: a path whose first step is `*` or `Event`.
pub fn parse(src: &str) -> Result<Vec<Step>, SyntaxError> {
    let mut lx = Lexer {
        toks: tokenize(src)?,
        pos: 0,
    };
    if !matches!(lx.peek(), Tok::Star | Tok::Name(_)) {
        return lx.fail("a query starts with '*' or 'Event'");
    }
    let steps = lx.path(0)?;
    if *lx.peek() != Tok::End {
        return lx.fail("unexpected text after the query");
    }
    match &steps[0] {
        Step {
            attr: false,
            name: None,
            ..
        } => {}
        Step {
            attr: false,
            name: Some(n),
            ..
        } if n == "Event" => {}
        _ => {
            return Err(SyntaxError {
                position: 0,
                message: "the query does not select events".into(),
            });
        }
    }
    Ok(steps)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_articles_query_parses() {
        let q = "Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]";
        let steps = parse(q).unwrap();
        assert_eq!(steps.len(), 1);
        assert_eq!(steps[0].preds.len(), 1);
    }

    #[test]
    fn unterminated_predicate_reports_the_end() {
        assert_eq!(parse("*[System[").unwrap_err().position, 9);
        assert_eq!(parse("*[System[Level=]]").unwrap_err().position, 15);
        assert!(parse("System[Level=2]").is_err());
        assert!(parse("*[System[foo(1)]]").is_err());
    }

    #[test]
    fn nested_parentheses_are_bounded() {
        let q = format!("*[{}1{}]", "(".repeat(500), ")".repeat(500));
        assert!(parse(&q).is_err());
    }
}
