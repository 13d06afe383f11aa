//! `set`: listing, assigning, `set /p` prompts and `set /a` arithmetic.

use super::incorrect_syntax;
use crate::host::Host;
use crate::process::{Output, Process};

/// `set`, `set NAME=value`, `set NAME=`, `set PREFIX`, `set "NAME=value"`, `set /p NAME=prompt`.
pub(super) fn set(_host: &mut Host, process: &mut Process, text: &str) -> Output {
    let mut out = Output::default();
    let mut arg = text.trim_start_matches([' ', '\t']);
    if let Some(rest) = arg.strip_prefix("/p").or_else(|| arg.strip_prefix("/P")) {
        let rest = rest.trim_start();
        let Some((name, prompt)) = rest.split_once('=') else {
            return incorrect_syntax();
        };
        match process.ask(&mut out, prompt) {
            Some(answer) => process.env.set(name, &answer),
            None => out.code = 1,
        }
        return out;
    }
    if arg.starts_with("/a") || arg.starts_with("/A") {
        return set_arith(process, &arg[2..]);
    }
    let quoted;
    if let Some(inner) = arg.strip_prefix('"') {
        quoted = inner
            .rfind('"')
            .map(|q| &inner[..q])
            .unwrap_or(inner)
            .to_string();
        arg = &quoted;
    }
    match arg.split_once('=') {
        Some((name, value)) if !name.is_empty() => process.env.set(name, value),
        Some(_) => return incorrect_syntax(),
        None => {
            let prefix = arg.trim_end().to_uppercase();
            let lines: Vec<String> = process
                .env
                .iter()
                .filter(|(n, _)| n.to_uppercase().starts_with(&prefix))
                .map(|(n, v)| format!("{n}={v}"))
                .collect();
            if lines.is_empty() {
                out.errln(format!(
                    "Environment variable {} not defined",
                    arg.trim_end()
                ));
                out.code = 1;
            }
            for l in lines {
                out.outln(l);
            }
        }
    }
    out
}

/// `set /a NAME=expr`: 32-bit integers (decimal, `0x` hex, `0` octal, as `set /?` says),
/// variables, unary `-` and `+`, `* / %` before `+ -`, left to right, and parentheses.
fn set_arith(process: &mut Process, expr: &str) -> Output {
    let mut out = Output::default();
    let expr = expr.replace('"', "");
    let (name, rhs) = match expr.split_once('=') {
        Some((n, r)) => {
            let n = n.trim();
            // `N+=1` is `N=N+(1)` (also `-= *= /= %=`).
            match n.char_indices().last() {
                Some((i, op @ ('+' | '-' | '*' | '/' | '%'))) if i > 0 => {
                    let var = n[..i].trim().to_string();
                    (Some(var.clone()), format!("{var}{op}({r})"))
                }
                _ => (Some(n.to_string()), r.to_string()),
            }
        }
        None => (None, expr.clone()),
    };
    match eval(&rhs, &process.env) {
        Ok(v) => {
            if let Some(n) = name {
                process.env.set(&n, &v.to_string());
            }
            out.out(v.to_string());
        }
        Err(e) => {
            out.errln(e.message());
            out.code = e.code();
        }
    }
    out
}

/// Why `set /a` failed, with cmd's message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ArithError {
    MissingOperand,
    UnbalancedParenthesis,
    DivideByZero,
    InvalidNumber,
}

impl ArithError {
    fn message(self) -> &'static str {
        match self {
            ArithError::MissingOperand => "Missing operand.",
            ArithError::UnbalancedParenthesis => "Unbalanced parenthesis.",
            ArithError::DivideByZero => "Divide by zero error.",
            ArithError::InvalidNumber => {
                "Invalid number.  Numbers are limited to 32-bits of precision."
            }
        }
    }
    /// `%ERRORLEVEL%` after the failure: cmd's message id. 0x400023CC for the missing
    /// operand is measured; the others follow cmd's message table order [unconfirmed].
    fn code(self) -> u32 {
        match self {
            ArithError::MissingOperand => 1_073_750_988,
            ArithError::UnbalancedParenthesis => 1_073_750_990,
            ArithError::DivideByZero => 1_073_750_993,
            ArithError::InvalidNumber => 1_073_750_992,
        }
    }
}

/// Parentheses nest at most this deep (a bound on the parser's recursion).
const MAX_NESTING: usize = 256;

fn eval(expr: &str, env: &crate::process::env::Env) -> Result<i32, ArithError> {
    let tokens = tokenize(expr);
    let mut p = Parser {
        tokens: &tokens,
        at: 0,
        env,
        depth: 0,
    };
    let v = p.sum()?;
    match p.peek() {
        None => Ok(v),
        Some(")") => Err(ArithError::UnbalancedParenthesis),
        Some(_) => Err(ArithError::MissingOperand),
    }
}

