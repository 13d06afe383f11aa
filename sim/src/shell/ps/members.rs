//! Member access and method calls: properties of objects and hashtables, member enumeration
//! on arrays, string and date methods, the native objects' methods (ACLs, registry keys, the
//! RDP listener's WMI object), and static members of the small set of .NET types scripts
//! use. Other .NET types get the locked-down host's error (constrained language mode).

use super::ast::Span;
use super::errors::ErrorRecord;
use super::interp::{Flow, Interp, R, collapse};
use super::value::{Native, Obj, Value, date_text, round_even};
use crate::clock::FileTime;
use std::rc::Rc;

/// Types whose static members and casts are supported.
const TYPES: &[&str] = &[
    "math",
    "string",
    "int",
    "datetime",
    "environment",
    "convert",
    "char",
    "bool",
    "double",
    "security.accesscontrol.filesystemaccessrule",
    "security.accesscontrol.registryaccessrule",
    "security.accesscontrol.accesscontroltype",
    "security.accesscontrol.filesystemrights",
    "security.accesscontrol.registryrights",
    "security.accesscontrol.inheritanceflags",
    "security.accesscontrol.propagationflags",
    "security.principal.ntaccount",
    "security.principal.securityidentifier",
    "io.path",
    "text.encoding",
    "timespan",
    "management.automation.pscustomobject",
    "collections.arraylist",
    "collections.hashtable",
    "serviceprocess.servicecontrollerstatus",
    "version",
    "guid",
    "uri",
];

/// .NET types a locked-down host refuses (file, registry, process, network APIs).
const BLOCKED: &[&str] = &[
    "io.file",
    "io.directory",
    "io.fileinfo",
    "io.directoryinfo",
    "io.filestream",
    "io.streamwriter",
    "io.streamreader",
    "microsoft.win32.registry",
    "microsoft.win32.registrykey",
    "diagnostics.process",
    "net.webclient",
    "net.webrequest",
    "net.http.httpclient",
    "net.sockets.tcpclient",
    "net.dns",
    "reflection.assembly",
    "runtime.interopservices.marshal",
    "activator",
    "appdomain",
    "management.automation.powershell",
    "security.cryptography.x509certificates.x509store",
];

fn norm_type(t: &str) -> String {
    let l = t.trim().to_ascii_lowercase();
    l.strip_prefix("system.").unwrap_or(&l).to_string()
}

/// True for a type the interpreter knows.
pub fn known_type(t: &str) -> bool {
    let n = norm_type(t);
    TYPES.contains(&n.as_str()) || n.ends_with("[]")
}

fn blocked(t: &str) -> bool {
    BLOCKED.contains(&norm_type(t).as_str())
}

/// The constrained-language error for a method call on a type outside the supported set.
pub fn locked_down(ip: &Interp<'_>, span: Span) -> Flow {
    ip.runtime_error(
        span,
        ErrorRecord::new(
            "Cannot invoke method. Method invocation is supported only on core types in this language mode.",
            "MethodInvocationNotSupportedInConstrainedLanguage",
        )
        .category("InvalidOperation", "", "")
        .exception("System.Management.Automation.RuntimeException"),
    )
}

fn method_missing(ip: &Interp<'_>, v: &Value, name: &str, span: Span) -> Flow {
    ip.runtime_error(
        span,
        ErrorRecord::new(
            format!(
                "Method invocation failed because [{}] does not contain a method named '{name}'.",
                v.type_name()
            ),
            "MethodNotFound",
        )
        .category("InvalidOperation", "", "")
        .exception("System.Management.Automation.RuntimeException"),
    )
}

fn exception(ip: &Interp<'_>, name: &str, n: usize, message: &str, span: Span) -> Flow {
    ip.runtime_error(
        span,
        ErrorRecord::new(
            format!("Exception calling \"{name}\" with \"{n}\" argument(s): \"{message}\""),
            "MethodInvocationException",
        )
        .category("NotSpecified", "", "")
        .exception("System.Management.Automation.MethodInvocationException"),
    )
}

