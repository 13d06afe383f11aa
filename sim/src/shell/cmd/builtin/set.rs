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

/// `set /a NAME=expr` with integers, `+ - * / %` and variables (left to right, `*/%` first).
fn set_arith(process: &mut Process, expr: &str) -> Output {
    let mut out = Output::default();
    let expr = expr.replace('"', "");
    let (name, rhs) = match expr.split_once('=') {
        Some((n, r)) => (Some(n.trim().to_string()), r.to_string()),
        None => (None, expr.clone()),
    };
    match eval(&rhs, &process.env) {
        Some(v) => {
            if let Some(n) = name {
                process.env.set(&n, &v.to_string());
            }
            out.out(v.to_string());
        }
        None => {
            out.errln("Missing operand.");
            out.code = 1073750988;
        }
    }
    out
}

fn eval(expr: &str, env: &crate::process::env::Env) -> Option<i32> {
    let mut terms: Vec<(char, i32)> = Vec::new();
    let mut op = '+';
    let mut prod: Option<i32> = None;
    let mut pending = '*';
    let tokens = tokenize(expr);
    if tokens
        .last()
        .is_none_or(|t| matches!(t.as_str(), "+" | "-" | "*" | "/" | "%"))
    {
        return None;
    }
    let mut it = tokens.iter().peekable();
    while let Some(tok) = it.next() {
        let v = match tok.as_str() {
            t if t.chars().all(|c| c.is_ascii_digit()) => t.parse::<i64>().ok()? as i32,
            t if t.chars().all(|c| c.is_alphanumeric() || c == '_') => env
                .get(t)
                .and_then(|v| v.trim().parse::<i32>().ok())
                .unwrap_or(0),
            _ => return None,
        };
        prod = Some(match prod {
            None => v,
            Some(p) => match pending {
                '*' => p.wrapping_mul(v),
                '/' => p.checked_div(v)?,
                _ => p.checked_rem(v)?,
            },
        });
        match it.next().map(String::as_str) {
            Some(o @ ("*" | "/" | "%")) => pending = o.chars().next()?,
            Some(o @ ("+" | "-")) => {
                terms.push((op, prod.take()?));
                op = o.chars().next()?;
                pending = '*';
            }
            None => {
                terms.push((op, prod.take()?));
                break;
            }
            _ => return None,
        }
    }
    if prod.is_some() || terms.is_empty() {
        return None;
    }
    Some(terms.iter().fold(0i32, |acc, (o, v)| {
        if *o == '+' {
            acc.wrapping_add(*v)
        } else {
            acc.wrapping_sub(*v)
        }
    }))
}

fn tokenize(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in expr.chars() {
        if matches!(c, '+' | '-' | '*' | '/' | '%') {
            if !cur.trim().is_empty() {
                out.push(cur.trim().to_string());
            }
            cur.clear();
            out.push(c.to_string());
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
        assert_eq!(eval("1+2*3", &env), Some(7));
        assert_eq!(eval("X*2-1", &env), Some(7));
        assert_eq!(eval("7 % 4", &env), Some(3));
        assert_eq!(eval("1/0", &env), None);
        assert_eq!(eval("1+", &env), None);
    }
}
