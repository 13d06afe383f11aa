//! Diagnosis: each finding's evidence checked on the host as an engineer checks it (event
//! queries on exact channels and providers within the article's window, commands whose output
//! is read), never by looking at the simulator's internals. The host is never changed: commands
//! run on a fork of it.

use super::article::{Article, Clause, EventSpec, FactSpec, FindingSpec, Part, Shell, substitute};
use super::shells;
use serde::Serialize;
use winsim::clock::FileTime;
use winsim::principals::Token;
use winsim::process::{Output, Process};
use winsim::rdp::Client;
use winsim::{Host, eventlog::EventRef};

/// The parts of the host that hold live state. A fixture made only of exported logs has
/// none: its facts cannot be checked, and what its events show is reported as unconfirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observed {
    /// Files and their ACLs.
    pub files: bool,
    /// The registry.
    pub registry: bool,
    /// The certificate stores.
    pub certificates: bool,
}

impl Observed {
    /// Every part is live (a preset, or a fixture that captured everything).
    pub const ALL: Observed = Observed {
        files: true,
        registry: true,
        certificates: true,
    };

    /// The live state a fixture captured (`None`: a preset, all live). A snapshot captured
    /// everything; otherwise `acl.txt` or `files/` hold files, `registry.reg` the registry (and
    /// the certificate stores kept in it), `certs/` certificates.
    pub fn of_fixture(captured: Option<&winsim::fixture::Captured>) -> Observed {
        match captured {
            None => Observed::ALL,
            Some(c) if c.snapshot => Observed::ALL,
            Some(c) => Observed {
                files: c.files,
                registry: c.registry,
                certificates: c.registry || c.certificates,
            },
        }
    }

    fn has(&self, part: Part) -> bool {
        match part {
            Part::Files => self.files,
            Part::Registry => self.registry,
            Part::Certificates => self.certificates,
        }
    }
}

/// What diagnosis found on a host.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnosis {
    /// The computer name.
    pub host: String,
    /// The OS preset (`2019`).
    pub os: String,
    /// A client's attempt, made on a copy of the host (its events count as evidence).
    pub rdp: Rdp,
    /// The findings, in the article's order.
    pub findings: Vec<Finding>,
}

/// A client's attempt to connect.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rdp {
    /// The client (`modern`, `legacy`).
    pub client: String,
    /// True if it connected.
    pub connects: bool,
    /// The client's error, if it did not.
    pub error: Option<String>,
}

/// One cause found, with its evidence and its remedy.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The finding's id (a fault id of the causal model).
    pub id: String,
    /// The article's scenario.
    pub scenario: u32,
    /// The cause in plain words.
    pub cause: String,
    /// True if every piece of evidence was checked and holds; false if some could not be
    /// checked (see `unchecked`).
    pub confirmed: bool,
    /// The evidence that holds.
    pub evidence: Vec<Evidence>,
    /// Evidence that could not be checked, and why.
    pub unchecked: Vec<String>,
    /// Who cannot connect because of it, on this OS.
    pub locks_out: Option<String>,
    /// The playbook for this host: remedies in the order they are tried.
    pub remedy: Vec<Remedy>,
    /// What the article says to do.
    pub article_step: String,
    /// Why the playbook differs from it.
    pub deviation: String,
}

/// One piece of evidence that holds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Evidence {
    /// Recent events matched.
    Event {
        /// The channel.
        channel: String,
        /// The provider.
        provider: String,
        /// The EventID.
        event_id: u16,
        /// How many matched within the window.
        count: usize,
        /// The newest one's time (UTC, ISO 8601).
        latest: String,
        /// The newest one's message.
        message: String,
    },
    /// A command's result read as the fact says.
    Fact {
        /// The fact, in plain words.
        fact: String,
        /// The shell.
        shell: String,
        /// The command line run.
        command: String,
        /// Its exit code.
        exit: u32,
        /// What it printed.
        output: String,
    },
}

