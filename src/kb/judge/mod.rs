//! The judge of remediation scripts (`kbsim remediate --script FILE`): a user's `.ps1`,
//! `.cmd` or `.bat` runs on the broken host as the elevated administrator would run it, and
//! is judged on seven points (DESIGN.md "Judging a remediation script"):
//!
//! 1. restored: the client that shows the faults connects, and the article's evidence is
//!    gone (only events logged since the script started count);
//! 2. changes: `Host::diff` of the run;
//! 3. collateral: the changes outside the scopes of the faults present (the catalog's
//!    `scope`, data; a service left in another state is always collateral);
//! 4. privilege creep (`access.rs`): access to private keys, key files, the MachineKeys folder
//!    or the stores' registry keys that someone gained, by the host's access check;
//! 5. downgrade (`downgrade.rs`): security settings left weaker;
//! 6. idempotent: a second run on the result changes nothing and exits 0;
//! 7. unattended: no prompt read end-of-input, and no failure went by unreported (the script
//!    exited 0 although a command failed and no later line tested the result).
//!
//! The script is also run against every other fault of the catalog, one at a time, on the
//! host as given: what it fixes there too, and what it does not. A restart the script asks
//! for (`shutdown /r`) happens when it ends; `Restart-Computer` restarts at once.

pub mod access;
pub mod downgrade;

use super::check::Case;
use super::diagnose::{self, Diagnosis, Options};
use super::{Article, Runs};
use access::Creep;
use downgrade::Downgrade;
use serde::Serialize;
use std::time::Duration;
use winsim::faults::scope::Scope;
use winsim::faults::{self, Fault};
use winsim::process::{IncidentKind, Journal};
use winsim::shell::{self, ScriptKind, ScriptOptions};
use winsim::{Change, ChangeKind, FaultId, Host, Process};

/// A script to judge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// Its file name (`fix.ps1`), shown in error positions and reports.
    pub name: String,
    /// The shell it runs in.
    pub shell: Runs,
    /// `.bat` (cmd's `.bat` errorlevel rules) rather than `.cmd`.
    pub bat: bool,
    /// Its text.
    pub text: String,
}

impl Script {
    /// A script named `name` (its extension picks the shell: `.ps1`, `.cmd`, `.bat`).
    pub fn new(name: &str, text: &str) -> Result<Script, String> {
        let lower = name.to_ascii_lowercase();
        let (shell, bat) = if lower.ends_with(".ps1") {
            (Runs::Shell(super::article::Shell::Ps), false)
        } else if lower.ends_with(".cmd") {
            (Runs::Shell(super::article::Shell::Cmd), false)
        } else if lower.ends_with(".bat") {
            (Runs::Shell(super::article::Shell::Cmd), true)
        } else {
            return Err(format!("{name}: a script must end in .ps1, .cmd or .bat"));
        };
        Ok(Script {
            name: name.to_string(),
            shell,
            bat,
            text: text.to_string(),
        })
    }

    /// The script read from a file (UTF-16 with a BOM, UTF-8, or the OEM code page, as the
    /// console reads it). The file is only read.
    pub fn from_file(path: &std::path::Path) -> Result<Script, String> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Script::new(&name, "").map_err(|_| {
            format!(
                "{}: a script must end in .ps1, .cmd or .bat",
                path.display()
            )
        })?;
        // A FIFO or a device is refused, not waited on (fixture::disk::read_script).
        let bytes = winsim::fixture::disk::read_script(path)
            .map_err(|e| format!("{}: {}", path.display(), e.message))?;
        Script::new(&name, &winsim::text::decode_console(&bytes))
    }

    /// Runs the script in its shell as `powershell -File` or `cmd /c` would (cmd with echo on,
    /// Windows' default); `path` is the name PowerShell's error positions show.
    pub fn run(&self, host: &mut Host, process: &mut Process, path: &str) -> winsim::Output {
        match self.shell {
            Runs::Shell(super::article::Shell::Ps) => {
                let options = shell::ps::Options {
                    file: Some(path.to_string()),
                    ..shell::ps::Options::default()
                };
                shell::ps::run_script_with(host, process, &self.text, &options)
            }
            _ => {
                let options = ScriptOptions {
                    echo: true,
                    kind: if self.bat {
                        ScriptKind::Bat
                    } else {
                        ScriptKind::Cmd
                    },
                    limits: None,
                };
                shell::run_script_with(host, process, &self.text, &options)
            }
        }
    }

    /// Line `n` (1-based) of the script, trimmed; empty past its end.
    pub fn line(&self, n: usize) -> &str {
        self.text
            .lines()
            .nth(n.wrapping_sub(1))
            .map(str::trim)
            .unwrap_or("")
    }
}

