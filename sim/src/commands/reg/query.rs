//! `reg query KEY [/v NAME | /ve] [/s] [/se SEP] [/f DATA [/k] [/d] [/c] [/e]] [/t TYPES] [/reg:32|64]`.
//!
//! Layout (as Wine reproduces Windows, code id 71089940): a blank line once the key is open;
//! a key's full path, its values `    Name    REG_TYPE    Data`, a blank line; without `/s`
//! the subkeys follow as full paths. A key without values prints no header of its own unless
//! the query recurses. `/v NAME` prints the key, the value, a blank line; a missing value is an
//! error after the blank line. `/s` and `/f` end with `End of search: N match(es) found.`
//! (windows-facts §7); N counts the value lines and the key lines printed **[U]** for a plain
//! `/s` listing.

use super::{
    NOT_FOUND, Switches, display_name, error_line, fail, key_arg, usage_error, value_line,
};
use crate::host::Host;
use crate::process::{Output, Process};
use crate::registry::{RegKey, RegValue, Registry};
use crate::security::AccessMask;

const SWITCHES: &[&str] = &[
    "v", "ve", "s", "se", "f", "k", "d", "c", "e", "t", "reg:32", "reg:64",
];
const WITH_ARG: &[&str] = &["v", "se", "f", "t"];
const TYPES: &[&str] = &[
    "REG_SZ",
    "REG_MULTI_SZ",
    "REG_EXPAND_SZ",
    "REG_DWORD",
    "REG_QWORD",
    "REG_BINARY",
    "REG_NONE",
];

/// What to print and how.
struct Query<'a> {
    recurse: bool,
    types: Option<Vec<String>>,
    separator: Option<&'a str>,
    find: Option<Find>,
}

/// `/f` and its modifiers.
struct Find {
    pattern: String,
    keys: bool,
    names: bool,
    data: bool,
    case_sensitive: bool,
    exact: bool,
}

pub(super) fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let Some(key) = args.first() else {
        return usage_error("QUERY");
    };
    let Some(sw) = Switches::parse(&args[1..], SWITCHES, WITH_ARG) else {
        return usage_error("QUERY");
    };
    let find_modifiers = ["k", "d", "c", "e"].iter().any(|s| sw.has(s));
    if (sw.has("v") && sw.has("ve"))
        || (find_modifiers && !sw.has("f"))
        || (sw.has("reg:32") && sw.has("reg:64"))
    {
        return usage_error("QUERY");
    }
    let types = match sw.arg("t").map(parse_types) {
        Some(None) => return usage_error("QUERY"),
        Some(Some(t)) => Some(t),
        None => None,
    };
    let full = match key_arg(key, "QUERY") {
        Ok(f) => f,
        Err(out) => return out,
    };
    let reg = host.registry();
    let mut out = Output::default();
    if let Err(e) = reg.open(&full, &process.token, AccessMask::KEY_READ) {
        fail(&mut out, &error_line(e));
        return out;
    }
    out.outln("");
    let find = sw.arg("f").map(|p| {
        let (k, d) = (sw.has("k"), sw.has("d"));
        Find {
            pattern: p.to_string(),
            keys: k || !d,
            names: !k && !d,
            data: d || !k,
            case_sensitive: sw.has("c"),
            exact: sw.has("e"),
        }
    });
    let q = Query {
        recurse: sw.has("s"),
        types,
        separator: sw.arg("se"),
        find,
    };
    if let Some(name) = sw.arg("v") {
        one_value(reg, process, &full, name, false, &q, &mut out);
    } else if sw.has("ve") {
        one_value(reg, process, &full, "", true, &q, &mut out);
    } else if q.find.is_some() {
        search(reg, process, &full, &q, &mut out);
    } else {
        listing(reg, process, &full, &q, &mut out);
    }
    out
}

/// `REG_SZ,REG_DWORD` -> the names, upper-cased; `None` for an unknown type.
fn parse_types(list: &str) -> Option<Vec<String>> {
    list.split(',')
        .map(|t| t.trim().to_ascii_uppercase())
        .map(|t| TYPES.contains(&t.as_str()).then_some(t))
        .collect()
}

impl Query<'_> {
    fn type_ok(&self, v: &RegValue) -> bool {
        self.types
            .as_ref()
            .is_none_or(|t| t.iter().any(|n| n == v.type_name()))
    }
    fn line(&self, name: &str, v: &RegValue) -> String {
        match (v, self.separator) {
            (RegValue::MultiSz(items), Some(sep)) => {
                format!(
                    "    {}    {}    {}",
                    display_name(name),
                    v.type_name(),
                    items.join(sep)
                )
            }
            _ => value_line(name, v),
        }
    }
}

/// The keys a recursive query visits: `full` then its descendants, those `token` may read.
fn walk<'r>(reg: &'r Registry, process: &Process, full: &str) -> Vec<(String, &'r RegKey)> {
    std::iter::once(full.to_string())
        .chain(reg.descendants(full))
        .filter_map(|p| {
            let k = reg.open(&p, &process.token, AccessMask::KEY_READ).ok()?;
            Some((p, k))
        })
        .collect()
}

