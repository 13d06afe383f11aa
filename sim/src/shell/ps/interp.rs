//! The interpreter: statements, expressions, pipelines, scopes, functions, error handling
//! (terminating, statement-terminating and non-terminating errors, `$ErrorActionPreference`,
//! `try/catch/finally`), and the bounds every run keeps.

use super::ast::*;
use super::errors::{ErrorRecord, position_message};
use super::value::{CUSTOM, Hash, Native, Obj, Value, loose_eq};
use crate::host::Host;
use crate::process::{Output, Process};
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// The bounds of one run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Statements and loop iterations executed.
    pub statements: u64,
    /// Characters written to the console.
    pub output: usize,
    /// Bytes held by one variable's value (strings, arrays, hashtables).
    pub memory: usize,
    /// Nested function and script block calls.
    pub call_depth: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            statements: 200_000,
            output: 16 << 20,
            memory: 16 << 20,
            call_depth: 40,
        }
    }
}

/// How a run stops early or jumps.
#[derive(Debug, Clone)]
pub enum Flow {
    /// A terminating error.
    Error(Box<ErrorRecord>),
    /// `break`.
    Break,
    /// `continue`.
    Continue,
    /// `return`, with what the function returns.
    Return(Vec<Value>),
    /// `exit N`.
    Exit(i64),
    /// A bound was reached: the message says which.
    Halt(String),
}

/// Result of running something.
pub type R<T> = Result<T, Flow>;

/// `$ErrorActionPreference` / `-ErrorAction`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Print and go on.
    Continue,
    /// Make it terminating.
    Stop,
    /// Record in `$Error` only.
    SilentlyContinue,
    /// Not even recorded.
    Ignore,
}

impl Action {
    /// From a preference value (`'Stop'`, `'SilentlyContinue'`, ...).
    pub fn parse(s: &str) -> Option<Action> {
        match s.to_ascii_lowercase().as_str() {
            "continue" | "inquire" => Some(Action::Continue),
            "stop" => Some(Action::Stop),
            "silentlycontinue" => Some(Action::SilentlyContinue),
            "ignore" => Some(Action::Ignore),
            _ => None,
        }
    }
}

/// What persists between lines of an interactive session: variables, functions, the
/// location, loaded modules.
#[derive(Debug, Clone, Default)]
pub struct State {
    /// Global variables by folded name.
    pub globals: HashMap<String, Value>,
    /// Functions by folded name.
    pub functions: HashMap<String, Rc<Block>>,
    /// The current location (`C:\Windows\system32`, `Cert:\LocalMachine`, `HKLM:\SOFTWARE`).
    pub location: String,
    /// Modules imported (lower-case names).
    pub modules: Vec<String>,
}

impl State {
    /// A session in `cwd`, with PSReadLine loaded as in an interactive console when `interactive`.
    pub fn new(cwd: &str, interactive: bool) -> State {
        let mut s = State {
            location: cwd.to_string(),
            ..State::default()
        };
        if interactive {
            s.modules.push("psreadline".into());
        }
        s
    }
}

/// One run of the interpreter over a host and a process.
pub struct Interp<'h> {
    /// The host.
    pub host: &'h mut Host,
    /// The process (token, environment, `$LASTEXITCODE`).
    pub proc: &'h mut Process,
    /// What the console shows.
    pub out: Output,
    /// Session state.
    pub state: State,
    /// Local scopes, innermost last (the global scope is `state.globals`).
    scopes: Vec<HashMap<String, Value>>,
    /// The script text, for positions.
    pub src: Rc<Vec<char>>,
    /// Where each line of the started script begins (char offsets), for the journal's line
    /// numbers; `None` while a script file it called runs.
    pub line_starts: Option<Rc<Vec<usize>>>,
    /// The script's path for positions (`At C:\x.ps1:3 char:1`), `None` for `line`.
    pub file: Option<String>,
    /// Objects waiting to be formatted (top-level output).
    pending: Vec<Value>,
    /// `$?`.
    pub success: bool,
    /// `try` blocks we are inside.
    try_depth: usize,
    depth: usize,
    steps: u64,
    written: usize,
    /// The bounds.
    pub limits: Limits,
    /// `$Error`, newest first.
    pub errors: Vec<Value>,
}

/// A command's invocation: what a cmdlet gets.
pub struct Call {
    /// The name as typed (`gci`, `Get-ChildItem`).
    pub name: String,
    /// The cmdlet's own name.
    pub cmdlet: &'static str,
    /// Bound parameters by canonical name.
    pub bound: HashMap<&'static str, Value>,
    /// Pipeline input, if the command is not first.
    pub input: Option<Vec<Value>>,
    /// The command's extent, for errors.
    pub span: Span,
    /// `-ErrorAction`.
    pub action: Option<Action>,
}

impl Call {
    /// A bound parameter.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.bound
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }
    /// A switch parameter's state.
    pub fn switch(&self, name: &str) -> bool {
        self.get(name).is_some_and(|v| v.truthy())
    }
    /// A parameter as a string.
    pub fn string(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| v.to_str())
    }
    /// A parameter as a list of strings (arrays enumerated).
    pub fn strings(&self, name: &str) -> Vec<String> {
        self.get(name)
            .map(|v| v.enumerate().iter().map(|x| x.to_str()).collect())
            .unwrap_or_default()
    }
}

fn fold(s: &str) -> String {
    s.to_lowercase()
}