/// `obj.name`.
pub fn get_member(ip: &mut Interp<'_>, obj: &Value, name: &str) -> Value {
    let n = name.to_ascii_lowercase();
    match obj {
        // PowerShell 3 and later: `$null.Count` is 0.
        Value::Null if n == "count" || n == "length" => Value::Int(0),
        Value::Null => Value::Null,
        Value::Hash(h) => {
            let h = h.borrow();
            if let Some(v) = h.get(name) {
                return v.clone();
            }
            match n.as_str() {
                "count" => Value::Int(h.entries.len() as i64),
                "keys" => Value::array(h.entries.values().map(|(k, _)| k.clone()).collect()),
                "values" => Value::array(h.entries.values().map(|(_, v)| v.clone()).collect()),
                _ => Value::Null,
            }
        }
        Value::Array(a) => {
            if n == "count" || n == "length" {
                return Value::Int(a.borrow().len() as i64);
            }
            let items = a.borrow().clone();
            let mut out = Vec::new();
            for item in items {
                let v = get_member(ip, &item, name);
                match v {
                    Value::Null => {}
                    Value::Array(inner) => out.extend(inner.borrow().iter().cloned()),
                    other => out.push(other),
                }
            }
            collapse(out)
        }
        Value::Str(s) => match n.as_str() {
            "length" => Value::Int(s.chars().count() as i64),
            "count" => Value::Int(1),
            _ => Value::Null,
        },
        Value::Date(t) => date_member(*t, &n),
        Value::Object(o) => {
            let native = o.borrow().native.clone();
            if let Native::Acl(acl) = &native {
                if let Some(v) = acl.member(ip.host, name) {
                    return v;
                }
            }
            if let Some(v) = o.borrow().get(name) {
                return v.clone();
            }
            if let (Native::Cert(store, thumb), "serialnumber") = (&native, n.as_str()) {
                return crate::certs::find(ip.host.registry(), store, thumb, &ip.proc.token)
                    .map(|c| Value::str(super::provider::serial_hex(&c.der)))
                    .unwrap_or(Value::Null);
            }
            if n == "count" || n == "length" {
                return Value::Int(1);
            }
            Value::Null
        }
        Value::Int(_) | Value::Double(_) | Value::Bool(_) => {
            if n == "count" || n == "length" {
                Value::Int(1)
            } else {
                Value::Null
            }
        }
        _ => Value::Null,
    }
}

fn date_member(t: FileTime, n: &str) -> Value {
    let dt = t.to_datetime();
    match n {
        "year" => Value::Int(dt.year() as i64),
        "month" => Value::Int(dt.month() as u8 as i64),
        "day" => Value::Int(dt.day() as i64),
        "hour" => Value::Int(dt.hour() as i64),
        "minute" => Value::Int(dt.minute() as i64),
        "second" => Value::Int(dt.second() as i64),
        "dayofweek" => Value::str(dt.weekday().to_string()),
        "dayofyear" => Value::Int(dt.ordinal() as i64),
        "ticks" => Value::Int((t.0 as i64).saturating_add(504_911_232_000_000_000)),
        "date" => Value::Date(FileTime(t.0 - t.0 % 864_000_000_000)),
        "kind" => Value::str("Local"),
        _ => Value::Null,
    }
}

