//! Parameter binding for cmdlets: by name (case-insensitive, unique prefix, aliases), by
//! position, the common parameters (`-ErrorAction` ...), switches; binding errors as
//! PowerShell words them (`ParameterBindingException`). Pipeline input is left to each
//! cmdlet (ByValue and ByPropertyName are the cmdlet's `input` helpers).

use super::ast::Span;
use super::errors::ErrorRecord;
use super::interp::{Action, Call, Flow, Interp, R};
use super::value::Value;
use std::collections::HashMap;

/// An evaluated argument.
#[derive(Debug, Clone)]
pub enum ArgValue {
    /// `-Name` or `-Name:value`.
    Named(String, Option<Value>, Span),
    /// A value.
    Positional(Value, Span),
}

/// One parameter of a cmdlet.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// Canonical name.
    pub name: &'static str,
    /// Other names.
    pub aliases: &'static [&'static str],
    /// Position, if positional.
    pub position: Option<u8>,
    /// A switch (no value).
    pub switch: bool,
}

/// Shorthand for a named parameter.
pub const fn named(name: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        aliases: &[],
        position: None,
        switch: false,
    }
}
/// Shorthand for a positional parameter.
pub const fn pos(name: &'static str, position: u8) -> ParamSpec {
    ParamSpec {
        name,
        aliases: &[],
        position: Some(position),
        switch: false,
    }
}
/// Shorthand for a switch.
pub const fn switch(name: &'static str) -> ParamSpec {
    ParamSpec {
        name,
        aliases: &[],
        position: None,
        switch: true,
    }
}
/// With aliases.
pub const fn alias(mut p: ParamSpec, aliases: &'static [&'static str]) -> ParamSpec {
    p.aliases = aliases;
    p
}

