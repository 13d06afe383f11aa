//! The catalog check: every fault of the catalog in every form (or every pair of faults), on
//! every OS preset asked for: inject it, let the client that shows it try (it must fail),
//! diagnose (exactly the injected faults must be found), remediate, and try again.
//!
//! A case passes when the symptom showed; the diagnosis named exactly the injected fault (for a
//! pair: only injected faults, one fault may hide or erase the other); each finding ended fixed
//! or repaired by reinstall and the host is healthy again, or ended "needs a person" (a fix no
//! script may apply without weakening the host) with nothing changed for it and nothing else
//! left.

use super::diagnose::{self, Options};
use super::remediate::{self, Outcome, Report};
use super::{Article, Observed};
use serde::Serialize;
use std::time::Instant;
use winsim::faults::{self, Fault};
use winsim::os::Os;
use winsim::{Client, Host};

/// One case: faults on an OS preset.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The OS preset.
    pub os: Os,
    /// The faults, injected in this order.
    pub faults: Vec<Fault>,
}

impl Case {
    /// The faults as `--fault` writes them, joined with `+`.
    pub fn name(&self) -> String {
        self.faults
            .iter()
            .map(|f| f.form.spec())
            .collect::<Vec<_>>()
            .join(" + ")
    }

    /// The client that shows the case's symptom: the one that shows its first fault that
    /// only some clients see, else a modern one.
    pub fn client(&self) -> Client {
        self.faults
            .iter()
            .map(|f| faults::client_for(self.os, f))
            .find(|c| *c != Client::Modern)
            .unwrap_or(Client::Modern)
    }
}

/// Every fault in every form on each of `oses`.
pub fn single_cases(oses: &[Os]) -> Vec<Case> {
    oses.iter()
        .flat_map(|os| {
            Fault::every_form().map(move |f| Case {
                os: *os,
                faults: vec![f],
            })
        })
        .collect()
}

/// Every pair of different faults (default forms) on each of `oses`.
pub fn pair_cases(oses: &[Os]) -> Vec<Case> {
    let ids = winsim::FaultId::ALL;
    let mut out = Vec::new();
    for os in oses {
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                out.push(Case {
                    os: *os,
                    faults: vec![Fault::new(*a), Fault::new(*b)],
                });
            }
        }
    }
    out
}

/// What one case came to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CaseResult {
    /// The faults (`machinekeys-acl:container-only`), joined with ` + `.
    pub fault: String,
    /// The OS preset.
    pub os: String,
    /// The client that tried.
    pub client: String,
    /// True if the client connected before remediation (it should not).
    pub connects_before: bool,
    /// The client's error before remediation.
    pub symptom: Option<String>,
    /// The confirmed findings worked on, in order (with those an earlier fix revealed).
    pub findings: Vec<String>,
    /// The evidence the findings rest on, one line each.
    pub evidence: Vec<String>,
    /// The remediation's steps.
    pub steps: Vec<remediate::Step>,
    /// Each finding's outcome.
    pub outcomes: Vec<remediate::FindingResult>,
    /// True if the client connected after remediation.
    pub connects_after: bool,
    /// How many objects the remediation changed.
    pub changes: usize,
    /// True if the case passed.
    pub passed: bool,
    /// Why it did not, if it did not.
    pub failure: Option<String>,
    /// Wall time of the case, in microseconds.
    pub micros: u64,
}

/// Runs one case on a fork of `base`, a healthy host of the case's OS (built once per OS
/// and forked, since every case starts from the same healthy host).
pub fn run(article: &Article, case: &Case, base: &Host) -> CaseResult {
    debug_assert_eq!(base.os(), case.os);
    let started = Instant::now();
    let mut host = base.fork();
    for f in &case.faults {
        faults::inject(&mut host, f);
    }
    let opts = Options {
        client: case.client(),
        observed: Observed::ALL,
        since: None,
    };
    let before = diagnose::diagnose(article, &host, &opts);
    let report = remediate::remediate(article, &mut host, &before, &opts);
    let micros = started.elapsed().as_micros() as u64;
    judge(case, report, micros)
}

fn judge(case: &Case, report: Report, micros: u64) -> CaseResult {
    let before = &report.before;
    let first: Vec<String> = before
        .findings
        .iter()
        .filter(|f| f.confirmed)
        .map(|f| f.id.clone())
        .collect();
    // Every finding worked on, including those an earlier fix revealed.
    let confirmed: Vec<String> = report
        .results
        .iter()
        .filter(|r| r.outcome != Outcome::Unconfirmed)
        .map(|r| r.finding.clone())
        .collect();
    let mut expected: Vec<String> = case
        .faults
        .iter()
        .map(|f| f.id().name().to_string())
        .collect();
    expected.dedup();
    let person: Vec<&str> = report
        .results
        .iter()
        .filter(|r| r.outcome == Outcome::NeedsAPerson)
        .map(|r| r.finding.as_str())
        .collect();
    let failure = if before.rdp.connects {
        Some("the client connected before remediation".to_string())
    } else if expected.len() == 1 && !same_set(&first, &expected) {
        Some(format!(
            "found [{}], expected [{}]",
            first.join(", "),
            expected.join(", ")
        ))
    } else if let Some(stray) = confirmed.iter().find(|f| !expected.contains(f)) {
        Some(format!(
            "found {stray}, which was not injected (injected: {})",
            expected.join(", ")
        ))
    } else if first.is_empty() {
        Some(format!("found nothing, expected [{}]", expected.join(", ")))
    } else if let Some(r) = report.results.iter().find(|r| {
        !matches!(
            r.outcome,
            Outcome::Fixed | Outcome::RepairedByReinstall | Outcome::NeedsAPerson
        )
    }) {
        Some(format!("{}: {}", r.finding, r.outcome.text()))
    } else if !person.is_empty() {
        let left: Vec<&str> = report.after.ids();
        if let Some(other) = left.iter().find(|f| !person.contains(f)) {
            Some(format!("still found after remediation: {other}"))
        } else if expected.len() == 1 && !report.changes.is_empty() {
            Some(format!(
                "the finding needs a person, yet the run changed {} objects",
                report.changes.len()
            ))
        } else {
            None
        }
    } else if !report.after.healthy() {
        Some(match &report.after.rdp.error {
            Some(e) => format!("still fails after remediation: {e}"),
            None => format!(
                "still found after remediation: {}",
                report.after.ids().join(", ")
            ),
        })
    } else {
        None
    };
    let evidence = before
        .findings
        .iter()
        .flat_map(|f| f.evidence.iter().map(evidence_line))
        .collect();
    CaseResult {
        fault: case.name(),
        os: case.os.short_name().to_string(),
        client: before.rdp.client.clone(),
        connects_before: before.rdp.connects,
        symptom: before.rdp.error.clone(),
        findings: confirmed,
        evidence,
        steps: report.steps.clone(),
        outcomes: report.results.clone(),
        connects_after: report.after.rdp.connects,
        changes: report.changes.len(),
        passed: failure.is_none(),
        failure,
        micros,
    }
}

fn same_set(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// One line for a piece of evidence: `System/Schannel 36870 x2` or the fact's words.
pub fn evidence_line(e: &diagnose::Evidence) -> String {
    match e {
        diagnose::Evidence::Event {
            channel,
            provider,
            event_id,
            count,
            ..
        } => format!("{channel}: {provider} {event_id} (x{count})"),
        diagnose::Evidence::Fact { fact, .. } => fact.clone(),
    }
}
