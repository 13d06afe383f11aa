//! The reusable Gherkin step library (cargo feature `steps`): a cucumber `World` that owns one
//! simulated host, and steps that read as sentences (see `features/README.md`).
//!
//! A suite of one's own uses it as `kbsim::steps::KbWorld::cucumber().run("features")`.

mod cmd;

use cucumber::gherkin::Step;
use cucumber::{given, then, when};
use winsim::Host;
use winsim::os::Os;
use winsim::principals::Token;
use winsim::process::{Output, Process};
use winsim::rdp::{Client, ConnectError, RdpSession};
use winsim::services::ServiceState;
use winsim::shell;
mod ps;

mod kb;

/// One scenario's state: the host, the administrator's process (its current folder,
/// variables and exit code carry from step to step), the last command's output, the last
/// connection attempt, and what the HTML report shows of it (the faults injected, each
/// console).
#[derive(Debug, Default, cucumber::World)]
pub struct KbWorld {
    /// The host under test (built on first use when no `Given` made one), the host before its
    /// faults, and the last judged script (`crate::kit`).
    pub bench: crate::kit::Workbench,
    /// The elevated administrator's process the scenario's commands run in.
    pub process: Option<Process>,
    /// What the last command printed.
    pub last: Option<Output>,
    /// The last client's result.
    pub connection: Option<Result<RdpSession, ConnectError>>,
    /// The faults injected, as the steps name them.
    pub faults: Vec<String>,
    /// What each command step showed, in order.
    pub consoles: Vec<Console>,
    /// The parts of a fixture's host that hold live state (`None`: all of them).
    pub observed: Option<crate::kb::Observed>,
    /// The last diagnosis.
    pub diagnosis: Option<crate::kb::Diagnosis>,
    /// The last remediation.
    pub report: Option<crate::kb::Report>,
    /// The remediation before the last, when the last ran "again".
    pub first_report: Option<crate::kb::Report>,
}

/// What one step showed on the simulated console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Console {
    /// The step's text (`I run `...``), which the report matches it to.
    pub step: String,
    /// The prompt's working directory and the command typed (or the script, or the client).
    pub prompt: String,
    /// The command line or script.
    pub input: String,
    /// stdout and stderr interleaved, as a console shows them.
    pub output: String,
    /// The exit code (`%ERRORLEVEL%`), if a command ran.
    pub code: Option<u32>,
}

impl KbWorld {
    /// The host, building the default one if the scenario did not choose another.
    pub fn host(&mut self) -> &mut Host {
        self.bench.host()
    }

    /// The scenario's administrator process (made on first use).
    pub fn process(&mut self) -> &mut Process {
        if self.process.is_none() {
            let token = self.host().admin_token();
            self.process = Some(Process::new(token));
        }
        self.process.as_mut().expect("made above")
    }

    /// The last command's output; a step that checks output before any command is a bug in the feature.
    pub fn last(&self) -> &Output {
        self.last
            .as_ref()
            .expect("no command has run in this scenario yet")
    }

    /// Runs a cmd line in the scenario's process with `answers` typed at its prompts; as
    /// `principal`, in a copy of that process running with the principal's token.
    pub fn run(&mut self, line: &str, principal: Option<&str>, answers: &[&str]) {
        let mut process = self.process().clone();
        if let Some(name) = principal {
            let sid = self
                .host()
                .principals()
                .resolve(name)
                .unwrap_or_else(|| panic!("unknown principal {name:?}"));
            process.token = Token::for_principal(sid);
        }
        process.answers = answers.iter().map(|a| a.to_string()).collect();
        let out = shell::run_line(self.host(), &mut process, line);
        if principal.is_none() {
            process.answers.clear();
            self.process = Some(process);
        }
        self.last = Some(out);
    }

    /// The prompt cmd shows in the scenario's process (`C:\Windows\system32>`).
    fn prompt(&mut self) -> String {
        format!("{}>", self.process().cwd)
    }

    /// Keeps what step `step` showed for the report: the last command's output.
    fn record(&mut self, step: &Step, prompt: &str, input: &str) {
        let out = self.last();
        let console = Console {
            step: step.value.clone(),
            prompt: prompt.to_string(),
            input: input.to_string(),
            output: out.combined(),
            code: Some(out.code),
        };
        self.consoles.push(console);
    }
}

