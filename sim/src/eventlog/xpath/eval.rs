//! Compiling a parsed selector against the log's strings, and evaluating it on one record.
//!
//! Names are resolved once: System elements and attributes to enums, payload names to interned
//! symbols (a name never interned matches nothing, as unknown names match nothing on Windows).
//! Values are typed as Windows types them: numbers for EventID/Level/Keywords..., FILETIME for
//! `@SystemTime`, case-insensitive text for GUIDs and SIDs, exact text for everything else.

use super::parser::{CmpOp, Expr, Func, Step};
use crate::clock::FileTime;
use crate::eventlog::payload::{HEADER, TreeNode, top_nodes};
use crate::eventlog::store::{Interner, Rec, Sym, flags};
use std::cmp::Ordering;

/// System child elements, in the order Windows writes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SysEl {
    /// `Provider`
    Provider,
    /// `EventID`
    EventID,
    /// `Version`
    Version,
    /// `Level`
    Level,
    /// `Task`
    Task,
    /// `Opcode`
    Opcode,
    /// `Keywords`
    Keywords,
    /// `TimeCreated`
    TimeCreated,
    /// `EventRecordID`
    EventRecordID,
    /// `Correlation`
    Correlation,
    /// `Execution`
    Execution,
    /// `Channel`
    Channel,
    /// `Computer`
    Computer,
    /// `Security`
    Security,
}

const SYS_ELS: [(SysEl, &str); 14] = [
    (SysEl::Provider, "Provider"),
    (SysEl::EventID, "EventID"),
    (SysEl::Version, "Version"),
    (SysEl::Level, "Level"),
    (SysEl::Task, "Task"),
    (SysEl::Opcode, "Opcode"),
    (SysEl::Keywords, "Keywords"),
    (SysEl::TimeCreated, "TimeCreated"),
    (SysEl::EventRecordID, "EventRecordID"),
    (SysEl::Correlation, "Correlation"),
    (SysEl::Execution, "Execution"),
    (SysEl::Channel, "Channel"),
    (SysEl::Computer, "Computer"),
    (SysEl::Security, "Security"),
];

/// System attributes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SysAttr {
    /// `Provider/@Name`
    Name,
    /// `Provider/@Guid`
    Guid,
    /// `Provider/@EventSourceName`
    EventSourceName,
    /// `EventID/@Qualifiers`
    Qualifiers,
    /// `TimeCreated/@SystemTime`
    SystemTime,
    /// `Correlation/@ActivityID`
    ActivityID,
    /// `Correlation/@RelatedActivityID`
    RelatedActivityID,
    /// `Execution/@ProcessID`
    ProcessID,
    /// `Execution/@ThreadID`
    ThreadID,
    /// `Security/@UserID`
    UserID,
}

fn attrs_of(el: SysEl) -> &'static [(SysAttr, &'static str)] {
    match el {
        SysEl::Provider => &[
            (SysAttr::Name, "Name"),
            (SysAttr::Guid, "Guid"),
            (SysAttr::EventSourceName, "EventSourceName"),
        ],
        SysEl::EventID => &[(SysAttr::Qualifiers, "Qualifiers")],
        SysEl::TimeCreated => &[(SysAttr::SystemTime, "SystemTime")],
        SysEl::Correlation => &[
            (SysAttr::ActivityID, "ActivityID"),
            (SysAttr::RelatedActivityID, "RelatedActivityID"),
        ],
        SysEl::Execution => &[
            (SysAttr::ProcessID, "ProcessID"),
            (SysAttr::ThreadID, "ThreadID"),
        ],
        SysEl::Security => &[(SysAttr::UserID, "UserID")],
        _ => &[],
    }
}

/// A literal, converted ahead of time to every type it may be compared with.
#[derive(Debug, Clone)]
pub struct Lit {
    text: String,
    sym: Option<Sym>,
    num: Option<i128>,
    fnum: Option<f64>,
    time: Option<u64>,
    numeric: bool,
}

