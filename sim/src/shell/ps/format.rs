//! Out-Default: PowerShell 5.1's default views, byte for byte at a 120-column console
//! (W = 119): tables (fixed widths, autosize, truncation with `...`, every column padded),
//! lists, group headers, the blank lines around them (source 2016 `TableWriter.cs`,
//! `ListWriter.cs`, `OutCommandInner`; the reference's §0 and §1).

use super::errors::WIDTH;
use super::interp::Interp;
use super::members::get_member;
use super::provider::{CERT, FS, REG};
use super::value::{Native, Obj, Value};

/// The type of text already formatted by `Format-Table`/`Format-List`.
pub const FORMATTED: &str = "Microsoft.PowerShell.Commands.Internal.Format.FormatText";

/// Text made by a `Format-*` cmdlet, printed as is.
pub fn formatted(text: String) -> Value {
    Obj::new(FORMATTED)
        .with("Text", Value::str(text))
        .into_value()
}

/// `Format-Table` switches.
#[derive(Debug, Clone, Copy, Default)]
pub struct TableOptions {
    /// `-AutoSize`.
    pub autosize: bool,
    /// `-Wrap`.
    pub wrap: bool,
    /// `-HideTableHeaders`.
    pub hide_headers: bool,
}

#[derive(Debug, Clone)]
struct Column {
    label: String,
    width: usize,
    right: bool,
}