/// `obj.name(args)`.
pub fn call_method(
    ip: &mut Interp<'_>,
    obj: &Value,
    name: &str,
    args: Vec<Value>,
    span: Span,
) -> R<Value> {
    let n = name.to_ascii_lowercase();
    if matches!(obj, Value::Null) {
        return Err(ip.runtime_error(
            span,
            ErrorRecord::new(
                "You cannot call a method on a null-valued expression.",
                "InvokeMethodOnNull",
            )
            .category("InvalidOperation", "", "")
            .exception("System.Management.Automation.RuntimeException"),
        ));
    }
    match n.as_str() {
        "gettype" => {
            let full = obj.type_name();
            let short = full.rsplit('.').next().unwrap_or(&full).to_string();
            return Ok(Obj::new("System.RuntimeType")
                .with("Name", Value::str(short))
                .with("FullName", Value::str(full))
                .into_value());
        }
        "tostring" if !matches!(obj, Value::Date(_)) || args.is_empty() => {
            if let (Some(f), Some(_)) = (args.first(), obj.to_f64()) {
                if matches!(obj, Value::Int(_) | Value::Double(_)) {
                    return Ok(Value::str(
                        super::interp::format_string(
                            &format!("{{0:{}}}", f.to_str()),
                            std::slice::from_ref(obj),
                        )
                        .unwrap_or_default(),
                    ));
                }
            }
            return Ok(Value::str(obj.to_str()));
        }
        "equals" => {
            return Ok(Value::Bool(
                args.first()
                    .is_some_and(|a| super::value::loose_eq(obj, a, true)),
            ));
        }
        _ => {}
    }
    match obj {
        Value::Str(s) => string_method(ip, s, &n, name, &args, span),
        Value::Array(a) => match n.as_str() {
            "contains" => Ok(Value::Bool(args.first().is_some_and(|x| {
                a.borrow()
                    .iter()
                    .any(|v| super::value::loose_eq(v, x, true))
            }))),
            "indexof" => Ok(Value::Int(
                args.first()
                    .and_then(|x| {
                        a.borrow()
                            .iter()
                            .position(|v| super::value::loose_eq(v, x, true))
                    })
                    .map(|i| i as i64)
                    .unwrap_or(-1),
            )),
            "add" => {
                let len = a.borrow().len();
                a.borrow_mut()
                    .push(args.into_iter().next().unwrap_or(Value::Null));
                Ok(Value::Int(len as i64))
            }
            "clone" => Ok(Value::array(a.borrow().clone())),
            "getvalue" => Ok(super::interp::index(
                obj,
                args.first().unwrap_or(&Value::Int(0)),
            )),
            "foreach" | "where" => {
                let Some(Value::Block(b)) = args.first() else {
                    return Err(method_missing(ip, obj, name, span));
                };
                let items = a.borrow().clone();
                let mut out = Vec::new();
                for item in items {
                    let r = ip.invoke_block(b, vec![], Some(item.clone()), None)?;
                    if n == "foreach" {
                        out.extend(r);
                    } else if collapse(r).truthy() {
                        out.push(item);
                    }
                }
                Ok(Value::array(out))
            }
            _ => Err(method_missing(ip, obj, name, span)),
        },
        Value::Hash(h) => match n.as_str() {
            "containskey" => Ok(Value::Bool(
                args.first()
                    .is_some_and(|k| h.borrow().get(&k.to_str()).is_some()),
            )),
            "containsvalue" => Ok(Value::Bool(args.first().is_some_and(|x| {
                h.borrow()
                    .entries
                    .values()
                    .any(|(_, v)| super::value::loose_eq(v, x, false))
            }))),
            "add" => {
                let mut it = args.into_iter();
                let k = it.next().unwrap_or(Value::Null);
                let v = it.next().unwrap_or(Value::Null);
                if h.borrow().get(&k.to_str()).is_some() {
                    let key = k.to_str();
                    return Err(exception(
                        ip,
                        "Add",
                        2,
                        &format!(
                            "Item has already been added. Key in dictionary: '{key}'  Key being added: '{key}'"
                        ),
                        span,
                    ));
                }
                h.borrow_mut().set(k, v);
                Ok(Value::Null)
            }
            "remove" => {
                if let Some(k) = args.first() {
                    h.borrow_mut()
                        .entries
                        .shift_remove(&k.to_str().to_lowercase());
                }
                Ok(Value::Null)
            }
            "clear" => {
                h.borrow_mut().entries.clear();
                Ok(Value::Null)
            }
            "clone" => Ok(Value::Hash(Rc::new(std::cell::RefCell::new(
                h.borrow().clone(),
            )))),
            _ => Err(method_missing(ip, obj, name, span)),
        },
        Value::Date(t) => {
            date_method(ip, *t, &n, &args).ok_or_else(|| method_missing(ip, obj, name, span))
        }
        Value::Object(o) => {
            let native = o.borrow().native.clone();
            match native {
                Native::Acl(mut acl) => {
                    let r = acl.call(ip.host, name, &args);
                    match r {
                        Some(Ok(v)) => {
                            o.borrow_mut().native = Native::Acl(acl);
                            Ok(v)
                        }
                        Some(Err(m)) => Err(exception(ip, name, args.len(), &m, span)),
                        None => Err(method_missing(ip, obj, name, span)),
                    }
                }
                Native::RegKey(path) => match n.as_str() {
                    "getvalue" => {
                        let vn = args.first().map(|v| v.to_str()).unwrap_or_default();
                        Ok(ip
                            .host
                            .registry()
                            .value_raw(&path, &vn)
                            .map(|v| super::provider::reg_value(v, &ip.proc.env))
                            .unwrap_or(Value::Null))
                    }
                    "getvaluenames" => Ok(Value::array(
                        ip.host
                            .registry()
                            .key(&path)
                            .map(|k| k.values.values().map(|(n, _)| Value::str(n)).collect())
                            .unwrap_or_default(),
                    )),
                    "getsubkeynames" => Ok(Value::array(
                        ip.host
                            .registry()
                            .subkeys(&path)
                            .iter()
                            .map(|p| Value::str(p.rsplit('\\').next().unwrap_or(p)))
                            .collect(),
                    )),
                    "close" | "dispose" => Ok(Value::Null),
                    _ => Err(method_missing(ip, obj, name, span)),
                },
                Native::TsSetting => match n.as_str() {
                    "setsslcertificatesha1hash" => {
                        let tp = args.first().map(|v| v.to_str()).unwrap_or_default();
                        super::cmdlets::wmi_set_thumbprint(ip, &tp, span)
                    }
                    _ => Err(method_missing(ip, obj, name, span)),
                },
                Native::Cert(..) => match n.as_str() {
                    "verify" => Ok(Value::Bool(false)),
                    "getexpirationdatestring" => Ok(Value::str(
                        o.borrow()
                            .get("NotAfter")
                            .map(|v| v.to_str())
                            .unwrap_or_default(),
                    )),
                    "getcerthashstring" => {
                        Ok(o.borrow().get("Thumbprint").cloned().unwrap_or(Value::Null))
                    }
                    _ => Err(method_missing(ip, obj, name, span)),
                },
                _ => Err(method_missing(ip, obj, name, span)),
            }
        }
        Value::Int(_) | Value::Double(_) | Value::Bool(_) => match n.as_str() {
            "compareto" => Ok(Value::Int(
                match super::value::compare(obj, args.first().unwrap_or(&Value::Null)) {
                    std::cmp::Ordering::Less => -1,
                    std::cmp::Ordering::Equal => 0,
                    std::cmp::Ordering::Greater => 1,
                },
            )),
            _ => Err(method_missing(ip, obj, name, span)),
        },
        Value::Block(b) => match n.as_str() {
            "invoke" | "invokereturnasis" => {
                let r = ip.invoke_block(b, args, None, None)?;
                Ok(collapse(r))
            }
            _ => Err(method_missing(ip, obj, name, span)),
        },
        Value::Type(t) => call_static(ip, &Value::Type(t.clone()), name, args, span),
        Value::Null => Ok(Value::Null),
    }
}

