//! An article as data: its findings, the evidence that proves each, and each one's playbook.
//! Read from TOML (docs/knowledge-base.md documents every key) and checked as a whole before
//! use: every error names the file, the line and what is wrong.

use regex::Regex;
use serde::Deserialize;
use std::collections::HashSet;
use toml::Spanned;
use winsim::os::Os;

/// A problem in an article file: where, and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct ArticleError {
    /// The file.
    pub file: String,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// An article, checked: findings in the article's order.
#[derive(Debug, Clone)]
pub struct Article {
    /// Its id (`rdp-event-ids`).
    pub id: String,
    /// Its title.
    pub title: String,
    /// Where it is published.
    pub source: String,
    /// Events older than this (milliseconds) are history, not evidence.
    pub window_ms: u64,
    /// Its scenarios, in order.
    pub scenarios: Vec<Scenario>,
    /// Its findings, in order.
    pub findings: Vec<FindingSpec>,
}

/// One scenario of the article.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Its number in the article.
    pub id: u32,
    /// Its title.
    pub title: String,
    /// The findings it covers.
    pub findings: Vec<String>,
}

/// One cause the article names, with what proves it and what fixes it.
#[derive(Debug, Clone)]
pub struct FindingSpec {
    /// Its id (a fault id of the causal model: `machinekeys-acl`).
    pub id: String,
    /// The scenario it belongs to.
    pub scenario: u32,
    /// The cause in plain words.
    pub cause: String,
    /// What the article tells the reader to do.
    pub article_step: String,
    /// Why the playbook differs from the article's step.
    pub deviation: String,
    /// Evidence that must all hold (in order; a fact may capture text for later ones).
    pub when: Vec<Clause>,
    /// Evidence reported when present, never required.
    pub supporting: Vec<Clause>,
    /// Who cannot connect, by OS.
    pub locks_out: Vec<LocksOut>,
    /// The playbook: remedies in the order they are tried.
    pub remedies: Vec<RemedySpec>,
}

/// One piece of evidence.
#[derive(Debug, Clone)]
pub enum Clause {
    /// At least one recent event matching one of these; with `after`, only events logged
    /// since the newest event matching `after` count (a fault that a restart reproduces is
    /// judged on what it logged since the host last started).
    Events {
        /// The events, any one of which proves the clause.
        any: Vec<EventSpec>,
        /// The event that starts the window, when the article gives one.
        after: Option<EventSpec>,
    },
    /// A command whose result an engineer reads.
    Fact(Box<FactSpec>),
}

/// An event as the article's queries select it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventSpec {
    /// The channel, exactly (`System`, `Microsoft-Windows-...-SessionBroker/Operational`).
    pub channel: String,
    /// The provider, exactly as Windows names it.
    pub provider: String,
    /// The EventID.
    pub id: u16,
    /// Text the rendered message must contain.
    #[serde(default)]
    pub text: String,
}

/// Which shell runs a command or script.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Shell {
    /// cmd.exe.
    Cmd,
    /// Windows PowerShell 5.1.
    Ps,
}

impl Shell {
    /// `cmd` or `ps`.
    pub fn name(self) -> &'static str {
        match self {
            Shell::Cmd => "cmd",
            Shell::Ps => "ps",
        }
    }
}

/// A part of the host a fact reads; a fixture that did not capture it cannot prove the fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// Files and their ACLs.
    Files,
    /// Registry keys, values and their ACLs.
    Registry,
    /// Certificate stores.
    Certificates,
}

/// A command and how to read its result.
#[derive(Debug, Clone)]
pub struct FactSpec {
    /// What the fact says when it holds, in plain words.
    pub fact: String,
    /// The shell.
    pub shell: Shell,
    /// The command line (with `{{capture}}` references).
    pub run: String,
    /// The principal it runs as (`SYSTEM`); the elevated administrator by default.
    pub run_as: Option<String>,
    /// The parts of the host it reads.
    pub reads: Vec<Part>,
    /// The exit code it must end with.
    pub exit: Option<u32>,
    /// Text the output must contain.
    pub contains: Option<String>,
    /// Text the output must not contain.
    pub lacks: Option<String>,
    /// A pattern the output must match.
    pub matches: Option<Regex>,
    /// Text to keep for later commands and scripts: a name and a pattern with one group.
    pub capture: Option<(String, Regex)>,
}

/// Who a finding locks out on some OS presets.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocksOut {
    /// The OS presets (`2008r2`, ...).
    pub os: Vec<String>,
    /// The clients, in plain words.
    pub clients: String,
}

