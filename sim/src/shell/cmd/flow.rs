//! `if` and `for`, and what happens to a command's text when it runs: `for` variables
//! (`%a`, `%~nxa`) and delayed expansion (`!VAR!`), cmd's phases 4 and 5.
//!
//! Rules (cmd's `if /?` and `for /?` texts): `if errorlevel N` holds when `%ERRORLEVEL%` >= N;
//! `==` compares strings (quotes included); `EQU NEQ LSS LEQ GTR GEQ` compare numbers when
//! both sides are numbers (decimal, `0x` hex, `0` octal), else strings; `/i` ignores case.
//! `for` runs its command once per item with the variable set; `for /f` splits lines into
//! tokens (`tokens=`, `delims=`, `skip=`, `eol=`, `usebackq`), skipping empty lines.

use super::exec::{Flow, Run};
use super::lines::LineOptions;
use super::parse::{Condition, For, ForKind, If};
// A `for` set splits into words as batch arguments do.
use super::script::batch_args as words;
use crate::fs;
use crate::host::Host;
use crate::principals::Token;
use crate::process::env;

impl Run<'_> {
    /// A command's text as it runs: `for` variables substituted, then `!VAR!` expanded when
    /// delayed expansion is on. A result over cmd's line limit stops the script.
    pub(super) fn prepare(&mut self, text: &str) -> Result<String, Flow> {
        let text = self.substitute_for(text);
        if !self.delayed || !text.contains('!') {
            return Ok(text);
        }
        let Run { host, process, .. } = self;
        let expanded = env::expand_delayed(&text, super::exec::MAX_LINE, |name| {
            process
                .env
                .get(name)
                .map(str::to_string)
                .or_else(|| env::dynamic(host, name, &process.cwd, process.last_exit))
        });
        match expanded {
            Some(t) => Ok(t),
            None => {
                self.too_long();
                Err(Flow::Abort)
            }
        }
    }

    /// `%a` and `%~mods a` for the `for` variables in scope (innermost wins).
    fn substitute_for(&self, text: &str) -> String {
        if self.for_vars.is_empty() || !text.contains('%') {
            return text.to_string();
        }
        let value = |v: char| {
            self.for_vars
                .iter()
                .rev()
                .find(|(c, _)| *c == v)
                .map(|(_, s)| s.as_str())
        };
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut i = 0;
        while i < chars.len() {
            if chars[i] != '%' || i + 1 >= chars.len() {
                out.push(chars[i]);
                i += 1;
                continue;
            }
            if chars[i + 1] == '~' {
                // The longest run of modifier letters that is followed by a variable.
                let mut end = i + 2;
                while end < chars.len() && "fdpnxsatz".contains(chars[end]) {
                    end += 1;
                }
                let found = (i + 2..=end.min(chars.len() - 1))
                    .rev()
                    .find(|&k| value(chars[k]).is_some());
                if let Some(k) = found {
                    let mods: String = chars[i + 2..k].iter().collect();
                    let v = value(chars[k]).unwrap_or_default();
                    out.push_str(&modified(
                        self.host,
                        &self.process.cwd,
                        &self.process.token,
                        v,
                        &mods,
                    ));
                    i = k + 1;
                    continue;
                }
            } else if let Some(v) = value(chars[i + 1]) {
                out.push_str(v);
                i += 2;
                continue;
            }
            out.push('%');
            i += 1;
        }
        out
    }

    /// Runs an `if`: the `then` commands when the test holds, else the `else` ones.
    pub(super) fn run_if(&mut self, node: &If) -> Result<u32, Flow> {
        let holds = match &node.condition {
            Condition::Errorlevel(n) => {
                let n = self.prepare(n)?;
                number(&n).is_some_and(|n| (self.process.last_exit as i32 as i64) >= n)
            }
            Condition::Exist(p) => {
                let p = self.prepare(p)?;
                self.exists(&p)
            }
            Condition::Defined(v) => {
                let v = self.prepare(v)?;
                self.process.env.get(&v).is_some()
            }
            Condition::CmdExtVersion(n) => {
                let n = self.prepare(n)?;
                number(&n).is_some_and(|n| n <= 2)
            }
            Condition::Compare(l, op, r) => {
                let (l, r) = (self.prepare(l)?, self.prepare(r)?);
                compare(&l, op, &r, node.ignore_case)
            }
        };
        if holds != node.negate {
            self.sequence(&node.then)
        } else if let Some(otherwise) = &node.otherwise {
            self.sequence(otherwise)
        } else {
            Ok(0)
        }
    }

    /// `if exist`: a file or folder (a pattern: any match; a trailing `\`: a folder).
    fn exists(&self, typed: &str) -> bool {
        let typed = typed.replace('"', "");
        let fs = self.host.fs();
        if fs::has_wildcard(&typed) {
            let pattern = fs::leaf(&typed.replace('/', "\\")).to_string();
            let dir = &typed[..typed.len() - pattern.len()];
            let dir = if dir.is_empty() { "." } else { dir };
            return fs::normalize(dir, &self.process.cwd)
                .is_ok_and(|d| !fs.matching(&d, &pattern).is_empty());
        }
        match fs::normalize(&typed, &self.process.cwd) {
            Ok(p) if typed.ends_with(['\\', '/']) => fs.is_dir(&p),
            Ok(p) => fs.exists(&p),
            Err(_) => false,
        }
    }

    /// Runs a `for`: its command once per item, with the variable set.
    pub(super) fn run_for(&mut self, node: &For) -> Result<u32, Flow> {
        let set = self.prepare(&node.set)?;
        if node.kind == ForKind::Range {
            let n: Vec<i64> = words(&set).iter().map(|w| number(w).unwrap_or(0)).collect();
            let (start, step, end) = (
                n.first().copied().unwrap_or(0),
                n.get(1).copied().unwrap_or(0),
                n.get(2).copied().unwrap_or(0),
            );
            let mut i = start;
            let mut code = 0;
            while (step >= 0 && i <= end) || (step < 0 && i >= end) {
                code = self.iteration(node, vec![(node.var, i.to_string())])?;
                i += step;
            }
            return Ok(code);
        }
        let items: Vec<Vec<(char, String)>> = match &node.kind {
            ForKind::Lines(options) => {
                let options = match options {
                    Some(o) => self.prepare(o)?,
                    None => String::new(),
                };
                match LineOptions::parse(&options) {
                    Some(o) => self.lines_items(&o, &set, node.var)?,
                    None => {
                        self.out.errln(format!(
                            "{} was unexpected at this time.",
                            options.replace('"', "")
                        ));
                        self.process.last_exit = 255;
                        return Ok(255);
                    }
                }
            }
            ForKind::Recurse(root) => {
                let root = match root {
                    Some(r) => self.prepare(r)?.replace('"', ""),
                    None => self.process.cwd.clone(),
                };
                self.recurse_items(&root, &set)
                    .into_iter()
                    .map(|i| vec![(node.var, i)])
                    .collect()
            }
            kind => {
                let dirs = *kind == ForKind::Dirs;
                words(&set)
                    .into_iter()
                    .flat_map(|w| self.set_item(&w, dirs))
                    .map(|i| vec![(node.var, i)])
                    .collect()
            }
        };
        let mut code = 0;
        for vars in items {
            code = self.iteration(node, vars)?;
        }
        Ok(code)
    }

    fn iteration(&mut self, node: &For, vars: Vec<(char, String)>) -> Result<u32, Flow> {
        self.count()?;
        let n = vars.len();
        self.for_vars.extend(vars);
        if self.batch && self.process.echo {
            let shown = self.substitute_for(&node.body_text);
            let prompt = format!("{}>", self.process.cwd);
            self.out.outln("");
            self.out.outln(format!("{prompt}{shown}"));
        }
        let result = self.sequence(&node.body);
        let keep = self.for_vars.len() - n;
        self.for_vars.truncate(keep);
        result
    }

    /// One word of a plain or `/d` set: a pattern gives its matches (files, or folders for
    /// `/d`) as typed; anything else is itself.
    fn set_item(&self, word: &str, dirs: bool) -> Vec<String> {
        if !fs::has_wildcard(word) {
            return vec![word.to_string()];
        }
        let typed = word.replace('"', "");
        let pattern = fs::leaf(&typed.replace('/', "\\")).to_string();
        let typed_dir = typed[..typed.len() - pattern.len()].to_string();
        let fs = self.host.fs();
        let Ok(dir) = fs::normalize(
            if typed_dir.is_empty() {
                "."
            } else {
                &typed_dir
            },
            &self.process.cwd,
        ) else {
            return Vec::new();
        };
        fs.matching(&dir, &pattern)
            .into_iter()
            .filter(|p| fs.is_dir(p) == dirs)
            .map(|p| format!("{typed_dir}{}", fs::leaf(&p)))
            .collect()
    }

    /// `for /r root`: every folder from root down, each item of the set in each.
    fn recurse_items(&self, root: &str, set: &str) -> Vec<String> {
        let fs = self.host.fs();
        let Ok(root) = fs::normalize(root, &self.process.cwd) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for dir in fs.descendants(&root).into_iter().filter(|p| fs.is_dir(p)) {
            for w in words(set) {
                let w = w.replace('"', "");
                if fs::has_wildcard(&w) {
                    out.extend(fs.matching(&dir, &w).into_iter().filter(|p| !fs.is_dir(p)));
                } else {
                    out.push(fs::join(&dir, &w));
                }
            }
        }
        out
    }

    /// `for /f`: the tokens of each line of the files, the string or the command's output.
    fn lines_items(
        &mut self,
        o: &LineOptions,
        set: &str,
        var: char,
    ) -> Result<Vec<Vec<(char, String)>>, Flow> {
        let set = set.trim();
        let (open, close) = (set.chars().next(), set.chars().last());
        let quoted = |c: char| open == Some(c) && close == Some(c) && set.len() >= 2;
        let inner = || set[1..set.len() - 1].to_string();
        let text = if (o.usebackq && quoted('`')) || (!o.usebackq && quoted('\'')) {
            self.command_output(&inner())?
        } else if (o.usebackq && quoted('\'')) || (!o.usebackq && quoted('"')) {
            inner()
        } else {
            let mut text = String::new();
            for name in crate::process::argv::split_paths(set) {
                match self.process.read_text(self.host, &name) {
                    Ok(t) => text.push_str(&t),
                    Err(_) => {
                        self.out
                            .errln(format!("The system cannot find the file {name}."));
                    }
                }
            }
            text
        };
        let mut items = Vec::new();
        let mut skipped = 0;
        for line in text.split('\n') {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                continue;
            }
            if skipped < o.skip {
                skipped += 1;
                continue;
            }
            if o.eol.is_some_and(|e| line.starts_with(e)) {
                continue;
            }
            if let Some(vars) = o.assign(line, var) {
                items.push(vars);
            }
        }
        Ok(items)
    }

    /// A `for /f` command's standard output, run as `cmd /c` runs it (its errors show).
    fn command_output(&mut self, command: &str) -> Result<String, Flow> {
        let out = self.child(command, false)?;
        for (stream, text) in &out.chunks {
            if *stream == crate::process::Stream::Err {
                self.out.err(text);
            }
        }
        Ok(out.stdout())
    }
}