impl<'h> Interp<'h> {
    /// An interpreter over `host` and `process`, with session `state`, for `text`.
    pub fn new(host: &'h mut Host, proc: &'h mut Process, state: State, text: &str) -> Interp<'h> {
        let user = proc.token.user.clone();
        proc.env.init(host, &user);
        Interp {
            host,
            proc,
            out: Output::default(),
            state,
            scopes: Vec::new(),
            src: Rc::new(text.chars().collect()),
            line_starts: Some(Rc::new(line_starts(text))),
            file: None,
            pending: Vec::new(),
            success: true,
            try_depth: 0,
            depth: 0,
            steps: 0,
            written: 0,
            limits: Limits::default(),
            errors: Vec::new(),
        }
    }

    // ---------------------------------------------------------------------------------
    // Output

    /// Formats and prints what the top level output so far.
    pub fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let items = std::mem::take(&mut self.pending);
        let text = super::format::out_default(self, &items);
        self.write_out(&text);
    }

    /// Writes text to the console's stdout (bounded).
    pub fn write_out(&mut self, text: &str) {
        self.written += text.len();
        if self.written > self.limits.output {
            return;
        }
        self.out.out(text);
    }

    /// Writes a line straight to the console (Write-Host), after pending output.
    pub fn host_line(&mut self, text: &str) {
        self.flush();
        self.write_out(&format!("{text}\n"));
    }

    /// Prints an error record on stderr (after pending output).
    pub fn print_error(&mut self, rec: &ErrorRecord) {
        let command = rec.prefix.as_deref().unwrap_or(&rec.activity);
        self.proc.journal.failed(command, 1, &rec.message);
        self.flush();
        let text = rec.render();
        self.written += text.len();
        if self.written <= self.limits.output {
            self.out.err(text);
        }
    }

    /// The position message of `span` in the current script.
    pub fn position(&self, span: Span) -> String {
        position_message(&self.src, span, self.file.as_deref())
    }

    /// A record for a command's error, with the command's name, activity and position.
    pub fn cmd_error(&self, call: &Call, rec: ErrorRecord) -> ErrorRecord {
        let mut rec = rec;
        if rec.activity.is_empty() {
            rec.activity = call.cmdlet.to_string();
        }
        if !rec.fqid.contains(',') {
            rec.fqid = format!(
                "{},Microsoft.PowerShell.Commands.{}Command",
                rec.fqid,
                call.cmdlet.replace('-', "")
            );
        }
        rec.prefix = Some(call.name.clone());
        rec.position = Some(self.position(call.span));
        rec
    }

    /// A non-terminating error of a command: printed, recorded, or made terminating, as
    /// `-ErrorAction` / `$ErrorActionPreference` say.
    pub fn write_error(&mut self, call: &Call, rec: ErrorRecord) -> R<()> {
        let rec = self.cmd_error(call, rec);
        self.success = false;
        let action = call.action.unwrap_or_else(|| self.preference());
        match action {
            Action::Stop => {
                let mut rec = rec;
                rec.script_terminating = true;
                Err(Flow::Error(Box::new(rec)))
            }
            Action::Continue => {
                self.record_error(&rec);
                self.print_error(&rec);
                Ok(())
            }
            Action::SilentlyContinue => {
                self.record_error(&rec);
                Ok(())
            }
            Action::Ignore => Ok(()),
        }
    }

    /// A terminating error of a command (statement-terminating).
    pub fn throw(&self, call: &Call, rec: ErrorRecord) -> Flow {
        Flow::Error(Box::new(self.cmd_error(call, rec)))
    }

    /// A runtime error at `span` (no prefix).
    pub fn runtime_error(&self, span: Span, rec: ErrorRecord) -> Flow {
        let mut rec = rec;
        rec.position = Some(self.position(span));
        Flow::Error(Box::new(rec))
    }

    fn record_error(&mut self, rec: &ErrorRecord) {
        let v = error_value(rec);
        self.errors.insert(0, v);
        self.errors.truncate(256);
    }

    /// `$ErrorActionPreference`.
    pub fn preference(&self) -> Action {
        self.get_var("ErrorActionPreference")
            .and_then(|v| Action::parse(&v.to_str()))
            .unwrap_or(Action::Continue)
    }

    // ---------------------------------------------------------------------------------
    // Variables

    /// A variable's value (locals innermost first, then globals, then automatic ones).
    pub fn get_var(&self, name: &str) -> Option<Value> {
        let (scope, bare) = split_scope(name);
        if let Some(s) = scope {
            match s.as_str() {
                "env" => {
                    return self.proc.env.get(bare).map(Value::str).or_else(|| {
                        crate::process::env::Env::default()
                            .get(bare)
                            .map(Value::str)
                    });
                }
                "global" => return self.state.globals.get(&fold(bare)).cloned(),
                "script" | "local" | "private" => {}
                "variable" => {}
                _ => return None,
            }
        }
        let key = fold(bare);
        for scope in self.scopes.iter().rev() {
            if let Some(v) = scope.get(&key) {
                return Some(v.clone());
            }
        }
        if let Some(v) = self.state.globals.get(&key) {
            return Some(v.clone());
        }
        self.automatic(&key)
    }

    fn automatic(&self, key: &str) -> Option<Value> {
        Some(match key {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            "?" => Value::Bool(self.success),
            "lastexitcode" => Value::Int(self.proc.last_exit as i32 as i64),
            "erroractionpreference" => Value::str("Continue"),
            "error" => Value::array(self.errors.clone()),
            "pwd" => Value::str(&self.state.location),
            "home" => Value::str("C:\\Users\\Administrator"),
            "pshome" => Value::str("C:\\Windows\\System32\\WindowsPowerShell\\v1.0"),
            "pid" => Value::Int(4242),
            "formatenumerationlimit" => Value::Int(4),
            "ofs" => Value::str(" "),
            "psversiontable" => {
                let mut h = Hash::default();
                for (k, v) in [
                    ("PSVersion", "5.1.17763.6414"),
                    ("PSEdition", "Desktop"),
                    ("BuildVersion", "10.0.17763.6414"),
                    ("CLRVersion", "4.0.30319.42000"),
                    ("WSManStackVersion", "3.0"),
                    ("PSRemotingProtocolVersion", "2.3"),
                    ("SerializationVersion", "1.1.0.1"),
                ] {
                    h.set(Value::str(k), Value::str(v));
                }
                Value::Hash(Rc::new(RefCell::new(h)))
            }
            _ => return None,
        })
    }

    /// Sets a variable in the innermost scope (or the scope named: `global:`, `env:`).
    pub fn set_var(&mut self, name: &str, value: Value) -> R<()> {
        let (scope, bare) = split_scope(name);
        let weight = value.weight(self.limits.memory + 1);
        if weight > self.limits.memory {
            return Err(Flow::Halt(format!(
                "The script stopped: the value assigned to ${bare} holds more than {} MiB, the limit of memory a variable may hold.",
                self.limits.memory >> 20
            )));
        }
        match scope.as_deref() {
            Some("env") => {
                self.proc.env.set(bare, &value.to_str());
                return Ok(());
            }
            Some("global") => {
                self.state.globals.insert(fold(bare), value);
                return Ok(());
            }
            _ => {}
        }
        let key = fold(bare);
        if key == "?" {
            return Ok(());
        }
        if key == "lastexitcode" {
            self.proc.last_exit = value.to_i64().unwrap_or(0) as u32;
        }
        match self.scopes.last_mut() {
            Some(s) if scope.is_none() || scope.as_deref() == Some("local") => {
                s.insert(key, value);
            }
            Some(_) if scope.as_deref() == Some("script") => {
                // The script scope is the outermost local one, or global at top level.
                match self.scopes.first_mut() {
                    Some(s) => {
                        s.insert(key, value);
                    }
                    None => {
                        self.state.globals.insert(key, value);
                    }
                }
            }
            _ => {
                self.state.globals.insert(key, value);
            }
        }
        Ok(())
    }

    fn tick(&mut self) -> R<()> {
        self.steps += 1;
        if self.steps > self.limits.statements {
            return Err(Flow::Halt(format!(
                "The script stopped after {} statements, the limit of one run (a loop that never ends?).",
                self.limits.statements
            )));
        }
        Ok(())
    }

    // ---------------------------------------------------------------------------------
    // Statements

    /// Runs a script's top level: output is formatted to the console as it comes.
    pub fn run_top(&mut self, block: &Block) -> R<()> {
        for s in &block.body {
            match self.stmt_reporting(s) {
                Ok(vals) => {
                    self.pending.extend(vals);
                }
                Err(f) => {
                    self.flush();
                    return Err(f);
                }
            }
        }
        self.flush();
        Ok(())
    }

    /// A statement; a statement-terminating error outside `try` is printed and the run goes on.
    fn stmt_reporting(&mut self, s: &Stmt) -> R<Vec<Value>> {
        match self.stmt(s) {
            Err(Flow::Error(rec)) if !rec.script_terminating && self.try_depth == 0 => {
                if self.preference() == Action::Stop {
                    let mut rec = rec;
                    rec.script_terminating = true;
                    return Err(Flow::Error(rec));
                }
                self.success = false;
                self.record_error(&rec);
                self.print_error(&rec);
                Ok(Vec::new())
            }
            other => other,
        }
    }

    /// Runs statements, collecting their output.
    pub fn stmts(&mut self, stmts: &[Stmt]) -> R<Vec<Value>> {
        let mut out = Vec::new();
        for s in stmts {
            out.extend(self.stmt_reporting(s)?);
        }
        Ok(out)
    }

    fn stmt(&mut self, s: &Stmt) -> R<Vec<Value>> {
        self.tick()?;
        match s {
            Stmt::Pipeline(p) => self.pipeline(p, None),
            Stmt::Assign(target, op, value, span) => {
                let v = self.stmt(value)?;
                let v = collapse(v);
                self.assign(target, *op, v, *span)?;
                Ok(Vec::new())
            }
            Stmt::If(clauses, els) => {
                for (c, b) in clauses {
                    let v = collapse(self.pipeline(c, None)?);
                    if v.truthy() {
                        return self.stmts(&b.body);
                    }
                }
                match els {
                    Some(b) => self.stmts(&b.body),
                    None => Ok(Vec::new()),
                }
            }
            Stmt::While(c, b) => {
                let mut out = Vec::new();
                loop {
                    self.tick()?;
                    if !collapse(self.pipeline(c, None)?).truthy() {
                        break;
                    }
                    match self.stmts(&b.body) {
                        Ok(v) => out.extend(v),
                        Err(Flow::Break) => break,
                        Err(Flow::Continue) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(out)
            }
            Stmt::Do(b, c, until) => {
                let mut out = Vec::new();
                loop {
                    self.tick()?;
                    match self.stmts(&b.body) {
                        Ok(v) => out.extend(v),
                        Err(Flow::Break) => break,
                        Err(Flow::Continue) => {}
                        Err(e) => return Err(e),
                    }
                    let t = collapse(self.pipeline(c, None)?).truthy();
                    if t == *until {
                        break;
                    }
                }
                Ok(out)
            }
            Stmt::For(init, cond, step, b) => {
                let mut out = Vec::new();
                if let Some(i) = init {
                    out.extend(self.stmt(i)?);
                }
                loop {
                    self.tick()?;
                    if let Some(c) = cond {
                        if !collapse(self.pipeline(c, None)?).truthy() {
                            break;
                        }
                    }
                    match self.stmts(&b.body) {
                        Ok(v) => out.extend(v),
                        Err(Flow::Break) => break,
                        Err(Flow::Continue) => {}
                        Err(e) => return Err(e),
                    }
                    if let Some(s) = step {
                        self.stmt(s)?;
                    }
                }
                Ok(out)
            }
            Stmt::Foreach(var, p, b) => {
                let items: Vec<Value> = self
                    .pipeline(p, None)?
                    .iter()
                    .flat_map(|v| v.enumerate())
                    .collect();
                let mut out = Vec::new();
                for item in items {
                    self.tick()?;
                    self.set_var(var, item)?;
                    match self.stmts(&b.body) {
                        Ok(v) => out.extend(v),
                        Err(Flow::Break) => break,
                        Err(Flow::Continue) => {}
                        Err(e) => return Err(e),
                    }
                }
                Ok(out)
            }
            Stmt::Switch(v, cases, default) => self.switch(v, cases, default.as_ref()),
            Stmt::Try(body, catches, fin) => self.try_stmt(body, catches, fin.as_ref()),
            Stmt::Function(name, b) => {
                self.state.functions.insert(fold(name), b.clone());
                Ok(Vec::new())
            }
            Stmt::Return(p) => {
                let v = match p {
                    Some(p) => self.pipeline(p, None)?,
                    None => Vec::new(),
                };
                Err(Flow::Return(v))
            }
            Stmt::Break => Err(Flow::Break),
            Stmt::Continue => Err(Flow::Continue),
            Stmt::Exit(p) => {
                let code = match p {
                    Some(p) => collapse(self.pipeline(p, None)?).to_i64().unwrap_or(0),
                    None => 0,
                };
                Err(Flow::Exit(code))
            }
            Stmt::Throw(p, span) => {
                let v = match p {
                    Some(p) => collapse(self.pipeline(p, None)?),
                    None => Value::Null,
                };
                let mut rec = match &v {
                    Value::Object(o) => match &o.borrow().native {
                        Native::Error(e) => (**e).clone(),
                        _ => thrown(&v.to_str()),
                    },
                    Value::Null => {
                        let mut r = thrown("ScriptHalted");
                        r.fqid = "ScriptHalted".into();
                        r
                    }
                    other => thrown(&other.to_str()),
                };
                rec.position = Some(self.position(*span));
                rec.script_terminating = true;
                Err(Flow::Error(Box::new(rec)))
            }
        }
    }

    fn switch(
        &mut self,
        v: &Pipeline,
        cases: &[(Expr, Block)],
        default: Option<&Block>,
    ) -> R<Vec<Value>> {
        let items: Vec<Value> = self
            .pipeline(v, None)?
            .iter()
            .flat_map(|x| x.enumerate())
            .collect();
        let mut out = Vec::new();
        'items: for item in items {
            self.set_var("_", item.clone())?;
            let mut matched = false;
            for (pat, body) in cases {
                let hit = match &pat.kind {
                    ExprKind::Block(b) => {
                        let r = self.invoke_block(b, vec![], Some(item.clone()), None)?;
                        collapse(r).truthy()
                    }
                    _ => {
                        let p = self.expr(pat)?;
                        loose_eq(&item, &p, false)
                    }
                };
                if hit {
                    matched = true;
                    match self.stmts(&body.body) {
                        Ok(v) => out.extend(v),
                        Err(Flow::Break) => break 'items,
                        Err(Flow::Continue) => continue 'items,
                        Err(e) => return Err(e),
                    }
                }
            }
            if !matched {
                if let Some(d) = default {
                    match self.stmts(&d.body) {
                        Ok(v) => out.extend(v),
                        Err(Flow::Break) => break,
                        Err(Flow::Continue) => {}
                        Err(e) => return Err(e),
                    }
                }
            }
        }
        Ok(out)
    }

    fn try_stmt(
        &mut self,
        body: &Block,
        catches: &[(Vec<String>, Block)],
        fin: Option<&Block>,
    ) -> R<Vec<Value>> {
        self.try_depth += 1;
        let r = self.stmts(&body.body);
        self.try_depth -= 1;
        let mut out = Vec::new();
        let result = match r {
            Ok(v) => {
                out.extend(v);
                Ok(())
            }
            Err(Flow::Error(rec)) => {
                let handler = catches.iter().find(|(types, _)| {
                    types.is_empty() || types.iter().any(|t| catches_type(t, &rec.exception_type))
                });
                match handler {
                    Some((_, b)) => {
                        self.record_error(&rec);
                        let saved = self.get_var("_");
                        self.set_var("_", error_value(&rec))?;
                        self.set_var("PSItem", error_value(&rec))?;
                        let r = self.stmts(&b.body);
                        if let Some(s) = saved {
                            self.set_var("_", s)?;
                        }
                        match r {
                            Ok(v) => {
                                out.extend(v);
                                Ok(())
                            }
                            Err(e) => Err(e),
                        }
                    }
                    None => Err(Flow::Error(rec)),
                }
            }
            Err(other) => Err(other),
        };
        if let Some(f) = fin {
            if !matches!(result, Err(Flow::Halt(_))) {
                out.extend(self.stmts(&f.body)?);
            }
        }
        result.map(|_| out)
    }

    // ---------------------------------------------------------------------------------
    // Assignment

    fn assign(&mut self, target: &Expr, op: AssignOp, value: Value, span: Span) -> R<()> {
        let value = if op == AssignOp::Set {
            value
        } else {
            let cur = self.expr(target)?;
            let bop = match op {
                AssignOp::Add => BinOp::Add,
                AssignOp::Sub => BinOp::Sub,
                AssignOp::Mul => BinOp::Mul,
                _ => BinOp::Div,
            };
            self.binary_values(bop, cur, value, span)?
        };
        match &target.kind {
            ExprKind::Var(name) => self.set_var(name, value),
            ExprKind::Cast(_, inner) => self.assign(inner, AssignOp::Set, value, span),
            ExprKind::Member(obj, name, _) => {
                let o = self.expr(obj)?;
                let n = self.expr(name)?.to_str();
                self.set_member(&o, &n, value, target.span)
            }
            ExprKind::Index(obj, idx) => {
                let o = self.expr(obj)?;
                let i = self.expr(idx)?;
                match o {
                    Value::Hash(h) => {
                        h.borrow_mut().set(i, value);
                        Ok(())
                    }
                    Value::Array(a) => {
                        let mut a = a.borrow_mut();
                        let len = a.len() as i64;
                        let n = i.to_i64().unwrap_or(0);
                        let n = if n < 0 { n + len } else { n };
                        if n < 0 || n >= len {
                            return Err(self.runtime_error(
                                target.span,
                                ErrorRecord::new("Index was outside the bounds of the array.", "IndexOutOfRange")
                                    .category("OperationStopped", "", "")
                                    .exception("System.IndexOutOfRangeException"),
                            ));
                        }
                        a[n as usize] = value;
                        Ok(())
                    }
                    Value::Object(o) => {
                        o.borrow_mut().set(&i.to_str(), value);
                        Ok(())
                    }
                    _ => Err(self.runtime_error(
                        target.span,
                        ErrorRecord::new("Cannot index into a null array.", "NullArray")
                            .category("InvalidOperation", "", "")
                            .exception("System.Management.Automation.RuntimeException"),
                    )),
                }
            }
            _ => Err(self.runtime_error(
                target.span,
                ErrorRecord::new(
                    "The assignment expression is not valid. The input to an assignment operator must be an object that is able to accept assignments, such as a variable or a property.",
                    "InvalidLeftHandSide",
                )
                .category("ParserError", "", ""),
            )),
        }
    }

    fn set_member(&mut self, o: &Value, name: &str, value: Value, span: Span) -> R<()> {
        match o {
            Value::Hash(h) => {
                h.borrow_mut().set(Value::str(name), value);
                Ok(())
            }
            Value::Object(obj) => {
                let exists = obj.borrow().get(name).is_some();
                if !exists {
                    return Err(self.runtime_error(
                        span,
                        ErrorRecord::new(
                            format!("The property '{name}' cannot be found on this object. Verify that the property exists and can be set."),
                            "PropertyAssignmentException",
                        )
                        .category("InvalidOperation", "", "")
                        .exception("System.Management.Automation.RuntimeException"),
                    ));
                }
                obj.borrow_mut().set(name, value);
                Ok(())
            }
            _ => Err(self.runtime_error(
                span,
                ErrorRecord::new(
                    format!("The property '{name}' cannot be found on this object. Verify that the property exists and can be set."),
                    "PropertyNotFound",
                )
                .category("InvalidOperation", "", "")
                .exception("System.Management.Automation.RuntimeException"),
            )),
        }
    }

    // ---------------------------------------------------------------------------------
    // Pipelines

    /// Runs a pipeline with optional input.
    pub fn pipeline(&mut self, p: &Pipeline, input: Option<Vec<Value>>) -> R<Vec<Value>> {
        if let Some(starts) = &self.line_starts {
            self.proc.journal.line = starts.partition_point(|&s| s <= p.span.start);
        }
        let mut data = input;
        for e in &p.elements {
            let out = match e {
                Element::Expr(x) => {
                    let v = self.expr(x)?;
                    // `$i++` and `++$i` as statements output nothing.
                    let silent = p.elements.len() == 1
                        && matches!(
                            &x.kind,
                            ExprKind::PostStep(..)
                                | ExprKind::Unary(UnOp::PreInc | UnOp::PreDec, _)
                        );
                    if silent {
                        Vec::new()
                    } else {
                        v.enumerate_for_output()
                    }
                }
                Element::Command(c) => self.command(c, data.take())?,
            };
            data = Some(out);
        }
        Ok(data.unwrap_or_default())
    }

    fn command(&mut self, c: &Command, input: Option<Vec<Value>>) -> R<Vec<Value>> {
        // Redirections: `2>$null`, `> file`, `2>&1`, `*>`.
        let mut discard_errors = false;
        let mut merge_errors = false;
        let mut file_target: Option<(String, bool)> = None;
        for r in &c.redirects {
            match &r.target {
                None => merge_errors = true,
                Some(t) => {
                    let target = self.expr(t)?;
                    let is_null = target.is_null() || target.to_str().eq_ignore_ascii_case("$null");
                    if r.stream == 2 {
                        if is_null {
                            discard_errors = true;
                        }
                    } else if is_null {
                        file_target = Some((String::new(), false));
                    } else {
                        file_target = Some((target.to_str(), r.append));
                    }
                    if r.stream == 0 && is_null {
                        discard_errors = true;
                    }
                }
            }
        }
        let saved_out = if discard_errors || merge_errors || file_target.is_some() {
            self.flush();
            Some(std::mem::take(&mut self.out))
        } else {
            None
        };
        let result = self.command_inner(c, input);
        let Some(saved) = saved_out else {
            return result;
        };
        let captured = std::mem::replace(&mut self.out, saved);
        let mut values = match result {
            Ok(v) => v,
            Err(Flow::Error(rec)) if discard_errors && !rec.script_terminating => Vec::new(),
            Err(e) => {
                self.out.chunks.extend(captured.chunks);
                return Err(e);
            }
        };
        for (stream, text) in captured.chunks {
            match stream {
                crate::process::Stream::Err if discard_errors => {}
                crate::process::Stream::Err if merge_errors => {
                    values.extend(text.lines().map(Value::str));
                }
                crate::process::Stream::Err => self.out.err(text),
                crate::process::Stream::Out => values.extend(text.lines().map(Value::str)),
            }
        }
        if let Some((path, append)) = file_target {
            if !path.is_empty() {
                let text = super::format::out_string(self, &values);
                super::cmdlets::write_text_file(self, &path, &text, append, c.span, "out-file")?;
            }
            return Ok(Vec::new());
        }
        Ok(values)
    }

    fn command_inner(&mut self, c: &Command, input: Option<Vec<Value>>) -> R<Vec<Value>> {
        let name_value = match &c.name.kind {
            ExprKind::Str(s, StrQuote::Bare) if c.invoke.is_none() => Value::str(s),
            _ => self.expr(&c.name)?,
        };
        if let Value::Block(b) = &name_value {
            let args = self.plain_args(&c.args)?;
            let dot = c.invoke == Some('.');
            return self.invoke_block_scoped(b, args, None, input, !dot);
        }
        let name = name_value.to_str();
        let resolved = super::cmdlets::resolve_alias(&name)
            .unwrap_or(&name)
            .to_string();
        // Functions first, then cmdlets, then programs.
        if let Some(f) = self.state.functions.get(&fold(&resolved)).cloned() {
            let args = self.eval_args(&c.args)?;
            return self.invoke_function(&f, args, input);
        }
        if let Some(spec) = super::cmdlets::find(&resolved) {
            let args = self.eval_args(&c.args)?;
            let mut call = super::bind::bind(self, spec, &name, args, input, c.span)?;
            self.success = true;
            let r = (spec.run)(self, &mut call);
            return r;
        }
        if let Some(program) = crate::process::programs::lookup(&name) {
            if !name.contains(['\\', '/']) || self.native_path_exists(&name) {
                let args: Vec<String> = self
                    .plain_args(&c.args)?
                    .iter()
                    .flat_map(|v| v.enumerate())
                    .map(|v| v.to_str())
                    .collect();
                return self.run_native(&name, program, &args, input);
            }
        }
        if name.to_ascii_lowercase().ends_with(".ps1") {
            if let Some(text) = self.read_script(&name) {
                let args = self.plain_args(&c.args)?;
                return self.run_script_file(&name, &text, args);
            }
        }
        Err(self.not_recognized(&name, c.name_span))
    }

    fn native_path_exists(&self, name: &str) -> bool {
        let lower = name.to_ascii_lowercase();
        lower.starts_with("c:\\windows\\system32\\")
            || lower.starts_with(".\\")
            || lower.contains("system32")
    }

    fn read_script(&self, name: &str) -> Option<String> {
        let path = crate::fs::normalize(name, &self.proc.cwd).ok()?;
        let bytes = self.host.fs().read_file(&path, &self.proc.token).ok()?;
        Some(crate::text::decode_console(&bytes))
    }

    fn run_script_file(&mut self, name: &str, text: &str, args: Vec<Value>) -> R<Vec<Value>> {
        let block = match super::parse::parse_script(text) {
            Ok(b) => b,
            Err(e) => {
                let chars: Vec<char> = text.chars().collect();
                let rec = super::errors::from_parse_error(&e, &chars, Some(name));
                return Err(Flow::Error(Box::new(rec)));
            }
        };
        let saved_src = std::mem::replace(&mut self.src, Rc::new(text.chars().collect()));
        let saved_file = self.file.replace(name.to_string());
        let saved_lines = self.line_starts.take();
        let r = self.invoke_block_scoped(&Rc::new(block), args, None, None, true);
        self.src = saved_src;
        self.file = saved_file;
        self.line_starts = saved_lines;
        r
    }

    /// The "not recognized" error for `name` at `span`.
    pub fn not_recognized(&self, name: &str, span: Span) -> Flow {
        let mut rec = ErrorRecord::new(
            format!("The term '{name}' is not recognized as the name of a cmdlet, function, script file, or operable program. Check the spelling of the name, or if a path was included, verify that the path is correct and try again."),
            "CommandNotFoundException",
        )
        .category("ObjectNotFound", name, "String")
        .exception("System.Management.Automation.CommandNotFoundException");
        rec.prefix = Some(name.to_string());
        rec.position = Some(self.position(span));
        Flow::Error(Box::new(rec))
    }

    /// Runs a native program: its stdout becomes strings in the pipeline, stderr goes to the
    /// console, `$LASTEXITCODE` and `$?` follow its exit code.
    pub fn run_native(
        &mut self,
        name: &str,
        program: crate::process::programs::Program,
        args: &[String],
        input: Option<Vec<Value>>,
    ) -> R<Vec<Value>> {
        self.flush();
        let saved_stdin = self.proc.stdin.take();
        if let Some(items) = &input {
            let text: String = items
                .iter()
                .map(|v| format!("{}\r\n", v.to_str()))
                .collect();
            self.proc.stdin = Some(crate::process::Stdin::new(&text));
        }
        let saved_cwd = self.proc.cwd.clone();
        if let Some(fs) = super::provider::filesystem_location(&self.state.location) {
            self.proc.cwd = fs;
        }
        let out = program(self.host, self.proc, args);
        self.proc.cwd = saved_cwd;
        self.proc.stdin = saved_stdin;
        self.proc.last_exit = out.code;
        self.success = out.code == 0;
        if out.code != 0 {
            let command = std::iter::once(name.to_string())
                .chain(args.iter().cloned())
                .collect::<Vec<_>>()
                .join(" ");
            self.proc.journal.failed(&command, out.code, &out.stderr());
        }
        let mut values = Vec::new();
        for (stream, text) in out.chunks {
            match stream {
                crate::process::Stream::Out => {
                    let t = text.replace("\r\n", "\n");
                    let t = t.strip_suffix('\n').unwrap_or(&t);
                    values.extend(t.split('\n').map(Value::str));
                }
                crate::process::Stream::Err => {
                    self.written += text.len();
                    if self.written <= self.limits.output {
                        self.out.err(text);
                    }
                }
            }
        }
        Ok(values)
    }

    /// Evaluates arguments: parameters stay named, values are evaluated.
    fn eval_args(&mut self, args: &[Arg]) -> R<Vec<super::bind::ArgValue>> {
        let mut out = Vec::new();
        for a in args {
            match a {
                Arg::Param(n, v, span) => {
                    let value = match v {
                        Some(e) => Some(self.arg_value(e)?),
                        None => None,
                    };
                    out.push(super::bind::ArgValue::Named(n.clone(), value, *span));
                }
                Arg::Value(e) => {
                    if let ExprKind::Splat(name) = &e.kind {
                        match self.get_var(name) {
                            Some(Value::Hash(h)) => {
                                for (k, v) in h.borrow().entries.values() {
                                    out.push(super::bind::ArgValue::Named(
                                        k.to_str(),
                                        Some(v.clone()),
                                        e.span,
                                    ));
                                }
                            }
                            Some(Value::Array(a)) => {
                                for v in a.borrow().iter() {
                                    out.push(super::bind::ArgValue::Positional(v.clone(), e.span));
                                }
                            }
                            _ => {}
                        }
                        continue;
                    }
                    let v = self.arg_value(e)?;
                    out.push(super::bind::ArgValue::Positional(v, e.span));
                }
            }
        }
        Ok(out)
    }

    fn arg_value(&mut self, e: &Expr) -> R<Value> {
        self.expr(e)
    }

    fn plain_args(&mut self, args: &[Arg]) -> R<Vec<Value>> {
        let mut out = Vec::new();
        for a in args {
            match a {
                Arg::Param(n, v, _) => match v {
                    Some(e) => {
                        let val = self.expr(e)?;
                        out.push(Value::str(format!("-{n}:{}", val.to_str())));
                    }
                    None => out.push(Value::str(format!("-{n}"))),
                },
                Arg::Value(e) => out.push(self.expr(e)?),
            }
        }
        Ok(out)
    }

    /// Calls a function with evaluated arguments.
    fn invoke_function(
        &mut self,
        f: &Rc<Block>,
        args: Vec<super::bind::ArgValue>,
        input: Option<Vec<Value>>,
    ) -> R<Vec<Value>> {
        let mut named: HashMap<String, Value> = HashMap::new();
        let mut positional = Vec::new();
        let mut pending: Option<String> = None;
        for a in args {
            match a {
                super::bind::ArgValue::Named(n, Some(v), _) => {
                    if let Some(p) = pending.take() {
                        named.insert(p, Value::Bool(true));
                    }
                    named.insert(fold(&n), v);
                }
                super::bind::ArgValue::Named(n, None, _) => {
                    if let Some(p) = pending.take() {
                        named.insert(p, Value::Bool(true));
                    }
                    let key = fold(&n);
                    let is_switch = f
                        .params
                        .iter()
                        .find(|p| fold(&p.name).starts_with(&key))
                        .is_some_and(|p| p.types.iter().any(|t| t.eq_ignore_ascii_case("switch")));
                    if is_switch {
                        named.insert(key, Value::Bool(true));
                    } else {
                        pending = Some(key);
                    }
                }
                super::bind::ArgValue::Positional(v, _) => match pending.take() {
                    Some(p) => {
                        named.insert(p, v);
                    }
                    None => positional.push(v),
                },
            }
        }
        if let Some(p) = pending.take() {
            named.insert(p, Value::Bool(true));
        }
        let mut scope = HashMap::new();
        let mut pos = positional.into_iter();
        let mut rest = Vec::new();
        for p in &f.params {
            let key = fold(&p.name);
            let given = named
                .iter()
                .find(|(k, _)| key == **k || key.starts_with(k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()));
            let v = match given {
                Some((k, v)) => {
                    named.remove(&k);
                    Some(v)
                }
                None => pos.next(),
            };
            let v = match v {
                Some(v) => Some(v),
                None => match &p.default {
                    Some(d) => Some(self.expr(d)?),
                    None => None,
                },
            };
            let v = match (v, p.types.iter().find(|t| !t.contains('('))) {
                (Some(v), Some(t)) => self.cast(t, v, Span::default())?,
                (Some(v), None) => v,
                (None, Some(t)) if t.eq_ignore_ascii_case("switch") => Value::Bool(false),
                (None, _) => Value::Null,
            };
            scope.insert(key, v);
        }
        rest.extend(pos);
        scope.insert("args".into(), Value::array(rest));
        if let Some(items) = input {
            scope.insert("input".into(), Value::array(items.clone()));
            if let Some(last) = items.last() {
                scope.insert("_".into(), last.clone());
            }
        }
        self.call_with_scope(f, scope)
    }

    fn call_with_scope(&mut self, f: &Rc<Block>, scope: HashMap<String, Value>) -> R<Vec<Value>> {
        self.depth += 1;
        if self.depth > self.limits.call_depth {
            self.depth -= 1;
            let mut rec = ErrorRecord::new(
                "The script failed due to call depth overflow.",
                "CallDepthOverflow",
            )
            .category("InvalidOperation", "0", "Int32")
            .exception("System.Management.Automation.ScriptCallDepthException");
            rec.script_terminating = true;
            return Err(Flow::Error(Box::new(rec)));
        }
        self.scopes.push(scope);
        let r = self.stmts(&f.body);
        self.scopes.pop();
        self.depth -= 1;
        match r {
            Ok(v) => Ok(v),
            Err(Flow::Return(v)) => Ok(v),
            Err(e) => Err(e),
        }
    }

    /// Invokes a script block with `$_` set (ForEach-Object, Where-Object), in a new scope
    /// unless `dot`.
    pub fn invoke_block(
        &mut self,
        b: &Rc<Block>,
        args: Vec<Value>,
        dollar: Option<Value>,
        input: Option<Vec<Value>>,
    ) -> R<Vec<Value>> {
        let mut scope = HashMap::new();
        if let Some(d) = dollar {
            scope.insert("_".to_string(), d.clone());
            scope.insert("psitem".to_string(), d);
        }
        for (p, a) in b.params.iter().zip(args.iter()) {
            scope.insert(fold(&p.name), a.clone());
        }
        scope.insert("args".into(), Value::array(args));
        if let Some(i) = input {
            scope.insert("input".into(), Value::array(i));
        }
        self.call_with_scope(b, scope)
    }

    fn invoke_block_scoped(
        &mut self,
        b: &Rc<Block>,
        args: Vec<Value>,
        dollar: Option<Value>,
        input: Option<Vec<Value>>,
        scoped: bool,
    ) -> R<Vec<Value>> {
        if scoped {
            return self.invoke_block(b, args, dollar, input);
        }
        let r = self.stmts(&b.body);
        match r {
            Err(Flow::Return(v)) => Ok(v),
            other => other,
        }
    }

    // ---------------------------------------------------------------------------------
    // Expressions

    /// Evaluates an expression.
    pub fn expr(&mut self, e: &Expr) -> R<Value> {
        match &e.kind {
            ExprKind::Int(n) => Ok(Value::Int(*n)),
            ExprKind::Double(d) => Ok(Value::Double(*d)),
            ExprKind::Str(s, _) => Ok(Value::str(s)),
            ExprKind::Expand(parts, _) => {
                let mut s = String::new();
                for p in parts {
                    match p {
                        Part::Text(t) => s.push_str(t),
                        Part::Var(v) => {
                            s.push_str(&self.get_var(v).unwrap_or(Value::Null).to_str())
                        }
                        Part::Sub(stmts) => {
                            let v = self.stmts(stmts)?;
                            s.push_str(&collapse(v).to_str());
                        }
                    }
                    self.check_len(s.len(), e.span)?;
                }
                Ok(Value::str(s))
            }
            ExprKind::Var(v) => Ok(self.get_var(v).unwrap_or(Value::Null)),
            ExprKind::Splat(v) => Ok(self.get_var(v).unwrap_or(Value::Null)),
            ExprKind::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for x in items {
                    out.push(self.expr(x)?);
                }
                Ok(Value::array(out))
            }
            ExprKind::ArraySub(stmts) => {
                let v = self.stmts(stmts)?;
                Ok(Value::array(v))
            }
            ExprKind::Sub(stmts) => Ok(collapse(self.stmts(stmts)?)),
            ExprKind::Paren(s) => match &**s {
                Stmt::Pipeline(p) => Ok(collapse(self.pipeline(p, None)?)),
                Stmt::Assign(t, ..) => {
                    self.stmt(s)?;
                    self.expr(t)
                }
                other => Ok(collapse(self.stmt(other)?)),
            },
            ExprKind::Hash(items) => {
                let mut h = Hash::default();
                for (k, v) in items {
                    let key = self.expr(k)?;
                    let val = collapse(self.stmt(v)?);
                    h.set(key, val);
                }
                Ok(Value::Hash(Rc::new(RefCell::new(h))))
            }
            ExprKind::Block(b) => Ok(Value::Block(b.clone())),
            ExprKind::Binary(op, l, r) => {
                if *op == BinOp::And {
                    let a = self.expr(l)?.truthy();
                    return Ok(Value::Bool(a && self.expr(r)?.truthy()));
                }
                if *op == BinOp::Or {
                    let a = self.expr(l)?.truthy();
                    return Ok(Value::Bool(a || self.expr(r)?.truthy()));
                }
                let a = self.expr(l)?;
                let b = self.expr(r)?;
                self.binary_values(*op, a, b, e.span)
            }
            ExprKind::Unary(op, x) => self.unary(*op, x, e.span),
            ExprKind::Type(t) => Ok(Value::Type(t.clone())),
            ExprKind::Cast(t, x) => {
                let v = self.expr(x)?;
                self.cast(t, v, e.span)
            }
            ExprKind::Member(o, n, st) => {
                let obj = self.expr(o)?;
                let name = self.expr(n)?.to_str();
                if *st {
                    return super::members::static_member(self, &obj, &name, e.span);
                }
                Ok(super::members::get_member(self, &obj, &name))
            }
            ExprKind::Invoke(o, n, args, st) => {
                let obj = self.expr(o)?;
                let mut vals = Vec::with_capacity(args.len());
                for a in args {
                    vals.push(self.expr(a)?);
                }
                if *st {
                    return super::members::call_static(self, &obj, n, vals, e.span);
                }
                super::members::call_method(self, &obj, n, vals, e.span)
            }
            ExprKind::Index(o, i) => {
                let obj = self.expr(o)?;
                let idx = self.expr(i)?;
                Ok(index(&obj, &idx))
            }
            ExprKind::PostStep(x, inc) => {
                let cur = self.expr(x)?;
                let next = self.binary_values(
                    BinOp::Add,
                    cur.clone(),
                    Value::Int(if *inc { 1 } else { -1 }),
                    e.span,
                )?;
                self.assign(x, AssignOp::Set, next, e.span)?;
                Ok(cur)
            }
        }
    }

    fn check_len(&self, len: usize, span: Span) -> R<()> {
        if len > self.limits.memory {
            let _ = span;
            return Err(Flow::Halt(format!(
                "The script stopped: a string grew past {} MiB, the limit of memory a value may hold.",
                self.limits.memory >> 20
            )));
        }
        Ok(())
    }

    fn unary(&mut self, op: UnOp, x: &Expr, span: Span) -> R<Value> {
        match op {
            UnOp::PreInc | UnOp::PreDec => {
                let cur = self.expr(x)?;
                let next = self.binary_values(
                    BinOp::Add,
                    cur,
                    Value::Int(if op == UnOp::PreInc { 1 } else { -1 }),
                    span,
                )?;
                self.assign(x, AssignOp::Set, next.clone(), span)?;
                Ok(next)
            }
            _ => {
                let v = self.expr(x)?;
                Ok(match op {
                    UnOp::Not => Value::Bool(!v.truthy()),
                    UnOp::Neg => match v.to_number() {
                        Some(Value::Int(n)) => Value::Int(-n),
                        Some(Value::Double(d)) => Value::Double(-d),
                        _ => return Err(self.op_error(span, "-", &v)),
                    },
                    UnOp::Plus => v.to_number().unwrap_or(v),
                    UnOp::Comma => Value::array(vec![v]),
                    UnOp::Split => Value::array(
                        v.enumerate()
                            .iter()
                            .flat_map(|s| {
                                s.to_str()
                                    .split_whitespace()
                                    .map(Value::str)
                                    .collect::<Vec<_>>()
                            })
                            .collect(),
                    ),
                    UnOp::Join => {
                        Value::str(v.enumerate().iter().map(|s| s.to_str()).collect::<String>())
                    }
                    UnOp::PreInc | UnOp::PreDec => Value::Null,
                })
            }
        }
    }

    fn op_error(&self, span: Span, op: &str, v: &Value) -> Flow {
        self.runtime_error(
            span,
            ErrorRecord::new(
                format!("Method invocation failed because [{}] does not contain a method named 'op_{}'.", v.type_name(), match op {
                    "-" => "Subtraction",
                    "*" => "Multiply",
                    "/" => "Division",
                    _ => "Addition",
                }),
                "MethodNotFound",
            )
            .category("InvalidOperation", "", "")
            .exception("System.Management.Automation.RuntimeException"),
        )
    }

    /// A binary operator on values.
    pub fn binary_values(&mut self, op: BinOp, a: Value, b: Value, span: Span) -> R<Value> {
        match op {
            BinOp::Add => self.add(a, b, span),
            BinOp::Sub | BinOp::Mul | BinOp::Div | BinOp::Rem => {
                if op == BinOp::Mul {
                    if let Value::Str(s) = &a {
                        let n = b.to_i64().unwrap_or(0).max(0) as usize;
                        self.check_len(s.len().saturating_mul(n), span)?;
                        return Ok(Value::str(s.repeat(n)));
                    }
                    if let Value::Array(arr) = &a {
                        let n = b.to_i64().unwrap_or(0).max(0) as usize;
                        let items = arr.borrow();
                        if items.len().saturating_mul(n) > 1_000_000 {
                            return Err(Flow::Halt(
                                "The script stopped: an array grew past 1,000,000 elements.".into(),
                            ));
                        }
                        let mut out = Vec::new();
                        for _ in 0..n {
                            out.extend(items.iter().cloned());
                        }
                        return Ok(Value::array(out));
                    }
                }
                let (Some(x), Some(y)) = (a.to_number(), b.to_number()) else {
                    let sym = match op {
                        BinOp::Sub => "-",
                        BinOp::Mul => "*",
                        BinOp::Div => "/",
                        _ => "%",
                    };
                    return Err(self.op_error(span, sym, &a));
                };
                arith(op, x, y).ok_or_else(|| {
                    self.runtime_error(
                        span,
                        ErrorRecord::new("Attempted to divide by zero.", "RuntimeException")
                            .category("NotSpecified", "", "")
                            .exception("System.Management.Automation.RuntimeException"),
                    )
                })
            }
            BinOp::Range => {
                let (x, y) = (a.to_i64().unwrap_or(0), b.to_i64().unwrap_or(0));
                if x.abs_diff(y) > 1_000_000 {
                    return Err(Flow::Halt(
                        "The script stopped: a range of more than 1,000,000 numbers.".into(),
                    ));
                }
                let v: Vec<Value> = if x <= y {
                    (x..=y).map(Value::Int).collect()
                } else {
                    (y..=x).rev().map(Value::Int).collect()
                };
                Ok(Value::array(v))
            }
            BinOp::Format => {
                let args = b.enumerate();
                format_string(&a.to_str(), &args).map(Value::str).ok_or_else(|| {
                    self.runtime_error(
                        span,
                        ErrorRecord::new(
                            "Error formatting a string: Index (zero based) must be greater than or equal to zero and less than the size of the argument list..",
                            "FormatError",
                        )
                        .category("InvalidOperation", &a.to_str(), "String")
                        .exception("System.Management.Automation.RuntimeException"),
                    )
                })
            }
            BinOp::Xor => Ok(Value::Bool(a.truthy() ^ b.truthy())),
            BinOp::And => Ok(Value::Bool(a.truthy() && b.truthy())),
            BinOp::Or => Ok(Value::Bool(a.truthy() || b.truthy())),
            BinOp::Band => Ok(Value::Int(
                a.to_i64().unwrap_or(0) & b.to_i64().unwrap_or(0),
            )),
            BinOp::Bor => Ok(Value::Int(
                a.to_i64().unwrap_or(0) | b.to_i64().unwrap_or(0),
            )),
            BinOp::Cmp(op, cs) => super::ops::comparison(self, op, cs, a, b, span),
            BinOp::NotCmp(op, cs) => {
                let v = super::ops::comparison(self, op, cs, a, b, span)?;
                Ok(Value::Bool(!v.truthy()))
            }
        }
    }

    fn add(&mut self, a: Value, b: Value, span: Span) -> R<Value> {
        match (&a, &b) {
            (Value::Null, _) => Ok(match b {
                Value::Array(_) => b,
                other => other,
            }),
            (Value::Str(s), _) => {
                let t = b.to_str();
                self.check_len(s.len() + t.len(), span)?;
                let mut out = String::with_capacity(s.len() + t.len());
                out.push_str(s);
                out.push_str(&t);
                Ok(Value::str(out))
            }
            (Value::Array(x), _) => {
                let mut items = x.borrow().clone();
                items.extend(b.enumerate_for_add());
                if items.len() > 1_000_000 {
                    return Err(Flow::Halt(
                        "The script stopped: an array grew past 1,000,000 elements.".into(),
                    ));
                }
                Ok(Value::array(items))
            }
            (Value::Hash(x), Value::Hash(y)) => {
                let mut h = x.borrow().clone();
                for (k, v) in y.borrow().entries.values() {
                    h.set(k.clone(), v.clone());
                }
                Ok(Value::Hash(Rc::new(RefCell::new(h))))
            }
            (Value::Date(t), _) => {
                let ms = b.to_f64().unwrap_or(0.0);
                Ok(Value::Date(crate::clock::FileTime(
                    (t.0 as i128 + (ms * 10_000.0) as i128).max(0) as u64,
                )))
            }
            _ => match (a.to_number(), b.to_number()) {
                (Some(x), Some(y)) => Ok(arith(BinOp::Add, x, y).unwrap_or(Value::Null)),
                _ => Err(self.op_error(span, "+", &a)),
            },
        }
    }

    /// `[type]value`.
    pub fn cast(&mut self, t: &str, v: Value, span: Span) -> R<Value> {
        super::ops::cast(self, t, v, span)
    }
}

