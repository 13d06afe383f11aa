//! Pipeline, output and session cmdlets.

use crate::shell::ps::errors::ErrorRecord;
use crate::shell::ps::format;
use crate::shell::ps::interp::{Call, Interp, R, collapse};
use crate::shell::ps::members::get_member;
use crate::shell::ps::value::{CUSTOM, Hash, Obj, Value, compare, loose_eq};
use std::rc::Rc;

fn input_items(call: &Call) -> Vec<Value> {
    match call.get("InputObject") {
        Some(v) => v.enumerate(),
        None => call.input.clone().unwrap_or_default(),
    }
}

/// `Write-Host`: straight to the console.
pub fn write_host(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let sep = call.string("Separator").unwrap_or_else(|| " ".into());
    let mut items: Vec<Value> = call
        .get("Object")
        .map(|v| v.enumerate())
        .unwrap_or_default();
    if call.get("Object").is_none() {
        items = call.input.clone().unwrap_or_default();
    }
    let text = items
        .iter()
        .map(|v| v.to_str())
        .collect::<Vec<_>>()
        .join(&sep);
    ip.flush();
    if call.switch("NoNewline") {
        ip.write_out(&text);
    } else {
        ip.write_out(&format!("{text}\n"));
    }
    Ok(Vec::new())
}

/// `Write-Output`.
pub fn write_output(_ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    match call.get("InputObject") {
        Some(v) if call.switch("NoEnumerate") => Ok(vec![v.clone()]),
        Some(v) => Ok(v.enumerate()),
        None => Ok(call.input.clone().unwrap_or_default()),
    }
}

/// `Write-Warning`: `WARNING: text` on the console.
pub fn write_warning(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let text = call.string("Message").unwrap_or_default();
    ip.host_line(&format!("WARNING: {text}"));
    Ok(Vec::new())
}

/// `Write-Verbose`, `Write-Debug`, `Write-Progress`: silent at the default preferences.
pub fn write_quiet(_ip: &mut Interp<'_>, _call: &mut Call) -> R<Vec<Value>> {
    Ok(Vec::new())
}

/// `Write-Error`: a non-terminating error.
pub fn write_error_cmd(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let msg = call.string("Message").unwrap_or_default();
    let id = call
        .string("ErrorId")
        .unwrap_or_else(|| "Microsoft.PowerShell.Commands.WriteErrorException".into());
    let rec = ErrorRecord::new(msg, id)
        .category(
            &call
                .string("Category")
                .unwrap_or_else(|| "NotSpecified".into()),
            "",
            "",
        )
        .exception("Microsoft.PowerShell.Commands.WriteErrorException");
    let mut rec = ip.cmd_error(call, rec);
    rec.fqid = call
        .string("ErrorId")
        .unwrap_or_else(|| "Microsoft.PowerShell.Commands.WriteErrorException".into());
    ip.success = false;
    let action = call.action.unwrap_or_else(|| ip.preference());
    match action {
        crate::shell::ps::interp::Action::Stop => {
            rec.script_terminating = true;
            Err(crate::shell::ps::interp::Flow::Error(Box::new(rec)))
        }
        crate::shell::ps::interp::Action::Continue => {
            ip.print_error(&rec);
            Ok(Vec::new())
        }
        _ => Ok(Vec::new()),
    }
}

/// `Out-Null`.
pub fn out_null(_ip: &mut Interp<'_>, _call: &mut Call) -> R<Vec<Value>> {
    Ok(Vec::new())
}

/// `Out-String`: one string (or lines with `-Stream`).
pub fn out_string_cmd(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    let text = format::out_string(ip, &items);
    if call.switch("Stream") {
        let t = text.strip_suffix('\n').unwrap_or(&text);
        return Ok(t.split('\n').map(Value::str).collect());
    }
    Ok(vec![Value::str(text.replace('\n', "\r\n"))])
}

/// `Out-Host` / `Out-Default`: format to the console now.
pub fn out_host(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    ip.flush();
    let text = format::out_default(ip, &items);
    ip.write_out(&text);
    Ok(Vec::new())
}

/// A property selector: a name (wildcards allowed) or a calculated property.
enum Selector {
    Name(String),
    Calc(String, Value),
}

