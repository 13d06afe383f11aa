//! Comparison and string operators (`-eq -like -match -replace -split -join -contains -in
//! -is -as`), case-insensitive unless `c`-prefixed; on an array the left side filters; and
//! the casts (`[int]`, `[string]`, `[pscustomobject]`, `[datetime]`, ...).

use super::ast::{CmpOp, Span};
use super::errors::ErrorRecord;
use super::interp::{Interp, R, custom_object};
use super::value::{Hash, Value, compare, loose_eq, twelve};
use crate::clock::FileTime;
use std::cell::RefCell;
use std::cmp::Ordering;
use std::rc::Rc;

/// Applies a comparison operator.
pub fn comparison(
    ip: &mut Interp<'_>,
    op: CmpOp,
    cs: bool,
    a: Value,
    b: Value,
    span: Span,
) -> R<Value> {
    match op {
        CmpOp::Replace => return replace(ip, a, b, cs, span),
        CmpOp::Split => return split(ip, a, b, cs, span),
        CmpOp::Join => {
            let sep = b.to_str();
            return Ok(Value::str(
                a.enumerate()
                    .iter()
                    .map(|v| v.to_str())
                    .collect::<Vec<_>>()
                    .join(&sep),
            ));
        }
        CmpOp::Contains => {
            return Ok(Value::Bool(
                a.enumerate().iter().any(|x| loose_eq(x, &b, cs)),
            ));
        }
        CmpOp::In => {
            return Ok(Value::Bool(
                b.enumerate().iter().any(|x| loose_eq(x, &a, cs)),
            ));
        }
        CmpOp::Is => return Ok(Value::Bool(is_type(&a, &b.to_str()))),
        CmpOp::As => {
            let t = match &b {
                Value::Type(t) => t.clone(),
                other => other.to_str(),
            };
            return Ok(ip.cast(&t, a, span).unwrap_or(Value::Null));
        }
        _ => {}
    }
    if let Value::Array(items) = &a {
        // On an array the operator filters its elements.
        let items = items.borrow().clone();
        let mut out = Vec::new();
        for x in items {
            if scalar(ip, op, cs, &x, &b, span)? {
                out.push(x);
            }
        }
        return Ok(Value::array(out));
    }
    Ok(Value::Bool(scalar(ip, op, cs, &a, &b, span)?))
}

fn scalar(ip: &mut Interp<'_>, op: CmpOp, cs: bool, a: &Value, b: &Value, span: Span) -> R<bool> {
    Ok(match op {
        CmpOp::Eq => loose_eq(a, b, cs),
        CmpOp::Ne => !loose_eq(a, b, cs),
        CmpOp::Gt | CmpOp::Ge | CmpOp::Lt | CmpOp::Le => {
            let o = ordering(a, b, cs);
            match op {
                CmpOp::Gt => o == Ordering::Greater,
                CmpOp::Ge => o != Ordering::Less,
                CmpOp::Lt => o == Ordering::Less,
                _ => o != Ordering::Greater,
            }
        }
        CmpOp::Like => like(&b.to_str(), &a.to_str(), cs),
        CmpOp::Match => {
            let re = regex(ip, &b.to_str(), cs, span)?;
            let text = a.to_str();
            match re.captures(&text) {
                Some(caps) => {
                    let mut h = Hash::default();
                    for (i, c) in caps.iter().enumerate() {
                        if let Some(c) = c {
                            h.set(Value::Int(i as i64), Value::str(c));
                        }
                    }
                    for (name, c) in caps.named() {
                        h.set(Value::str(name), Value::str(c));
                    }
                    ip.set_var("Matches", Value::Hash(Rc::new(RefCell::new(h))))?;
                    true
                }
                None => false,
            }
        }
        _ => false,
    })
}

fn ordering(a: &Value, b: &Value, cs: bool) -> Ordering {
    match a {
        Value::Str(s) if cs => s.as_ref().cmp(b.to_str().as_str()),
        Value::Str(_) => compare(a, &Value::str(b.to_str())),
        Value::Int(_) | Value::Double(_) => match b.to_f64() {
            Some(y) => a
                .to_f64()
                .unwrap_or(0.0)
                .partial_cmp(&y)
                .unwrap_or(Ordering::Equal),
            None => compare(&Value::str(a.to_str()), b),
        },
        _ => compare(a, b),
    }
}

