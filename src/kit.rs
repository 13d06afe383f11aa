//! The kit for users' own regression suites (cargo feature `steps`): Gherkin steps that judge
//! remediation scripts, generic over the user's cucumber World.
//!
//! A World holds a [`Workbench`] and says where it is ([`Bench`]); [`steps`] adds kbsim's steps
//! to the World's own:
//!
//! ```no_run
//! use cucumber::World as _;
//!
//! #[derive(Debug, Default, cucumber::World)]
//! struct MyWorld {
//!     kbsim: kbsim::kit::Workbench,
//! }
//!
//! impl kbsim::kit::Bench for MyWorld {
//!     fn workbench(&mut self) -> &mut kbsim::kit::Workbench {
//!         &mut self.kbsim
//!     }
//! }
//!
//! # async fn run() {
//! MyWorld::cucumber()
//!     .steps(kbsim::kit::steps(MyWorld::collection()))
//!     .run_and_exit("features")
//!     .await;
//! # }
//! ```
//!
//! The steps (script paths are relative to the current folder, the package's root under
//! `cargo test`):
//! - `Given the default host` / `Given a Windows Server 2016 host` / `Given the fault "F"`
//! - `When I run the script file "scripts/fix.ps1"` (judged as `kbsim remediate --script` does)
//! - `When I run `cmd line`` / `Then stdout contains "..."` / `Then the exit code is N`
//! - `Then RDP is restored` / `Then RDP is not restored`
//! - `Then the script causes no privilege creep` / `... privilege creep for "NETWORK SERVICE"`
//! - `Then the script causes no downgrade` / `Then the script weakens "SecurityLayer"`
//! - `Then the script is idempotent` / `Then the script is not idempotent`
//! - `Then the script runs unattended` / `Then the script needs attention at line N`
//! - `Then the script leaves no collateral` / `Then the script leaves collateral on "..."`
//! - `Then the script also fixes "F"` / `Then the script's output contains "..."`
//! - `Then Windows logged event 1057 saying "Object already exists."` (while the script ran)
//! - `Then the changes are:` with a table of `kind` and `path` (a part of it), one row each.

use crate::kb::judge::{self, Script, Verdict};
use crate::kb::{self, Options};
use cucumber::step::{Collection, Context, Step};
use regex::Regex;
use std::future::Future;
use std::pin::Pin;
use winsim::os::Os;
use winsim::{Fault, Host, Output, Process};

/// kbsim's part of a World: the host, its faults, the last verdict and command.
#[derive(Debug, Default)]
pub struct Workbench {
    /// The host under test (the default host when no step chose one).
    pub host: Option<Host>,
    /// The host before the first fault (for "also fixes").
    pub healthy: Option<Host>,
    /// The faults injected.
    pub faults: Vec<Fault>,
    /// The last script's verdict.
    pub verdict: Option<Verdict>,
    /// The administrator's process the command steps run in.
    pub process: Option<Process>,
    /// The last command's output.
    pub last: Option<Output>,
}

impl Workbench {
    /// The host, the default one when no step chose one.
    pub fn host(&mut self) -> &mut Host {
        self.host.get_or_insert_with(|| builder().build())
    }

    /// Injects `fault`, keeping the host as it was before the first one.
    pub fn inject(&mut self, fault: Fault) {
        if self.healthy.is_none() {
            let before = self.host().fork();
            self.healthy = Some(before);
        }
        winsim::faults::inject(self.host(), &fault);
        self.faults.push(fault);
    }

    /// Judges `path` on the host as it is now.
    pub fn judge(&mut self, path: &str) -> &Verdict {
        let script =
            Script::from_file(std::path::Path::new(path)).unwrap_or_else(|e| panic!("{e}"));
        let host = self.host().fork();
        let verdict = judge::judge(
            kb::builtin(),
            &host,
            self.healthy.as_ref(),
            &self.faults,
            &script,
            &Options::default(),
        );
        self.verdict.insert(verdict)
    }

    /// The last verdict.
    pub fn verdict(&self) -> &Verdict {
        self.verdict
            .as_ref()
            .expect("no script judged yet: add `When I run the script file \"...\"`")
    }
}

/// Where a package's test reports go: `CARGO_TARGET_DIR` when set, else `root/target`.
pub fn target_dir(root: &std::path::Path) -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
}

fn builder() -> winsim::HostBuilder {
    let mut b = Host::builder();
    b.seed(crate::seed::from_env().unwrap_or_else(|e| panic!("{e}")));
    b
}

/// A World that holds a [`Workbench`].
pub trait Bench {
    /// Its workbench.
    fn workbench(&mut self) -> &mut Workbench;
}

type Fut<'a> = Pin<Box<dyn Future<Output = ()> + 'a>>;