fn selectors(v: Option<&Value>) -> Vec<Selector> {
    let Some(v) = v else { return Vec::new() };
    v.enumerate()
        .into_iter()
        .map(|p| match &p {
            Value::Hash(h) => {
                let h = h.borrow();
                let name = ["Name", "N", "Label", "L"]
                    .iter()
                    .find_map(|k| h.get(k))
                    .map(|v| v.to_str())
                    .unwrap_or_default();
                let expr = ["Expression", "E"]
                    .iter()
                    .find_map(|k| h.get(k))
                    .cloned()
                    .unwrap_or(Value::Null);
                Selector::Calc(name, expr)
            }
            other => Selector::Name(other.to_str()),
        })
        .collect()
}

fn prop_names(v: &Value) -> Vec<String> {
    match v {
        Value::Object(o) => o.borrow().props.values().map(|(n, _)| n.clone()).collect(),
        Value::Hash(h) => h
            .borrow()
            .entries
            .values()
            .map(|(k, _)| k.to_str())
            .collect(),
        _ => Vec::new(),
    }
}

/// Evaluates a selector on an object: (name, value) pairs.
fn select(ip: &mut Interp<'_>, item: &Value, s: &Selector) -> R<Vec<(String, Value)>> {
    Ok(match s {
        Selector::Name(n) if n.contains('*') || n.contains('?') => prop_names(item)
            .into_iter()
            .filter(|p| crate::fs::wildcard_match(n, p))
            .map(|p| {
                let v = get_member(ip, item, &p);
                (p, v)
            })
            .collect(),
        Selector::Name(n) => {
            let actual = prop_names(item)
                .into_iter()
                .find(|p| p.eq_ignore_ascii_case(n))
                .unwrap_or_else(|| n.clone());
            vec![(actual, get_member(ip, item, n))]
        }
        Selector::Calc(name, expr) => {
            let v = match expr {
                Value::Block(b) => {
                    collapse(ip.invoke_block(b, vec![], Some(item.clone()), None)?)
                }
                other => get_member(ip, item, &other.to_str()),
            };
            vec![(name.clone(), v)]
        }
    })
}

/// `Select-Object`.
pub fn select_object(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let mut items = input_items(call);
    if let Some(n) = call.get("Skip").and_then(|v| v.to_i64()) {
        items.drain(..(n.max(0) as usize).min(items.len()));
    }
    if let Some(idx) = call.get("Index") {
        let all = items.clone();
        items = idx
            .enumerate()
            .iter()
            .filter_map(|i| i.to_i64().and_then(|i| all.get(i as usize).cloned()))
            .collect();
    }
    if let Some(n) = call.get("First").and_then(|v| v.to_i64()) {
        items.truncate(n.max(0) as usize);
    }
    if let Some(n) = call.get("Last").and_then(|v| v.to_i64()) {
        let n = n.max(0) as usize;
        if items.len() > n {
            items.drain(..items.len() - n);
        }
    }
    if call.switch("Unique") {
        let mut seen: Vec<Value> = Vec::new();
        items.retain(|v| {
            if seen.iter().any(|s| loose_eq(s, v, true)) {
                false
            } else {
                seen.push(v.clone());
                true
            }
        });
    }
    let sel = selectors(call.get("Property"));
    let exclude = call.strings("ExcludeProperty");
    if let Some(exp) = call.string("ExpandProperty") {
        let mut out = Vec::new();
        for item in &items {
            let exists = match item {
                Value::Object(o) => {
                    o.borrow().get(&exp).is_some()
                        || matches!(o.borrow().native, crate::shell::ps::value::Native::Acl(_))
                }
                Value::Hash(h) => h.borrow().get(&exp).is_some(),
                _ => !get_member(ip, item, &exp).is_null(),
            };
            if !exists {
                ip.write_error(
                    call,
                    ErrorRecord::new(
                        format!("Property \"{exp}\" cannot be found."),
                        "ExpandPropertyNotFound",
                    )
                    .category("InvalidArgument", &item.to_str(), "PSObject")
                    .exception("System.Management.Automation.PSArgumentException"),
                )?;
                continue;
            }
            let v = get_member(ip, item, &exp);
            out.extend(v.enumerate());
        }
        return Ok(out);
    }
    if sel.is_empty() {
        return Ok(items);
    }
    let mut out = Vec::new();
    for item in &items {
        let type_name = match item {
            Value::Object(o) => format!("Selected.{}", o.borrow().type_name),
            other => format!("Selected.{}", other.type_name()),
        };
        let mut o = Obj::new(&type_name);
        for s in &sel {
            for (n, v) in select(ip, item, s)? {
                if !exclude.iter().any(|x| crate::fs::wildcard_match(x, &n)) {
                    o.set(&n, v);
                }
            }
        }
        out.push(o.into_value());
    }
    Ok(out)
}

