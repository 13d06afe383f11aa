//! PowerShell values: scalars, arrays, hashtables, objects (a type name, properties in
//! order, and the native thing behind them), script blocks; conversions as PowerShell makes
//! them (to string, to number, to bool) and its case-insensitive comparisons.

use super::ast::Block;
use crate::clock::FileTime;
use indexmap::IndexMap;
use std::cell::RefCell;
use std::rc::Rc;

/// A value in the pipeline.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// `$null`.
    #[default]
    Null,
    /// `$true` / `$false`.
    Bool(bool),
    /// An integer (Int32 and Int64 alike).
    Int(i64),
    /// A double.
    Double(f64),
    /// A string.
    Str(Rc<str>),
    /// A `[datetime]`.
    Date(FileTime),
    /// An array (`object[]`), shared by reference as .NET arrays are.
    Array(Rc<RefCell<Vec<Value>>>),
    /// A hashtable (keys case-insensitive; `[ordered]` and literal order kept).
    Hash(Rc<RefCell<Hash>>),
    /// Any other object.
    Object(Rc<RefCell<Obj>>),
    /// A script block.
    Block(Rc<Block>),
    /// A type (`[Math]`).
    Type(String),
}

/// A hashtable: entries by folded key, in insertion order.
#[derive(Debug, Clone, Default)]
pub struct Hash {
    /// Folded key -> (key as given, value).
    pub entries: IndexMap<String, (Value, Value)>,
}

impl Hash {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries.get(&key.to_lowercase()).map(|(_, v)| v)
    }
    /// Sets `key` (kept in place if present).
    pub fn set(&mut self, key: Value, value: Value) {
        let k = key.to_str().to_lowercase();
        match self.entries.get_mut(&k) {
            Some(e) => e.1 = value,
            None => {
                self.entries.insert(k, (key, value));
            }
        }
    }
}

/// What stands behind an object, for its methods and for the cmdlets that take it back.
#[derive(Debug, Clone, Default)]
pub enum Native {
    /// A property bag (`[pscustomobject]`, `Select-Object` output, item properties).
    #[default]
    None,
    /// A security descriptor read by `Get-Acl` (SDDL kept), and the object it came from.
    Acl(super::acl::AclObject),
    /// A `FileSystemAccessRule` / `RegistryAccessRule`.
    Rule(super::acl::Rule),
    /// An error record.
    Error(Box<super::errors::ErrorRecord>),
    /// A registry key item, by full native path.
    RegKey(String),
    /// A certificate, by store and thumbprint.
    Cert(String, String),
    /// A file or folder, by full path.
    File(String),
    /// A service, by name.
    Service(String),
    /// `Win32_TSGeneralSetting` (the RDP-Tcp listener).
    TsSetting,
    /// An exception (`$_.Exception`).
    Exception,
}

/// An object: type names (most specific first), properties in order, its native side.
#[derive(Debug, Clone, Default)]
pub struct Obj {
    /// `System.ServiceProcess.ServiceController`, ...; `System.Management.Automation.PSCustomObject` for bags.
    pub type_name: String,
    /// Properties by folded name: (name as shown, value).
    pub props: IndexMap<String, (String, Value)>,
    /// The native side.
    pub native: Native,
}

impl Obj {
    /// A property bag of type `type_name`.
    pub fn new(type_name: &str) -> Obj {
        Obj {
            type_name: type_name.to_string(),
            ..Obj::default()
        }
    }
    /// Adds or replaces a property.
    pub fn set(&mut self, name: &str, value: Value) {
        let k = name.to_lowercase();
        match self.props.get_mut(&k) {
            Some(e) => e.1 = value,
            None => {
                self.props.insert(k, (name.to_string(), value));
            }
        }
    }
    /// A property's value.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.props.get(&name.to_lowercase()).map(|(_, v)| v)
    }
    /// Builder form of `set`.
    pub fn with(mut self, name: &str, value: impl Into<Value>) -> Obj {
        self.set(name, value.into());
        self
    }
    /// The object as a value.
    pub fn into_value(self) -> Value {
        Value::Object(Rc::new(RefCell::new(self)))
    }
}