fn arg(ctx: &Context, i: usize) -> String {
    ctx.matches
        .get(i)
        .map(|(_, v)| v.clone())
        .unwrap_or_default()
}

fn done<'a>() -> Fut<'a> {
    Box::pin(std::future::ready(()))
}

fn add<W: Bench + 'static>(c: Collection<W>, kind: char, re: &str, step: Step<W>) -> Collection<W> {
    let re = Regex::new(re).expect("a step's regex");
    match kind {
        'g' => c.given(None, re, step),
        'w' => c.when(None, re, step),
        _ => c.then(None, re, step),
    }
}

/// Adds the judge's steps (script, verdict) to `c`: for a World that has its own host and
/// command steps.
pub fn judge_steps<W: Bench + 'static>(c: Collection<W>) -> Collection<W> {
    let c = add(
        c,
        'w',
        r#"^I run the script file "([^"]+)"$"#,
        run_script_file::<W>,
    );
    let c = add(c, 't', r"^RDP is (not )?restored$", restored::<W>);
    let c = add(
        c,
        't',
        r"^the script causes no privilege creep$",
        no_creep::<W>,
    );
    let c = add(
        c,
        't',
        r#"^the script causes privilege creep for "([^"]+)"$"#,
        creep_for::<W>,
    );
    let c = add(
        c,
        't',
        r"^the script causes no downgrade$",
        no_downgrade::<W>,
    );
    let c = add(c, 't', r#"^the script weakens "([^"]+)"$"#, weakens::<W>);
    let c = add(
        c,
        't',
        r"^the script is (not )?idempotent$",
        idempotent::<W>,
    );
    let c = add(c, 't', r"^the script runs unattended$", unattended::<W>);
    let c = add(
        c,
        't',
        r"^the script needs attention at line (\d+)$",
        attention_at::<W>,
    );
    let c = add(
        c,
        't',
        r"^the script leaves no collateral$",
        no_collateral::<W>,
    );
    let c = add(
        c,
        't',
        r#"^the script leaves collateral on "([^"]+)"$"#,
        collateral_on::<W>,
    );
    let c = add(
        c,
        't',
        r#"^the script also fixes "([^"]+)"$"#,
        also_fixes::<W>,
    );
    let c = add(
        c,
        't',
        r#"^the script's output contains "(.*)"$"#,
        output_contains::<W>,
    );
    let c = add(
        c,
        't',
        r#"^Windows logged event (\d+) saying "(.*)"$"#,
        logged::<W>,
    );
    add(c, 't', r"^the changes are:$", changes_are::<W>)
}

/// Adds every kit step to `c`: the host and command steps and the judge's.
pub fn steps<W: Bench + 'static>(c: Collection<W>) -> Collection<W> {
    let c = add(c, 'g', r"^the default host$", default_host::<W>);
    let c = add(
        c,
        'g',
        r"^a Windows Server (2008 R2|2012 R2|2016|2019|2022) host$",
        os_host::<W>,
    );
    let c = add(c, 'g', r#"^the fault "([^"]+)"$"#, fault::<W>);
    let c = add(c, 'w', r"^I run `([^`]*)`$", run_line::<W>);
    let c = add(c, 't', r#"^stdout contains "(.*)"$"#, stdout_contains::<W>);
    let c = add(c, 't', r"^the exit code is (\d+)$", exit_code::<W>);
    judge_steps(c)
}

fn default_host<W: Bench>(w: &mut W, _: Context) -> Fut<'_> {
    let b = w.workbench();
    *b = Workbench::default();
    b.host = Some(builder().build());
    done()
}

fn os_host<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let name = arg(&ctx, 1).to_ascii_lowercase().replace(' ', "");
    let os = Os::parse(&name).unwrap_or_else(|| panic!("no OS preset {name:?}"));
    let b = w.workbench();
    *b = Workbench::default();
    b.host = Some(builder().os(os).build());
    done()
}

fn fault<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let fault = winsim::faults::parse(&arg(&ctx, 1)).unwrap_or_else(|e| panic!("{e}"));
    w.workbench().inject(fault);
    done()
}

fn run_line<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let b = w.workbench();
    let token = b.host().admin_token();
    let mut process = b.process.take().unwrap_or_else(|| Process::new(token));
    let out = winsim::run_line(b.host(), &mut process, &arg(&ctx, 1));
    b.process = Some(process);
    b.last = Some(out);
    done()
}

fn last(b: &Workbench) -> &Output {
    b.last
        .as_ref()
        .expect("no command ran yet: add `When I run `...``")
}

fn stdout_contains<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let want = arg(&ctx, 1);
    let out = last(w.workbench()).stdout();
    assert!(out.contains(&want), "stdout lacks {want:?}:\n{out}");
    done()
}