/// PowerShell's `-like` wildcards: `*`, `?`, `[abc]`, `[a-z]`, backtick escapes.
pub fn like(pattern: &str, text: &str, cs: bool) -> bool {
    let fold = |s: &str| if cs { s.to_string() } else { s.to_lowercase() };
    let p: Vec<char> = fold(pattern).chars().collect();
    let t: Vec<char> = fold(text).chars().collect();
    like_at(&p, &t, 0)
}

fn like_at(p: &[char], t: &[char], depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    let (mut pi, mut ti) = (0, 0);
    let (mut star_p, mut star_t) = (usize::MAX, 0);
    while ti < t.len() {
        if pi < p.len() {
            match p[pi] {
                '*' => {
                    star_p = pi;
                    star_t = ti;
                    pi += 1;
                    continue;
                }
                '?' => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                '[' => {
                    if let Some(close) = p[pi..].iter().position(|c| *c == ']') {
                        let set = &p[pi + 1..pi + close];
                        if in_set(set, t[ti]) {
                            pi += close + 1;
                            ti += 1;
                            continue;
                        }
                    } else if t[ti] == '[' {
                        pi += 1;
                        ti += 1;
                        continue;
                    }
                }
                '`' if pi + 1 < p.len() && p[pi + 1] == t[ti] => {
                    pi += 2;
                    ti += 1;
                    continue;
                }
                c if c == t[ti] => {
                    pi += 1;
                    ti += 1;
                    continue;
                }
                _ => {}
            }
        }
        if star_p != usize::MAX {
            pi = star_p + 1;
            star_t += 1;
            ti = star_t;
            continue;
        }
        return false;
    }
    while pi < p.len() && p[pi] == '*' {
        pi += 1;
    }
    pi == p.len()
}

fn in_set(set: &[char], c: char) -> bool {
    let mut i = 0;
    while i < set.len() {
        if i + 2 < set.len() && set[i + 1] == '-' {
            if set[i] <= c && c <= set[i + 2] {
                return true;
            }
            i += 3;
        } else {
            if set[i] == c {
                return true;
            }
            i += 1;
        }
    }
    false
}

/// A .NET-flavoured regex in our small engine.
pub fn regex(ip: &Interp<'_>, pattern: &str, cs: bool, span: Span) -> R<super::regex::Regex> {
    super::regex::Regex::new(pattern, !cs).map_err(|_| {
        ip.runtime_error(
            span,
            ErrorRecord::new(
                format!("The regular expression pattern {pattern} is not valid."),
                "InvalidRegularExpression",
            )
            .category("InvalidOperation", pattern, "String")
            .exception("System.Management.Automation.RuntimeException"),
        )
    })
}

fn replace(ip: &mut Interp<'_>, a: Value, b: Value, cs: bool, span: Span) -> R<Value> {
    let args = b.enumerate();
    let pattern = args.first().map(|v| v.to_str()).unwrap_or_default();
    let with = args.get(1).map(|v| v.to_str()).unwrap_or_default();
    let re = regex(ip, &pattern, cs, span)?;
    let one = |v: &Value| Value::str(re.replace_all(&v.to_str(), &with));
    Ok(match &a {
        Value::Array(items) => Value::array(items.borrow().iter().map(one).collect()),
        other => one(other),
    })
}

fn split(ip: &mut Interp<'_>, a: Value, b: Value, cs: bool, span: Span) -> R<Value> {
    let args = b.enumerate();
    let pattern = args.first().map(|v| v.to_str()).unwrap_or_default();
    let max = args.get(1).and_then(|v| v.to_i64()).unwrap_or(0);
    let re = regex(ip, &pattern, cs, span)?;
    let mut out = Vec::new();
    for item in a.enumerate() {
        for piece in re.split(&item.to_str(), max.max(0) as usize) {
            out.push(Value::str(piece));
        }
    }
    Ok(Value::array(out))
}