/// The type name of a `[pscustomobject]`.
pub const CUSTOM: &str = "System.Management.Automation.PSCustomObject";

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Str(s.into())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(s.into())
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}
impl From<u32> for Value {
    fn from(n: u32) -> Value {
        Value::Int(n as i64)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}
impl From<Vec<Value>> for Value {
    fn from(v: Vec<Value>) -> Value {
        Value::array(v)
    }
}

/// The en-US `DateTime.ToString()`: `M/d/yyyy h:mm:ss tt`.
pub fn date_text(t: FileTime) -> String {
    let dt = t.to_datetime();
    let (h, ampm) = twelve(dt.hour());
    format!(
        "{}/{}/{} {}:{:02}:{:02} {}",
        dt.month() as u8,
        dt.day(),
        dt.year(),
        h,
        dt.minute(),
        dt.second(),
        ampm
    )
}

/// `h` and `AM`/`PM` for an hour of the day.
pub fn twelve(hour: u8) -> (u8, &'static str) {
    let ampm = if hour < 12 { "AM" } else { "PM" };
    let h = match hour % 12 {
        0 => 12,
        h => h,
    };
    (h, ampm)
}

/// A double as .NET's `ToString()` writes it (`1.5`, `1E+20`, `0.1`).
pub fn double_text(d: f64) -> String {
    if d.is_nan() {
        return "NaN".into();
    }
    if d.is_infinite() {
        return if d > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    if d == d.trunc() && d.abs() < 1e15 {
        return format!("{}", d as i64);
    }
    let s = format!("{d}");
    if d.abs() >= 1e15 || (d != 0.0 && d.abs() < 1e-5) {
        let e = format!("{d:E}");
        if let Some((m, exp)) = e.split_once('E') {
            let n: i32 = exp.parse().unwrap_or(0);
            let sign = if n < 0 { '-' } else { '+' };
            return format!("{m}E{sign}{:02}", n.abs());
        }
    }
    s
}

impl Value {
    /// An array value.
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(RefCell::new(items)))
    }
    /// A string value.
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(s.as_ref().into())
    }

    /// True for `$null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The string PowerShell converts this to (`[string]$x`, `"$x"`); arrays join with a space.
    pub fn to_str(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(n) => n.to_string(),
            Value::Double(d) => double_text(*d),
            Value::Str(s) => s.to_string(),
            Value::Date(t) => date_text(*t),
            Value::Array(a) => a
                .borrow()
                .iter()
                .map(|v| v.to_str())
                .collect::<Vec<_>>()
                .join(" "),
            Value::Hash(_) => "System.Collections.Hashtable".into(),
            Value::Object(o) => object_text(&o.borrow()),
            Value::Block(b) => b.to_string(),
            Value::Type(t) => t.clone(),
        }
    }

    /// PowerShell truthiness.
    pub fn truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Int(n) => *n != 0,
            Value::Double(d) => *d != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Array(a) => {
                let a = a.borrow();
                match a.len() {
                    0 => false,
                    1 => a[0].truthy(),
                    _ => true,
                }
            }
            _ => true,
        }
    }

    /// The value as a number, if it converts (`"42"`, ` 0x10 `, `$true`).
    pub fn to_number(&self) -> Option<Value> {
        match self {
            Value::Null => Some(Value::Int(0)),
            Value::Bool(b) => Some(Value::Int(*b as i64)),
            Value::Int(_) | Value::Double(_) => Some(self.clone()),
            Value::Str(s) => {
                let t = s.trim();
                if t.is_empty() {
                    return Some(Value::Int(0));
                }
                let (neg, body) = match t.strip_prefix('-') {
                    Some(b) => (true, b),
                    None => (false, t.strip_prefix('+').unwrap_or(t)),
                };
                match super::parse::parse_number(body)? {
                    super::ast::ExprKind::Int(n) => Some(Value::Int(if neg { -n } else { n })),
                    super::ast::ExprKind::Double(d) => {
                        Some(Value::Double(if neg { -d } else { d }))
                    }
                    _ => None,
                }
            }
            Value::Array(a) => {
                let a = a.borrow();
                if a.len() == 1 { a[0].to_number() } else { None }
            }
            _ => None,
        }
    }

    /// As f64 (numbers and numeric strings).
    pub fn to_f64(&self) -> Option<f64> {
        match self.to_number()? {
            Value::Int(n) => Some(n as f64),
            Value::Double(d) => Some(d),
            _ => None,
        }
    }

    /// As i64 (rounding doubles half to even, as .NET converts).
    pub fn to_i64(&self) -> Option<i64> {
        match self.to_number()? {
            Value::Int(n) => Some(n),
            Value::Double(d) if d.is_finite() && d.abs() < 9.2e18 => Some(round_even(d) as i64),
            _ => None,
        }
    }

    /// The items a pipeline sees: an array's elements, `$null` as nothing, anything else itself.
    pub fn enumerate(&self) -> Vec<Value> {
        match self {
            Value::Array(a) => a.borrow().clone(),
            Value::Null => Vec::new(),
            other => vec![other.clone()],
        }
    }

    /// The .NET type name (`System.String`, `System.Object[]`).
    pub fn type_name(&self) -> String {
        match self {
            Value::Null => "null".into(),
            Value::Bool(_) => "System.Boolean".into(),
            Value::Int(n) => if i32::try_from(*n).is_ok() {
                "System.Int32"
            } else {
                "System.Int64"
            }
            .into(),
            Value::Double(_) => "System.Double".into(),
            Value::Str(_) => "System.String".into(),
            Value::Date(_) => "System.DateTime".into(),
            Value::Array(_) => "System.Object[]".into(),
            Value::Hash(_) => "System.Collections.Hashtable".into(),
            Value::Object(o) => o.borrow().type_name.clone(),
            Value::Block(_) => "System.Management.Automation.ScriptBlock".into(),
            Value::Type(_) => "System.RuntimeType".into(),
        }
    }

    /// Rough memory held, for the variable-memory bound.
    pub fn weight(&self, budget: usize) -> usize {
        match self {
            Value::Str(s) => s.len() + 16,
            Value::Array(a) => {
                let mut total = 16;
                for v in a.borrow().iter() {
                    total += v.weight(budget);
                    if total > budget {
                        break;
                    }
                }
                total
            }
            Value::Hash(h) => {
                let mut total = 16;
                for (k, v) in h.borrow().entries.values() {
                    total += k.weight(budget) + v.weight(budget);
                    if total > budget {
                        break;
                    }
                }
                total
            }
            _ => 16,
        }
    }
}