impl Value {
    /// What goes into the pipeline for this value.
    pub fn enumerate_for_output(&self) -> Vec<Value> {
        match self {
            Value::Array(a) => a.borrow().clone(),
            Value::Null => vec![],
            other => vec![other.clone()],
        }
    }
    fn enumerate_for_add(&self) -> Vec<Value> {
        match self {
            Value::Array(a) => a.borrow().clone(),
            other => vec![other.clone()],
        }
    }
}

/// A statement's values as one value: nothing is `$null`, one is itself, more an array.
pub fn collapse(mut v: Vec<Value>) -> Value {
    match v.len() {
        0 => Value::Null,
        1 => v.pop().unwrap_or(Value::Null),
        _ => Value::array(v),
    }
}

fn split_scope(name: &str) -> (Option<String>, &str) {
    match name.split_once(':') {
        Some((s, rest)) if !s.is_empty() && !rest.is_empty() => {
            (Some(s.to_ascii_lowercase()), rest)
        }
        _ => (None, name),
    }
}

fn thrown(message: &str) -> ErrorRecord {
    ErrorRecord::new(message, message)
        .category("OperationStopped", message, "String")
        .exception("System.Management.Automation.RuntimeException")
}

fn catches_type(t: &str, exception: &str) -> bool {
    let t = t.to_ascii_lowercase();
    let e = exception.to_ascii_lowercase();
    let short = |s: &str| s.rsplit('.').next().unwrap_or(s).to_string();
    t == "exception"
        || t == "system.exception"
        || short(&t) == short(&e)
        || (short(&t) == "runtimeexception" && e.contains("management.automation"))
}