/// Who carries out a remedy: a shell, or a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// A script in this shell.
    Shell(Shell),
    /// A person (no script may do it).
    Manual,
}

impl Runs {
    /// `cmd`, `ps` or `manual`.
    pub fn name(self) -> &'static str {
        match self {
            Runs::Shell(s) => s.name(),
            Runs::Manual => "manual",
        }
    }
}

impl std::fmt::Display for Runs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Runs {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

/// One remedy of a playbook, ready to run on this host.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Remedy {
    /// What it does.
    pub title: String,
    /// `cmd`, `ps`, or `manual` (a person must act).
    pub shell: Runs,
    /// The script, or what a person must do.
    pub script: String,
    /// The remedy reinstalls a role.
    pub reinstall: bool,
    /// The principal it runs as; the elevated administrator when absent.
    #[serde(rename = "as")]
    pub run_as: Option<String>,
}

impl Diagnosis {
    /// The ids of the findings.
    pub fn ids(&self) -> Vec<&str> {
        self.findings.iter().map(|f| f.id.as_str()).collect()
    }

    /// True if the client connects and nothing was found.
    pub fn healthy(&self) -> bool {
        self.rdp.connects && self.findings.is_empty()
    }
}

/// How to diagnose: the client that tries, the parts that are live, and where the evidence
/// window starts (events before it are not evidence).
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The client that tries to connect.
    pub client: Client,
    /// The live parts.
    pub observed: Observed,
    /// Events before this time do not count (a re-check after a remedy); `None`: the
    /// article's window before now.
    pub since: Option<FileTime>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            client: Client::Modern,
            observed: Observed::ALL,
            since: None,
        }
    }
}

/// Diagnoses `host` with `article`'s findings.
pub fn diagnose(article: &Article, host: &Host, opts: &Options) -> Diagnosis {
    // The engineer's first step: try to connect, then read what that attempt logged too.
    let mut probe = host.fork();
    let attempt = probe.rdp_connect(opts.client);
    let window = window_ms(article, host, opts.since);
    let mut consoles = Consoles::default();
    let findings = article
        .findings
        .iter()
        .filter_map(|spec| check_finding(spec, &mut probe, &mut consoles, window, opts.observed))
        .collect();
    Diagnosis {
        host: host.name().to_string(),
        os: host.os().short_name().to_string(),
        rdp: Rdp {
            client: opts.client.name().to_string(),
            connects: attempt.is_ok(),
            error: attempt.err().map(|e| e.message),
        },
        findings,
    }
}

/// The window in milliseconds: the article's, or up to `since` if that is later.
fn window_ms(article: &Article, host: &Host, since: Option<FileTime>) -> u64 {
    match since {
        Some(t) => {
            let ms = t.millis_until(host.now()).max(0) as u64;
            ms.min(article.window_ms)
        }
        None => article.window_ms,
    }
}

/// A command as typed: the shell, the principal, the line.
type Typed = (Shell, Option<String>, String);

/// Why a command could not run.
enum Unavailable {
    /// The host knows no such principal.
    Principal,
    /// The shell cannot run here.
    Shell,
}

/// The consoles a diagnosis types its commands in, one per principal, as an engineer keeps
/// one elevated prompt and one SYSTEM prompt open.
#[derive(Default)]
struct Consoles {
    open: Vec<(Option<String>, Process)>,
    /// What each command printed, by (shell, principal, command line): facts only read, so
    /// a command a second finding asks for again reads what the first one read.
    seen: Vec<(Typed, Output)>,
}