/// A cmdlet's entry point.
pub type Run = fn(&mut Interp<'_>, &mut Call) -> R<Vec<Value>>;

/// A cmdlet.
#[derive(Clone, Copy)]
pub struct CmdletSpec {
    /// `Get-ChildItem`.
    pub name: &'static str,
    /// Its parameters.
    pub params: &'static [ParamSpec],
    /// Where extra positional values go (`Write-Host a b c`), if anywhere.
    pub remaining: Option<&'static str>,
    /// The code.
    pub run: Run,
}

const COMMON: &[(&str, &[&str])] = &[
    ("ErrorAction", &["ea"]),
    ("ErrorVariable", &["ev"]),
    ("WarningAction", &["wa"]),
    ("WarningVariable", &["wv"]),
    ("InformationAction", &["infa"]),
    ("InformationVariable", &["iv"]),
    ("OutVariable", &["ov"]),
    ("OutBuffer", &["ob"]),
    ("PipelineVariable", &["pv"]),
    ("Verbose", &["vb"]),
    ("Debug", &["db"]),
    ("WhatIf", &["wi"]),
    ("Confirm", &["cf"]),
];

fn binding_error(
    ip: &Interp<'_>,
    spec: &CmdletSpec,
    typed: &str,
    message: String,
    id: &str,
    span: Span,
) -> Flow {
    let mut rec = ErrorRecord::new(
        message,
        format!(
            "{id},Microsoft.PowerShell.Commands.{}Command",
            spec.name.replace('-', "")
        ),
    )
    .category("InvalidArgument", "", "")
    .exception("System.Management.Automation.ParameterBindingException");
    rec.activity = spec.name.to_string();
    rec.prefix = Some(typed.to_string());
    rec.position = Some(ip.position(span));
    Flow::Error(Box::new(rec))
}

enum Found {
    Param(&'static ParamSpec),
    Common(&'static str),
}

fn find_param(spec: &'static CmdletSpec, name: &str) -> Result<Found, Vec<String>> {
    let n = name.to_ascii_lowercase();
    for p in spec.params {
        if p.name.eq_ignore_ascii_case(&n) || p.aliases.iter().any(|a| a.eq_ignore_ascii_case(&n)) {
            return Ok(Found::Param(p));
        }
    }
    for (c, aliases) in COMMON {
        if c.eq_ignore_ascii_case(&n) || aliases.iter().any(|a| a.eq_ignore_ascii_case(&n)) {
            return Ok(Found::Common(c));
        }
    }
    let mut hits: Vec<Found> = Vec::new();
    let mut names = Vec::new();
    for p in spec.params {
        if p.name.to_ascii_lowercase().starts_with(&n) {
            hits.push(Found::Param(p));
            names.push(p.name.to_string());
        }
    }
    for (c, _) in COMMON {
        if c.to_ascii_lowercase().starts_with(&n) {
            hits.push(Found::Common(c));
            names.push(c.to_string());
        }
    }
    if hits.len() == 1 {
        return Ok(hits.pop().expect("one"));
    }
    Err(names)
}

/// Binds evaluated arguments to `spec`'s parameters.
pub fn bind(
    ip: &mut Interp<'_>,
    spec: &'static CmdletSpec,
    typed: &str,
    args: Vec<ArgValue>,
    input: Option<Vec<Value>>,
    span: Span,
) -> R<Call> {
    let mut bound: HashMap<&'static str, Value> = HashMap::new();
    let mut positional: Vec<(Value, Span)> = Vec::new();
    let mut action = None;
    let mut it = args.into_iter().peekable();
    while let Some(a) = it.next() {
        match a {
            ArgValue::Positional(v, s) => positional.push((v, s)),
            ArgValue::Named(name, value, s) => {
                let found = match find_param(spec, &name) {
                    Ok(f) => f,
                    Err(names) if names.is_empty() => {
                        return Err(binding_error(
                            ip,
                            spec,
                            typed,
                            format!(
                                "A parameter cannot be found that matches parameter name '{name}'."
                            ),
                            "NamedParameterNotFound",
                            s,
                        ));
                    }
                    Err(names) => {
                        return Err(binding_error(
                            ip,
                            spec,
                            typed,
                            format!(
                                "Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {}.",
                                names
                                    .iter()
                                    .map(|n| format!("-{n}"))
                                    .collect::<Vec<_>>()
                                    .join(" ")
                            ),
                            "AmbiguousParameter",
                            s,
                        ));
                    }
                };
                let is_switch = match &found {
                    Found::Param(p) => p.switch,
                    Found::Common(c) => matches!(*c, "Verbose" | "Debug" | "WhatIf" | "Confirm"),
                };
                let value = match value {
                    Some(v) => v,
                    None if is_switch => Value::Bool(true),
                    None => match it.peek() {
                        Some(ArgValue::Positional(..)) => match it.next() {
                            Some(ArgValue::Positional(v, _)) => v,
                            _ => Value::Null,
                        },
                        _ => {
                            let pname = match &found {
                                Found::Param(p) => p.name,
                                Found::Common(c) => c,
                            };
                            return Err(binding_error(
                                ip,
                                spec,
                                typed,
                                format!(
                                    "Missing an argument for parameter '{pname}'. Specify a parameter of type 'System.String' and try again."
                                ),
                                "MissingArgument",
                                s,
                            ));
                        }
                    },
                };
                match found {
                    Found::Param(p) => {
                        bound.insert(p.name, value);
                    }
                    Found::Common("ErrorAction") => {
                        let text = value.to_str();
                        match Action::parse(&text) {
                            Some(a) => action = Some(a),
                            None => {
                                return Err(binding_error(
                                    ip,
                                    spec,
                                    typed,
                                    format!(
                                        "Cannot bind parameter 'ErrorAction'. Cannot convert value \"{text}\" to type \"System.Management.Automation.ActionPreference\". Error: \"Unable to match the identifier name {text} to a valid enumerator name. Specify one of the following enumerator names and try again:\nSilentlyContinue, Stop, Continue, Inquire, Ignore, Suspend\""
                                    ),
                                    "CannotConvertArgumentNoMessage",
                                    s,
                                ));
                            }
                        }
                    }
                    Found::Common(_) => {}
                }
            }
        }
    }
    let mut slots: Vec<&ParamSpec> = spec
        .params
        .iter()
        .filter(|p| p.position.is_some())
        .collect();
    slots.sort_by_key(|p| p.position);
    let mut rest = Vec::new();
    for (v, s) in positional {
        match slots.iter().position(|p| !bound.contains_key(p.name)) {
            Some(i) => {
                bound.insert(slots[i].name, v);
                slots.remove(i);
            }
            None => {
                if spec.remaining.is_some() {
                    rest.push(v);
                    continue;
                }
                return Err(binding_error(
                    ip,
                    spec,
                    typed,
                    format!(
                        "A positional parameter cannot be found that accepts argument '{}'.",
                        v.to_str()
                    ),
                    "PositionalParameterNotFound",
                    s,
                ));
            }
        }
    }
    if let Some(r) = spec.remaining {
        if !rest.is_empty() {
            let mut items = bound.remove(r).map(|v| vec![v]).unwrap_or_default();
            items.extend(rest);
            bound.insert(r, Value::array(items));
        }
    }
    Ok(Call {
        name: typed.to_string(),
        cmdlet: spec.name,
        bound,
        input,
        span,
        action,
    })
}