/// One step of a playbook: a script to run, or what a person must do.
#[derive(Debug, Clone)]
pub struct RemedySpec {
    /// What it does.
    pub title: String,
    /// The OS presets it is for (empty: all).
    pub os: Vec<Os>,
    /// The script and its shell; `None` for a manual remedy.
    pub script: Option<(Shell, String)>,
    /// What a person must do, when no script can.
    pub manual: Option<String>,
    /// The remedy reinstalls a role (the outcome is "repaired by reinstall").
    pub reinstall: bool,
    /// The principal the script runs as (`SYSTEM`, as `psexec -s` runs it); the elevated
    /// administrator by default.
    pub run_as: Option<String>,
}

impl RemedySpec {
    /// True if the remedy is for `os`.
    pub fn applies_to(&self, os: Os) -> bool {
        self.os.is_empty() || self.os.contains(&os)
    }
}

impl FindingSpec {
    /// The remedies for `os`, in order.
    pub fn remedies_for(&self, os: Os) -> impl Iterator<Item = &RemedySpec> {
        self.remedies.iter().filter(move |r| r.applies_to(os))
    }

    /// Who the finding locks out on `os`.
    pub fn locks_out_on(&self, os: Os) -> Option<&str> {
        self.locks_out
            .iter()
            .find(|l| l.os.iter().any(|o| Os::parse(o) == Some(os)))
            .map(|l| l.clients.as_str())
    }
}