impl Consoles {
    /// Runs `command` in the principal's console, or returns what it printed before.
    fn run(
        &mut self,
        host: &mut Host,
        shell: Shell,
        principal: Option<&str>,
        command: &str,
    ) -> Result<Output, Unavailable> {
        if let Some((_, out)) = self
            .seen
            .iter()
            .find(|((s, p, c), _)| *s == shell && p.as_deref() == principal && c == command)
        {
            return Ok(out.clone());
        }
        let process = self.get(host, principal).ok_or(Unavailable::Principal)?;
        let out = shells::run_line(shell, host, process, command).ok_or(Unavailable::Shell)?;
        self.seen.push((
            (shell, principal.map(str::to_string), command.to_string()),
            out.clone(),
        ));
        Ok(out)
    }

    fn get(&mut self, host: &Host, principal: Option<&str>) -> Option<&mut Process> {
        let at = match self
            .open
            .iter()
            .position(|(p, _)| p.as_deref() == principal)
        {
            Some(i) => i,
            None => {
                let process = process_as(host, principal)?;
                self.open.push((principal.map(str::to_string), process));
                self.open.len() - 1
            }
        };
        Some(&mut self.open[at].1)
    }
}

fn check_finding(
    spec: &FindingSpec,
    host: &mut Host,
    consoles: &mut Consoles,
    window: u64,
    observed: Observed,
) -> Option<Finding> {
    let mut captured: Vec<(String, String)> = Vec::new();
    let mut evidence = Vec::new();
    let mut unchecked = Vec::new();
    for clause in &spec.when {
        match check(clause, host, consoles, window, observed, &mut captured) {
            Checked::Holds(mut e) => evidence.append(&mut e),
            Checked::Fails => return None,
            Checked::Unknown(why) => unchecked.push(why),
        }
    }
    if evidence.is_empty() {
        // Nothing at all could be checked: no finding can rest on no evidence.
        return None;
    }
    for clause in &spec.supporting {
        if let Checked::Holds(mut e) =
            check(clause, host, consoles, window, observed, &mut captured)
        {
            evidence.append(&mut e);
        }
    }
    let os = host.os();
    let remedy = spec
        .remedies_for(os)
        .map(|r| match (&r.script, &r.manual) {
            (Some((shell, script)), _) => Remedy {
                title: r.title.clone(),
                shell: Runs::Shell(*shell),
                script: substitute(script, &captured).unwrap_or_else(|| script.clone()),
                reinstall: r.reinstall,
                run_as: r.run_as.clone(),
            },
            (None, manual) => Remedy {
                title: r.title.clone(),
                shell: Runs::Manual,
                script: manual.clone().unwrap_or_default(),
                reinstall: r.reinstall,
                run_as: None,
            },
        })
        .collect();
    Some(Finding {
        id: spec.id.clone(),
        scenario: spec.scenario,
        cause: spec.cause.clone(),
        confirmed: unchecked.is_empty(),
        evidence,
        unchecked,
        locks_out: spec.locks_out_on(os).map(str::to_string),
        remedy,
        article_step: spec.article_step.clone(),
        deviation: spec.deviation.clone(),
    })
}

enum Checked {
    Holds(Vec<Evidence>),
    Fails,
    Unknown(String),
}

fn check(
    clause: &Clause,
    host: &mut Host,
    consoles: &mut Consoles,
    window: u64,
    observed: Observed,
    captured: &mut Vec<(String, String)>,
) -> Checked {
    match clause {
        Clause::Events { any, after } => {
            let window = match after {
                Some(marker) => window.min(since_newest(host, marker, window)),
                None => window,
            };
            let found: Vec<Evidence> = any
                .iter()
                .filter_map(|s| recent_events(host, s, window))
                .collect();
            if found.is_empty() {
                Checked::Fails
            } else {
                Checked::Holds(found)
            }
        }
        Clause::Fact(fact) => check_fact(fact, host, consoles, observed, captured),
    }
}

/// The query the article writes, with the exact provider and the window.
pub fn query(spec: &EventSpec, window: u64) -> String {
    format!(
        "*[System[Provider[@Name='{}'] and EventID={} and TimeCreated[timediff(@SystemTime) <= {window}]]]",
        spec.provider, spec.id
    )
}