/// How a group header is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Header {
    None,
    /// `   Label: value` (3 spaces), one blank after.
    Label(&'static str),
    /// `    Directory: path` / `    Hive: path` (4 spaces), two blanks after.
    Custom(&'static str),
}

struct View {
    /// Column labels, widths (0 = share the rest), right alignment.
    columns: Vec<(String, usize, bool)>,
    header: Header,
    wrap: bool,
    /// Autosize (no widths in the view).
    auto: bool,
}

fn type_of(v: &Value) -> String {
    match v {
        Value::Object(o) => o.borrow().type_name.clone(),
        Value::Hash(_) => "System.Collections.Hashtable".into(),
        other => other.type_name(),
    }
}

fn owned(columns: Vec<(&'static str, usize, bool)>) -> Vec<(String, usize, bool)> {
    columns
        .into_iter()
        .map(|(l, w, r)| (l.to_string(), w, r))
        .collect()
}

fn view_for(type_name: &str) -> Option<View> {
    let v = |columns: Vec<(&'static str, usize, bool)>, header, wrap| View {
        columns: owned(columns),
        header,
        wrap,
        auto: false,
    };
    Some(match type_name {
        "System.ServiceProcess.ServiceController" => v(
            vec![
                ("Status", 8, false),
                ("Name", 18, false),
                ("DisplayName", 38, false),
            ],
            Header::None,
            false,
        ),
        "System.Security.Cryptography.X509Certificates.X509Certificate2" => v(
            vec![("Thumbprint", 41, false), ("Subject", 0, false)],
            Header::Label("PSParentPath"),
            false,
        ),
        "System.IO.FileInfo" | "System.IO.DirectoryInfo" => v(
            vec![
                ("Mode", 7, false),
                ("LastWriteTime", 25, true),
                ("Length", 14, true),
                ("Name", 0, false),
            ],
            Header::Custom("Directory"),
            true,
        ),
        "Microsoft.Win32.RegistryKey" => v(
            vec![("Name", 30, false), ("Property", 0, false)],
            Header::Custom("Hive"),
            true,
        ),
        "System.Diagnostics.Eventing.Reader.EventLogRecord" => v(
            vec![
                ("TimeCreated", 25, false),
                ("Id", 8, true),
                ("LevelDisplayName", 16, false),
                ("Message", 0, false),
            ],
            Header::Label("ProviderName"),
            false,
        ),
        "System.Collections.Hashtable" => v(
            vec![("Name", 30, false), ("Value", 0, false)],
            Header::None,
            false,
        ),
        "Microsoft.Windows.ServerManager.Commands.FeatureOperationResult" => v(
            vec![
                ("Success", 7, false),
                ("Restart Needed", 14, false),
                ("Exit Code", 14, false),
                ("Feature Result", 0, false),
            ],
            Header::None,
            false,
        ),
        "System.Management.Automation.CommandInfo" => v(
            vec![
                ("CommandType", 15, false),
                ("Name", 50, false),
                ("Version", 10, false),
                ("Source", 0, false),
            ],
            Header::None,
            false,
        ),
        "System.Security.AccessControl.FileSecurity"
        | "System.Security.AccessControl.DirectorySecurity" => View {
            columns: owned(vec![
                ("Path", 0, false),
                ("Owner", 0, false),
                ("Access", 0, false),
            ]),
            header: Header::Custom("Directory"),
            wrap: false,
            auto: true,
        },
        "System.Security.AccessControl.RegistrySecurity" => View {
            columns: owned(vec![
                ("Path", 0, false),
                ("Owner", 0, false),
                ("Access", 0, false),
            ]),
            header: Header::None,
            wrap: false,
            auto: true,
        },
        "System.Management.Automation.PathInfo" => View {
            columns: owned(vec![("Path", 0, false)]),
            header: Header::None,
            wrap: false,
            auto: true,
        },
        "Microsoft.PowerShell.Commands.GroupInfo" => View {
            columns: owned(vec![
                ("Count", 0, true),
                ("Name", 0, false),
                ("Group", 0, false),
            ]),
            header: Header::None,
            wrap: false,
            auto: true,
        },
        "Microsoft.Windows.ServerManager.Commands.Feature" => v(
            vec![
                ("Display Name", 55, false),
                ("Name", 35, false),
                ("Install State", 0, false),
            ],
            Header::None,
            false,
        ),
        "System.Diagnostics.EventLogEntry" => View {
            columns: owned(vec![
                ("Index", 8, true),
                ("Time", 13, false),
                ("EntryType", 11, false),
                ("Source", 20, false),
                ("InstanceID", 12, true),
                ("Message", 0, false),
            ]),
            header: Header::None,
            wrap: false,
            auto: false,
        },
        "System.Management.Automation.PSModuleInfo" => v(
            vec![
                ("ModuleType", 10, false),
                ("Version", 10, false),
                ("Name", 35, false),
            ],
            Header::None,
            false,
        ),
        _ => return None,
    })
}

/// Properties a list shows for types with a default display set.
fn list_props(type_name: &str) -> Option<&'static [&'static str]> {
    Some(match type_name {
        "System.ServiceProcess.ServiceController" => &[
            "Name",
            "DisplayName",
            "Status",
            "DependentServices",
            "ServicesDependedOn",
            "CanPauseAndContinue",
            "CanShutdown",
            "CanStop",
            "ServiceType",
        ],
        "System.Security.Cryptography.X509Certificates.X509Certificate2" => &[
            "Subject",
            "Issuer",
            "Thumbprint",
            "FriendlyName",
            "NotBefore",
            "NotAfter",
            "Extensions",
        ],
        "System.Diagnostics.Eventing.Reader.EventLogRecord" => {
            &["TimeCreated", "ProviderName", "Id", "Message"]
        }
        "System.Security.AccessControl.FileSecurity"
        | "System.Security.AccessControl.DirectorySecurity"
        | "System.Security.AccessControl.RegistrySecurity" => {
            &["Path", "Owner", "Group", "Access", "Audit", "Sddl"]
        }
        t if t.ends_with("Win32_ComputerSystem") => &[
            "Domain",
            "Manufacturer",
            "Model",
            "Name",
            "PrimaryOwnerName",
            "TotalPhysicalMemory",
        ],
        t if t.ends_with("Win32_Service") => &[
            "ExitCode",
            "Name",
            "ProcessId",
            "StartMode",
            "State",
            "Status",
        ],
        t if t.ends_with("Win32_OperatingSystem") => &[
            "SystemDirectory",
            "Organization",
            "BuildNumber",
            "RegisteredUser",
            "SerialNumber",
            "Version",
        ],
        "System.IO.FileInfo" => &[
            "Name",
            "Length",
            "CreationTime",
            "LastWriteTime",
            "LastAccessTime",
            "Mode",
        ],
        "System.IO.DirectoryInfo" => &[
            "Name",
            "CreationTime",
            "LastWriteTime",
            "LastAccessTime",
            "Mode",
        ],
        // The Cert: drive's containers (Certificate.format.ps1xml: X509StoreLocation, X509Store).
        "Microsoft.PowerShell.Commands.X509StoreLocation" => &["Location", "StoreNames"],
        "System.Security.Cryptography.X509Certificates.X509Store" => &["Name"],
        _ => return None,
    })
}

/// What the console prints for these objects (Out-Default).
pub fn out_default(ip: &mut Interp<'_>, items: &[Value]) -> String {
    let mut out = String::new();
    let mut i = 0;
    while i < items.len() {
        let v = &items[i];
        match v {
            Value::Null => {
                i += 1;
                continue;
            }
            Value::Object(o) if o.borrow().type_name == FORMATTED => {
                out.push_str(
                    &o.borrow()
                        .get("Text")
                        .map(|t| t.to_str())
                        .unwrap_or_default(),
                );
                i += 1;
                continue;
            }
            Value::Object(o) if matches!(o.borrow().native, Native::Error(_)) => {
                if let Native::Error(e) = &o.borrow().native {
                    out.push_str(&e.render());
                }
                i += 1;
                continue;
            }
            Value::Date(t) => {
                out.push_str(&format!(
                    "\n{}\n\n\n",
                    super::ops::date_format(*t, "dddd, MMMM d, yyyy h:mm:ss tt")
                ));
                i += 1;
                continue;
            }
            Value::Object(_) | Value::Hash(_) => {}
            other => {
                out.push_str(&other.to_str());
                out.push('\n');
                i += 1;
                continue;
            }
        }
        // A run of objects of one type (one table or list).
        let t = type_of(v);
        let mut j = i + 1;
        while j < items.len() && type_of(&items[j]) == t && !matches!(items[j], Value::Null) {
            j += 1;
        }
        let run = &items[i..j];
        out.push_str(&format_run(ip, run, &t));
        i = j;
    }
    out
}

/// Out-String's text (the same as the console shows).
pub fn out_string(ip: &mut Interp<'_>, items: &[Value]) -> String {
    out_default(ip, items)
}

fn format_run(ip: &mut Interp<'_>, run: &[Value], t: &str) -> String {
    if t == "System.Collections.Hashtable" {
        let mut rows = Vec::new();
        for h in run {
            if let Value::Hash(h) = h {
                for (k, v) in h.borrow().entries.values() {
                    rows.push(vec![k.to_str(), cell_text(v)]);
                }
            }
        }
        let view = view_for(t).expect("hashtable view");
        return table(&view, &[(String::new(), rows)], TableOptions::default());
    }
    if let Some(view) = view_for(t) {
        let groups = rows_for(ip, run, &view, t);
        return table(&view, &groups, TableOptions::default());
    }
    let names = shown_props(run.first().unwrap_or(&Value::Null), t);
    if names.len() <= 4 && list_props(t).is_none() {
        return generic_table(
            ip,
            run,
            TableOptions {
                autosize: true,
                ..Default::default()
            },
        );
    }
    format_list(ip, run, false)
}

fn shown_props(v: &Value, t: &str) -> Vec<String> {
    if let Some(p) = list_props(t) {
        return p.iter().map(|s| s.to_string()).collect();
    }
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

/// A value in a table cell or a list: collections as `{a, b, c, d...}`.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::Array(a) => {
            let a = a.borrow();
            let mut parts: Vec<String> = a.iter().take(4).map(|x| x.to_str()).collect();
            if a.len() > 4 {
                if let Some(last) = parts.last_mut() {
                    last.push_str("...");
                }
            }
            format!("{{{}}}", parts.join(", "))
        }
        Value::Object(o) => {
            let o = o.borrow();
            if let Native::Acl(_) = o.native {
                return o.type_name.clone();
            }
            Value::Object(std::rc::Rc::new(std::cell::RefCell::new(o.clone()))).to_str()
        }
        other => other.to_str(),
    }
}