/// `Where-Object` (script block, or the simplified `Where-Object Name -eq value`).
pub fn where_object(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    let filter = call.get("FilterScript").cloned();
    let mut out = Vec::new();
    match filter {
        Some(Value::Block(b)) => {
            for item in items {
                let r = ip.invoke_block(&b, vec![], Some(item.clone()), None)?;
                if collapse(r).truthy() {
                    out.push(item);
                }
            }
        }
        Some(prop) => {
            let prop = prop.to_str();
            let value = call.get("Value").cloned();
            let ops = [
                "EQ", "NE", "Like", "NotLike", "Match", "NotMatch", "GT", "LT", "GE", "LE",
                "Contains", "In", "CEQ",
            ];
            let op = ops.iter().find(|o| call.switch(o)).copied();
            for item in items {
                let v = get_member(ip, &item, &prop);
                let keep = match (op, &value) {
                    (None, _) => v.truthy(),
                    (Some(o), Some(x)) => {
                        use crate::shell::ps::ast::CmpOp;
                        let (cmp, neg, cs) = match o {
                            "EQ" => (CmpOp::Eq, false, false),
                            "CEQ" => (CmpOp::Eq, false, true),
                            "NE" => (CmpOp::Ne, false, false),
                            "Like" => (CmpOp::Like, false, false),
                            "NotLike" => (CmpOp::Like, true, false),
                            "Match" => (CmpOp::Match, false, false),
                            "NotMatch" => (CmpOp::Match, true, false),
                            "GT" => (CmpOp::Gt, false, false),
                            "LT" => (CmpOp::Lt, false, false),
                            "GE" => (CmpOp::Ge, false, false),
                            "LE" => (CmpOp::Le, false, false),
                            "Contains" => (CmpOp::Contains, false, false),
                            _ => (CmpOp::In, false, false),
                        };
                        let r = crate::shell::ps::ops::comparison(
                            ip,
                            cmp,
                            cs,
                            v,
                            x.clone(),
                            call.span,
                        )?;
                        r.truthy() != neg
                    }
                    (Some(_), None) => false,
                };
                if keep {
                    out.push(item);
                }
            }
        }
        None => return Ok(items),
    }
    Ok(out)
}

/// `ForEach-Object`.
pub fn foreach_object(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    let mut out = Vec::new();
    if let Some(Value::Block(b)) = call.get("Begin").cloned() {
        out.extend(ip.invoke_block(&b, vec![], None, None)?);
    }
    let process = call.get("Process").cloned();
    let member = call.string("MemberName");
    match process {
        Some(Value::Block(b)) => {
            for item in items {
                out.extend(ip.invoke_block(&b, vec![], Some(item), None)?);
            }
        }
        Some(Value::Array(blocks)) => {
            let blocks = blocks.borrow().clone();
            for item in items {
                for b in &blocks {
                    if let Value::Block(b) = b {
                        out.extend(ip.invoke_block(b, vec![], Some(item.clone()), None)?);
                    }
                }
            }
        }
        other => {
            let name = match (other, member) {
                (Some(v), _) => v.to_str(),
                (None, Some(m)) => m,
                (None, None) => String::new(),
            };
            if !name.is_empty() {
                for item in items {
                    let v = get_member(ip, &item, &name);
                    out.extend(v.enumerate());
                }
            }
        }
    }
    if let Some(Value::Block(b)) = call.get("End").cloned() {
        out.extend(ip.invoke_block(&b, vec![], None, None)?);
    }
    Ok(out)
}

fn sort_key(ip: &mut Interp<'_>, item: &Value, sel: &[Selector]) -> R<Vec<Value>> {
    if sel.is_empty() {
        return Ok(vec![item.clone()]);
    }
    let mut keys = Vec::new();
    for s in sel {
        let v = select(ip, item, s)?;
        keys.push(collapse(v.into_iter().map(|(_, v)| v).collect()));
    }
    Ok(keys)
}