/// `/v NAME` or `/ve`, with or without `/s`.
fn one_value(
    reg: &Registry,
    process: &Process,
    full: &str,
    name: &str,
    ve: bool,
    q: &Query,
    out: &mut Output,
) {
    let found = |k: &RegKey| {
        k.values
            .get(&crate::registry::fold(name))
            .map(|(n, v)| (n.clone(), v.clone()))
            .filter(|(_, v)| q.type_ok(v))
    };
    if q.recurse {
        let mut matches = 0;
        for (path, k) in walk(reg, process, full) {
            if let Some((n, v)) = found(k) {
                out.outln(&path);
                out.outln(q.line(&n, &v));
                out.outln("");
                matches += 1;
            }
        }
        out.outln(format!("End of search: {matches} match(es) found."));
        return;
    }
    let key = reg.key(full).expect("opened by the caller");
    match found(key) {
        Some((n, v)) => {
            out.outln(full);
            out.outln(q.line(&n, &v));
            out.outln("");
        }
        None if ve => {
            out.outln(full);
            out.outln("    (Default)    REG_SZ    (value not set)");
        }
        None => fail(out, NOT_FOUND),
    }
}

/// A full listing of the key (and with `/s` of its subtree).
fn listing(reg: &Registry, process: &Process, full: &str, q: &Query, out: &mut Output) {
    let key = reg.key(full).expect("opened by the caller");
    let values: Vec<&(String, RegValue)> =
        key.values.values().filter(|(_, v)| q.type_ok(v)).collect();
    if !q.recurse {
        if !values.is_empty() {
            out.outln(full);
            for (n, v) in &values {
                out.outln(q.line(n, v));
            }
            out.outln("");
        }
        for sub in reg.subkeys(full) {
            out.outln(sub);
        }
        return;
    }
    let mut matches = 0;
    for (i, (path, k)) in walk(reg, process, full).into_iter().enumerate() {
        let values: Vec<&(String, RegValue)> =
            k.values.values().filter(|(_, v)| q.type_ok(v)).collect();
        if i > 0 || !values.is_empty() {
            out.outln(&path);
        }
        for (n, v) in &values {
            out.outln(q.line(n, v));
        }
        if i > 0 || !values.is_empty() {
            out.outln("");
        }
        matches += values.len() + usize::from(i > 0);
    }
    out.outln(format!("End of search: {matches} match(es) found."));
}

/// `/f DATA`: keys whose name matches (with `/k` or by default), values whose name (by
/// default) or data (with `/d` or by default) matches; the top key's own values and its
/// subkeys' names without `/s`, the whole subtree with it.
fn search(reg: &Registry, process: &Process, full: &str, q: &Query, out: &mut Output) {
    let f = q.find.as_ref().expect("search needs /f");
    let keys: Vec<(String, &RegKey)> = if q.recurse {
        walk(reg, process, full)
    } else {
        let mut v = vec![(
            full.to_string(),
            reg.key(full).expect("opened by the caller"),
        )];
        v.extend(
            reg.subkeys(full)
                .into_iter()
                .filter_map(|p| reg.key(&p).map(|k| (p, k))),
        );
        v
    };
    let mut matches = 0;
    for (i, (path, k)) in keys.iter().enumerate() {
        let own_values = i == 0 || q.recurse;
        let values: Vec<&(String, RegValue)> = k
            .values
            .values()
            .filter(|_| own_values)
            .filter(|(n, v)| {
                q.type_ok(v) && ((f.names && f.matches(n)) || (f.data && f.matches(&v.data_text())))
            })
            .collect();
        let leaf = path.rsplit('\\').next().unwrap_or(path);
        let key_match = i > 0 && f.keys && f.matches(leaf);
        if values.is_empty() && !key_match {
            continue;
        }
        out.outln(path);
        for (n, v) in &values {
            out.outln(q.line(n, v));
        }
        if !values.is_empty() {
            out.outln("");
        }
        matches += values.len() + usize::from(key_match);
    }
    out.outln(format!("End of search: {matches} match(es) found."));
}

impl Find {
    /// `*` matches any run of characters; without `/e` the pattern may match anywhere.
    fn matches(&self, text: &str) -> bool {
        let (p, t) = if self.case_sensitive {
            (self.pattern.clone(), text.to_string())
        } else {
            (self.pattern.to_uppercase(), text.to_uppercase())
        };
        let p = if self.exact { p } else { format!("*{p}*") };
        wildcard(
            &p.chars().collect::<Vec<_>>(),
            &t.chars().collect::<Vec<_>>(),
        )
    }
}

/// Glob match with `*` only (iterative, linear backtracking).
fn wildcard(p: &[char], t: &[char]) -> bool {
    let (mut pi, mut ti, mut star, mut mark) = (0, 0, None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != '*' && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == '*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == '*')
}