fn is_type(v: &Value, t: &str) -> bool {
    let t = t
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    let t = t.strip_prefix("system.").unwrap_or(&t).to_string();
    match v {
        Value::Null => false,
        Value::Str(_) => t == "string" || t == "object",
        Value::Int(n) => {
            t == "int"
                || t == "int32" && i32::try_from(*n).is_ok()
                || t == "long"
                || t == "int64"
                || t == "object"
                || t == "valuetype"
        }
        Value::Double(_) => t == "double" || t == "object",
        Value::Bool(_) => t == "bool" || t == "boolean" || t == "object",
        Value::Date(_) => t == "datetime" || t == "object",
        Value::Array(_) => t == "array" || t == "object[]" || t == "object",
        Value::Hash(_) => t == "hashtable" || t == "collections.hashtable" || t == "object",
        Value::Block(_) => t == "scriptblock" || t == "object",
        Value::Object(o) => {
            let name = o.borrow().type_name.to_ascii_lowercase();
            t == "object"
                || name == t
                || name.ends_with(&format!(".{t}"))
                || t == "psobject"
                || t == "pscustomobject" && name.contains("pscustomobject")
        }
        Value::Type(_) => t == "type" || t == "object",
    }
}

/// `[type]value`: the conversions scripts use; an impossible one is PowerShell's error.
pub fn cast(ip: &mut Interp<'_>, t: &str, v: Value, span: Span) -> R<Value> {
    let lower = t.trim().to_ascii_lowercase();
    let lower = lower.strip_prefix("system.").unwrap_or(&lower).to_string();
    let fail = |ip: &Interp<'_>, v: &Value, to: &str| {
        ip.runtime_error(
            span,
            ErrorRecord::new(
                format!(
                    "Cannot convert value \"{}\" to type \"{}\". Error: \"Input string was not in a correct format.\"",
                    v.to_str(),
                    to
                ),
                "InvalidCastFromStringToInteger",
            )
            .category("InvalidArgument", "", "")
            .exception("System.Management.Automation.RuntimeException"),
        )
    };
    Ok(match lower.as_str() {
        "void" => Value::Null,
        "string" => match v {
            Value::Null => Value::str(""),
            other => Value::str(other.to_str()),
        },
        "int" | "int32" | "long" | "int64" | "uint32" | "byte" | "int16" | "uint64" => {
            match v.to_i64() {
                Some(n) => Value::Int(n),
                None => return Err(fail(ip, &v, &format!("System.{}", canonical_int(&lower)))),
            }
        }
        "double" | "decimal" | "single" | "float" => match v.to_f64() {
            Some(d) => Value::Double(d),
            None => return Err(fail(ip, &v, "System.Double")),
        },
        "bool" | "boolean" => Value::Bool(v.truthy()),
        "array" | "object[]" | "string[]" | "int[]" => {
            let items = v.enumerate();
            if lower == "string[]" {
                Value::array(items.iter().map(|x| Value::str(x.to_str())).collect())
            } else {
                Value::array(items)
            }
        }
        "pscustomobject" | "psobject" | "management.automation.pscustomobject" => match &v {
            Value::Hash(h) => custom_object(&h.borrow()),
            _ => v,
        },
        "ordered" | "hashtable" | "collections.hashtable" => v,
        "datetime" => match &v {
            Value::Date(_) => v,
            other => match parse_date(&other.to_str()) {
                Some(t) => Value::Date(t),
                None => {
                    return Err(ip.runtime_error(
                        span,
                        ErrorRecord::new(
                            format!("Cannot convert value \"{}\" to type \"System.DateTime\". Error: \"String was not recognized as a valid DateTime.\"", other.to_str()),
                            "InvalidCastParseTargetInvocation",
                        )
                        .category("InvalidArgument", "", "")
                        .exception("System.Management.Automation.RuntimeException"),
                    ));
                }
            },
        },
        "scriptblock" => v,
        "char" => Value::str(
            v.to_str()
                .chars()
                .next()
                .map(|c| c.to_string())
                .unwrap_or_default(),
        ),
        "regex" | "text.regularexpressions.regex" => Value::str(v.to_str()),
        "xml" => v,
        _ => {
            if super::members::known_type(&lower) {
                v
            } else {
                return Err(unknown_type(ip, t, span));
            }
        }
    })
}

fn canonical_int(t: &str) -> &'static str {
    match t {
        "long" | "int64" => "Int64",
        "uint32" => "UInt32",
        "byte" => "Byte",
        "int16" => "Int16",
        "uint64" => "UInt64",
        _ => "Int32",
    }
}

/// `Unable to find type [X].`
pub fn unknown_type(ip: &Interp<'_>, t: &str, span: Span) -> super::interp::Flow {
    ip.runtime_error(
        span,
        ErrorRecord::new(format!("Unable to find type [{t}]."), "TypeNotFound")
            .category("InvalidOperation", t, "TypeName")
            .exception("System.Management.Automation.RuntimeException"),
    )
}