/// `Sort-Object` (stable).
pub fn sort_object(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    let sel = selectors(call.get("Property"));
    let mut keyed = Vec::new();
    for item in items {
        let k = sort_key(ip, &item, &sel)?;
        keyed.push((k, item));
    }
    let desc = call.switch("Descending");
    keyed.sort_by(|a, b| {
        for (x, y) in a.0.iter().zip(b.0.iter()) {
            let o = compare(x, y);
            if o != std::cmp::Ordering::Equal {
                return if desc { o.reverse() } else { o };
            }
        }
        std::cmp::Ordering::Equal
    });
    let mut out: Vec<Value> = keyed.into_iter().map(|(_, v)| v).collect();
    if call.switch("Unique") {
        out.dedup_by(|a, b| loose_eq(a, b, false));
    }
    Ok(out)
}

/// `Group-Object`.
pub fn group_object(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    let sel = selectors(call.get("Property"));
    let mut groups: Vec<(String, Value, Vec<Value>)> = Vec::new();
    for item in items {
        let k = sort_key(ip, &item, &sel)?;
        let name = k.iter().map(|v| v.to_str()).collect::<Vec<_>>().join(", ");
        match groups.iter_mut().find(|g| g.0.eq_ignore_ascii_case(&name)) {
            Some(g) => g.2.push(item),
            None => groups.push((name, Value::array(k), vec![item])),
        }
    }
    Ok(groups
        .into_iter()
        .map(|(name, values, group)| {
            let mut o = Obj::new("Microsoft.PowerShell.Commands.GroupInfo")
                .with("Count", Value::Int(group.len() as i64))
                .with("Name", Value::str(name));
            if !call.switch("NoElement") {
                o.set("Group", Value::array(group));
            }
            o.set("Values", values);
            o.into_value()
        })
        .collect())
}

/// `Measure-Object`.
pub fn measure_object(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    let prop = call.string("Property");
    let nums: Vec<f64> = items
        .iter()
        .filter_map(|v| match &prop {
            Some(p) => get_member(ip, v, p).to_f64(),
            None => v.to_f64(),
        })
        .collect();
    let opt = |on: bool, v: f64| {
        if on && !nums.is_empty() {
            Value::Double(v)
        } else {
            Value::Null
        }
    };
    let sum: f64 = nums.iter().sum();
    let o = Obj::new("Microsoft.PowerShell.Commands.GenericMeasureInfo")
        .with("Count", Value::Int(items.len() as i64))
        .with(
            "Average",
            opt(call.switch("Average"), sum / nums.len().max(1) as f64),
        )
        .with("Sum", opt(call.switch("Sum"), sum))
        .with(
            "Maximum",
            opt(
                call.switch("Maximum"),
                nums.iter().cloned().fold(f64::MIN, f64::max),
            ),
        )
        .with(
            "Minimum",
            opt(
                call.switch("Minimum"),
                nums.iter().cloned().fold(f64::MAX, f64::min),
            ),
        )
        .with("Property", prop.map(Value::str).unwrap_or(Value::Null));
    Ok(vec![o.into_value()])
}

fn selected_columns(ip: &mut Interp<'_>, items: &[Value], sel: &[Selector]) -> R<Vec<Value>> {
    let mut out = Vec::new();
    for item in items {
        let mut o = Obj::new(&format!("Selected.{}", item.type_name()));
        for s in sel {
            for (n, v) in select(ip, item, s)? {
                o.set(&n, v);
            }
        }
        out.push(o.into_value());
    }
    Ok(out)
}

/// `Format-Table`.
pub fn format_table(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    let sel = selectors(call.get("Property"));
    let items = if sel.is_empty() {
        items
    } else {
        selected_columns(ip, &items, &sel)?
    };
    let opts = format::TableOptions {
        autosize: call.switch("AutoSize"),
        wrap: call.switch("Wrap"),
        hide_headers: call.switch("HideTableHeaders"),
    };
    let text = format::format_table(ip, &items, opts);
    Ok(vec![format::formatted(text)])
}

/// `Format-List`.
pub fn format_list(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let items = input_items(call);
    let sel = selectors(call.get("Property"));
    let all = matches!(&sel[..], [Selector::Name(n)] if n == "*");
    let items = if sel.is_empty() || all {
        items
    } else {
        selected_columns(ip, &items, &sel)?
    };
    let text = format::format_list(ip, &items, all);
    Ok(vec![format::formatted(text)])
}