/// Banker's rounding, as `[int]` and `[Math]::Round` do.
pub fn round_even(d: f64) -> f64 {
    let r = d.round();
    if (d - d.trunc()).abs() == 0.5 && r % 2.0 != 0.0 {
        r - d.signum()
    } else {
        r
    }
}

fn object_text(o: &Obj) -> String {
    match &o.native {
        Native::Error(e) => return e.message.clone(),
        Native::Rule(_) | Native::Acl(_) => return o.type_name.clone(),
        Native::RegKey(p) => return p.clone(),
        Native::File(p) => {
            return o
                .get("Name")
                .map(|v| v.to_str())
                .unwrap_or_else(|| p.clone());
        }
        Native::Cert(..) => {
            return format!(
                "[Subject]\n  {}\n\n[Issuer]\n  {}\n\n[Serial Number]\n  {}\n\n[Not Before]\n  {}\n\n[Not After]\n  {}\n\n[Thumbprint]\n  {}\n",
                o.get("Subject").map(|v| v.to_str()).unwrap_or_default(),
                o.get("Issuer").map(|v| v.to_str()).unwrap_or_default(),
                o.get("SerialNumber")
                    .map(|v| v.to_str())
                    .unwrap_or_default(),
                o.get("NotBefore").map(|v| v.to_str()).unwrap_or_default(),
                o.get("NotAfter").map(|v| v.to_str()).unwrap_or_default(),
                o.get("Thumbprint").map(|v| v.to_str()).unwrap_or_default(),
            );
        }
        Native::Service(_) => return "System.ServiceProcess.ServiceController".into(),
        Native::Exception => {
            return o.get("Message").map(|v| v.to_str()).unwrap_or_default();
        }
        _ => {}
    }
    if o.type_name == CUSTOM || o.type_name.starts_with("Selected.") || o.type_name.is_empty() {
        let inner: Vec<String> = o
            .props
            .values()
            .map(|(n, v)| format!("{n}={}", v.to_str()))
            .collect();
        return format!("@{{{}}}", inner.join("; "));
    }
    o.type_name.clone()
}

/// Case-insensitive equality as `-eq` has it: the right side converts to the left's type.
pub fn loose_eq(l: &Value, r: &Value, case_sensitive: bool) -> bool {
    match (l, r) {
        (Value::Null, Value::Null) => true,
        (Value::Null, _) | (_, Value::Null) => false,
        (Value::Str(a), _) => {
            let b = r.to_str();
            if case_sensitive {
                **a == *b
            } else {
                a.to_lowercase() == b.to_lowercase()
            }
        }
        (Value::Int(_) | Value::Double(_), _) => match (l.to_f64(), r.to_f64()) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        },
        (Value::Bool(a), _) => *a == r.truthy(),
        (Value::Date(a), Value::Date(b)) => a == b,
        (Value::Object(a), Value::Object(b)) => Rc::ptr_eq(a, b),
        (Value::Hash(a), Value::Hash(b)) => Rc::ptr_eq(a, b),
        (Value::Array(a), Value::Array(b)) => Rc::ptr_eq(a, b),
        _ => l.to_str().eq_ignore_ascii_case(&r.to_str()),
    }
}

/// Ordering as `-lt`/`-gt` and `Sort-Object` have it (numbers as numbers, strings
/// case-insensitively, dates by time).
pub fn compare(l: &Value, r: &Value) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    match (l, r) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::Int(_) | Value::Double(_) | Value::Bool(_), _) => match (l.to_f64(), r.to_f64()) {
            (Some(a), Some(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
            _ => l.to_str().to_lowercase().cmp(&r.to_str().to_lowercase()),
        },
        (Value::Date(a), Value::Date(b)) => a.0.cmp(&b.0),
        _ => {
            let (a, b) = (l.to_str(), r.to_str());
            a.to_lowercase()
                .cmp(&b.to_lowercase())
                .then_with(|| b.cmp(&a))
        }
    }
}