fn parse_int(s: &str) -> Option<i128> {
    crate::text::parse_signed_number(s.trim())
}

impl Lit {
    fn new(text: &str, numeric: bool, strings: &Interner) -> Lit {
        let fnum = text.trim().parse::<f64>().ok().filter(|f| f.is_finite());
        let num = parse_int(text).or_else(|| {
            fnum.filter(|f| f.fract() == 0.0 && f.abs() < 1e30)
                .map(|f| f as i128)
        });
        Lit {
            text: text.to_string(),
            sym: strings.get(text),
            num,
            fnum,
            time: if numeric {
                None
            } else {
                FileTime::parse_rfc3339(text).map(|t| t.0)
            },
            numeric,
        }
    }
}

/// A compiled step.
#[derive(Debug, Clone)]
pub struct CStep {
    attr: bool,
    any: bool,
    event: bool,
    system: bool,
    eventdata: bool,
    data: bool,
    name_attr: bool,
    sys_el: Option<SysEl>,
    sys_attr: Option<SysAttr>,
    sym: Option<Sym>,
    /// Predicates.
    pub preds: Vec<CExpr>,
}

/// A compiled expression.
#[derive(Debug, Clone)]
pub enum CExpr {
    /// `or`
    Or(Box<CExpr>, Box<CExpr>),
    /// `and`
    And(Box<CExpr>, Box<CExpr>),
    /// comparison
    Cmp(Box<CExpr>, CmpOp, Box<CExpr>),
    /// relative path
    Path(Vec<CStep>),
    /// literal
    Lit(Lit),
    /// `position()`
    Position,
    /// `band(a, b)`
    Band(Box<CExpr>, Box<CExpr>),
    /// `timediff(a)` / `timediff(a, b)`
    TimeDiff(Box<CExpr>, Option<Box<CExpr>>),
}

/// Compiles steps.
pub fn compile_steps(steps: &[Step], strings: &Interner) -> Vec<CStep> {
    steps
        .iter()
        .map(|s| {
            let n = s.name.as_deref().unwrap_or("");
            CStep {
                attr: s.attr,
                any: s.name.is_none(),
                event: n == "Event",
                system: n == "System",
                eventdata: n == "EventData",
                data: n == "Data",
                name_attr: n == "Name",
                sys_el: SYS_ELS.iter().find(|(_, k)| *k == n).map(|(e, _)| *e),
                sys_attr: SYS_ELS
                    .iter()
                    .flat_map(|(e, _)| attrs_of(*e).iter())
                    .find(|(_, k)| *k == n)
                    .map(|(a, _)| *a),
                sym: s.name.as_deref().and_then(|n| strings.get(n)),
                preds: s.preds.iter().map(|p| compile(p, strings)).collect(),
            }
        })
        .collect()
}

fn compile(e: &Expr, strings: &Interner) -> CExpr {
    let b = |e: &Expr| Box::new(compile(e, strings));
    match e {
        Expr::Or(a, c) => CExpr::Or(b(a), b(c)),
        Expr::And(a, c) => CExpr::And(b(a), b(c)),
        Expr::Cmp(a, op, c) => CExpr::Cmp(b(a), *op, b(c)),
        Expr::Path(p) => CExpr::Path(compile_steps(p, strings)),
        Expr::Str(s) => CExpr::Lit(Lit::new(s, false, strings)),
        Expr::Num(n) => CExpr::Lit(Lit::new(n, true, strings)),
        Expr::Call(Func::Position, _) => CExpr::Position,
        Expr::Call(Func::Band, a) => CExpr::Band(b(&a[0]), b(&a[1])),
        Expr::Call(Func::TimeDiff, a) => CExpr::TimeDiff(b(&a[0]), a.get(1).map(b)),
    }
}