/// `Get-Date`.
pub fn get_date(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let t = match call.get("Date") {
        Some(Value::Date(t)) => *t,
        Some(v) => match crate::shell::ps::ops::parse_date(&v.to_str()) {
            Some(t) => t,
            None => {
                return Err(ip.throw(
                    call,
                    ErrorRecord::new(
                        format!("Cannot bind parameter 'Date'. Cannot convert value \"{}\" to type \"System.DateTime\". Error: \"String was not recognized as a valid DateTime.\"", v.to_str()),
                        "CannotConvertArgumentNoMessage",
                    )
                    .category("InvalidArgument", "", "")
                    .exception("System.Management.Automation.ParameterBindingException"),
                ));
            }
        },
        None => ip.host.now(),
    };
    if let Some(f) = call.string("Format") {
        return Ok(vec![Value::str(crate::shell::ps::ops::date_format(t, &f))]);
    }
    if let Some(f) = call.string("UFormat") {
        let mapped = f
            .replace("%Y", "yyyy")
            .replace("%m", "MM")
            .replace("%d", "dd")
            .replace("%H", "HH")
            .replace("%M", "mm")
            .replace("%S", "ss");
        return Ok(vec![Value::str(crate::shell::ps::ops::date_format(
            t, &mapped,
        ))]);
    }
    Ok(vec![Value::Date(t)])
}

fn module_of(cmdlet: &str) -> &'static str {
    let noun = cmdlet.split('-').nth(1).unwrap_or("").to_ascii_lowercase();
    match noun.as_str() {
        "acl" => "Microsoft.PowerShell.Security",
        "windowsfeature" => "ServerManager",
        "wmiobject"
        | "service"
        | "childitem"
        | "item"
        | "itemproperty"
        | "location"
        | "content"
        | "eventlog"
        | "computer"
        | "computersecurechannel"
        | "path"
        | "process"
        | "psdrive"
        | "itempropertyvalue" => "Microsoft.PowerShell.Management",
        "ciminstance" => "CimCmdlets",
        "winevent" => "Microsoft.PowerShell.Diagnostics",
        "module" | "command" | "history" => "Microsoft.PowerShell.Core",
        _ => "Microsoft.PowerShell.Utility",
    }
}

/// `Get-Command`.
pub fn get_command(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = call.strings("Name");
    let mut out = Vec::new();
    let info = |kind: &str, name: &str, version: &str, source: &str| {
        Obj::new("System.Management.Automation.CommandInfo")
            .with("CommandType", Value::str(kind))
            .with("Name", Value::str(name))
            .with("Version", Value::str(version))
            .with("Source", Value::str(source))
            .into_value()
    };
    for n in &names {
        let before = out.len();
        for (a, c) in super::ALIASES {
            if crate::fs::wildcard_match(n, a) {
                out.push(info("Alias", &format!("{a} -> {c}"), "", ""));
            }
        }
        for f in ip.state.functions.keys() {
            if crate::fs::wildcard_match(n, f) {
                out.push(info("Function", f, "", ""));
            }
        }
        for c in super::CMDLETS {
            if crate::fs::wildcard_match(n, c.name) {
                let m = module_of(c.name);
                let v = if m == "ServerManager" {
                    "2.0.0.0"
                } else if m == "Microsoft.PowerShell.Core" {
                    ""
                } else {
                    "3.1.0.0"
                };
                out.push(info("Cmdlet", c.name, v, m));
            }
        }
        if out.len() == before {
            if let Some(_p) = crate::process::programs::lookup(n) {
                let base = n.rsplit('\\').next().unwrap_or(n).to_ascii_lowercase();
                let exe = if base.ends_with(".exe") || base.ends_with(".com") {
                    base
                } else {
                    format!("{base}.exe")
                };
                out.push(info(
                    "Application",
                    &exe,
                    "10.0.17763.1",
                    &format!("C:\\Windows\\system32\\{exe}"),
                ));
            }
        }
        if out.len() == before && !crate::fs::has_wildcard(n) {
            let mut rec = ErrorRecord::new(
                format!("The term '{n}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."),
                "CommandNotFoundException",
            )
            .category("ObjectNotFound", n, "String")
            .exception("System.Management.Automation.CommandNotFoundException");
            rec.activity = "Get-Command".into();
            ip.write_error(call, rec)?;
        }
    }
    Ok(out)
}

