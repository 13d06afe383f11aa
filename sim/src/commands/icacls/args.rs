//! icacls' command line: the name first, then switches in any order (case-insensitive).
//! Usage errors are icacls' own: `First parameter must be a file name pattern or "/?"` and
//! `Invalid parameter "X"` (exit 87, ERROR_INVALID_PARAMETER).

use super::rights::{PermSpec, parse_spec};
use crate::ops::acl::{Inheritance, Which};

/// An edit as typed, before its account is looked up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pending {
    /// `/grant` (`replace` for `/grant:r`).
    Grant {
        /// The specification.
        spec: PermSpec,
        /// `/grant:r`.
        replace: bool,
    },
    /// `/deny`.
    Deny(PermSpec),
    /// `/remove[:g|:d]`.
    Remove(String, Which),
    /// `/reset`.
    Reset,
    /// `/inheritance:e|d|r`.
    Inheritance(Inheritance),
    /// `/setowner`.
    SetOwner(String),
}

/// What the command line asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Options {
    /// The name (pattern) as typed.
    pub name: String,
    /// Edits in command-line order.
    pub edits: Vec<Pending>,
    /// `/t`.
    pub recurse: bool,
    /// `/c`.
    pub keep_going: bool,
    /// `/q`.
    pub quiet: bool,
    /// `/save FILE`.
    pub save: Option<String>,
    /// `/restore FILE`.
    pub restore: Option<String>,
}

/// Why the command line was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Usage {
    /// `/?`: print the help.
    Help,
    /// No name first.
    FirstParameter,
    /// `Invalid parameter "X"`.
    Invalid(String),
}

/// Parses icacls' arguments (program name excluded).
pub fn parse(args: &[String]) -> Result<Options, Usage> {
    let Some(first) = args.first() else {
        return Err(Usage::FirstParameter);
    };
    if first == "/?" {
        return Err(Usage::Help);
    }
    if first.starts_with('/') {
        return Err(Usage::FirstParameter);
    }
    let mut o = Options {
        name: first.clone(),
        ..Options::default()
    };
    let mut i = 1;
    let invalid = |a: &str| Usage::Invalid(a.to_string());
    // The operands that follow a switch, up to the next switch.
    let operands = |i: &mut usize| -> Vec<String> {
        let start = *i;
        while *i < args.len() && !args[*i].starts_with('/') {
            *i += 1;
        }
        args[start..*i].to_vec()
    };
    while i < args.len() {
        let arg = &args[i];
        let lower = arg.to_ascii_lowercase();
        i += 1;
        match lower.as_str() {
            "/t" => o.recurse = true,
            "/c" => o.keep_going = true,
            "/q" => o.quiet = true,
            "/l" => {}
            "/reset" => o.edits.push(Pending::Reset),
            "/grant" | "/grant:r" | "/deny" => {
                let items = operands(&mut i);
                if items.is_empty() {
                    return Err(invalid(arg));
                }
                for item in items {
                    let spec = parse_spec(&item).ok_or_else(|| invalid(&item))?;
                    o.edits.push(match lower.as_str() {
                        "/deny" => Pending::Deny(spec),
                        _ => Pending::Grant {
                            spec,
                            replace: lower == "/grant:r",
                        },
                    });
                }
            }
            "/remove" | "/remove:g" | "/remove:d" => {
                let which = match lower.as_str() {
                    "/remove:g" => Which::Grants,
                    "/remove:d" => Which::Denies,
                    _ => Which::All,
                };
                let items = operands(&mut i);
                if items.is_empty() {
                    return Err(invalid(arg));
                }
                o.edits
                    .extend(items.into_iter().map(|s| Pending::Remove(s, which)));
            }
            "/inheritance:e" => o.edits.push(Pending::Inheritance(Inheritance::Enable)),
            "/inheritance:d" => o.edits.push(Pending::Inheritance(Inheritance::Disable)),
            "/inheritance:r" => o.edits.push(Pending::Inheritance(Inheritance::Remove)),
            "/setowner" | "/save" | "/restore" => {
                let value = args.get(i).filter(|v| !v.starts_with('/'));
                let value = value.ok_or_else(|| invalid(arg))?.clone();
                i += 1;
                match lower.as_str() {
                    "/setowner" => o.edits.push(Pending::SetOwner(value)),
                    "/save" if o.save.is_none() => o.save = Some(value),
                    "/restore" if o.restore.is_none() => o.restore = Some(value),
                    _ => return Err(invalid(arg)),
                }
            }
            _ => return Err(invalid(arg)),
        }
    }
    let modes = [!o.edits.is_empty(), o.save.is_some(), o.restore.is_some()];
    if modes.iter().filter(|m| **m).count() > 1 {
        let culprit = if o.restore.is_some() {
            "/restore"
        } else {
            "/save"
        };
        return Err(invalid(culprit));
    }
    Ok(o)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &[&str]) -> Vec<String> {
        line.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_articles_lines_parse() {
        let o = parse(&args(&[
            "C:\\M",
            "/t",
            "/c",
            "/grant",
            "NT AUTHORITY\\NETWORK SERVICE:(R)",
        ]))
        .unwrap();
        assert!(o.recurse && o.keep_going && !o.quiet);
        assert!(matches!(
            &o.edits[..],
            [Pending::Grant { replace: false, .. }]
        ));
        let o = parse(&args(&["C:\\M", "/T", "/C"])).unwrap();
        assert!(o.edits.is_empty() && o.recurse);
    }

    #[test]
    fn several_operands_and_modes() {
        let o = parse(&args(&[
            "x",
            "/grant:r",
            "a:F",
            "b:(R)",
            "/remove:d",
            "c",
            "d",
            "/q",
        ]))
        .unwrap();
        assert_eq!(o.edits.len(), 4);
        assert!(o.quiet);
        let o = parse(&args(&["x", "/save", "f.txt", "/t"])).unwrap();
        assert_eq!(o.save.as_deref(), Some("f.txt"));
    }

    #[test]
    fn usage_errors_are_icacls_own() {
        assert_eq!(parse(&[]), Err(Usage::FirstParameter));
        assert_eq!(parse(&args(&["/grant", "a:F"])), Err(Usage::FirstParameter));
        assert_eq!(parse(&args(&["/?"])), Err(Usage::Help));
        assert_eq!(
            parse(&args(&["x", "/bogus"])),
            Err(Usage::Invalid("/bogus".into()))
        );
        assert_eq!(parse(&args(&["x", "y"])), Err(Usage::Invalid("y".into())));
        assert_eq!(
            parse(&args(&["x", "/grant", "Users:Q"])),
            Err(Usage::Invalid("Users:Q".into()))
        );
        assert_eq!(
            parse(&args(&["x", "/grant"])),
            Err(Usage::Invalid("/grant".into()))
        );
        assert_eq!(
            parse(&args(&["x", "/save"])),
            Err(Usage::Invalid("/save".into()))
        );
        assert_eq!(
            parse(&args(&["x", "/inheritance:x"])),
            Err(Usage::Invalid("/inheritance:x".into()))
        );
        assert_eq!(
            parse(&args(&["x", "/save", "f", "/grant", "a:F"])),
            Err(Usage::Invalid("/save".into()))
        );
    }
}
