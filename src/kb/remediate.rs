//! Remediation: for each confirmed finding, its playbook's remedies run in order through the
//! simulated shells (as the elevated administrator, or as the remedy says); after each, the
//! host is checked again (a client tries, the evidence is read, counting only events logged
//! since the remedy started). A finding's playbook stops when the finding is gone; the run
//! stops when the host is healthy. Then the host is diagnosed again, and a finding that an
//! earlier fault had hidden gets its playbook in turn. The report carries every step and the
//! diff of the whole run.

use super::article::{Article, Shell};
use super::diagnose::{self, Diagnosis, Finding, Options, Runs};
use super::shells;
use serde::Serialize;
use std::time::Duration;
use winsim::{Change, Host};

/// What a remediation did.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// The diagnosis it started from.
    pub before: Diagnosis,
    /// The steps, in the order they ran.
    pub steps: Vec<Step>,
    /// What each finding came to.
    pub results: Vec<FindingResult>,
    /// Everything the run changed on the host.
    pub changes: Vec<Change>,
    /// The host checked again after the run (events logged before it do not count).
    pub after: Diagnosis,
}

/// One remedy tried.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    /// The finding it was for.
    pub finding: String,
    /// What it does.
    pub title: String,
    /// `cmd`, `ps`, or `manual`.
    pub shell: Runs,
    /// The script (or what a person must do).
    pub script: String,
    /// The script's exit code (`None`: not run).
    pub exit: Option<u32>,
    /// What the script printed (or why it did not run).
    pub output: String,
    /// True if the finding was gone after this step.
    pub resolved: bool,
    /// True if the client connected after this step.
    pub connects: bool,
}

/// What a finding came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// A remedy made the finding go away.
    Fixed,
    /// A role reinstall made it go away.
    RepairedByReinstall,
    /// No script may fix it; the report says what a person must do.
    NeedsAPerson,
    /// The playbook ran out and the finding is still there.
    NotFixed,
    /// Not every piece of its evidence could be checked, so nothing was changed for it.
    Unconfirmed,
}

impl Outcome {
    /// The outcome in words.
    pub fn text(self) -> &'static str {
        match self {
            Outcome::Fixed => "fixed",
            Outcome::RepairedByReinstall => "repaired by reinstall",
            Outcome::NeedsAPerson => "needs a person",
            Outcome::NotFixed => "not fixed",
            Outcome::Unconfirmed => "unconfirmed",
        }
    }
}

/// A finding's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingResult {
    /// The finding.
    pub finding: String,
    /// What it came to.
    pub outcome: Outcome,
}

impl Report {
    /// True if the host is healthy after the run.
    pub fn healthy(&self) -> bool {
        self.after.healthy()
    }
}

/// Seconds the clock moves before and after each remedy, so that the re-check can tell the
/// events the remedy caused from older ones.
const STEP: Duration = Duration::from_secs(1);

/// Runs the playbooks of `diagnosis`'s confirmed findings on `host`.
pub fn remediate(
    article: &Article,
    host: &mut Host,
    diagnosis: &Diagnosis,
    opts: &Options,
) -> Report {
    let before_host = host.fork();
    host.advance(STEP);
    let start = host.now();
    let mut steps = Vec::new();
    let mut results: Vec<FindingResult> = Vec::new();
    let mut healthy = false;
    // One fault can hide another (a Deny on the container hides a missing grant; an
    // unreadable container hides a corrupt key): after each round of playbooks the host is
    // diagnosed again, and what shows up now gets its own playbook, as an engineer who
    // re-reads the logs after a fix would do. Each finding is worked on once.
    let mut current = diagnosis.clone();
    for _round in 0..article.findings.len() {
        let pending: Vec<&Finding> = current
            .findings
            .iter()
            .filter(|f| !results.iter().any(|r| r.finding == f.id))
            .collect();
        if pending.is_empty() || healthy {
            break;
        }
        for finding in pending {
            if healthy {
                break;
            }
            let outcome = if finding.confirmed {
                run_playbook(article, host, finding, opts, &mut steps, &mut healthy)
            } else {
                Outcome::Unconfirmed
            };
            results.push(FindingResult {
                finding: finding.id.clone(),
                outcome,
            });
        }
        host.advance(STEP);
        let round_start = host.now();
        host.advance(STEP);
        current = diagnose::diagnose(
            article,
            host,
            &Options {
                since: Some(round_start),
                ..*opts
            },
        );
    }
    let after = diagnose::diagnose(
        article,
        host,
        &Options {
            since: Some(start),
            ..*opts
        },
    );
    Report {
        before: diagnosis.clone(),
        steps,
        results,
        changes: host.diff(&before_host).changes().to_vec(),
        after,
    }
}

fn run_playbook(
    article: &Article,
    host: &mut Host,
    finding: &Finding,
    opts: &Options,
    steps: &mut Vec<Step>,
    healthy: &mut bool,
) -> Outcome {
    let mut outcome = Outcome::NotFixed;
    for remedy in &finding.remedy {
        let shell = match remedy.shell {
            Runs::Shell(shell) => shell,
            Runs::Manual => {
                steps.push(Step {
                    finding: finding.id.clone(),
                    title: remedy.title.clone(),
                    shell: remedy.shell,
                    script: remedy.script.clone(),
                    exit: None,
                    output: String::new(),
                    resolved: false,
                    connects: false,
                });
                outcome = Outcome::NeedsAPerson;
                continue;
            }
        };
        host.advance(STEP);
        let t0 = host.now();
        let ran = match diagnose::process_as(host, remedy.run_as.as_deref()) {
            Some(mut process) => shells::run_script(shell, host, &mut process, &remedy.script),
            None => None,
        };
        host.advance(STEP);
        let recheck = diagnose::diagnose(
            article,
            host,
            &Options {
                since: Some(t0),
                ..*opts
            },
        );
        let resolved = !recheck.findings.iter().any(|f| f.id == finding.id);
        let (exit, output) = match ran {
            Some(out) => (Some(out.code), out.combined()),
            None => (
                None,
                format!(
                    "not run: {} is not available on this host",
                    if shell == Shell::Ps {
                        "PowerShell"
                    } else {
                        "cmd.exe"
                    }
                ),
            ),
        };
        steps.push(Step {
            finding: finding.id.clone(),
            title: remedy.title.clone(),
            shell: remedy.shell,
            script: remedy.script.clone(),
            exit,
            output,
            resolved,
            connects: recheck.rdp.connects,
        });
        *healthy = recheck.healthy();
        if resolved {
            return if remedy.reinstall {
                Outcome::RepairedByReinstall
            } else {
                Outcome::Fixed
            };
        }
        if *healthy {
            break;
        }
    }
    outcome
}