/// An error record as a value (`$_` in `catch`, `$Error[0]`).
pub fn error_value(rec: &ErrorRecord) -> Value {
    let exception = Obj::new(&rec.exception_type)
        .with("Message", Value::str(&rec.message))
        .with("HResult", Value::Int(-2146233087));
    let mut exception = exception;
    exception.native = Native::Exception;
    let info = Obj::new("System.Management.Automation.ErrorCategoryInfo")
        .with("Category", Value::str(&rec.category))
        .with("Activity", Value::str(&rec.activity))
        .with("Reason", Value::str(&rec.reason))
        .with("TargetName", Value::str(&rec.target))
        .with("TargetType", Value::str(&rec.target_type));
    let mut o = Obj::new("System.Management.Automation.ErrorRecord")
        .with("Exception", exception.into_value())
        .with("TargetObject", Value::str(&rec.target))
        .with("CategoryInfo", info.into_value())
        .with("FullyQualifiedErrorId", Value::str(&rec.fqid))
        .with("ErrorDetails", Value::Null)
        .with("InvocationInfo", Value::Null)
        .with("ScriptStackTrace", Value::str(""));
    o.native = Native::Error(Box::new(rec.clone()));
    o.into_value()
}

/// `a[i]`: arrays (negative from the end, lists of indexes), hashtables, strings, objects.
pub fn index(obj: &Value, idx: &Value) -> Value {
    match obj {
        Value::Array(a) => {
            let a = a.borrow();
            let one = |i: &Value| -> Value {
                let len = a.len() as i64;
                match i.to_i64() {
                    Some(n) => {
                        let n = if n < 0 { n + len } else { n };
                        if n >= 0 && n < len {
                            a[n as usize].clone()
                        } else {
                            Value::Null
                        }
                    }
                    None => Value::Null,
                }
            };
            match idx {
                Value::Array(list) => Value::array(list.borrow().iter().map(one).collect()),
                i => one(i),
            }
        }
        Value::Hash(h) => match idx {
            Value::Array(list) => Value::array(
                list.borrow()
                    .iter()
                    .map(|k| h.borrow().get(&k.to_str()).cloned().unwrap_or(Value::Null))
                    .collect(),
            ),
            k => h.borrow().get(&k.to_str()).cloned().unwrap_or(Value::Null),
        },
        Value::Str(s) => {
            let chars: Vec<char> = s.chars().collect();
            let len = chars.len() as i64;
            match idx.to_i64() {
                Some(n) => {
                    let n = if n < 0 { n + len } else { n };
                    if n >= 0 && n < len {
                        Value::str(chars[n as usize].to_string())
                    } else {
                        Value::Null
                    }
                }
                None => Value::Null,
            }
        }
        Value::Null => Value::Null,
        Value::Object(o) => match idx {
            Value::Str(k) => o.borrow().get(k).cloned().unwrap_or(Value::Null),
            _ => {
                if idx.to_i64() == Some(0) {
                    obj.clone()
                } else {
                    Value::Null
                }
            }
        },
        other => {
            if idx.to_i64() == Some(0) {
                other.clone()
            } else {
                Value::Null
            }
        }
    }
}