/// Milliseconds from the newest event matching `marker` (within `window`) to now; `window`
/// when there is none.
fn since_newest(host: &Host, marker: &EventSpec, window: u64) -> u64 {
    let Ok(events) = host
        .eventlog()
        .query(&marker.channel, &query(marker, window), host.now())
    else {
        return window;
    };
    events
        .iter()
        .rev()
        .find(|e| marker.text.is_empty() || e.message().contains(&marker.text))
        .map_or(window, |e| e.time().millis_until(host.now()).max(0) as u64)
}

fn recent_events(host: &Host, spec: &EventSpec, window: u64) -> Option<Evidence> {
    let events = host
        .eventlog()
        .query(&spec.channel, &query(spec, window), host.now())
        .ok()?;
    let matching: Vec<&EventRef<'_>> = events
        .iter()
        .filter(|e| spec.text.is_empty() || e.message().contains(&spec.text))
        .collect();
    let latest = matching.last()?;
    Some(Evidence::Event {
        channel: spec.channel.clone(),
        provider: spec.provider.clone(),
        event_id: spec.id,
        count: matching.len(),
        latest: latest.time().to_system_time_string(),
        message: latest.message(),
    })
}

fn check_fact(
    fact: &FactSpec,
    host: &mut Host,
    consoles: &mut Consoles,
    observed: Observed,
    captured: &mut Vec<(String, String)>,
) -> Checked {
    if let Some(part) = fact.reads.iter().find(|p| !observed.has(**p)) {
        return Checked::Unknown(format!(
            "{}: the host's {} were not captured",
            fact.fact,
            match part {
                Part::Files => "files",
                Part::Registry => "registry keys",
                Part::Certificates => "certificates",
            }
        ));
    }
    let Some(command) = substitute(&fact.run, captured) else {
        return Checked::Fails;
    };
    let out = match consoles.run(host, fact.shell, fact.run_as.as_deref(), &command) {
        Ok(out) => out,
        Err(Unavailable::Principal) => {
            return Checked::Unknown(format!("{}: no principal {:?}", fact.fact, fact.run_as));
        }
        Err(Unavailable::Shell) => {
            return Checked::Unknown(format!(
                "{}: {} is not available to run `{command}`",
                fact.fact,
                shell_name(fact.shell)
            ));
        }
    };
    if fact.shell == Shell::Cmd && out.code == 9009 {
        return Checked::Unknown(format!(
            "{}: `{command}` is not a command this host knows",
            fact.fact
        ));
    }
    let text = out.combined();
    let holds = fact.exit.is_none_or(|c| c == out.code)
        && fact.contains.as_ref().is_none_or(|t| text.contains(t))
        && fact.lacks.as_ref().is_none_or(|t| !text.contains(t))
        && fact.matches.as_ref().is_none_or(|re| re.is_match(&text));
    if !holds {
        return Checked::Fails;
    }
    if let Some((name, re)) = &fact.capture {
        match re.captures(&text).and_then(|c| c.get(1)) {
            Some(m) => captured.push((name.clone(), m.as_str().to_string())),
            None => return Checked::Fails,
        }
    }
    Checked::Holds(vec![Evidence::Fact {
        fact: fact.fact.clone(),
        shell: fact.shell.name().to_string(),
        command,
        exit: out.code,
        output: text.trim_end().to_string(),
    }])
}

/// A process of the elevated administrator, or of `principal` (`SYSTEM`); `None` if the
/// host knows no such principal.
pub fn process_as(host: &Host, principal: Option<&str>) -> Option<Process> {
    let token = match principal {
        None => host.admin_token(),
        Some(name) => Token::for_principal(host.principals().resolve(name)?),
    };
    Some(Process::new(token))
}

fn shell_name(shell: Shell) -> &'static str {
    match shell {
        Shell::Cmd => "cmd.exe",
        Shell::Ps => "PowerShell",
    }
}