fn strip_provider(path: &str) -> String {
    for p in [FS, REG, CERT] {
        if let Some(rest) = path.strip_prefix(&format!("{p}::")) {
            return rest.to_string();
        }
    }
    path.to_string()
}

/// The text of a registry key's values, as the Property column shows them.
fn registry_property_cell(ip: &mut Interp<'_>, v: &Value) -> String {
    let Value::Object(o) = v else {
        return String::new();
    };
    let Native::RegKey(path) = o.borrow().native.clone() else {
        return String::new();
    };
    let Some(key) = ip.host.registry().key(&path) else {
        return String::new();
    };
    let values: Vec<(String, String)> = key
        .values
        .values()
        .map(|(n, v)| {
            (
                if n.is_empty() {
                    "(default)".to_string()
                } else {
                    n.to_string()
                },
                cell_text(&super::provider::reg_value(v, &ip.proc.env)),
            )
        })
        .collect();
    let w = values
        .iter()
        .map(|(n, _)| n.chars().count())
        .max()
        .unwrap_or(0);
    let text = values
        .iter()
        .map(|(n, v)| format!("{n:<w$} : {v}"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.trim().to_string();
    if text.chars().count() > 5000 {
        let cut: String = text.chars().take(5000).collect();
        return format!("{cut}...");
    }
    text
}

fn file_cell(ip: &mut Interp<'_>, v: &Value, label: &str) -> String {
    match label {
        "LastWriteTime" => match get_member(ip, v, "LastWriteTime") {
            Value::Date(t) => {
                let d = super::ops::date_format(t, "d");
                let tm = super::ops::date_format(t, "t");
                format!("{d:>10}  {tm:>8}")
            }
            _ => String::new(),
        },
        // Folders have no Length: the cell stays empty (no intrinsic `.Length` of 1).
        _ => match v {
            Value::Object(o) => o.borrow().get(label).map(cell_text).unwrap_or_default(),
            _ => String::new(),
        },
    }
}

/// Rows of a view, grouped by its header property.
fn rows_for(
    ip: &mut Interp<'_>,
    run: &[Value],
    view: &View,
    t: &str,
) -> Vec<(String, Vec<Vec<String>>)> {
    let mut groups: Vec<(String, Vec<Vec<String>>)> = Vec::new();
    for v in run {
        let group = match view.header {
            Header::None => String::new(),
            Header::Label(p) => get_member(ip, v, p).to_str(),
            Header::Custom(_) => strip_provider(&get_member(ip, v, "PSParentPath").to_str()),
        };
        let row: Vec<String> = view
            .columns
            .iter()
            .map(|(label, _, _)| match (t, label.as_str()) {
                ("Microsoft.Win32.RegistryKey", "Name") => {
                    get_member(ip, v, "PSChildName").to_str()
                }
                ("Microsoft.Win32.RegistryKey", "Property") => registry_property_cell(ip, v),
                ("System.IO.FileInfo" | "System.IO.DirectoryInfo", l) => file_cell(ip, v, l),
                (
                    "System.Security.AccessControl.FileSecurity"
                    | "System.Security.AccessControl.DirectorySecurity",
                    "Path",
                ) => get_member(ip, v, "PSChildName").to_str(),
                (_, "Access") if t.starts_with("System.Security.AccessControl.") => {
                    get_member(ip, v, "AccessToString").to_str()
                }
                ("Microsoft.Windows.ServerManager.Commands.FeatureOperationResult", l) => {
                    cell_text(&get_member(ip, v, &l.replace(' ', "")))
                }
                ("System.Diagnostics.EventLogEntry", "Time") => match get_member(ip, v, "Time") {
                    Value::Date(t) => super::ops::date_format(t, "MMM dd HH:mm"),
                    _ => String::new(),
                },
                _ => cell_text(&get_member(ip, v, label)),
            })
            .collect();
        match groups.last_mut() {
            Some((g, rows)) if *g == group => rows.push(row),
            _ => groups.push((group, vec![row])),
        }
    }
    groups
}

fn width_of(s: &str) -> usize {
    s.chars().count()
}

fn first_line(s: &str) -> (String, bool) {
    match s.split_once('\n') {
        Some((a, _)) => (a.trim_end_matches('\r').to_string(), true),
        None => (s.to_string(), false),
    }
}

/// Fits `text` in `width` as 5.1 does (`...` for what does not fit).
fn fit(text: &str, width: usize, right: bool) -> String {
    let (line, more) = first_line(text);
    let line = if more { format!("{line}...") } else { line };
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= width {
        return line;
    }
    if width <= 3 {
        return chars[..width].iter().collect();
    }
    if right {
        let tail: String = chars[chars.len() - (width - 3)..].iter().collect();
        format!("...{tail}")
    } else {
        let head: String = chars[..width - 3].iter().collect();
        format!("{head}...")
    }
}

fn pad(text: &str, width: usize, right: bool) -> String {
    let n = width_of(text);
    if n >= width {
        return text.to_string();
    }
    if right {
        format!("{}{text}", " ".repeat(width - n))
    } else {
        format!("{text}{}", " ".repeat(width - n))
    }
}

/// Word-wraps one line at `width` (the space stays at the end of a broken line).
fn wrap_line(line: &str, width: usize) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest: Vec<char> = line.chars().collect();
    if width == 0 {
        return vec![line.to_string()];
    }
    while rest.len() > width {
        let cut = rest[..width]
            .iter()
            .rposition(|c| *c == ' ')
            .map(|i| i + 1)
            .filter(|i| *i > 0)
            .unwrap_or(width);
        out.push(rest[..cut].iter().collect());
        rest.drain(..cut);
    }
    out.push(rest.iter().collect());
    out
}

fn layout(
    view_cols: &[(String, usize, bool)],
    groups: &[(String, Vec<Vec<String>>)],
    auto: bool,
) -> Vec<Column> {
    let mut cols: Vec<Column> = view_cols
        .iter()
        .map(|(l, w, r)| Column {
            label: l.to_string(),
            width: *w,
            right: *r,
        })
        .collect();
    if auto || cols.first().is_some_and(|c| c.width == 0) {
        for (i, c) in cols.iter_mut().enumerate() {
            let longest = groups
                .iter()
                .flat_map(|(_, rows)| rows.iter())
                .map(|r| r.get(i).map(|s| width_of(s)).unwrap_or(0))
                .max()
                .unwrap_or(0);
            c.width = width_of(&c.label).max(longest);
        }
        // Overflow: the last visible column shrinks; one narrower than 1 is hidden.
        loop {
            let total: usize =
                cols.iter().map(|c| c.width).sum::<usize>() + cols.len().saturating_sub(1);
            if total <= WIDTH || cols.is_empty() {
                break;
            }
            let excess = total - WIDTH;
            let last = cols.len() - 1;
            if cols[last].width > excess {
                cols[last].width -= excess;
            } else {
                cols.pop();
            }
        }
        return cols;
    }
    let fixed: usize = cols.iter().map(|c| c.width).sum();
    let flexible = cols.iter().filter(|c| c.width == 0).count();
    if let Some(share) = WIDTH
        .saturating_sub(fixed + cols.len() - 1)
        .checked_div(flexible)
    {
        let spare = WIDTH.saturating_sub(fixed + cols.len() - 1);
        let mut extra = spare % flexible;
        for c in cols.iter_mut().filter(|c| c.width == 0) {
            c.width = share + usize::from(extra > 0);
            extra = extra.saturating_sub(1);
        }
    }
    cols
}

fn table(view: &View, groups: &[(String, Vec<Vec<String>>)], opts: TableOptions) -> String {
    let cols = layout(&view.columns, groups, view.auto || opts.autosize);
    let wrap = view.wrap || opts.wrap;
    let mut out = String::from("\n");
    for (gi, (group, rows)) in groups.iter().enumerate() {
        match view.header {
            Header::None => {}
            Header::Label(l) => out.push_str(&format!("\n   {l}: {group}\n\n")),
            Header::Custom(l) => out.push_str(&format!("\n    {l}: {group}\n\n\n")),
        }
        if !opts.hide_headers {
            let header: Vec<String> = cols
                .iter()
                .map(|c| pad(&fit(&c.label, c.width, false), c.width, c.right))
                .collect();
            out.push_str(&header.join(" "));
            out.push('\n');
            let under: Vec<String> = cols
                .iter()
                .map(|c| {
                    pad(
                        &"-".repeat(width_of(&c.label).min(c.width)),
                        c.width,
                        c.right,
                    )
                })
                .collect();
            out.push_str(&under.join(" "));
            out.push('\n');
        }
        for row in rows {
            if wrap {
                let cells: Vec<Vec<String>> = cols
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        let text = row.get(i).cloned().unwrap_or_default();
                        text.split('\n')
                            .flat_map(|l| wrap_line(l.trim_end_matches('\r'), c.width))
                            .collect()
                    })
                    .collect();
                let height = cells.iter().map(|c| c.len()).max().unwrap_or(1);
                for li in 0..height {
                    let line: Vec<String> = cols
                        .iter()
                        .enumerate()
                        .map(|(i, c)| {
                            pad(
                                cells[i].get(li).map(String::as_str).unwrap_or(""),
                                c.width,
                                c.right,
                            )
                        })
                        .collect();
                    out.push_str(&line.join(" "));
                    out.push('\n');
                }
            } else {
                let line: Vec<String> = cols
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        pad(
                            &fit(
                                row.get(i).map(String::as_str).unwrap_or(""),
                                c.width,
                                c.right,
                            ),
                            c.width,
                            c.right,
                        )
                    })
                    .collect();
                out.push_str(&line.join(" "));
                out.push('\n');
            }
        }
        if gi + 1 < groups.len() {
            out.push('\n');
        }
    }
    out.push_str("\n\n");
    out
}