/// A node of the virtual event document.
#[derive(Debug, Clone, Copy)]
enum Node {
    Root,
    Event,
    System,
    Sys(SysEl),
    Attr(SysAttr),
    EventData,
    Data(u32),
    DataName(u32),
    Tree(u32),
    TreeAttr(u32),
}

/// A typed value.
#[derive(Clone, Copy)]
enum Val<'q> {
    Num(i128),
    Time(u64),
    Str(Sym),
    Ci(Sym),
    Lit(&'q Lit),
}

/// One record as the evaluator sees it.
pub struct Ctx<'a> {
    /// The log's strings.
    pub strings: &'a Interner,
    /// The record.
    pub rec: &'a Rec,
    /// Its payload words.
    pub words: &'a [u32],
    /// Its channel's name.
    pub channel: Sym,
    /// The simulated now (FILETIME), for `timediff`.
    pub now: u64,
}

type Visit<'f, T> = dyn FnMut(T) -> bool + 'f;

impl Ctx<'_> {
    /// True if the selector selects this record.
    pub fn matches(&self, steps: &[CStep]) -> bool {
        self.walk(Node::Root, steps, &mut |_| true)
    }

    fn walk(&self, node: Node, steps: &[CStep], f: &mut Visit<'_, Node>) -> bool {
        let Some((step, rest)) = steps.split_first() else {
            return f(node);
        };
        let mut small = [0u32; 8];
        let mut big = Vec::new();
        let counters: &mut [u32] = if step.preds.len() <= 8 {
            &mut small[..step.preds.len()]
        } else {
            big.resize(step.preds.len(), 0);
            &mut big
        };
        self.children(node, step, &mut |child| {
            for (k, p) in step.preds.iter().enumerate() {
                counters[k] += 1;
                if !self.truthy(p, child, counters[k]) {
                    return false;
                }
            }
            self.walk(child, rest, f)
        })
    }

    fn has_eventdata(&self) -> bool {
        self.rec.payload_len > 0 || self.rec.flags & flags::EMPTY_EVENTDATA != 0
    }

    fn children(&self, node: Node, step: &CStep, f: &mut Visit<'_, Node>) -> bool {
        let r = self.rec;
        match node {
            Node::Root => !step.attr && (step.any || step.event) && f(Node::Event),
            Node::Event if step.attr => false,
            Node::Event => {
                if (step.any || step.system) && f(Node::System) {
                    return true;
                }
                if r.flags & flags::TREE != 0 {
                    top_nodes(self.words).any(|n| {
                        (step.any || Some(n.name()) == step.sym) && f(Node::Tree(n.offset() as u32))
                    })
                } else {
                    self.has_eventdata() && (step.any || step.eventdata) && f(Node::EventData)
                }
            }
            Node::System if step.attr => false,
            Node::System => match step.sys_el {
                Some(el) => f(Node::Sys(el)),
                None => step.any && SYS_ELS.iter().any(|(el, _)| f(Node::Sys(*el))),
            },
            Node::Sys(el) => {
                step.attr
                    && attrs_of(el).iter().any(|(a, _)| {
                        let present = match a {
                            SysAttr::Guid => r.guid != 0,
                            SysAttr::EventSourceName => r.source != 0,
                            SysAttr::Qualifiers => r.flags & flags::QUALIFIERS != 0,
                            SysAttr::ActivityID => r.activity != 0,
                            SysAttr::RelatedActivityID => r.related != 0,
                            SysAttr::UserID => r.user != 0,
                            _ => true,
                        };
                        present && (step.any || step.sys_attr == Some(*a)) && f(Node::Attr(*a))
                    })
            }
            Node::Attr(_) | Node::DataName(_) | Node::TreeAttr(_) => false,
            Node::EventData => {
                !step.attr
                    && (step.any || step.data)
                    && (0..self.words.len() as u32 / 2).any(|i| f(Node::Data(i)))
            }
            Node::Data(i) => {
                step.attr
                    && (step.any || step.name_attr)
                    && self.words[2 * i as usize] != 0
                    && f(Node::DataName(i))
            }
            Node::Tree(off) => {
                let n = TreeNode::at(self.words, off as usize);
                if step.attr {
                    n.attrs().enumerate().any(|(k, (an, _))| {
                        (step.any || Some(an) == step.sym)
                            && f(Node::TreeAttr(off + (HEADER + 2 * k + 1) as u32))
                    })
                } else {
                    n.children().any(|c| {
                        (step.any || Some(c.name()) == step.sym) && f(Node::Tree(c.offset() as u32))
                    })
                }
            }
        }
    }

    fn value(&self, node: Node) -> Val<'static> {
        let r = self.rec;
        match node {
            Node::Sys(el) => match el {
                SysEl::EventID => Val::Num(r.event_id as i128),
                SysEl::Version => Val::Num(r.version as i128),
                SysEl::Level => Val::Num(r.level as i128),
                SysEl::Task => Val::Num(r.task as i128),
                SysEl::Opcode => Val::Num(r.opcode as i128),
                SysEl::Keywords => Val::Num(r.keywords as i128),
                SysEl::EventRecordID => Val::Num(r.record_id as i128),
                SysEl::Channel => Val::Str(self.channel),
                SysEl::Computer => Val::Str(r.computer),
                _ => Val::Str(0),
            },
            Node::Attr(a) => match a {
                SysAttr::Name => Val::Str(r.provider),
                SysAttr::Guid => Val::Ci(r.guid),
                SysAttr::EventSourceName => Val::Str(r.source),
                SysAttr::Qualifiers => Val::Num(r.qualifiers as i128),
                SysAttr::SystemTime => Val::Time(r.time),
                SysAttr::ActivityID => Val::Ci(r.activity),
                SysAttr::RelatedActivityID => Val::Ci(r.related),
                SysAttr::ProcessID => Val::Num(r.pid as i128),
                SysAttr::ThreadID => Val::Num(r.tid as i128),
                SysAttr::UserID => Val::Ci(r.user),
            },
            Node::Data(i) => Val::Str(self.words[2 * i as usize + 1]),
            Node::DataName(i) => Val::Str(self.words[2 * i as usize]),
            Node::Tree(off) => Val::Str(TreeNode::at(self.words, off as usize).text()),
            Node::TreeAttr(off) => Val::Str(self.words[off as usize]),
            Node::Root | Node::Event | Node::System | Node::EventData => Val::Str(0),
        }
    }

    fn values<'q>(&self, e: &'q CExpr, node: Node, pos: u32, f: &mut Visit<'_, Val<'q>>) -> bool {
        match e {
            CExpr::Path(p) => self.walk(node, p, &mut |n| f(self.value(n))),
            CExpr::Lit(l) => f(Val::Lit(l)),
            CExpr::Position => f(Val::Num(pos as i128)),
            CExpr::TimeDiff(a, None) => self.values(a, node, pos, &mut |v| match v {
                Val::Time(t) => f(Val::Num(millis(t, self.now))),
                _ => false,
            }),
            CExpr::TimeDiff(a, Some(b)) => self.values(a, node, pos, &mut |x| {
                let Val::Time(t1) = x else { return false };
                self.values(b, node, pos, &mut |y| match y {
                    Val::Time(t2) => f(Val::Num(millis(t1, t2))),
                    _ => false,
                })
            }),
            _ => f(Val::Num(self.truthy(e, node, pos) as i128)),
        }
    }

    fn truthy(&self, e: &CExpr, node: Node, pos: u32) -> bool {
        match e {
            CExpr::Or(a, b) => self.truthy(a, node, pos) || self.truthy(b, node, pos),
            CExpr::And(a, b) => self.truthy(a, node, pos) && self.truthy(b, node, pos),
            CExpr::Cmp(a, op, b) => self.values(a, node, pos, &mut |x| {
                self.values(b, node, pos, &mut |y| self.compare(x, *op, y))
            }),
            CExpr::Path(p) => self.walk(node, p, &mut |_| true),
            CExpr::Lit(l) if l.numeric => l.num == Some(pos as i128),
            CExpr::Lit(l) => !l.text.is_empty(),
            CExpr::Position => true,
            CExpr::Band(a, b) => self.values(a, node, pos, &mut |x| {
                let Some(x) = self.num(x) else { return false };
                self.values(b, node, pos, &mut |y| {
                    self.num(y).is_some_and(|y| x & y != 0)
                })
            }),
            CExpr::TimeDiff(..) => {
                self.values(e, node, pos, &mut |v| self.num(v) == Some(pos as i128))
            }
        }
    }

    fn num(&self, v: Val<'_>) -> Option<i128> {
        match v {
            Val::Num(n) => Some(n),
            Val::Lit(l) => l.num,
            Val::Str(s) | Val::Ci(s) => parse_int(self.strings.str(s)),
            Val::Time(t) => Some(t as i128),
        }
    }

    fn compare(&self, a: Val<'_>, op: CmpOp, b: Val<'_>) -> bool {
        let s = |x| self.strings.str(x);
        match (a, b) {
            (Val::Lit(l), Val::Lit(m)) => op.test(l.text.cmp(&m.text)),
            (Val::Lit(l), x) => self.compare_lit(x, op.flip(), l),
            (x, Val::Lit(l)) => self.compare_lit(x, op, l),
            (Val::Num(x), Val::Num(y)) => op.test(x.cmp(&y)),
            (Val::Time(x), Val::Time(y)) => op.test(x.cmp(&y)),
            (Val::Str(x), Val::Str(y)) if op == CmpOp::Eq => x == y,
            (Val::Str(x), Val::Str(y)) if op == CmpOp::Ne => x != y,
            (Val::Str(x), Val::Str(y)) => op.test(s(x).cmp(s(y))),
            (Val::Ci(x) | Val::Str(x), Val::Ci(y) | Val::Str(y)) => op.test(ci_cmp(s(x), s(y))),
            (x, y) => match (self.num(x), self.num(y)) {
                (Some(x), Some(y)) => op.test(x.cmp(&y)),
                _ => false,
            },
        }
    }

    fn compare_lit(&self, x: Val<'_>, op: CmpOp, l: &Lit) -> bool {
        match x {
            Val::Num(n) => match (l.num, l.fnum) {
                (Some(m), _) => op.test(n.cmp(&m)),
                (None, Some(f)) => (n as f64).partial_cmp(&f).is_some_and(|o| op.test(o)),
                _ => false,
            },
            Val::Time(t) => l.time.is_some_and(|m| op.test(t.cmp(&m))),
            Val::Str(s) if l.numeric => match (parse_int(self.strings.str(s)), l.num) {
                (Some(v), Some(m)) => op.test(v.cmp(&m)),
                _ => false,
            },
            Val::Str(s) => match op {
                CmpOp::Eq => l.sym == Some(s),
                CmpOp::Ne => l.sym != Some(s),
                _ => op.test(self.strings.str(s).cmp(l.text.as_str())),
            },
            Val::Ci(s) => op.test(ci_cmp(self.strings.str(s), &l.text)),
            Val::Lit(m) => op.test(m.text.cmp(&l.text)),
        }
    }
}