fn char_set(args: &[Value]) -> Vec<char> {
    args.iter()
        .flat_map(|a| a.enumerate())
        .flat_map(|v| v.to_str().chars().collect::<Vec<_>>())
        .collect()
}

fn string_method(
    ip: &Interp<'_>,
    s: &str,
    n: &str,
    name: &str,
    args: &[Value],
    span: Span,
) -> R<Value> {
    let arg = |i: usize| args.get(i).map(|v| v.to_str()).unwrap_or_default();
    let chars: Vec<char> = s.chars().collect();
    let out_of_range = |ip: &Interp<'_>, param: &str| {
        exception(
            ip,
            name,
            args.len(),
            &format!(
                "{}\r\nParameter name: {param}",
                if param == "length" {
                    "Index and length must refer to a location within the string."
                } else {
                    "startIndex cannot be larger than length of string."
                }
            ),
            span,
        )
    };
    Ok(match n {
        "toupper" | "toupperinvariant" => Value::str(s.to_uppercase()),
        "tolower" | "tolowerinvariant" => Value::str(s.to_lowercase()),
        "trim" if args.is_empty() => Value::str(s.trim()),
        "trim" => {
            let set = char_set(args);
            Value::str(s.trim_matches(|c| set.contains(&c)))
        }
        "trimstart" if args.is_empty() => Value::str(s.trim_start()),
        "trimstart" => {
            let set = char_set(args);
            Value::str(s.trim_start_matches(|c| set.contains(&c)))
        }
        "trimend" if args.is_empty() => Value::str(s.trim_end()),
        "trimend" => {
            let set = char_set(args);
            Value::str(s.trim_end_matches(|c| set.contains(&c)))
        }
        "substring" => {
            let start = args.first().and_then(|v| v.to_i64()).unwrap_or(0);
            if start < 0 || start as usize > chars.len() {
                return Err(out_of_range(ip, "startIndex"));
            }
            let start = start as usize;
            match args.get(1).and_then(|v| v.to_i64()) {
                Some(len) => {
                    if len < 0 || start + len as usize > chars.len() {
                        return Err(out_of_range(ip, "length"));
                    }
                    Value::str(
                        chars[start..start + len as usize]
                            .iter()
                            .collect::<String>(),
                    )
                }
                None => Value::str(chars[start..].iter().collect::<String>()),
            }
        }
        "replace" => {
            let from = arg(0);
            if from.is_empty() {
                return Err(exception(
                    ip,
                    name,
                    args.len(),
                    "String cannot be of zero length.\r\nParameter name: oldValue",
                    span,
                ));
            }
            Value::str(s.replace(&from, &arg(1)))
        }
        "split" => {
            let set = char_set(args.get(..1).unwrap_or(&[]));
            let parts: Vec<Value> = if set.is_empty() {
                s.split(char::is_whitespace).map(Value::str).collect()
            } else {
                s.split(|c| set.contains(&c)).map(Value::str).collect()
            };
            Value::array(parts)
        }
        "contains" => Value::Bool(s.contains(&arg(0))),
        "startswith" => Value::Bool(if args.len() > 1 {
            s.to_lowercase().starts_with(&arg(0).to_lowercase())
        } else {
            s.starts_with(&arg(0))
        }),
        "endswith" => Value::Bool(if args.len() > 1 {
            s.to_lowercase().ends_with(&arg(0).to_lowercase())
        } else {
            s.ends_with(&arg(0))
        }),
        "indexof" => Value::Int(
            s.find(&arg(0))
                .map(|b| s[..b].chars().count() as i64)
                .unwrap_or(-1),
        ),
        "lastindexof" => Value::Int(
            s.rfind(&arg(0))
                .map(|b| s[..b].chars().count() as i64)
                .unwrap_or(-1),
        ),
        "padleft" => {
            let w = args.first().and_then(|v| v.to_i64()).unwrap_or(0).max(0) as usize;
            let c = arg(1).chars().next().unwrap_or(' ');
            let pad = w.saturating_sub(chars.len()).min(1 << 20);
            Value::str(format!("{}{s}", c.to_string().repeat(pad)))
        }
        "padright" => {
            let w = args.first().and_then(|v| v.to_i64()).unwrap_or(0).max(0) as usize;
            let c = arg(1).chars().next().unwrap_or(' ');
            let pad = w.saturating_sub(chars.len()).min(1 << 20);
            Value::str(format!("{s}{}", c.to_string().repeat(pad)))
        }
        "insert" => {
            let at = args
                .first()
                .and_then(|v| v.to_i64())
                .unwrap_or(0)
                .clamp(0, chars.len() as i64) as usize;
            let mut out: String = chars[..at].iter().collect();
            out.push_str(&arg(1));
            out.extend(chars[at..].iter());
            Value::str(out)
        }
        "remove" => {
            let at = args
                .first()
                .and_then(|v| v.to_i64())
                .unwrap_or(0)
                .clamp(0, chars.len() as i64) as usize;
            let len = args
                .get(1)
                .and_then(|v| v.to_i64())
                .map(|l| l.max(0) as usize)
                .unwrap_or(chars.len() - at);
            let end = (at + len).min(chars.len());
            let mut out: String = chars[..at].iter().collect();
            out.extend(chars[end..].iter());
            Value::str(out)
        }
        "compareto" => Value::Int(match s.cmp(&arg(0)) {
            std::cmp::Ordering::Less => -1,
            std::cmp::Ordering::Equal => 0,
            std::cmp::Ordering::Greater => 1,
        }),
        "tochararray" => Value::array(chars.iter().map(|c| Value::str(c.to_string())).collect()),
        "normalize" | "clone" => Value::str(s),
        _ => return Err(method_missing(ip, &Value::str(s), name, span)),
    })
}

