//! A run's journal: what a reviewer of an unattended run needs to know beyond its output.
//! The shells note the script line running now; a prompt that reads end-of-input, a command
//! that fails without its caller testing the result, and a restart the script asked for are
//! written down with that line. The judge of remediation scripts reads it.
//!
//! What counts as a failure: in cmd, a command whose exit code is not 0 and is not consumed
//! by `&&` or `||` on the same line; in PowerShell, an error shown on the console (one that
//! `-ErrorAction SilentlyContinue`, `Ignore` or a `try` did not take) and a native program
//! that exits with a code other than 0.

/// At most this many incidents are kept (a long interactive session must not grow without
/// bound); later ones are counted in `dropped`.
pub const MAX_INCIDENTS: usize = 1000;

/// What happened on one line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IncidentKind {
    /// A prompt read end-of-input: nobody was there to answer.
    Unanswered {
        /// The prompt's text (`Value Enabled exists, overwrite(Yes/No)?`).
        prompt: String,
    },
    /// A command failed.
    Failed {
        /// The command (as typed for cmd; the program or cmdlet for PowerShell).
        command: String,
        /// Its exit code (1 for a PowerShell error).
        code: u32,
        /// The first line of its error message, when it printed one.
        message: String,
    },
}

/// One incident, on the script line that was running (1-based; 0 outside a script).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// The line.
    pub line: usize,
    /// What happened.
    pub kind: IncidentKind,
}

/// The journal of a process.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Journal {
    /// The script line running now (1-based; 0 when no script runs).
    pub line: usize,
    /// What happened, in order.
    pub incidents: Vec<Incident>,
    /// Incidents not kept because `MAX_INCIDENTS` were already.
    pub dropped: usize,
    /// True once something asked for the computer to restart (`shutdown /r`) and nothing
    /// cancelled it (`shutdown /a`).
    pub restart: bool,
}

impl Journal {
    /// Writes down `kind` on the current line.
    pub fn note(&mut self, kind: IncidentKind) {
        if self.incidents.len() >= MAX_INCIDENTS {
            self.dropped += 1;
            return;
        }
        self.incidents.push(Incident {
            line: self.line,
            kind,
        });
    }

    /// Writes down a failed command.
    pub fn failed(&mut self, command: &str, code: u32, message: &str) {
        self.note(IncidentKind::Failed {
            command: command.trim().to_string(),
            code,
            message: first_line(message),
        });
    }
}

fn first_line(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::Host;
    use crate::process::Process;

    fn run_cmd(text: &str) -> Process {
        let mut host = Host::builder().build();
        let mut p = Process::new(host.admin_token());
        crate::shell::run_script(&mut host, &mut p, text);
        p
    }

    fn failed_lines(p: &Process) -> Vec<usize> {
        p.journal
            .incidents
            .iter()
            .filter(|i| matches!(i.kind, IncidentKind::Failed { .. }))
            .map(|i| i.line)
            .collect()
    }

    #[test]
    fn a_cmd_failure_is_noted_on_its_text_line_unless_and_or_or_takes_it() {
        let p = run_cmd(
            "@echo off\r\nrem one ^\r\ncontinued\r\ntype C:\\nothing.txt\r\ntype C:\\nothing.txt || echo handled\r\nver\r\n",
        );
        assert_eq!(failed_lines(&p), vec![4]);
        let IncidentKind::Failed {
            command,
            code,
            message,
        } = &p.journal.incidents[0].kind
        else {
            panic!("{:?}", p.journal);
        };
        assert_eq!(command, "type C:\\nothing.txt");
        assert_eq!(*code, 1);
        assert_eq!(message, "The system cannot find the file specified.");
        assert_eq!(p.journal.line, 0, "the line is reset when the script ends");
    }

    #[test]
    fn a_prompt_nobody_answers_is_noted() {
        let p = run_cmd(
            "@echo off\r\nreg add HKLM\\SOFTWARE\\K /v A /d 1 /f\r\nreg add HKLM\\SOFTWARE\\K /v A /d 2\r\n",
        );
        let prompts: Vec<(usize, &str)> = p
            .journal
            .incidents
            .iter()
            .filter_map(|i| match &i.kind {
                IncidentKind::Unanswered { prompt } => Some((i.line, prompt.as_str())),
                _ => None,
            })
            .collect();
        assert_eq!(prompts, vec![(3, "Value A exists, overwrite(Yes/No)?")]);
    }

    #[test]
    fn a_powershell_error_and_a_failing_program_are_noted_with_their_lines() {
        let mut host = Host::builder().build();
        let mut p = Process::new(host.admin_token());
        crate::shell::ps::run_script(
            &mut host,
            &mut p,
            "Write-Output ok\nGet-Item C:\\nothing -ErrorAction SilentlyContinue\nGet-Item C:\\nothing\nsc.exe query NoSuchService\n",
        );
        assert_eq!(failed_lines(&p), vec![3, 4]);
        let IncidentKind::Failed { command, code, .. } = &p.journal.incidents[1].kind else {
            panic!("{:?}", p.journal);
        };
        assert_eq!(
            (command.as_str(), *code),
            ("sc.exe query NoSuchService", 1060)
        );
    }

    #[test]
    fn incidents_are_bounded() {
        let mut j = Journal::default();
        for _ in 0..MAX_INCIDENTS + 5 {
            j.failed("x", 1, "");
        }
        assert_eq!((j.incidents.len(), j.dropped), (MAX_INCIDENTS, 5));
    }
}