const MODULES: &[&str] = &[
    "pki",
    "psreadline",
    "servermanager",
    "remotedesktop",
    "microsoft.powershell.management",
    "microsoft.powershell.utility",
    "microsoft.powershell.security",
    "microsoft.powershell.diagnostics",
    "cimcmdlets",
    "netsecurity",
    "nettcpip",
    "webadministration",
    "activedirectory",
    "storage",
];

/// `Import-Module`.
pub fn import_module(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    for n in call.strings("Name") {
        let l = n.to_ascii_lowercase();
        if !MODULES.contains(&l.as_str()) {
            ip.write_error(
                call,
                ErrorRecord::new(
                    format!("The specified module '{n}' was not loaded because no valid module file was found in any module directory."),
                    "Modules_ModuleNotFound",
                )
                .category("ResourceUnavailable", &n, "String")
                .exception("System.IO.FileNotFoundException"),
            )?;
            continue;
        }
        if !ip.state.modules.contains(&l) {
            ip.state.modules.push(l);
        }
    }
    Ok(Vec::new())
}

/// `Remove-Module`: fails when none of the named modules is loaded.
pub fn remove_module(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let mut removed = false;
    for n in call.strings("Name") {
        let l = n.to_ascii_lowercase();
        let before = ip.state.modules.len();
        ip.state.modules.retain(|m| *m != l);
        removed |= ip.state.modules.len() != before;
    }
    if !removed {
        ip.write_error(
            call,
            ErrorRecord::new(
                "No modules were removed. Verify that the specification of modules to remove is correct and those modules exist in the runspace.",
                "Modules_NoModulesRemoved",
            )
            .category("ResourceUnavailable", "", "")
            .exception("System.InvalidOperationException"),
        )?;
    }
    Ok(Vec::new())
}

/// `Get-Module`.
pub fn get_module(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let names = call.strings("Name");
    Ok(ip
        .state
        .modules
        .iter()
        .filter(|m| !m.starts_with('\u{0}'))
        .filter(|m| names.is_empty() || names.iter().any(|n| crate::fs::wildcard_match(n, m)))
        .map(|m| {
            Obj::new("System.Management.Automation.PSModuleInfo")
                .with("ModuleType", Value::str("Script"))
                .with("Version", Value::str("2.0.0"))
                .with(
                    "Name",
                    Value::str(if m == "psreadline" { "PSReadline" } else { m }),
                )
                .into_value()
        })
        .collect())
}

/// Cmdlets that change nothing here.
pub fn nothing(_ip: &mut Interp<'_>, _call: &mut Call) -> R<Vec<Value>> {
    Ok(Vec::new())
}

/// `Get-ExecutionPolicy` (Server 2019's default).
pub fn get_execution_policy(_ip: &mut Interp<'_>, _call: &mut Call) -> R<Vec<Value>> {
    Ok(vec![Value::str("RemoteSigned")])
}

/// `Start-Sleep`: the simulated clock moves.
pub fn start_sleep(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let ms = call
        .get("Seconds")
        .and_then(|v| v.to_f64())
        .map(|s| s * 1000.0)
        .or_else(|| call.get("Milliseconds").and_then(|v| v.to_f64()))
        .unwrap_or(0.0);
    let ms = ms.clamp(0.0, 86_400_000.0) as u64;
    ip.host.advance(std::time::Duration::from_millis(ms));
    Ok(Vec::new())
}