/// A docstring as written, without the newline that ends its last line.
fn docstring(step: &Step) -> &str {
    let doc = step
        .docstring
        .as_deref()
        .expect("this step needs a docstring");
    // The gherkin parser keeps the line break after the opening `"""`.
    let doc = doc.strip_prefix('\n').unwrap_or(doc);
    doc.strip_suffix('\n').unwrap_or(doc)
}

/// `actual` without its final line break, for comparison with a docstring.
fn body(actual: &str) -> &str {
    actual.strip_suffix('\n').unwrap_or(actual)
}

/// The run's seed (`KBSIM_SEED`, else the default); an invalid value fails the step that
/// builds a host, naming the variable.
pub fn seed() -> u64 {
    crate::seed::from_env().unwrap_or_else(|e| panic!("{e}"))
}

/// A host builder seeded with the run's seed.
fn builder() -> winsim::HostBuilder {
    let mut b = Host::builder();
    b.seed(seed());
    b
}

fn os_named(name: &str) -> Os {
    Os::parse(name).unwrap_or_else(|| panic!("unknown OS {name:?}"))
}

#[given("the default host")]
fn default_host(w: &mut KbWorld) {
    w.bench = crate::kit::Workbench::default();
    w.bench.host = Some(builder().build());
    w.process = None;
}

#[given(regex = r"^a Windows Server (2008 R2|2012 R2|2016|2019|2022) host$")]
fn os_host(w: &mut KbWorld, os: String) {
    w.bench = crate::kit::Workbench::default();
    w.bench.host = Some(builder().os(os_named(&os)).build());
    w.process = None;
}

#[given(regex = r#"^the fixture "([^"]+)"$"#)]
fn fixture_host(w: &mut KbWorld, dir: String) {
    let loaded = winsim::fixture::load_seeded(std::path::Path::new(&dir), seed())
        .unwrap_or_else(|e| panic!("fixture {dir} does not load: {e}"));
    w.bench = crate::kit::Workbench::default();
    w.bench.host = Some(loaded.host);
    w.process = None;
    w.observed = Some(crate::kb::Observed::of_fixture(Some(&loaded.captured)));
}

#[given(regex = r#"^the fault "([^"]+)"$"#)]
fn fault(w: &mut KbWorld, spec: String) {
    let fault = winsim::faults::parse(&spec).unwrap_or_else(|e| panic!("{e}"));
    w.bench.inject(fault);
    w.faults.push(spec);
}

#[given(regex = r"^the clock moves forward (\d+) (hours?|minutes?|seconds?)$")]
fn clock_forward(w: &mut KbWorld, n: u64, unit: String) {
    let secs = match unit.trim_end_matches('s') {
        "hour" => n * 3600,
        "minute" => n * 60,
        _ => n,
    };
    w.host().clock_mut().advance_secs(secs);
}

#[given("the host reboots")]
#[when("the host reboots")]
fn host_reboots(w: &mut KbWorld) {
    w.host().reboot();
}

#[when(regex = r"^I run `([^`]*)`$")]
fn run(w: &mut KbWorld, line: String, step: &Step) {
    let prompt = w.prompt();
    w.run(&line, None, &[]);
    w.record(step, &prompt, &line);
}

#[when(regex = r#"^I run `([^`]*)` as "([^"]+)"$"#)]
fn run_as(w: &mut KbWorld, line: String, principal: String, step: &Step) {
    let prompt = format!("({principal}) {}", w.prompt());
    w.run(&line, Some(&principal), &[]);
    w.record(step, &prompt, &line);
}

#[when(regex = r#"^I run `([^`]*)` answering "([^"]*)"$"#)]
fn run_answering(w: &mut KbWorld, line: String, answer: String, step: &Step) {
    let prompt = w.prompt();
    w.run(&line, None, &[&answer]);
    w.record(step, &prompt, &line);
}

#[when("I run the cmd script:")]
fn run_script(w: &mut KbWorld, step: &Step) {
    let text = docstring(step).to_string();
    let prompt = w.prompt();
    let mut process = w.process().clone();
    let out = shell::run_script(w.host(), &mut process, &text);
    w.process = Some(process);
    w.last = Some(out);
    w.record(step, &prompt, &text);
}

#[when(regex = r"^a (modern|legacy) client connects$")]
fn client_connects(w: &mut KbWorld, kind: String, step: &Step) {
    let client = if kind == "legacy" {
        Client::Legacy
    } else {
        Client::Modern
    };
    let result = winsim::rdp::connect(w.host(), client);
    let output = match &result {
        Ok(s) => format!("Connected ({}).\n", s.protocol),
        Err(e) => format!("{}\n", e.message),
    };
    w.consoles.push(Console {
        step: step.value.clone(),
        prompt: format!("Remote Desktop Connection ({kind} client)"),
        input: String::new(),
        output,
        code: None,
    });
    w.connection = Some(result);
}