/// Objects without a view in a table: columns are their properties (the first object's).
fn generic_table(ip: &mut Interp<'_>, items: &[Value], opts: TableOptions) -> String {
    let first = items
        .iter()
        .find(|v| !v.is_null())
        .cloned()
        .unwrap_or(Value::Null);
    let names: Vec<String> = match &first {
        Value::Object(_) | Value::Hash(_) => shown_props(&first, &type_of(&first)),
        _ => vec![],
    };
    if names.is_empty() {
        return items.iter().map(|v| format!("{}\n", v.to_str())).collect();
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|v| {
            names
                .iter()
                .map(|n| cell_text(&get_member(ip, v, n)))
                .collect()
        })
        .collect();
    let right: Vec<bool> = names
        .iter()
        .map(|n| {
            matches!(
                get_member(ip, &first, n),
                Value::Int(_) | Value::Double(_) | Value::Bool(_)
            )
        })
        .collect();
    let columns: Vec<(String, usize, bool)> = names
        .iter()
        .zip(right)
        .map(|(n, r)| (n.clone(), 0usize, r))
        .collect();
    let view = View {
        columns,
        header: Header::None,
        wrap: false,
        auto: true,
    };
    table(&view, &[(String::new(), rows)], opts)
}

/// `Format-Table`.
pub fn format_table(ip: &mut Interp<'_>, items: &[Value], opts: TableOptions) -> String {
    let t = items.first().map(type_of).unwrap_or_default();
    if let Some(view) = view_for(&t) {
        if items.iter().all(|v| type_of(v) == t) {
            let groups = rows_for(ip, items, &view, &t);
            return table(&view, &groups, opts);
        }
    }
    generic_table(ip, items, opts)
}