fn ci_cmp(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

fn millis(from: u64, to: u64) -> i128 {
    (to as i128 - from as i128).div_euclid(FileTime::TICKS_PER_MS as i128)
}

/// What a selector needs of a record, learned from its top-level `and` chains: what the index
/// can answer without evaluating the selector (every field is a necessary condition).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// `Provider[@Name='X']`: the provider's symbol; `Some(None)` = a name never logged.
    pub provider: Option<Option<Sym>>,
    /// `EventID=n` (or an `or` of them).
    pub ids: Option<Vec<u16>>,
    /// `TimeCreated[timediff(@SystemTime) <= n]`: the oldest time that can match.
    pub min_time: Option<u64>,
}

impl Plan {
    /// Learns the plan of a compiled selector.
    pub fn of(steps: &[CStep], now: u64) -> Plan {
        let mut plan = Plan::default();
        if steps.len() != 1 {
            return plan;
        }
        for p in &steps[0].preds {
            for c in conjuncts(p) {
                let CExpr::Path(path) = c else { continue };
                if let [s] = path.as_slice() {
                    if s.system && !s.attr {
                        for p in &s.preds {
                            for c in conjuncts(p) {
                                plan.learn(c, now);
                            }
                        }
                    }
                }
            }
        }
        plan
    }