fn arith(op: BinOp, x: Value, y: Value) -> Option<Value> {
    match (x, y) {
        (Value::Int(a), Value::Int(b)) => match op {
            BinOp::Add => Some(
                a.checked_add(b)
                    .map(Value::Int)
                    .unwrap_or(Value::Double(a as f64 + b as f64)),
            ),
            BinOp::Sub => Some(
                a.checked_sub(b)
                    .map(Value::Int)
                    .unwrap_or(Value::Double(a as f64 - b as f64)),
            ),
            BinOp::Mul => Some(
                a.checked_mul(b)
                    .map(Value::Int)
                    .unwrap_or(Value::Double(a as f64 * b as f64)),
            ),
            BinOp::Div => {
                if b == 0 {
                    None
                } else if a % b == 0 {
                    Some(Value::Int(a / b))
                } else {
                    Some(Value::Double(a as f64 / b as f64))
                }
            }
            _ => {
                if b == 0 {
                    None
                } else {
                    Some(Value::Int(a % b))
                }
            }
        },
        (a, b) => {
            let (a, b) = (a.to_f64()?, b.to_f64()?);
            match op {
                BinOp::Add => Some(Value::Double(a + b)),
                BinOp::Sub => Some(Value::Double(a - b)),
                BinOp::Mul => Some(Value::Double(a * b)),
                BinOp::Div => {
                    if b == 0.0 {
                        None
                    } else {
                        Some(Value::Double(a / b))
                    }
                }
                _ => {
                    if b == 0.0 {
                        None
                    } else {
                        Some(Value::Double(a % b))
                    }
                }
            }
        }
    }
}