/// `Format-List` (all properties with `-Property *`).
pub fn format_list(ip: &mut Interp<'_>, items: &[Value], all: bool) -> String {
    let mut out = String::from("\n\n");
    for v in items {
        let t = type_of(v);
        let names: Vec<String> = if all {
            match v {
                Value::Object(o) => o.borrow().props.values().map(|(n, _)| n.clone()).collect(),
                _ => shown_props(v, &t),
            }
        } else {
            shown_props(v, &t)
        };
        if names.is_empty() {
            out.push_str(&format!("{}\n\n", v.to_str()));
            continue;
        }
        let w = names.iter().map(|n| width_of(n)).max().unwrap_or(0);
        for n in &names {
            let value = match (n.as_str(), t.starts_with("System.Security.AccessControl.")) {
                ("Access", true) => get_member(ip, v, "AccessToString").to_str(),
                ("Audit", true) => String::new(),
                _ => cell_text(&get_member(ip, v, n)),
            };
            let label = format!("{n:<w$} : ");
            let indent = " ".repeat(w + 3);
            let room = WIDTH.saturating_sub(w + 3);
            let mut lines: Vec<String> = Vec::new();
            for l in value.split('\n') {
                let l = l.trim_end_matches('\r');
                if l.chars().count() > room && !l.contains(' ') {
                    let chars: Vec<char> = l.chars().collect();
                    lines.extend(
                        chars
                            .chunks(room.max(1))
                            .map(|c| c.iter().collect::<String>()),
                    );
                } else {
                    lines.extend(wrap_line(l, room));
                }
            }
            for (i, l) in lines.iter().enumerate() {
                if i == 0 {
                    out.push_str(&label);
                } else {
                    out.push_str(&indent);
                }
                out.push_str(l);
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out.push_str("\n\n");
    out
}