struct Parser<'a> {
    tokens: &'a [String],
    at: usize,
    env: &'a crate::process::env::Env,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&str> {
        self.tokens.get(self.at).map(String::as_str)
    }
    fn next(&mut self) -> Option<&'a str> {
        let tokens: &'a [String] = self.tokens;
        let t = tokens.get(self.at).map(String::as_str);
        self.at += 1;
        t
    }
    fn sum(&mut self) -> Result<i32, ArithError> {
        let mut acc = self.product()?;
        while let Some(op @ ("+" | "-")) = self.peek() {
            let plus = op == "+";
            self.at += 1;
            let v = self.product()?;
            acc = if plus {
                acc.wrapping_add(v)
            } else {
                acc.wrapping_sub(v)
            };
        }
        Ok(acc)
    }
    fn product(&mut self) -> Result<i32, ArithError> {
        let mut acc = self.unary()?;
        while let Some(op @ ("*" | "/" | "%")) = self.peek() {
            let op = op.to_string();
            self.at += 1;
            let v = self.unary()?;
            acc = match op.as_str() {
                "*" => acc.wrapping_mul(v),
                _ if v == 0 => return Err(ArithError::DivideByZero),
                "/" => acc.wrapping_div(v),
                _ => acc.wrapping_rem(v),
            };
        }
        Ok(acc)
    }
    fn unary(&mut self) -> Result<i32, ArithError> {
        match self.peek() {
            Some("-") => {
                self.at += 1;
                Ok(self.unary()?.wrapping_neg())
            }
            Some("+") => {
                self.at += 1;
                self.unary()
            }
            _ => self.primary(),
        }
    }
    fn primary(&mut self) -> Result<i32, ArithError> {
        match self.next() {
            None => Err(ArithError::MissingOperand),
            Some("(") => {
                self.depth += 1;
                if self.depth > MAX_NESTING {
                    return Err(ArithError::UnbalancedParenthesis);
                }
                let v = self.sum()?;
                self.depth -= 1;
                match self.next() {
                    Some(")") => Ok(v),
                    _ => Err(ArithError::UnbalancedParenthesis),
                }
            }
            Some(")" | "+" | "-" | "*" | "/" | "%") => Err(ArithError::MissingOperand),
            Some(t) if t.starts_with(|c: char| c.is_ascii_digit()) => number(t),
            Some(t) => Ok(self
                .env
                .get(t)
                .and_then(|v| number(v.trim()).ok())
                .unwrap_or(0)),
        }
    }
}

/// A `set /a` number: `0x` hex, a leading `0` octal, else decimal; 32 bits.
fn number(t: &str) -> Result<i32, ArithError> {
    let (digits, radix) = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        (h, 16)
    } else if t.len() > 1 && t.starts_with('0') {
        (&t[1..], 8)
    } else {
        (t, 10)
    };
    u32::from_str_radix(digits, radix)
        .ok()
        .filter(|_| !digits.is_empty() && !digits.starts_with(['+', '-']))
        .map(|v| v as i32)
        .ok_or(ArithError::InvalidNumber)
}

fn tokenize(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in expr.chars() {
        if matches!(c, '+' | '-' | '*' | '/' | '%' | '(' | ')') {
            if !cur.trim().is_empty() {
                out.push(cur.trim().to_string());
            }
            cur.clear();
            out.push(c.to_string());
        } else if c.is_whitespace() {
            if !cur.trim().is_empty() {
                out.push(cur.trim().to_string());
            }
            cur.clear();
        } else {
            cur.push(c);
        }
    }
    if !cur.trim().is_empty() {
        out.push(cur.trim().to_string());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::process::env::Env;

    #[test]
    fn set_a_evaluates_left_to_right_with_precedence() {
        let mut env = Env::default();
        env.set("X", "4");
        assert_eq!(eval("1+2*3", &env), Ok(7));
        assert_eq!(eval("X*2-1", &env), Ok(7));
        assert_eq!(eval("7 % 4", &env), Ok(3));
        assert_eq!(eval("10-2-3", &env), Ok(5));
        assert_eq!(eval("1/0", &env), Err(ArithError::DivideByZero));
        assert_eq!(eval("1+", &env), Err(ArithError::MissingOperand));
    }

    #[test]
    fn parentheses_unary_minus_and_number_bases() {
        let env = Env::default();
        assert_eq!(eval("(1)", &env), Ok(1));
        assert_eq!(eval("(1+2)*3", &env), Ok(9));
        assert_eq!(eval("-(2+3)", &env), Ok(-5));
        assert_eq!(eval("0x10 + 010 + 10", &env), Ok(34));
        assert_eq!(eval("(1", &env), Err(ArithError::UnbalancedParenthesis));
        assert_eq!(eval("1)", &env), Err(ArithError::UnbalancedParenthesis));
        assert_eq!(eval("09", &env), Err(ArithError::InvalidNumber));
        assert_eq!(eval("4294967296", &env), Err(ArithError::InvalidNumber));
        let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
        assert_eq!(eval(&deep, &env), Err(ArithError::UnbalancedParenthesis));
    }
}