/// One run of the script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScriptRun {
    /// The script's name.
    pub script: String,
    /// `cmd` or `ps`.
    pub shell: Runs,
    /// Its exit code.
    pub exit: u32,
    /// What it printed (both streams, as the console shows them).
    pub output: String,
    /// True if the host restarted for it.
    pub restarted: bool,
    /// True if the client connected afterwards.
    pub connects: bool,
    /// What Windows logged while it ran (and at the check after it), oldest first.
    pub logged: Vec<Logged>,
}

/// An event logged during a run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Logged {
    /// The channel (`System`).
    pub channel: String,
    /// The provider (`Microsoft-Windows-TerminalServices-RemoteConnectionManager`).
    pub provider: String,
    /// The EventID.
    pub id: u16,
    /// The rendered message.
    pub message: String,
}

/// The events logged at or after `start`, oldest first.
fn logged_since(host: &Host, start: winsim::clock::FileTime) -> Vec<Logged> {
    let log = host.eventlog();
    let mut out: Vec<(winsim::clock::FileTime, Logged)> = log
        .channels()
        .into_iter()
        .flat_map(|c| log.events(c))
        .filter(|e| e.time() >= start)
        .map(|e| {
            (
                e.time(),
                Logged {
                    channel: e.channel().to_string(),
                    provider: e.provider().to_string(),
                    id: e.event_id(),
                    message: e.message(),
                },
            )
        })
        .collect();
    out.sort_by_key(|(t, _)| *t);
    out.into_iter().map(|(_, l)| l).collect()
}

/// Something that needed a person, or went by unreported, with the line it happened on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Attention {
    /// The script line (1-based; 0 when it is not known).
    pub line: usize,
    /// The line's text.
    pub text: String,
    /// What happened.
    pub problem: String,
}

/// The seven judgments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Judgment {
    /// The client connects and the evidence is gone.
    pub restored: bool,
    /// Changes outside the scopes of the faults present.
    pub collateral: Vec<Change>,
    /// Access gained that no scope grants.
    pub privilege_creep: Vec<Creep>,
    /// Settings left weaker.
    pub downgrade: Vec<Downgrade>,
    /// A second run changed nothing and exited 0.
    pub idempotent: bool,
    /// What a second run changed.
    pub second_run_changes: Vec<Change>,
    /// The second run's exit code.
    pub second_run_exit: u32,
    /// No prompt waited and no failure went by unreported.
    pub unattended: bool,
    /// The prompts and failures, with their lines.
    pub attention: Vec<Attention>,
}

impl Judgment {
    /// True when the script passes: restored, no creep, no downgrade (the exit status of
    /// `kbsim remediate --script`).
    pub fn passed(&self) -> bool {
        self.restored && self.privilege_creep.is_empty() && self.downgrade.is_empty()
    }
}

/// The judge's report (the JSON of `kbsim remediate --script`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// The host diagnosed before the script.
    pub before: Diagnosis,
    /// The script's run.
    pub steps: Vec<ScriptRun>,
    /// Everything it changed.
    pub changes: Vec<Change>,
    /// The host diagnosed after it (events before it do not count).
    pub after: Diagnosis,
    /// The seven judgments.
    pub judgment: Judgment,
    /// Other faults of the catalog the script fixes as well.
    pub also_fixes: Vec<String>,
    /// Other faults of the catalog it does not fix.
    pub does_not_fix: Vec<String>,
}

/// Seconds the clock moves around a run, so that evidence is told apart by time.
const STEP: Duration = Duration::from_secs(1);