/// .NET composite formatting (`"{0} {1:N0}" -f a, b`) for the specifiers scripts use.
pub fn format_string(fmt: &str, args: &[Value]) -> Option<String> {
    let mut out = String::new();
    let chars: Vec<char> = fmt.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '{' {
            if chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            let close = chars[i..].iter().position(|c| *c == '}')? + i;
            let spec: String = chars[i + 1..close].iter().collect();
            let (head, fmt_spec) = match spec.split_once(':') {
                Some((h, f)) => (h.to_string(), Some(f.to_string())),
                None => (spec.clone(), None),
            };
            let (idx, align) = match head.split_once(',') {
                Some((n, a)) => (
                    n.trim().parse::<usize>().ok()?,
                    a.trim().parse::<i64>().ok(),
                ),
                None => (head.trim().parse::<usize>().ok()?, None),
            };
            let v = args.get(idx)?;
            let text = match fmt_spec.as_deref() {
                Some(f) => format_one(v, f),
                None => v.to_str(),
            };
            match align {
                Some(w) if w > 0 => out.push_str(&format!("{text:>w$}", w = w as usize)),
                Some(w) if w < 0 => out.push_str(&format!("{text:<w$}", w = (-w) as usize)),
                _ => out.push_str(&text),
            }
            i = close + 1;
            continue;
        }
        if c == '}' && chars.get(i + 1) == Some(&'}') {
            out.push('}');
            i += 2;
            continue;
        }
        out.push(c);
        i += 1;
    }
    Some(out)
}

