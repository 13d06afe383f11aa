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

/// A change as text: ACLs as SDDL and in icacls' words (names resolved on `host`).
fn change_text(c: &winsim::Change, host: &winsim::Host) -> String {
    let side = |v: &Option<String>| v.as_deref().unwrap_or("(none)").to_string();
    let mut s = format!(
        "  {} {}\n      before: {}\n      after:  {}\n",
        c.kind.name(),
        c.path,
        side(&c.before),
        side(&c.after)
    );
    if c.kind == winsim::ChangeKind::Acl {
        for (label, v) in [("before", &c.before), ("after", &c.after)] {
            let Some(lines) = v.as_deref().and_then(|t| winsim::diff::acl_lines(host, t)) else {
                continue;
            };
            for (i, l) in lines.iter().enumerate() {
                let head = if i == 0 {
                    format!("{label} (icacls):")
                } else {
                    String::new()
                };
                s.push_str(&format!("      {head:<17} {l}\n"));
            }
        }
    }
    s
}

/// The verdict on a script, short first: the result, the seven judgments, then the details.
pub fn verdict_text(v: &super::judge::Verdict, host: &winsim::Host) -> String {
    let j = &v.judgment;
    let run = &v.steps[0];
    let mut faults = v.before.ids().join(", ");
    if faults.is_empty() {
        faults = "no finding".to_string();
    }
    let mut s = format!(
        "{} on {} (Windows Server {}), {}\n",
        run.script,
        v.before.host,
        Os::parse(&v.before.os).map_or(v.before.os.as_str(), |o| o
            .display_name()
            .trim_start_matches("Windows Server ")),
        faults
    );
    let mut problems = Vec::new();
    if !j.privilege_creep.is_empty() {
        problems.push(format!("privilege creep ({})", j.privilege_creep.len()));
    }
    if !j.downgrade.is_empty() {
        problems.push(format!("a downgrade ({})", j.downgrade.len()));
    }
    let verdict = match (j.restored, problems.is_empty()) {
        (true, true) => "PASS: restored, with no privilege creep and no downgrade.".to_string(),
        (true, false) => format!("FAIL: restored, but with {}.", problems.join(" and ")),
        (false, true) => "FAIL: not restored.".to_string(),
        (false, false) => format!("FAIL: not restored, and {}.", problems.join(" and ")),
    };
    s.push_str(&format!("{verdict}\n\n"));
    let count = |n: usize, none: &str, one: &str, many: &str| match n {
        0 => none.to_string(),
        1 => format!("1 {one}"),
        _ => format!("{n} {many}"),
    };
    let rows = [
        (
            "restored",
            if j.restored {
                format!(
                    "yes: a {} client connects; no evidence since the script ran",
                    v.after.rdp.client
                )
            } else {
                match &v.after.rdp.error {
                    Some(e) => format!("no: \"{e}\""),
                    None => format!("no: still found: {}", v.after.ids().join(", ")),
                }
            },
        ),
        (
            "privilege creep",
            count(
                j.privilege_creep.len(),
                "none",
                "access gained",
                "accesses gained",
            ),
        ),
        (
            "downgrade",
            count(
                j.downgrade.len(),
                "none",
                "setting weakened",
                "settings weakened",
            ),
        ),
        (
            "collateral",
            count(
                j.collateral.len(),
                "none",
                "change outside the faults' scope",
                "changes outside the faults' scope",
            ),
        ),
        (
            "idempotent",
            if j.idempotent {
                "yes: a second run changes nothing".to_string()
            } else {
                format!(
                    "no: a second run exits {} and changes {}",
                    j.second_run_exit,
                    count(j.second_run_changes.len(), "nothing", "object", "objects")
                )
            },
        ),
        (
            "unattended",
            if j.unattended {
                "yes".to_string()
            } else {
                format!(
                    "no: {}",
                    count(
                        j.attention.len(),
                        "",
                        "line needs attention",
                        "lines need attention"
                    )
                )
            },
        ),
        ("also fixes", list_or(&v.also_fixes, "nothing else")),
        ("does not fix", list_or(&v.does_not_fix, "-")),
    ];
    for (k, val) in rows {
        s.push_str(&format!("  {k:<16} {val}\n"));
    }
    section(&mut s, "Privilege creep", &j.privilege_creep, |c| {
        format!("  {} can now {} {}\n", c.principal, c.right, c.object)
    });
    section(&mut s, "Downgrade", &j.downgrade, |d| {
        format!(
            "  {}: {} -> {}\n      {}\n",
            d.setting,
            d.before.as_deref().unwrap_or("(none)"),
            d.after.as_deref().unwrap_or("(none)"),
            d.why
        )
    });
    section(&mut s, "Needs attention", &j.attention, |a| {
        format!("  line {}: {}\n      {}\n", a.line, a.text, a.problem)
    });
    section(&mut s, "Collateral", &j.collateral, |c| {
        change_text(c, host)
    });
    s.push_str(&format!(
        "\nThe run (exit {}{})\n",
        run.exit,
        if run.restarted {
            ", then the host restarted"
        } else {
            ""
        }
    ));
    for line in run.output.trim_end().lines() {
        s.push_str(&format!("  | {line}\n"));
    }
    s.push_str(&format!("\nChanges ({})\n", v.changes.len()));
    for c in &v.changes {
        s.push_str(&change_text(c, host));
    }
    if !j.second_run_changes.is_empty() {
        s.push_str(&format!(
            "\nChanges of a second run ({})\n",
            j.second_run_changes.len()
        ));
        for c in &j.second_run_changes {
            s.push_str(&change_text(c, host));
        }
    }
    s.push_str("\nBefore\n");
    s.push_str(&indent(&diagnosis_summary(&v.before)));
    s.push_str("\nAfterwards\n");
    s.push_str(&indent(&diagnosis_summary(&v.after)));
    s
}

/// A titled list, after a blank line; nothing when `items` is empty.
fn section<T>(s: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    s.push_str(&format!("\n{title}\n"));
    for item in items {
        s.push_str(&line(item));
    }
}

fn list_or(items: &[String], none: &str) -> String {
    if items.is_empty() {
        none.to_string()
    } else {
        items.join(", ")
    }
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("  {l}\n")).collect()
}

/// The first line of a diagnosis and its findings' ids.
fn diagnosis_summary(d: &Diagnosis) -> String {
    let full = diagnosis_text(d);
    let first = full.lines().next().unwrap_or_default();
    if d.findings.is_empty() {
        format!("{first}\nNo findings.\n")
    } else {
        format!("{first}\nFindings: {}\n", d.ids().join(", "))
    }
}