/// A number as `if` and `set /a` read it: decimal, `0x` hex, a leading `0` octal, signed.
pub(super) fn number(text: &str) -> Option<i64> {
    let t = text.trim();
    let (neg, t) = match t.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, t.strip_prefix('+').unwrap_or(t)),
    };
    let v = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        i64::from_str_radix(h, 16).ok()?
    } else if t.len() > 1 && t.starts_with('0') {
        i64::from_str_radix(&t[1..], 8).ok()?
    } else if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) {
        t.parse().ok()?
    } else {
        return None;
    };
    Some(if neg { -v } else { v })
}

fn compare(l: &str, op: &str, r: &str, ignore_case: bool) -> bool {
    let fold = |s: &str| {
        if ignore_case {
            s.to_lowercase()
        } else {
            s.to_string()
        }
    };
    if op == "==" {
        return fold(l) == fold(r);
    }
    let ord = match (number(l), number(r)) {
        (Some(a), Some(b)) => a.cmp(&b),
        _ => fold(l).cmp(&fold(r)),
    };
    match op {
        "EQU" => ord.is_eq(),
        "NEQ" => ord.is_ne(),
        "LSS" => ord.is_lt(),
        "LEQ" => ord.is_le(),
        "GTR" => ord.is_gt(),
        _ => ord.is_ge(),
    }
}