// ----- the file as written -----

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    article: RawArticle,
    #[serde(default)]
    scenario: Vec<Spanned<Scenario>>,
    #[serde(default)]
    finding: Vec<Spanned<RawFinding>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawArticle {
    id: String,
    title: String,
    source: String,
    window_ms: u64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFinding {
    id: Spanned<String>,
    scenario: u32,
    cause: String,
    article_step: String,
    deviation: String,
    #[serde(default)]
    when: Vec<Spanned<RawClause>>,
    #[serde(default)]
    supporting: Vec<Spanned<RawClause>>,
    #[serde(default)]
    locks_out: Vec<LocksOut>,
    #[serde(default)]
    remedy: Vec<Spanned<RawRemedy>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawClause {
    events: Option<Vec<EventSpec>>,
    after: Option<EventSpec>,
    fact: Option<String>,
    #[serde(default)]
    shell: Option<Shell>,
    run: Option<String>,
    #[serde(rename = "as")]
    run_as: Option<String>,
    reads: Option<Vec<Part>>,
    exit: Option<u32>,
    contains: Option<String>,
    lacks: Option<String>,
    matches: Option<String>,
    capture: Option<RawCapture>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCapture {
    name: String,
    pattern: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRemedy {
    title: String,
    #[serde(default)]
    os: Vec<String>,
    shell: Option<Shell>,
    script: Option<String>,
    manual: Option<String>,
    #[serde(default)]
    reinstall: bool,
    #[serde(rename = "as")]
    run_as: Option<String>,
}

/// Parses and checks an article file's text; `file` names it in errors.
pub fn parse(text: &str, file: &str) -> Result<Article, ArticleError> {
    let at = |offset: usize, message: String| ArticleError {
        file: file.to_string(),
        line: line_of(text, offset),
        message,
    };
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        at(offset, e.message().to_string())
    })?;
    let mut findings = Vec::new();
    let mut ids = HashSet::new();
    for f in raw.finding {
        let start = f.span().start;
        let f = f.into_inner();
        let id_at = f.id.span().start;
        let id = f.id.into_inner();
        if !ids.insert(id.clone()) {
            return Err(at(id_at, format!("finding \"{id}\" is defined twice")));
        }
        if !raw.scenario.iter().any(|s| s.get_ref().id == f.scenario) {
            return Err(at(
                start,
                format!(
                    "finding \"{id}\" names scenario {}, which the article does not define",
                    f.scenario
                ),
            ));
        }
        let mut captures: HashSet<String> = HashSet::new();
        let when = clauses(f.when, &id, &mut captures, &at)?;
        let supporting = clauses(f.supporting, &id, &mut captures, &at)?;
        if when.is_empty() {
            return Err(at(
                start,
                format!("finding \"{id}\" has no evidence: give it at least one [[finding.when]]"),
            ));
        }
        for l in &f.locks_out {
            check_os_names(&l.os, &id, start, &at)?;
        }
        let mut remedies = Vec::new();
        for r in f.remedy {
            let r_at = r.span().start;
            let r = r.into_inner();
            let os = check_os_names(&r.os, &id, r_at, &at)?;
            let script = match (r.script, r.manual.is_some()) {
                (Some(s), false) => {
                    check_references(&s, &captures, &id, r_at, &at)?;
                    Some((r.shell.unwrap_or(Shell::Cmd), s))
                }
                (None, true) => None,
                _ => {
                    return Err(at(
                        r_at,
                        format!(
                            "a remedy of \"{id}\" needs exactly one of `script` (run by a shell) and `manual` (what a person must do)"
                        ),
                    ));
                }
            };
            remedies.push(RemedySpec {
                title: r.title,
                os,
                script,
                manual: r.manual,
                reinstall: r.reinstall,
                run_as: r.run_as,
            });
        }
        findings.push(FindingSpec {
            id,
            scenario: f.scenario,
            cause: f.cause,
            article_step: f.article_step,
            deviation: f.deviation,
            when,
            supporting,
            locks_out: f.locks_out,
            remedies,
        });
    }
    let scenarios: Vec<Scenario> = raw.scenario.into_iter().map(|s| s.into_inner()).collect();
    for s in &scenarios {
        if let Some(missing) = s.findings.iter().find(|f| !ids.contains(*f)) {
            let offset = text.find(&format!("\"{missing}\"")).unwrap_or(0);
            return Err(at(
                offset,
                format!(
                    "scenario {} lists finding \"{missing}\", which the article does not define",
                    s.id
                ),
            ));
        }
    }
    Ok(Article {
        id: raw.article.id,
        title: raw.article.title,
        source: raw.article.source,
        window_ms: raw.article.window_ms,
        scenarios,
        findings,
    })
}

fn clauses(
    raw: Vec<Spanned<RawClause>>,
    id: &str,
    captures: &mut HashSet<String>,
    at: &dyn Fn(usize, String) -> ArticleError,
) -> Result<Vec<Clause>, ArticleError> {
    let mut out = Vec::new();
    for c in raw {
        let c_at = c.span().start;
        let c = c.into_inner();
        let err = |m: String| Err(at(c_at, format!("evidence of \"{id}\": {m}")));
        match (c.events, c.fact, c.run) {
            (Some(events), None, None) => {
                if events.is_empty() {
                    return err("`events` lists no event".to_string());
                }
                if c.shell.is_some()
                    || c.run_as.is_some()
                    || c.reads.is_some()
                    || c.exit.is_some()
                    || c.contains.is_some()
                    || c.lacks.is_some()
                    || c.matches.is_some()
                    || c.capture.is_some()
                {
                    return err(
                        "an `events` clause takes no command keys (shell, as, reads, exit, contains, lacks, matches, capture)".to_string(),
                    );
                }
                out.push(Clause::Events {
                    any: events,
                    after: c.after,
                });
            }
            (None, Some(fact), Some(run)) => {
                if c.after.is_some() {
                    return err(format!(
                        "fact \"{fact}\": `after` belongs to an `events` clause"
                    ));
                }
                let Some(reads) = c.reads else {
                    return err(format!(
                        "fact \"{fact}\" needs `reads`: the parts of the host it reads (files, registry, certificates)"
                    ));
                };
                if c.exit.is_none()
                    && c.contains.is_none()
                    && c.lacks.is_none()
                    && c.matches.is_none()
                {
                    return err(format!(
                        "fact \"{fact}\" checks nothing: give it `exit`, `contains`, `lacks` or `matches`"
                    ));
                }
                check_references(&run, captures, id, c_at, at)?;
                let matches = match c.matches {
                    Some(p) => Some(regex(&p, c_at, at)?),
                    None => None,
                };
                let capture = match c.capture {
                    Some(cap) => {
                        let re = regex(&cap.pattern, c_at, at)?;
                        if re.captures_len() != 2 {
                            return err(format!(
                                "the capture \"{}\" needs a pattern with exactly one group",
                                cap.name
                            ));
                        }
                        captures.insert(cap.name.clone());
                        Some((cap.name, re))
                    }
                    None => None,
                };
                out.push(Clause::Fact(Box::new(FactSpec {
                    fact,
                    shell: c.shell.unwrap_or(Shell::Cmd),
                    run,
                    run_as: c.run_as,
                    reads,
                    exit: c.exit,
                    contains: c.contains,
                    lacks: c.lacks,
                    matches,
                    capture,
                })));
            }
            _ => {
                return err(
                    "a clause is either `events = [...]` or a fact (`fact` and `run`)".to_string(),
                );
            }
        }
    }
    Ok(out)
}

fn regex(
    pattern: &str,
    offset: usize,
    at: &dyn Fn(usize, String) -> ArticleError,
) -> Result<Regex, ArticleError> {
    Regex::new(pattern).map_err(|e| at(offset, format!("bad pattern {pattern:?}: {e}")))
}

fn check_os_names(
    names: &[String],
    id: &str,
    offset: usize,
    at: &dyn Fn(usize, String) -> ArticleError,
) -> Result<Vec<Os>, ArticleError> {
    names
        .iter()
        .map(|n| {
            Os::parse(n).ok_or_else(|| {
                at(
                    offset,
                    format!(
                        "finding \"{id}\": unknown OS \"{n}\" (known: 2008r2, 2012r2, 2016, 2019, 2022)"
                    ),
                )
            })
        })
        .collect()
}

/// Every `{{name}}` in `text` must name a capture made by an earlier fact.
fn check_references(
    text: &str,
    captures: &HashSet<String>,
    id: &str,
    offset: usize,
    at: &dyn Fn(usize, String) -> ArticleError,
) -> Result<(), ArticleError> {
    for name in references(text) {
        if !captures.contains(name) {
            return Err(at(
                offset,
                format!(
                    "finding \"{id}\": {{{{{name}}}}} is not captured by an earlier fact of this finding"
                ),
            ));
        }
    }
    Ok(())
}

/// The names `{{name}}` in `text`.
pub fn references(text: &str) -> impl Iterator<Item = &str> {
    text.split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.trim()))
}