fn format_one(v: &Value, f: &str) -> String {
    let upper = f.to_ascii_uppercase();
    let digits = upper
        .chars()
        .skip(1)
        .collect::<String>()
        .parse::<usize>()
        .ok();
    match upper.chars().next() {
        Some('N') => {
            let d = v.to_f64().unwrap_or(0.0);
            let places = digits.unwrap_or(2);
            let s = format!("{:.*}", places, d.abs());
            let (int, frac) = s
                .split_once('.')
                .map(|(a, b)| (a.to_string(), Some(b.to_string())))
                .unwrap_or((s.clone(), None));
            let mut grouped = String::new();
            for (i, ch) in int.chars().enumerate() {
                if i > 0 && (int.len() - i) % 3 == 0 {
                    grouped.push(',');
                }
                grouped.push(ch);
            }
            let sign = if d < 0.0 { "-" } else { "" };
            match frac {
                Some(f) => format!("{sign}{grouped}.{f}"),
                None => format!("{sign}{grouped}"),
            }
        }
        Some('D') => {
            let n = v.to_i64().unwrap_or(0);
            format!("{:0w$}", n, w = digits.unwrap_or(0))
        }
        Some('X') => {
            let n = v.to_i64().unwrap_or(0);
            let s = format!("{:0w$X}", n, w = digits.unwrap_or(0));
            if f.starts_with('x') {
                s.to_lowercase()
            } else {
                s
            }
        }
        Some('F') => format!("{:.*}", digits.unwrap_or(2), v.to_f64().unwrap_or(0.0)),
        _ => match v {
            Value::Date(t) => super::ops::date_format(*t, f),
            _ => v.to_str(),
        },
    }
}

/// A `[pscustomobject]` from a hashtable.
pub fn custom_object(h: &Hash) -> Value {
    let mut o = Obj::new(CUSTOM);
    for (k, v) in h.entries.values() {
        o.set(&k.to_str(), v.clone());
    }
    o.into_value()
}

/// Where each line of `text` begins, as char offsets (the first line at 0).
fn line_starts(text: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.chars()
            .enumerate()
            .filter(|(_, c)| *c == '\n')
            .map(|(i, _)| i + 1),
    );
    starts
}