fn date_method(ip: &Interp<'_>, t: FileTime, n: &str, args: &[Value]) -> Option<Value> {
    let num = args.first().and_then(|v| v.to_f64()).unwrap_or(0.0);
    let add = |ticks: f64| Value::Date(FileTime((t.0 as f64 + ticks).max(0.0) as u64));
    let _ = ip;
    Some(match n {
        "adddays" => add(num * 864_000_000_000.0),
        "addhours" => add(num * 36_000_000_000.0),
        "addminutes" => add(num * 600_000_000.0),
        "addseconds" => add(num * 10_000_000.0),
        "addmilliseconds" => add(num * 10_000.0),
        "addmonths" | "addyears" => {
            let dt = t.to_datetime();
            let months = if n == "addmonths" {
                num as i32
            } else {
                (num as i32).saturating_mul(12)
            };
            let total = (dt.year() * 12 + dt.month() as i32 - 1).saturating_add(months);
            let (y, m) = (total.div_euclid(12), total.rem_euclid(12) + 1);
            let month = time::Month::try_from(m as u8).ok()?;
            let day = dt.day().min(month.length(y));
            let d = dt
                .replace_day(1)
                .ok()?
                .replace_year(y)
                .ok()?
                .replace_month(month)
                .ok()?
                .replace_day(day)
                .ok()?;
            Value::Date(FileTime::from_datetime(d))
        }
        "tostring" => match args.first() {
            Some(f) => Value::str(super::ops::date_format(t, &f.to_str())),
            None => Value::str(date_text(t)),
        },
        "touniversaltime" | "tolocaltime" => Value::Date(t),
        "toshortdatestring" => Value::str(super::ops::date_format(t, "d")),
        "tolongdatestring" => Value::str(super::ops::date_format(t, "dddd, MMMM d, yyyy")),
        "toshorttimestring" => Value::str(super::ops::date_format(t, "t")),
        "tofiletime" | "tofiletimeutc" => Value::Int(t.0 as i64),
        "subtract" => match args.first() {
            Some(Value::Date(o)) => timespan((t.0 as i64 - o.0 as i64) as f64),
            _ => return None,
        },
        _ => return None,
    })
}

