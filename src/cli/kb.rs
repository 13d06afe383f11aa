//! `kbsim diagnose`, `kbsim remediate` and `kbsim check`: the knowledge base at work.

use super::{CliError, HostArgs, out};
use clap::Args;
use kbsim::kb::check::{self, CaseResult};
use kbsim::kb::diagnose::Options;
use kbsim::kb::text::{diagnosis_text, report_text};
use kbsim::kb::{self, Observed};
use std::io::IsTerminal;
use winsim::Host;
use winsim::os::Os;
use winsim::rdp::Client;

/// Examples shown by `kbsim diagnose --help`.
pub const DIAGNOSE_HELP: &str = "\
Reads the host as an engineer would: a client tries to connect, the article's event queries
run on their exact channels (events older than 24 hours are history, not evidence), and
commands such as icacls, reg query and certutil are read. Prints each finding with its
evidence and the playbook that fixes it. Exit 0 if the host is healthy, 1 if anything was
found or the client cannot connect, 2 on bad input.

A fixture that holds only exported logs is diagnosed from its events; what its missing state
would have proved is listed as unchecked and the finding as unconfirmed.

Examples:
  kbsim diagnose --fault machinekeys-deny-ace
  kbsim diagnose --os 2008r2 --fault tls10-disabled --json
  kbsim diagnose fixtures/eventlog-36870";

/// Examples shown by `kbsim remediate --help`.
pub const REMEDIATE_HELP: &str = "\
Diagnoses the host, then runs each confirmed finding's playbook through the simulated shells:
remedies in order, each followed by a re-check (a client tries again; only events logged since
the remedy count), until the finding is gone. Prints the steps, what each printed, every change
the run made (registry, files, ACLs, owners, certificates, services) and the host afterwards.
The host is a copy: a fixture on disk is never changed. Exit 0 if the host ends healthy.

With --script FILE (.ps1, .cmd or .bat, read from your disk and never changed), your script
runs instead of the playbooks, as the elevated administrator, and is judged:
  restored         the client connects and the evidence is gone
  changes          every registry value, file, ACL, owner, certificate and service it changed
  collateral       changes outside what the faults' repair may touch
  privilege creep  who can now read private keys, or write key files, the MachineKeys folder
                   or the certificate stores, that could not before (by the access check)
  downgrade        SecurityLayer, MinEncryptionLevel, NLA, SCHANNEL protocols and ciphers weakened
  idempotent       a second run changes nothing and exits 0
  unattended       no prompt left waiting, no failure gone by unreported (with the line)
It is also run against every other fault of the catalog: what else it fixes, and what not.
Exit 0 only if it restored the host with no privilege creep and no downgrade.

Examples:
  kbsim remediate --fault rsa-key-missing
  kbsim remediate --fault machinekeys-acl --fault ssl-thumbprint-mismatch --json
  kbsim remediate --fault machinekeys-acl --script fixtures/scripts/article-machinekeys-acl.ps1";

/// Examples shown by `kbsim check --help`.
pub const CHECK_HELP: &str = "\
For every fault of the catalog in every form (with --combinations, every pair of faults), on
every OS preset (or those --os names): inject it, let the client that shows it try (it must
fail), diagnose (exactly the injected faults must be found), remediate, and try again. A case
passes when each finding ends fixed (or repaired by reinstall) and the client connects, or ends
\"needs a person\" with nothing changed: a fix no script may make without weakening the host,
such as re-enabling TLS 1.0. Exit 0 only if every case passes.

Examples:
  kbsim check
  kbsim check --os 2019 --json
  kbsim check --combinations";

/// `kbsim diagnose` and `kbsim remediate` arguments.
#[derive(Debug, Args)]
pub struct KbArgs {
    #[command(flatten)]
    host: HostArgs,
    /// The client that tries to connect.
    #[arg(long, value_enum, default_value = "modern")]
    client: super::connect::ClientKind,
    /// Print one JSON document instead of text.
    #[arg(long)]
    json: bool,
}

impl KbArgs {
    fn options(&self, captured: Option<&winsim::fixture::Captured>) -> Options {
        Options {
            client: client(self.client),
            observed: Observed::of_fixture(captured),
            since: None,
        }
    }
}

/// `kbsim remediate` arguments.
#[derive(Debug, Args)]
pub struct RemediateArgs {
    #[command(flatten)]
    kb: KbArgs,
    /// Judge this script (.ps1, .cmd, .bat) instead of running the playbooks.
    #[arg(long, value_name = "FILE")]
    script: Option<std::path::PathBuf>,
}

/// `kbsim check` arguments.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Only these OS presets (may repeat); default: all five.
    #[arg(long, value_name = "OS", value_parser = ["2008r2", "2012r2", "2016", "2019", "2022"])]
    os: Vec<String>,
    /// Every pair of different faults instead of every fault alone.
    #[arg(long)]
    combinations: bool,
    /// Print one JSON document instead of the table.
    #[arg(long)]
    json: bool,
}

fn client(kind: super::connect::ClientKind) -> Client {
    match kind {
        super::connect::ClientKind::Modern => Client::Modern,
        super::connect::ClientKind::Legacy => Client::Legacy,
    }
}