#[then("stdout is:")]
fn stdout_is(w: &mut KbWorld, step: &Step) {
    assert_eq!(body(&w.last().stdout()), docstring(step), "stdout differs");
}

#[then("stderr is:")]
fn stderr_is(w: &mut KbWorld, step: &Step) {
    assert_eq!(body(&w.last().stderr()), docstring(step), "stderr differs");
}

#[then("the output is:")]
fn output_is(w: &mut KbWorld, step: &Step) {
    assert_eq!(
        body(&w.last().combined()),
        docstring(step),
        "output differs"
    );
}

#[then("stdout contains:")]
fn stdout_contains_block(w: &mut KbWorld, step: &Step) {
    let out = w.last().stdout();
    let want = docstring(step);
    assert!(
        out.contains(want),
        "stdout does not contain:\n{want}\n--- stdout was:\n{out}"
    );
}

#[then(regex = r#"^(stdout|stderr) contains "(.*)"$"#)]
fn stream_contains(w: &mut KbWorld, stream: String, text: String) {
    let out = if stream == "stdout" {
        w.last().stdout()
    } else {
        w.last().stderr()
    };
    assert!(
        out.contains(&text),
        "{stream} does not contain {text:?}; it was:\n{out}"
    );
}

#[then(regex = r#"^(stdout|stderr) does not contain "(.*)"$"#)]
fn stream_lacks(w: &mut KbWorld, stream: String, text: String) {
    let out = if stream == "stdout" {
        w.last().stdout()
    } else {
        w.last().stderr()
    };
    assert!(
        !out.contains(&text),
        "{stream} contains {text:?}; it was:\n{out}"
    );
}

#[then(regex = r"^(stdout|stderr) is empty$")]
fn stream_empty(w: &mut KbWorld, stream: String) {
    let out = if stream == "stdout" {
        w.last().stdout()
    } else {
        w.last().stderr()
    };
    assert!(out.is_empty(), "{stream} is not empty:\n{out}");
}

#[then(regex = r"^the exit code is (\d+)$")]
fn exit_code(w: &mut KbWorld, code: u32) {
    let out = w.last();
    assert_eq!(
        out.code,
        code,
        "exit code differs; output was:\n{}",
        out.combined()
    );
}

#[then(regex = r#"^the service "([^"]+)" is (running|stopped)$"#)]
fn service_state(w: &mut KbWorld, name: String, state: String) {
    let want = if state == "running" {
        ServiceState::Running
    } else {
        ServiceState::Stopped
    };
    let svc = w
        .host()
        .services()
        .get(&name)
        .unwrap_or_else(|| panic!("no service {name}"));
    assert_eq!(svc.state, want, "service {name}");
}

#[then("the connection succeeds")]
fn connection_succeeds(w: &mut KbWorld) {
    match w
        .connection
        .as_ref()
        .expect("no client has tried to connect")
    {
        Ok(_) => {}
        Err(e) => panic!("the connection failed: {}", e.message),
    }
}

#[then(regex = r#"^the connection fails with "(.*)"$"#)]
fn connection_fails(w: &mut KbWorld, text: String) {
    match w
        .connection
        .as_ref()
        .expect("no client has tried to connect")
    {
        Ok(s) => panic!("the connection succeeded with {}", s.protocol),
        Err(e) => assert!(
            e.message.contains(&text),
            "client error was {:?}",
            e.message
        ),
    }
}

#[then(regex = r#"^the "([^"]+)" log holds event (\d+) from the last 24 hours$"#)]
fn log_holds_recent_event(w: &mut KbWorld, channel: String, event_id: u16) {
    let host = w.host();
    let now = host.now();
    let log = host.eventlog();
    let found = log
        .events(&channel)
        .iter()
        .any(|e| e.event_id() == event_id && e.time().millis_until(now) <= 86_400_000);
    let held: Vec<u16> = log.events(&channel).iter().map(|e| e.event_id()).collect();
    assert!(
        found,
        "the {channel} log holds no event {event_id} from the last 24 hours; it holds {held:?}"
    );
}

impl crate::kit::Bench for KbWorld {
    fn workbench(&mut self) -> &mut crate::kit::Workbench {
        &mut self.bench
    }
}