/// A `[TimeSpan]` of `ticks`.
pub fn timespan(ticks: f64) -> Value {
    let secs = ticks / 1e7;
    Obj::new("System.TimeSpan")
        .with("Ticks", Value::Int(ticks as i64))
        .with("Days", Value::Int((secs / 86400.0).trunc() as i64))
        .with("Hours", Value::Int(((secs / 3600.0) % 24.0).trunc() as i64))
        .with("Minutes", Value::Int(((secs / 60.0) % 60.0).trunc() as i64))
        .with("Seconds", Value::Int((secs % 60.0).trunc() as i64))
        .with("TotalDays", Value::Double(secs / 86400.0))
        .with("TotalHours", Value::Double(secs / 3600.0))
        .with("TotalMinutes", Value::Double(secs / 60.0))
        .with("TotalSeconds", Value::Double(secs))
        .with("TotalMilliseconds", Value::Double(secs * 1000.0))
        .into_value()
}

/// `[Type]::Member`.
pub fn static_member(ip: &mut Interp<'_>, obj: &Value, name: &str, span: Span) -> R<Value> {
    let Value::Type(t) = obj else {
        return Ok(get_member(ip, obj, name));
    };
    let ty = norm_type(t);
    let n = name.to_ascii_lowercase();
    Ok(match (ty.as_str(), n.as_str()) {
        ("datetime", "now") | ("datetime", "utcnow") => Value::Date(ip.host.now()),
        ("datetime", "today") => {
            let t = ip.host.now();
            Value::Date(FileTime(t.0 - t.0 % 864_000_000_000))
        }
        ("environment", "machinename") => Value::str(ip.host.name()),
        ("environment", "newline") => Value::str("\r\n"),
        ("environment", "username") => Value::str("Administrator"),
        ("environment", "osversion") => Value::str("Microsoft Windows NT 10.0.17763.0"),
        ("environment", "is64bitoperatingsystem") | ("environment", "is64bitprocess") => {
            Value::Bool(true)
        }
        ("string", "empty") => Value::str(""),
        ("math", "pi") => Value::Double(std::f64::consts::PI),
        ("int", "maxvalue") | ("int32", "maxvalue") => Value::Int(i32::MAX as i64),
        ("io.path", "directoryseparatorchar") => Value::str("\\"),
        (t, _) if t.starts_with("security.accesscontrol.") => Value::str(name),
        ("serviceprocess.servicecontrollerstatus", _) => Value::str(name),
        (t, _) if blocked(t) => return Err(locked_down(ip, span)),
        (t, _) if !known_type(t) => return Err(super::ops::unknown_type(ip, t, span)),
        _ => Value::Null,
    })
}

