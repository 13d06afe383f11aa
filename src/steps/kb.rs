//! Steps for the knowledge base: diagnose the scenario's host, remediate it, and read the
//! diagnosis and the report as a support engineer would.

use super::{Console, KbWorld, docstring};
use crate::kb::diagnose::{Evidence, Options};
use crate::kb::remediate::Outcome;
use crate::kb::text::{diagnosis_text, report_text};
use crate::kb::{self, Diagnosis, Finding, Observed, Report};
use cucumber::gherkin::Step;
use cucumber::{then, when};
use winsim::rdp::Client;

impl KbWorld {
    fn kb_options(&self, client: Client) -> Options {
        Options {
            client,
            observed: self.observed.unwrap_or(Observed::ALL),
            since: None,
        }
    }

    fn diagnosis(&self) -> &Diagnosis {
        self.diagnosis
            .as_ref()
            .expect("no diagnosis in this scenario yet: add `When I diagnose the host`")
    }

    fn report(&self) -> &Report {
        self.report
            .as_ref()
            .expect("no remediation in this scenario yet: add `When I remediate the host`")
    }

    fn finding(&self, id: &str) -> &Finding {
        let d = self.diagnosis();
        d.findings
            .iter()
            .find(|f| f.id == id)
            .unwrap_or_else(|| panic!("no finding {id:?}; found {:?}", d.ids()))
    }

    fn show(&mut self, step: &Step, prompt: &str, output: String, code: u32) {
        self.consoles.push(Console {
            step: step.value.clone(),
            prompt: prompt.to_string(),
            input: String::new(),
            output,
            code: Some(code),
        });
    }
}

/// The client a step names (`modern` when it names none); a name `Client::parse` does not
/// know fails the step instead of quietly testing with a modern client.
fn client(kind: &str) -> Client {
    if kind.is_empty() {
        return Client::Modern;
    }
    Client::parse(kind).unwrap_or_else(|| panic!("no client profile {kind:?}"))
}

#[when(regex = r"^I diagnose the host(?: with a (modern|legacy) client)?$")]
fn diagnose(w: &mut KbWorld, kind: String, step: &Step) {
    let opts = w.kb_options(client(&kind));
    let d = kb::diagnose::diagnose(kb::builtin(), w.host(), &opts);
    let code = u32::from(!d.healthy());
    w.show(step, "kbsim diagnose", diagnosis_text(&d), code);
    w.diagnosis = Some(d);
}

#[when(regex = r"^I remediate the host(?: with a (modern|legacy) client)?( again)?$")]
fn remediate(w: &mut KbWorld, kind: String, again: String, step: &Step) {
    let opts = w.kb_options(client(&kind));
    let article = kb::builtin();
    let d = kb::diagnose::diagnose(article, w.host(), &opts);
    let report = kb::remediate::remediate(article, w.host(), &d, &opts);
    let code = u32::from(!report.healthy());
    w.show(step, "kbsim remediate", report_text(&report), code);
    if again.is_empty() {
        w.first_report = None;
    } else {
        w.first_report = w.report.take();
    }
    w.diagnosis = Some(d);
    w.report = Some(report);
}

#[then("the diagnosis finds nothing")]
fn finds_nothing(w: &mut KbWorld) {
    let d = w.diagnosis();
    assert!(d.findings.is_empty(), "found {:?}", d.ids());
}

#[then(regex = r#"^the diagnosis finds exactly "([^"]+)"$"#)]
fn finds_exactly(w: &mut KbWorld, ids: String) {
    let mut expected: Vec<&str> = ids.split(',').map(str::trim).collect();
    let mut found = w.diagnosis().ids();
    expected.sort_unstable();
    found.sort_unstable();
    assert_eq!(found, expected);
    assert!(
        w.diagnosis().findings.iter().all(|f| f.confirmed),
        "a finding is unconfirmed: {:?}",
        w.diagnosis().findings
    );
}

#[then(regex = r#"^the finding "([^"]+)" rests on event (\d+) from "([^"]+)" in "([^"]+)"$"#)]
fn rests_on_event(w: &mut KbWorld, id: String, event: u16, provider: String, channel: String) {
    let f = w.finding(&id);
    let found = f.evidence.iter().any(|e| {
        matches!(e, Evidence::Event { event_id, provider: p, channel: c, .. }
            if *event_id == event && *p == provider && *c == channel)
    });
    assert!(found, "evidence of {id}: {:#?}", f.evidence);
}

