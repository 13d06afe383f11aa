//! The compound commands: `if` (its condition and its `else`) and `for` (its switches, its
//! variable, its set and its `do`).

use super::*;

impl Parser<'_> {
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

    pub(super) fn parse_if(&mut self) -> Result<Command, SyntaxError> {
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

    pub(super) fn parse_for(&mut self) -> Result<Command, SyntaxError> {
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