/// `[Type]::Method(args)`.
pub fn call_static(
    ip: &mut Interp<'_>,
    obj: &Value,
    name: &str,
    args: Vec<Value>,
    span: Span,
) -> R<Value> {
    let Value::Type(t) = obj else {
        return call_method(ip, obj, name, args, span);
    };
    let ty = norm_type(t);
    let n = name.to_ascii_lowercase();
    let f = |i: usize| args.get(i).and_then(|v| v.to_f64()).unwrap_or(0.0);
    let s = |i: usize| args.get(i).map(|v| v.to_str()).unwrap_or_default();
    let num = |d: f64| {
        if d.fract() == 0.0 && d.abs() < 9e15 && args.iter().all(|a| matches!(a, Value::Int(_))) {
            Value::Int(d as i64)
        } else {
            Value::Double(d)
        }
    };
    if blocked(&ty) {
        return Err(locked_down(ip, span));
    }
    Ok(match (ty.as_str(), n.as_str()) {
        ("math", "min") => num(f(0).min(f(1))),
        ("math", "max") => num(f(0).max(f(1))),
        ("math", "abs") => num(f(0).abs()),
        ("math", "floor") => Value::Double(f(0).floor()),
        ("math", "ceiling") => Value::Double(f(0).ceil()),
        ("math", "round") => {
            let digits = args
                .get(1)
                .and_then(|v| v.to_i64())
                .unwrap_or(0)
                .clamp(0, 15) as i32;
            let m = 10f64.powi(digits);
            Value::Double(round_even(f(0) * m) / m)
        }
        ("math", "truncate") => Value::Double(f(0).trunc()),
        ("math", "pow") => Value::Double(f(0).powf(f(1))),
        ("math", "sqrt") => Value::Double(f(0).sqrt()),
        ("string", "isnullorempty") => {
            Value::Bool(args.first().is_none_or(|v| v.to_str().is_empty()))
        }
        ("string", "isnullorwhitespace") => {
            Value::Bool(args.first().is_none_or(|v| v.to_str().trim().is_empty()))
        }
        ("string", "join") => {
            let items: Vec<String> = args
                .iter()
                .skip(1)
                .flat_map(|v| v.enumerate())
                .map(|v| v.to_str())
                .collect();
            Value::str(items.join(&s(0)))
        }
        ("string", "format") => {
            let rest: Vec<Value> = args.iter().skip(1).flat_map(|v| v.enumerate()).collect();
            Value::str(super::interp::format_string(&s(0), &rest).unwrap_or_default())
        }
        ("string", "concat") => Value::str(args.iter().map(|v| v.to_str()).collect::<String>()),
        ("string", "new") => Value::str(
            s(0).repeat(
                args.get(1)
                    .and_then(|v| v.to_i64())
                    .unwrap_or(1)
                    .clamp(0, 1 << 20) as usize,
            ),
        ),
        ("datetime", "parse") | ("datetime", "parseexact") => match super::ops::parse_date(&s(0)) {
            Some(t) => Value::Date(t),
            None => {
                return Err(exception(
                    ip,
                    name,
                    args.len(),
                    "String was not recognized as a valid DateTime.",
                    span,
                ));
            }
        },
        ("datetime", "fromfiletime") | ("datetime", "fromfiletimeutc") => {
            Value::Date(FileTime(f(0) as u64))
        }
        ("convert", "toint32") | ("convert", "toint64") => {
            match args.get(1).and_then(|v| v.to_i64()) {
                Some(base) => Value::Int(
                    i64::from_str_radix(s(0).trim_start_matches("0x"), base as u32).unwrap_or(0),
                ),
                None => Value::Int(args.first().and_then(|v| v.to_i64()).unwrap_or(0)),
            }
        }
        ("convert", "tostring") => match args.get(1).and_then(|v| v.to_i64()) {
            Some(16) => Value::str(format!(
                "{:x}",
                args.first().and_then(|v| v.to_i64()).unwrap_or(0)
            )),
            Some(2) => Value::str(format!(
                "{:b}",
                args.first().and_then(|v| v.to_i64()).unwrap_or(0)
            )),
            _ => Value::str(s(0)),
        },
        ("convert", "tobase64string") => {
            let bytes: Vec<u8> = args
                .first()
                .map(|v| {
                    v.enumerate()
                        .iter()
                        .map(|b| b.to_i64().unwrap_or(0) as u8)
                        .collect()
                })
                .unwrap_or_default();
            Value::str(super::encoding::base64_encode(&bytes))
        }
        ("convert", "frombase64string") => match super::encoding::base64_decode(&s(0)) {
            Some(b) => Value::array(b.into_iter().map(|x| Value::Int(x as i64)).collect()),
            None => {
                return Err(exception(
                    ip,
                    name,
                    1,
                    "The input is not a valid Base-64 string as it contains a non-base 64 character, more than two padding characters, or an illegal character among the padding characters.",
                    span,
                ));
            }
        },
        ("text.encoding", _) => return Err(locked_down(ip, span)),
        ("io.path", "combine") => Value::str(super::provider::join_path(&s(0), &s(1))),
        ("io.path", "getfilename") => Value::str(s(0).rsplit(['\\', '/']).next().unwrap_or("")),
        ("io.path", "getextension") => {
            let leaf = s(0).rsplit(['\\', '/']).next().unwrap_or("").to_string();
            Value::str(
                leaf.rfind('.')
                    .map(|i| leaf[i..].to_string())
                    .unwrap_or_default(),
            )
        }
        ("io.path", "getdirectoryname") => Value::str(
            s(0).rsplit_once('\\')
                .map(|(a, _)| a.to_string())
                .unwrap_or_default(),
        ),
        ("security.accesscontrol.filesystemaccessrule", "new")
        | ("security.accesscontrol.registryaccessrule", "new") => {
            match super::acl::new_rule(ip.host, ty.contains("registry"), &args) {
                Ok(r) => r.to_value(ip.host),
                Err(m) => return Err(exception(ip, ".ctor", args.len(), &m, span)),
            }
        }
        ("security.principal.ntaccount", "new") => Obj::new("System.Security.Principal.NTAccount")
            .with("Value", Value::str(s(0)))
            .into_value(),
        ("collections.arraylist", "new") => Value::array(Vec::new()),
        ("collections.hashtable", "new") => Value::Hash(Default::default()),
        (t, _) if !known_type(t) => return Err(super::ops::unknown_type(ip, t, span)),
        _ => return Err(method_missing(ip, obj, name, span)),
    })
}