/// `text` with each `{{name}}` replaced by its value; `None` if one has none.
pub fn substitute(text: &str, values: &[(String, String)]) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{{") {
        out.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let (name, tail) = after.split_once("}}")?;
        let value = values.iter().find(|(n, _)| n == name.trim())?;
        out.push_str(&value.1);
        rest = tail;
    }
    out.push_str(rest);
    Some(out)
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset.min(text.len()))
        .map_or(1, |t| t.matches('\n').count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[article]
id = "a"
title = "t"
source = "s"
window_ms = 1000

[[scenario]]
id = 1
title = "one"
findings = ["f"]

[[finding]]
id = "f"
scenario = 1
cause = "c"
article_step = "a"
deviation = "d"

[[finding.when]]
events = [{ channel = "System", provider = "P", id = 1 }]
"#;

    #[test]
    fn a_minimal_article_parses() {
        let a = parse(MINIMAL, "a.toml").unwrap();
        assert_eq!(a.findings.len(), 1);
        assert_eq!(a.window_ms, 1000);
        assert!(
            matches!(a.findings[0].when[0], Clause::Events { ref any, after: None } if any[0].id == 1)
        );
    }

    #[test]
    fn errors_name_the_file_and_line() {
        let bad = MINIMAL.replace("scenario = 1\n", "scenario = 7\n");
        let e = parse(&bad, "x.toml").unwrap_err();
        assert_eq!(e.file, "x.toml");
        assert_eq!(e.line, 13, "{e}");
        assert!(e.message.contains("scenario 7"), "{e}");

        let typo = MINIMAL.replace("cause =", "cuase =");
        let e = parse(&typo, "x.toml").unwrap_err();
        assert!(e.message.contains("cuase"), "{e}");
        assert_eq!(e.line, 16, "{e}");
    }

    #[test]
    fn a_reference_to_an_uncaptured_name_is_an_error() {
        let text = format!(
            "{MINIMAL}\n[[finding.when]]\nfact = \"x\"\nrun = \"reg query {{{{nope}}}}\"\nreads = [\"registry\"]\nexit = 0\n"
        );
        let e = parse(&text, "x.toml").unwrap_err();
        assert!(e.message.contains("{{nope}}"), "{e}");
        assert_eq!(e.line, 23, "{e}");
    }

    #[test]
    fn a_fact_that_checks_nothing_is_an_error() {
        let text = format!(
            "{MINIMAL}\n[[finding.when]]\nfact = \"x\"\nrun = \"dir\"\nreads = [\"files\"]\n"
        );
        let e = parse(&text, "x.toml").unwrap_err();
        assert!(e.message.contains("checks nothing"), "{e}");
    }

    #[test]
    fn an_events_clause_takes_no_command_keys() {
        let keys = [
            r#"shell = "cmd""#,
            r#"as = "NT AUTHORITY\\NETWORK SERVICE""#,
            r#"reads = ["files"]"#,
            "exit = 0",
            r#"contains = "x""#,
            r#"lacks = "x""#,
            r#"matches = "x""#,
            r#"capture = { name = "t", pattern = "x" }"#,
        ];
        for key in keys {
            let text = MINIMAL.replace("events = [", &format!("{key}\nevents = ["));
            let e = parse(&text, "x.toml").unwrap_err();
            assert!(e.message.contains("takes no command keys"), "{key}: {e}");
        }
    }

    #[test]
    fn substitution_replaces_every_reference_or_fails() {
        let v = vec![("t".to_string(), "AB".to_string())];
        assert_eq!(
            substitute("x {{t}} y {{ t }}", &v).as_deref(),
            Some("x AB y AB")
        );
        assert_eq!(substitute("x {{u}}", &v), None);
        assert_eq!(substitute("{ $_ }", &v).as_deref(), Some("{ $_ }"));
        assert_eq!(
            references("a {{x}} b {{y}}").collect::<Vec<_>>(),
            ["x", "y"]
        );
    }
}