/// Runs `kbsim diagnose`.
pub fn diagnose(a: &KbArgs) -> Result<u8, CliError> {
    let base = a.host.base()?;
    let opts = a.options(base.captured.as_ref());
    let host = base.broken();
    let d = kb::diagnose::diagnose(kb::builtin(), &host, &opts);
    if a.json {
        out(&json(&d)?)?;
    } else {
        out(&diagnosis_text(&d))?;
    }
    Ok(if d.healthy() { 0 } else { 1 })
}

/// Runs `kbsim remediate`.
pub fn remediate(r: &RemediateArgs) -> Result<u8, CliError> {
    if let Some(path) = &r.script {
        return judge(&r.kb, path);
    }
    let a = &r.kb;
    let base = a.host.base()?;
    let opts = a.options(base.captured.as_ref());
    let mut host = base.broken();
    let article = kb::builtin();
    let d = kb::diagnose::diagnose(article, &host, &opts);
    let report = kb::remediate::remediate(article, &mut host, &d, &opts);
    if a.json {
        out(&json(&report)?)?;
    } else {
        out(&report_text(&report))?;
    }
    Ok(if report.healthy() { 0 } else { 1 })
}

/// Runs `kbsim remediate --script`.
fn judge(a: &KbArgs, path: &std::path::Path) -> Result<u8, CliError> {
    let script = kb::judge::Script::from_file(path).map_err(CliError::input)?;
    let base = a.host.base()?;
    let broken = base.broken();
    let verdict = kb::judge::judge(
        kb::builtin(),
        &broken,
        Some(&base.host),
        &base.faults,
        &script,
        &a.options(base.captured.as_ref()),
    );
    if a.json {
        out(&json(&verdict)?)?;
    } else {
        out(&kbsim::kb::text::verdict_text(&verdict, &base.host))?;
    }
    Ok(if verdict.judgment.passed() { 0 } else { 1 })
}

/// Runs `kbsim check`.
pub fn check(a: &CheckArgs) -> Result<u8, CliError> {
    let seed = kbsim::seed::from_env().map_err(CliError::input)?;
    let oses: Vec<Os> = if a.os.is_empty() {
        Os::ALL.to_vec()
    } else {
        a.os.iter().filter_map(|o| Os::parse(o)).collect()
    };
    let cases = if a.combinations {
        check::pair_cases(&oses)
    } else {
        check::single_cases(&oses)
    };
    let article = kb::builtin();
    let progress = !a.json && std::io::stderr().is_terminal();
    let mut results = Vec::with_capacity(cases.len());
    let mut bases: std::collections::HashMap<Os, Host> = std::collections::HashMap::new();
    if !a.json {
        out(&format!("{}\n", table_header()))?;
    }
    for (i, case) in cases.iter().enumerate() {
        if progress {
            super::err(&format!(
                "\r[{}/{}] {} on {}\x1b[K",
                i + 1,
                cases.len(),
                case.name(),
                case.os.short_name()
            ))?;
        }
        let base = bases
            .entry(case.os)
            .or_insert_with(|| Host::builder().os(case.os).seed(seed).build());
        let r = check::run(article, case, base);
        if progress {
            super::err("\r\x1b[K")?;
        }
        if !a.json {
            out(&table_row(&r))?;
        }
        results.push(r);
    }
    let failed = results.iter().filter(|r| !r.passed).count();
    if a.json {
        out(&json(&serde_json::json!({ "results": results }))?)?;
    } else {
        let total: u64 = results.iter().map(|r| r.micros).sum();
        out(&format!(
            "\n{} cases on {}: {} passed, {} failed ({:.1} ms); {}\n",
            results.len(),
            oses.iter()
                .map(|o| o.short_name())
                .collect::<Vec<_>>()
                .join(", "),
            results.len() - failed,
            failed,
            total as f64 / 1000.0,
            kbsim::seed::replay_hint(seed),
        ))?;
    }
    Ok(if failed == 0 { 0 } else { 1 })
}

fn json<T: serde::Serialize>(v: &T) -> Result<String, CliError> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| CliError::failed(format!("cannot write JSON: {e}")))
}

fn table_header() -> String {
    format!(
        "{:<7} {:<47} {:<7} {:<7} {:<40} {:<5} {:<24} {:<9} {:>9}  RESULT",
        "OS", "FAULT", "CLIENT", "BEFORE", "FINDINGS", "STEPS", "OUTCOME", "AFTER", "TIME"
    )
}

fn table_row(r: &CaseResult) -> String {
    let outcome = r
        .outcomes
        .iter()
        .map(|o| o.outcome.text())
        .collect::<Vec<_>>()
        .join(", ");
    let mut line = format!(
        "{:<7} {:<47} {:<7} {:<7} {:<40} {:<5} {:<24} {:<9} {:>6.1} ms  {}\n",
        r.os,
        r.fault,
        r.client,
        if r.connects_before {
            "connects"
        } else {
            "fails"
        },
        if r.findings.is_empty() {
            "-".to_string()
        } else {
            r.findings.join(", ")
        },
        r.steps.len(),
        if outcome.is_empty() { "-" } else { &outcome },
        if r.connects_after {
            "connects"
        } else {
            "fails"
        },
        r.micros as f64 / 1000.0,
        if r.passed { "PASS" } else { "FAIL" },
    );
    if let Some(f) = &r.failure {
        line.push_str(&format!("        why: {f}\n"));
    }
    line
}