#[then(regex = r#"^the finding "([^"]+)" rests on the fact "([^"]+)"$"#)]
fn rests_on_fact(w: &mut KbWorld, id: String, fact: String) {
    let f = w.finding(&id);
    let found = f
        .evidence
        .iter()
        .any(|e| matches!(e, Evidence::Fact { fact: t, .. } if *t == fact));
    assert!(found, "evidence of {id}: {:#?}", f.evidence);
}

#[then(regex = r#"^the finding "([^"]+)" is unconfirmed because "([^"]+)"$"#)]
fn unconfirmed(w: &mut KbWorld, id: String, why: String) {
    let f = w.finding(&id);
    assert!(!f.confirmed, "{id} is confirmed");
    assert!(
        f.unchecked.iter().any(|u| u.contains(&why)),
        "unchecked: {:?}",
        f.unchecked
    );
}

#[then(regex = r#"^the finding "([^"]+)" locks out "([^"]+)"$"#)]
fn locks_out(w: &mut KbWorld, id: String, who: String) {
    let f = w.finding(&id);
    let l = f.locks_out.as_deref().unwrap_or("");
    assert!(l.contains(&who), "{id} locks out {l:?}");
}

#[then(regex = r#"^the playbook of "([^"]+)" runs first:$"#)]
fn playbook_first(w: &mut KbWorld, id: String, step: &Step) {
    let f = w.finding(&id);
    let first = f.remedy.first().expect("an empty playbook");
    assert_eq!(first.script.trim(), docstring(step).trim());
}

#[then(
    regex = r#"^the finding "([^"]+)" is (fixed|repaired by reinstall|needs a person|not fixed)$"#
)]
fn outcome(w: &mut KbWorld, id: String, what: String) {
    let r = w.report();
    let got = r
        .results
        .iter()
        .find(|x| x.finding == id)
        .unwrap_or_else(|| panic!("no result for {id}: {:?}", r.results));
    let want = match what.as_str() {
        "fixed" => Outcome::Fixed,
        "repaired by reinstall" => Outcome::RepairedByReinstall,
        "needs a person" => Outcome::NeedsAPerson,
        _ => Outcome::NotFixed,
    };
    assert_eq!(got.outcome, want);
}

#[then(regex = r"^the remediation took (\d+) steps?$")]
fn took_steps(w: &mut KbWorld, n: usize) {
    let r = w.report();
    assert_eq!(
        r.steps.len(),
        n,
        "steps: {:?}",
        r.steps.iter().map(|s| &s.title).collect::<Vec<_>>()
    );
}

#[then(regex = r#"^step (\d+) printed "(.*)"$"#)]
fn step_printed(w: &mut KbWorld, n: usize, text: String) {
    let r = w.report();
    let s = r.steps.get(n - 1).expect("no such step");
    assert!(s.output.contains(&text), "step {n} printed {:?}", s.output);
}

#[then(regex = r"^the host is healthy afterwards$")]
fn healthy_afterwards(w: &mut KbWorld) {
    let r = w.report();
    assert!(
        r.healthy(),
        "after: {:?}, findings {:?}",
        r.after.rdp,
        r.after.ids()
    );
}

#[then(regex = r"^the remediation changed (\d+) objects?$")]
fn changed_n(w: &mut KbWorld, n: usize) {
    let r = w.report();
    assert_eq!(r.changes.len(), n, "changes: {:#?}", r.changes);
}

#[then(
    regex = r#"^the remediation changed the (registry|file|acl|owner|certificate|service) "([^"]+)"$"#
)]
fn changed(w: &mut KbWorld, kind: String, path: String) {
    let r = w.report();
    let found = r
        .changes
        .iter()
        .any(|c| c.kind.name() == kind && c.path.to_lowercase().contains(&path.to_lowercase()));
    assert!(found, "changes: {:#?}", r.changes);
}

#[then("the second remediation changed nothing")]
fn second_changed_nothing(w: &mut KbWorld) {
    assert!(
        w.first_report.is_some(),
        "remediate once, then `When I remediate the host again`"
    );
    let r = w.report();
    assert!(r.changes.is_empty(), "changes: {:#?}", r.changes);
    assert!(r.steps.is_empty(), "steps ran again: {:#?}", r.steps);
}
