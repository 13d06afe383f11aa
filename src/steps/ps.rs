//! Steps for PowerShell: a command line (`powershell -Command` rules), a script in a
//! docstring or from `fixtures/scripts/` (`powershell -File` rules), run as the scenario's
//! administrator; the console's location carries to the next step when it is a folder.

use super::{KbWorld, docstring};
use cucumber::gherkin::Step;
use cucumber::{then, when};
use winsim::shell::ps;

impl KbWorld {
    /// The prompt PowerShell shows in the scenario's process (`PS C:\Windows\system32>`).
    fn ps_prompt(&mut self) -> String {
        format!("PS {}>", self.process().cwd)
    }

    /// Runs PowerShell text in the scenario's process.
    fn run_ps(&mut self, text: &str, options: &ps::Options) {
        let mut process = self.process().clone();
        let out = ps::run_script_with(self.host(), &mut process, text, options);
        self.process = Some(process);
        self.last = Some(out);
    }
}

#[when(regex = r"^I run the PowerShell command `([^`]*)`$")]
fn run_ps_command(w: &mut KbWorld, line: String, step: &Step) {
    let prompt = w.ps_prompt();
    let options = ps::Options {
        command: true,
        ..ps::Options::default()
    };
    w.run_ps(&line, &options);
    w.record(step, &prompt, &line);
}

#[when("I run the PowerShell script:")]
fn run_ps_script(w: &mut KbWorld, step: &Step) {
    let text = docstring(step).to_string();
    let prompt = w.ps_prompt();
    w.run_ps(&text, &ps::Options::default());
    w.record(step, &prompt, &text);
}

#[when(regex = r#"^I run the PowerShell script "([^"]+)"$"#)]
fn run_ps_file(w: &mut KbWorld, path: String, step: &Step) {
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = winsim::text::decode_console(&bytes);
    let prompt = w.ps_prompt();
    let name = std::path::Path::new(&path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let options = ps::Options {
        file: Some(format!("C:\\scripts\\{name}")),
        ..ps::Options::default()
    };
    w.run_ps(&text, &options);
    w.record(step, &prompt, &format!(".\\{name}"));
}

#[then(regex = r#"^the "([^"]+)" store holds (\d+) certificates?$"#)]
fn store_holds(w: &mut KbWorld, store: String, n: usize) {
    let token = winsim::principals::Token::system();
    let certs =
        winsim::certs::list(w.host().registry(), &store, &token).expect("readable as SYSTEM");
    assert_eq!(certs.len(), n, "certificates in {store}");
}

#[then("stderr contains:")]
fn stderr_contains_block(w: &mut KbWorld, step: &Step) {
    let want = docstring(step);
    let err = w.last().stderr();
    assert!(
        err.contains(want),
        "stderr lacks:\n{want}\n--- stderr was:\n{err}"
    );
}