/// A batch argument reference (`1`, `*`, `~1`, `~dp0`) against the frame's arguments
/// (`args[0]` is the script as it was called, `path` its full path).
pub(super) fn argument(
    host: &Host,
    cwd: &str,
    token: &Token,
    args: &[String],
    path: &str,
    reference: &str,
) -> String {
    if reference == "*" {
        return args.get(1..).map(|a| a.join(" ")).unwrap_or_default();
    }
    let (mods, digit) = match reference.strip_prefix('~') {
        Some(r) => (Some(&r[..r.len() - 1]), &r[r.len() - 1..]),
        None => (None, reference),
    };
    let n: usize = digit.parse().unwrap_or(0);
    let value = if n == 0 && mods.is_some_and(|m| !m.is_empty()) {
        path.to_string()
    } else {
        args.get(n).cloned().unwrap_or_default()
    };
    match mods {
        None => value,
        Some(m) => modified(host, cwd, token, &value, m),
    }
}

/// A value with `~` modifiers applied: quotes removed, then `f` (full path), `d` (drive),
/// `p` (folder), `n` (name), `x` (extension), `a` (attributes), `z` (size).
pub(super) fn modified(host: &Host, cwd: &str, token: &Token, value: &str, mods: &str) -> String {
    let bare = value.trim_matches('"').to_string();
    if mods.is_empty() {
        return bare;
    }
    let full = fs::normalize(&bare, cwd).unwrap_or_else(|_| bare.clone());
    let node = host.fs().node(&full);
    let mut out = String::new();
    if mods.contains('a') {
        out.push_str(match node {
            Some(n) if n.is_dir() => "d--------",
            Some(_) => "--a------",
            None => "",
        });
    }
    if mods.contains('z') {
        if !out.is_empty() {
            out.push(' ');
        }
        if let Some(crate::fs::NodeKind::File(b)) = node.map(|n| &n.kind) {
            out.push_str(&b.len().to_string());
        }
    }
    let _ = token;
    let parts: String = mods.chars().filter(|c| "fdpnx".contains(*c)).collect();
    if parts.is_empty() {
        return out;
    }
    if !out.is_empty() {
        out.push(' ');
    }
    let drive = if full.as_bytes().get(1) == Some(&b':') {
        &full[..2]
    } else {
        ""
    };
    let leaf = fs::leaf(&full);
    let (folder, name) = if fs::parent(&full).is_some() && full.len() >= drive.len() + leaf.len() {
        (&full[drive.len()..full.len() - leaf.len()], leaf)
    } else {
        (&full[drive.len()..], "")
    };
    let (stem, ext) = match name.rfind('.') {
        Some(i) if i > 0 => (&name[..i], &name[i..]),
        _ => (name, ""),
    };
    let all = parts.contains('f') && parts.len() == 1;
    if all || parts.contains('d') {
        out.push_str(drive);
    }
    if all || parts.contains('p') {
        out.push_str(folder);
    }
    if all || parts.contains('n') {
        out.push_str(stem);
    }
    if all || parts.contains('x') {
        out.push_str(ext);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comparisons_are_numeric_when_both_sides_are_numbers() {
        assert!(compare("10", "GTR", "9", false));
        assert!(!compare("10", "GTR", "9x", false));
        assert!(compare("0x10", "EQU", "16", false));
        assert!(compare("ABC", "==", "abc", true));
        assert!(!compare("ABC", "==", "abc", false));
        assert!(compare("-1", "LSS", "0", false));
    }
}