/// Runs `script` on a fork of `broken` (a host with `faults` injected, or broken by other
/// means when `faults` is empty) and judges it; then, when `healthy` (the host before the
/// faults) is given, on it with each other fault of the catalog in turn. Neither host is
/// changed.
pub fn judge(
    article: &Article,
    broken: &Host,
    healthy: Option<&Host>,
    faults: &[Fault],
    script: &Script,
    opts: &Options,
) -> Verdict {
    let mut host = broken.fork();
    let opts = Options {
        client: client_for(broken, faults, opts),
        ..*opts
    };
    let before = diagnose::diagnose(article, &host, &opts);
    let present: Vec<FaultId> = faults
        .iter()
        .map(Fault::id)
        .chain(before.findings.iter().filter_map(|f| FaultId::parse(&f.id)))
        .collect();
    let scopes: Vec<Scope> = present.iter().map(|id| id.entry().scope).collect();

    let snapshot = host.fork();
    let (run, journal, after) = run_and_check(article, &mut host, script, &opts);
    let diff = host.diff(&snapshot);
    let changes = diff.changes().to_vec();
    let collateral = changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Service || !scopes.iter().any(|s| s.covers(&c.path)))
        .cloned()
        .collect();
    let watched: Vec<String> = changes
        .iter()
        .filter(|c| access::is_watched(&c.path))
        .map(|c| c.path.clone())
        .collect();
    let privilege_creep = access::creep(&snapshot, &host, &watched, &scopes);
    let downgrade = downgrade::downgrades(&snapshot, &host);

    let mut again = host.fork();
    let mut second = Process::new(again.admin_token());
    let second_exit = run_script(&mut again, &mut second, script).0;
    let second_run_changes = again.diff(&host).changes().to_vec();
    let idempotent = second_run_changes.is_empty() && second_exit == 0;

    let attention = attention(script, &journal, run.exit);
    let judgment = Judgment {
        restored: after.healthy(),
        collateral,
        privilege_creep,
        downgrade,
        idempotent,
        second_run_changes,
        second_run_exit: second_exit,
        unattended: attention.is_empty(),
        attention,
    };

    let (mut also_fixes, mut does_not_fix) = (Vec::new(), Vec::new());
    if let Some(base) = healthy {
        for id in FaultId::ALL {
            if present.contains(&id) {
                continue;
            }
            let fault = Fault::new(id);
            let mut h = base.fork();
            faults::inject(&mut h, &fault);
            let o = Options {
                client: faults::client_for(h.os(), &fault),
                ..opts
            };
            let (_, _, after) = run_and_check(article, &mut h, script, &o);
            if after.healthy() {
                also_fixes.push(id.name().to_string());
            } else {
                does_not_fix.push(id.name().to_string());
            }
        }
    }
    Verdict {
        before,
        steps: vec![run],
        changes,
        after,
        judgment,
        also_fixes,
        does_not_fix,
    }
}

/// The client that shows the faults (a TLS 1.0-only client for `tls10-disabled`), else the
/// one the options name.
fn client_for(base: &Host, faults: &[Fault], opts: &Options) -> winsim::Client {
    if faults.is_empty() {
        return opts.client;
    }
    Case {
        os: base.os(),
        faults: faults.to_vec(),
    }
    .client()
}

/// Runs the script as the elevated administrator, restarts the host if it asked, and checks
/// the host again, counting only events logged since the script started.
fn run_and_check(
    article: &Article,
    host: &mut Host,
    script: &Script,
    opts: &Options,
) -> (ScriptRun, Journal, Diagnosis) {
    host.advance(STEP);
    let start = host.now();
    let mut process = Process::new(host.admin_token());
    let (exit, output, restarted) = run_script(host, &mut process, script);
    host.advance(STEP);
    let after = diagnose::diagnose(
        article,
        host,
        &Options {
            since: Some(start),
            ..*opts
        },
    );
    let run = ScriptRun {
        script: script.name.clone(),
        shell: script.shell,
        exit,
        output,
        restarted,
        connects: after.rdp.connects,
        logged: logged_since(host, start),
    };
    (run, process.journal, after)
}

/// Runs the script in its shell; (exit code, output, restarted).
fn run_script(host: &mut Host, process: &mut Process, script: &Script) -> (u32, String, bool) {
    let out = script.run(
        host,
        process,
        &format!(r"C:\Windows\system32\{}", script.name),
    );
    let restarted = process.journal.restart;
    if restarted {
        // The countdown of `shutdown /r` ends after the script: the host restarts.
        host.reboot();
        process.journal.restart = false;
    }
    (out.code, out.combined(), restarted)
}

/// The prompts nobody answered, and (when the script exited 0) the failures no later line
/// tested: the line after a failure that reads `%ERRORLEVEL%`, `errorlevel`, `$LASTEXITCODE`
/// or `$?` counts as testing it.
fn attention(script: &Script, journal: &Journal, exit: u32) -> Vec<Attention> {
    let mut out = Vec::new();
    for i in &journal.incidents {
        let problem = match &i.kind {
            IncidentKind::Unanswered { prompt } => {
                format!("waited for an answer nobody gives: \"{prompt}\"")
            }
            IncidentKind::Failed {
                command,
                code,
                message,
            } => {
                if exit != 0 || tested_after(script, i.line) {
                    continue;
                }
                let what = if message.is_empty() {
                    format!("exit code {code}")
                } else {
                    format!("\"{message}\"")
                };
                format!("{command} failed ({what}) and the script went on to exit 0")
            }
        };
        let a = Attention {
            line: i.line,
            text: script.line(i.line).to_string(),
            problem,
        };
        if !out.contains(&a) {
            out.push(a);
        }
    }
    out
}

fn tested_after(script: &Script, line: usize) -> bool {
    let next = script
        .text
        .lines()
        .skip(line)
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("")
        .to_ascii_lowercase();
    ["errorlevel", "$lastexitcode", "$?"]
        .iter()
        .any(|w| next.contains(w))
}