    fn learn(&mut self, c: &CExpr, now: u64) {
        if let Some(ids) = event_ids(c) {
            self.ids = Some(match self.ids.take() {
                Some(old) => old.into_iter().filter(|i| ids.contains(i)).collect(),
                None => ids,
            });
            return;
        }
        let CExpr::Path(path) = c else { return };
        let [s] = path.as_slice() else { return };
        for p in &s.preds {
            for c in conjuncts(p) {
                match (s.sys_el, c) {
                    (Some(SysEl::Provider), CExpr::Cmp(a, CmpOp::Eq, b)) => {
                        if let (Some(SysAttr::Name), CExpr::Lit(l)) = (attr_path(a), &**b) {
                            if !l.numeric && self.provider.is_none() {
                                self.provider = Some(l.sym);
                            }
                        }
                    }
                    (Some(SysEl::TimeCreated), CExpr::Cmp(a, op @ (CmpOp::Le | CmpOp::Lt), b)) => {
                        if let (CExpr::TimeDiff(t, None), CExpr::Lit(l)) = (&**a, &**b) {
                            if let (Some(SysAttr::SystemTime), Some(ms)) = (attr_path(t), l.num) {
                                let ms = if *op == CmpOp::Lt { ms } else { ms + 1 };
                                let back = ms.saturating_mul(FileTime::TICKS_PER_MS as i128);
                                let t = (now as i128 - back).clamp(0, u64::MAX as i128) as u64;
                                self.min_time = Some(self.min_time.map_or(t, |m| m.max(t)));
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

fn conjuncts(e: &CExpr) -> Vec<&CExpr> {
    match e {
        CExpr::And(a, b) => {
            let mut v = conjuncts(a);
            v.extend(conjuncts(b));
            v
        }
        e => vec![e],
    }
}

fn attr_path(e: &CExpr) -> Option<SysAttr> {
    match e {
        CExpr::Path(p) => match p.as_slice() {
            [s] if s.attr && s.preds.is_empty() => s.sys_attr,
            _ => None,
        },
        _ => None,
    }
}

/// `EventID=n`, `n=EventID`, or an `or` of those: the ids (none outside 0..=65535 can match).
fn event_ids(e: &CExpr) -> Option<Vec<u16>> {
    match e {
        CExpr::Or(a, b) => {
            let mut v = event_ids(a)?;
            v.extend(event_ids(b)?);
            Some(v)
        }
        CExpr::Cmp(a, CmpOp::Eq, b) => {
            let (path, lit) = match (&**a, &**b) {
                (CExpr::Path(p), CExpr::Lit(l)) | (CExpr::Lit(l), CExpr::Path(p)) => (p, l),
                _ => return None,
            };
            match path.as_slice() {
                [s] if !s.attr && s.sys_el == Some(SysEl::EventID) && s.preds.is_empty() => Some(
                    lit.num
                        .and_then(|n| u16::try_from(n).ok())
                        .into_iter()
                        .collect(),
                ),
                _ => None,
            }
        }
        _ => None,
    }
}