fn exit_code<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let want: u32 = arg(&ctx, 1).parse().expect("a number");
    let out = last(w.workbench());
    assert_eq!(out.code, want, "exit code; output:\n{}", out.combined());
    done()
}

fn run_script_file<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    w.workbench().judge(&arg(&ctx, 1));
    done()
}

/// The verdict as `kbsim remediate --script` prints it, for failure messages.
fn shown(b: &mut Workbench) -> String {
    let host = b.host().fork();
    crate::kb::text::verdict_text(b.verdict(), &host)
}

fn check<W: Bench>(w: &mut W, ok: impl FnOnce(&Verdict) -> bool, what: &str) {
    let b = w.workbench();
    if !ok(b.verdict()) {
        panic!("expected {what}; the verdict:\n{}", shown(b));
    }
}

fn restored<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let want = arg(&ctx, 1).is_empty();
    check(
        w,
        |v| v.judgment.restored == want,
        if want {
            "RDP restored"
        } else {
            "RDP not restored"
        },
    );
    done()
}

fn no_creep<W: Bench>(w: &mut W, _: Context) -> Fut<'_> {
    check(
        w,
        |v| v.judgment.privilege_creep.is_empty(),
        "no privilege creep",
    );
    done()
}

fn creep_for<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let who = arg(&ctx, 1);
    check(
        w,
        |v| {
            v.judgment
                .privilege_creep
                .iter()
                .any(|c| c.principal.contains(&who))
        },
        &format!("privilege creep for {who}"),
    );
    done()
}

fn no_downgrade<W: Bench>(w: &mut W, _: Context) -> Fut<'_> {
    check(w, |v| v.judgment.downgrade.is_empty(), "no downgrade");
    done()
}

fn weakens<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let what = arg(&ctx, 1);
    check(
        w,
        |v| {
            v.judgment
                .downgrade
                .iter()
                .any(|d| d.setting.contains(&what))
        },
        &format!("a downgrade of {what}"),
    );
    done()
}

fn idempotent<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let want = arg(&ctx, 1).is_empty();
    check(
        w,
        |v| v.judgment.idempotent == want,
        if want { "idempotent" } else { "not idempotent" },
    );
    done()
}

fn unattended<W: Bench>(w: &mut W, _: Context) -> Fut<'_> {
    check(w, |v| v.judgment.unattended, "an unattended run");
    done()
}

fn attention_at<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let line: usize = arg(&ctx, 1).parse().expect("a line number");
    check(
        w,
        |v| v.judgment.attention.iter().any(|a| a.line == line),
        &format!("attention needed at line {line}"),
    );
    done()
}

fn no_collateral<W: Bench>(w: &mut W, _: Context) -> Fut<'_> {
    check(w, |v| v.judgment.collateral.is_empty(), "no collateral");
    done()
}

fn collateral_on<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let what = arg(&ctx, 1);
    check(
        w,
        |v| v.judgment.collateral.iter().any(|c| c.path.contains(&what)),
        &format!("collateral on {what}"),
    );
    done()
}

fn also_fixes<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let f = arg(&ctx, 1);
    check(
        w,
        |v| v.also_fixes.contains(&f),
        &format!("that it also fixes {f}"),
    );
    done()
}

fn output_contains<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let want = arg(&ctx, 1);
    check(
        w,
        |v| v.steps.iter().any(|s| s.output.contains(&want)),
        &format!("output containing {want:?}"),
    );
    done()
}

fn logged<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let id: u16 = arg(&ctx, 1).parse().expect("an event id");
    let text = arg(&ctx, 2);
    check(
        w,
        |v| {
            v.steps
                .iter()
                .flat_map(|s| &s.logged)
                .any(|e| e.id == id && e.message.contains(&text))
        },
        &format!("event {id} saying {text:?} while the script ran"),
    );
    done()
}

fn changes_are<W: Bench>(w: &mut W, ctx: Context) -> Fut<'_> {
    let table = ctx.step.table.as_ref().expect("a table of kind and path");
    let rows: Vec<(String, String)> = table
        .rows
        .iter()
        .skip(1)
        .map(|r| {
            (
                r[0].trim().to_string(),
                r.get(1).map_or(String::new(), |p| p.trim().to_string()),
            )
        })
        .collect();
    let b = w.workbench();
    let changes = &b.verdict().changes;
    let matches = changes.len() == rows.len()
        && rows
            .iter()
            .zip(changes)
            .all(|((kind, path), c)| c.kind.name() == kind && c.path.contains(path.as_str()));
    if !matches {
        let got: Vec<String> = changes
            .iter()
            .map(|c| format!("| {} | {} |", c.kind.name(), c.path))
            .collect();
        panic!(
            "the changes differ; they are:\n{}\n\n{}",
            got.join("\n"),
            shown(b)
        );
    }
    done()
}
