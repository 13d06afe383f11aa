//! Diagnoses and remediation reports as a support engineer reads them.

use super::diagnose::{Diagnosis, Evidence};
use super::remediate::Report;
use winsim::os::Os;

/// A diagnosis as a support engineer reads it.
pub fn diagnosis_text(d: &Diagnosis) -> String {
    let mut s = format!(
        "{} (Windows Server {}): a {} client {}\n",
        d.host,
        Os::parse(&d.os).map_or(d.os.as_str(), |o| o
            .display_name()
            .trim_start_matches("Windows Server ")),
        d.rdp.client,
        match &d.rdp.error {
            None => "connects.".to_string(),
            Some(e) => format!("cannot connect: \"{e}\""),
        }
    );
    if d.findings.is_empty() {
        s.push_str("No findings.\n");
        return s;
    }
    for f in &d.findings {
        s.push_str(&format!(
            "\nFinding {} (scenario {}){}\n  Cause: {}\n",
            f.id,
            f.scenario,
            if f.confirmed { "" } else { ", unconfirmed" },
            f.cause
        ));
        if let Some(l) = &f.locks_out {
            s.push_str(&format!("  Locks out: {l}\n"));
        }
        s.push_str("  Evidence:\n");
        for e in &f.evidence {
            match e {
                Evidence::Event {
                    channel,
                    provider,
                    event_id,
                    count,
                    latest,
                    message,
                } => s.push_str(&format!(
                    "    - {channel}: {provider} event {event_id}, {count} in the window, latest {latest}:\n        {message}\n"
                )),
                Evidence::Fact {
                    fact, command, exit, ..
                } => s.push_str(&format!(
                    "    - {fact}\n        > {command}   (exit {exit})\n"
                )),
            }
        }
        for u in &f.unchecked {
            s.push_str(&format!("    - not checked: {u}\n"));
        }
        s.push_str("  Playbook:\n");
        for (i, r) in f.remedy.iter().enumerate() {
            s.push_str(&format!("    {}. {} ({})\n", i + 1, r.title, r.shell));
            for line in r.script.trim().lines() {
                s.push_str(&format!("         {line}\n"));
            }
        }
        s.push_str(&format!(
            "  The article: {}\n  kbsim differs: {}\n",
            f.article_step, f.deviation
        ));
    }
    s
}

/// A remediation report as text.
pub fn report_text(r: &Report) -> String {
    let mut s = diagnosis_text(&r.before);
    s.push_str("\nRemediation\n");
    if r.steps.is_empty() {
        s.push_str("  Nothing to run.\n");
    }
    for (i, step) in r.steps.iter().enumerate() {
        s.push_str(&format!(
            "  {}. [{}] {} ({})\n",
            i + 1,
            step.finding,
            step.title,
            step.shell
        ));
        match step.exit {
            Some(code) => {
                for line in step.output.trim_end().lines() {
                    s.push_str(&format!("       | {line}\n"));
                }
                s.push_str(&format!(
                    "       exit {code}; finding {}; the client {}\n",
                    if step.resolved { "gone" } else { "still there" },
                    if step.connects {
                        "connects"
                    } else {
                        "still fails"
                    }
                ));
            }
            None if step.shell == super::diagnose::Runs::Manual => {
                s.push_str(&format!("       a person must: {}\n", step.script));
            }
            None => s.push_str(&format!("       {}\n", step.output)),
        }
    }
    s.push_str("\nOutcome\n");
    for res in &r.results {
        s.push_str(&format!("  {}: {}\n", res.finding, res.outcome.text()));
    }
    s.push_str(&format!("\nChanges ({})\n", r.changes.len()));
    for c in &r.changes {
        s.push_str(&format!(
            "  {} {}\n      before: {}\n      after:  {}\n",
            c.kind.name(),
            c.path,
            c.before.as_deref().unwrap_or("(none)"),
            c.after.as_deref().unwrap_or("(none)")
        ));
    }
    s.push_str("\nAfterwards\n");
    s.push_str(
        &diagnosis_text(&r.after)
            .lines()
            .map(|l| format!("  {l}\n"))
            .collect::<String>(),
    );
    s
}