/// `New-Object`.
pub fn new_object(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    if call.get("ComObject").is_some() {
        return Err(ip.throw(
            call,
            ErrorRecord::new(
                "Cannot create type. Only core types are supported in this language mode.",
                "CannotCreateComTypeConstrainedLanguage",
            )
            .category("PermissionDenied", "", "")
            .exception("System.Management.Automation.PSNotSupportedException"),
        ));
    }
    let t = call.string("TypeName").unwrap_or_default();
    let args = call
        .get("ArgumentList")
        .map(|v| v.enumerate())
        .unwrap_or_default();
    let lower = t.to_ascii_lowercase();
    let lower = lower.strip_prefix("system.").unwrap_or(&lower).to_string();
    let v = match lower.as_str() {
        "psobject" | "object" | "management.automation.psobject" | "pscustomobject" => {
            let mut o = Obj::new(CUSTOM);
            if let Some(Value::Hash(h)) = call.get("Property") {
                for (k, v) in h.borrow().entries.values() {
                    o.set(&k.to_str(), v.clone());
                }
            }
            o.into_value()
        }
        "collections.arraylist"
        | "collections.generic.list[string]"
        | "collections.generic.list[object]" => Value::array(Vec::new()),
        "collections.hashtable" => Value::Hash(Rc::new(std::cell::RefCell::new(Hash::default()))),
        "security.accesscontrol.filesystemaccessrule"
        | "security.accesscontrol.registryaccessrule" => {
            match crate::shell::ps::acl::new_rule(ip.host, lower.contains("registry"), &args) {
                Ok(r) => r.to_value(ip.host),
                Err(m) => {
                    return Err(ip.throw(
                        call,
                        ErrorRecord::new(
                            format!(
                                "Exception calling \".ctor\" with \"{}\" argument(s): \"{m}\"",
                                args.len()
                            ),
                            "ConstructorInvokedThrowException",
                        )
                        .category("InvalidOperation", "", "")
                        .exception("System.Management.Automation.MethodInvocationException"),
                    ));
                }
            }
        }
        "security.principal.ntaccount" => Obj::new("System.Security.Principal.NTAccount")
            .with(
                "Value",
                Value::str(args.first().map(|v| v.to_str()).unwrap_or_default()),
            )
            .into_value(),
        _ if crate::shell::ps::members::known_type(&lower) => Value::Null,
        _ if lower.starts_with("net.")
            || lower.starts_with("io.")
            || lower.starts_with("diagnostics.")
            || lower.starts_with("microsoft.win32")
            || lower.starts_with("security.cryptography") =>
        {
            return Err(ip.throw(
                call,
                ErrorRecord::new(
                    "Cannot create type. Only core types are supported in this language mode.",
                    "CannotCreateTypeConstrainedLanguage",
                )
                .category("PermissionDenied", "", "")
                .exception("System.Management.Automation.PSNotSupportedException"),
            ));
        }
        _ => {
            return Err(ip.throw(
                call,
                ErrorRecord::new(format!("Cannot find type [{t}]: verify that the assembly containing this type is loaded."), "TypeNotFound")
                    .category("InvalidType", "", "")
                    .exception("System.Management.Automation.PSArgumentException"),
            ));
        }
    };
    Ok(vec![v])
}

/// `Invoke-Expression`: the text runs here, in this scope.
pub fn invoke_expression(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let text = call.string("Command").unwrap_or_default();
    let block = match crate::shell::ps::parse::parse_script(&text) {
        Ok(b) => b,
        Err(e) => {
            let chars: Vec<char> = text.chars().collect();
            let mut rec = crate::shell::ps::errors::from_parse_error(&e, &chars, None);
            rec.prefix = Some(call.name.clone());
            rec.activity = "Invoke-Expression".into();
            rec.fqid = format!(
                "{},Microsoft.PowerShell.Commands.InvokeExpressionCommand",
                e.id
            );
            rec.script_terminating = false;
            return Err(crate::shell::ps::interp::Flow::Error(Box::new(rec)));
        }
    };
    let saved = std::mem::replace(&mut ip.src, Rc::new(text.chars().collect()));
    let r = ip.stmts(&block.body);
    ip.src = saved;
    r
}

/// `Read-Host`: the next typed answer (or end of input).
pub fn read_host(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let prompt = call
        .string("Prompt")
        .map(|p| format!("{p}: "))
        .unwrap_or_default();
    ip.flush();
    let mut out = std::mem::take(&mut ip.out);
    let answer = ip.proc.ask(&mut out, &prompt);
    ip.out = out;
    Ok(vec![Value::str(answer.unwrap_or_default())])
}

/// `Set-Variable`.
pub fn set_variable(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let name = call.string("Name").unwrap_or_default();
    let value = call.get("Value").cloned().unwrap_or(Value::Null);
    ip.set_var(&name, value)?;
    Ok(Vec::new())
}

/// `Get-Variable`.
pub fn get_variable(ip: &mut Interp<'_>, call: &mut Call) -> R<Vec<Value>> {
    let name = call.string("Name").unwrap_or_default();
    let v = ip.get_var(&name).unwrap_or(Value::Null);
    if call.switch("ValueOnly") {
        return Ok(vec![v]);
    }
    Ok(vec![
        Obj::new("System.Management.Automation.PSVariable")
            .with("Name", Value::str(name))
            .with("Value", v)
            .into_value(),
    ])
}