/// Parses the date forms scripts write (`2026-11-20`, `2026-11-20T10:00:00Z`, `11/20/2026 10:00`).
pub fn parse_date(s: &str) -> Option<FileTime> {
    let s = s.trim();
    if let Some(t) = FileTime::parse_rfc3339(s) {
        return Some(t);
    }
    if let Some(t) = FileTime::parse_rfc3339(&format!("{s}Z")) {
        return Some(t);
    }
    if let Some(t) = FileTime::parse_rfc3339(&format!("{s}T00:00:00Z")) {
        return Some(t);
    }
    // M/d/yyyy [h:mm[:ss] [AM|PM]]
    let mut parts = s.split_whitespace();
    let date = parts.next()?;
    let mut d = date.split('/');
    let (m, day, y): (u32, u32, i32) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let (mut h, mut min, mut sec) = (0u32, 0u32, 0u32);
    if let Some(time) = parts.next() {
        let mut t = time.split(':');
        h = t.next()?.parse().ok()?;
        min = t.next().unwrap_or("0").parse().ok()?;
        sec = t.next().unwrap_or("0").parse().ok()?;
        if let Some(ampm) = parts.next() {
            let pm = ampm.eq_ignore_ascii_case("pm");
            if h == 12 {
                h = 0;
            }
            if pm {
                h += 12;
            }
        }
    }
    FileTime::parse_rfc3339(&format!("{y:04}-{m:02}-{day:02}T{h:02}:{min:02}:{sec:02}Z"))
}

/// `Get-Date -Format` / `ToString(fmt)` for the custom specifiers scripts use.
pub fn date_format(t: FileTime, f: &str) -> String {
    let dt = t.to_datetime();
    match f {
        "d" => return format!("{}/{}/{}", dt.month() as u8, dt.day(), dt.year()),
        "t" => {
            let (h, ap) = twelve(dt.hour());
            return format!("{h}:{:02} {ap}", dt.minute());
        }
        "s" => {
            return format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
                dt.year(),
                dt.month() as u8,
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second()
            );
        }
        "o" => {
            return format!(
                "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
                dt.year(),
                dt.month() as u8,
                dt.day(),
                dt.hour(),
                dt.minute(),
                dt.second(),
                t.0 % 10_000_000
            );
        }
        _ => {}
    }
    let chars: Vec<char> = f.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let mut n = 1;
        while i + n < chars.len() && chars[i + n] == c {
            n += 1;
        }
        let (h12, ap) = twelve(dt.hour());
        let piece = match c {
            'y' => {
                if n <= 2 {
                    format!("{:02}", dt.year() % 100)
                } else {
                    format!("{:04}", dt.year())
                }
            }
            'M' => match n {
                1 => (dt.month() as u8).to_string(),
                2 => format!("{:02}", dt.month() as u8),
                3 => dt.month().to_string()[..3].to_string(),
                _ => dt.month().to_string(),
            },
            'd' => match n {
                1 => dt.day().to_string(),
                2 => format!("{:02}", dt.day()),
                3 => dt.weekday().to_string()[..3].to_string(),
                _ => dt.weekday().to_string(),
            },
            'H' => {
                if n == 1 {
                    dt.hour().to_string()
                } else {
                    format!("{:02}", dt.hour())
                }
            }
            'h' => {
                if n == 1 {
                    h12.to_string()
                } else {
                    format!("{h12:02}")
                }
            }
            'm' => {
                if n == 1 {
                    dt.minute().to_string()
                } else {
                    format!("{:02}", dt.minute())
                }
            }
            's' => {
                if n == 1 {
                    dt.second().to_string()
                } else {
                    format!("{:02}", dt.second())
                }
            }
            't' => {
                if n == 1 {
                    ap[..1].to_string()
                } else {
                    ap.to_string()
                }
            }
            'f' => format!("{:07}", t.0 % 10_000_000)[..n.min(7)].to_string(),
            '\\' if i + 1 < chars.len() => {
                out.push(chars[i + 1]);
                i += 2;
                continue;
            }
            _ => c.to_string().repeat(n),
        };
        out.push_str(&piece);
        i += n;
    }
    out
}
