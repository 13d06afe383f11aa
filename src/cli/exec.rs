//! `kbsim exec` (one cmd.exe line, or PowerShell with `--ps`) and `kbsim run` (a `.cmd`/`.bat`
//! or `.ps1` script).

use super::{CliError, HostArgs, HostOptions, exit_code, print, split_host};
use clap::Args;
use std::path::PathBuf;
use winsim::Host;
use winsim::principals::Token;
use winsim::process::Process;
use winsim::shell;

/// Examples shown by `kbsim exec --help`.
pub const HELP: &str = "\
The words after `--` form one cmd.exe command line. A single word is taken as the whole line,
so quote it to keep operators for the simulated cmd: `kbsim exec -- \"echo hi > C:\\x.txt & type C:\\x.txt\"`.
Several words are joined with spaces; a word holding spaces or cmd operators is quoted.
With --ps the line is PowerShell (as `powershell -Command`): the words are joined with spaces.
Commands run as the elevated local administrator unless --as names another principal.
In a POSIX shell, put Windows paths in single quotes so the shell keeps their backslashes.

Examples:
  kbsim exec -- icacls 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys'
  kbsim exec -- reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server\\WinStations\\RDP-Tcp\" /v PortNumber
  kbsim exec --as \"NT AUTHORITY\\NETWORK SERVICE\" -- type 'C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys\\f686aace6942fb7f7ceb231212eef4a4_*'
  kbsim exec fixtures/tls10-disabled -- \"reg query \\\"HKLM\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.0\\Server\\\" & echo %ERRORLEVEL%\"
  kbsim exec --os 2008r2 --fault tls10-disabled -- sc query TermService
  kbsim exec --ps -- \"Get-ChildItem 'Cert:\\LocalMachine\\Remote Desktop'\"";

/// Examples shown by `kbsim run --help`.
pub const RUN_HELP: &str = "\
The script is read from your disk and never changed; everything it does happens on the
simulated host. A .cmd/.bat script runs with echo on, as with `cmd /c script.cmd` (use
`@echo off`); its exit code is `exit /b N`, else the last %ERRORLEVEL%, 1 if above 255.
A .ps1 script runs as `powershell -File` runs it: `exit N`, else 0 (1 after an error that
stops the script).

Examples:
  kbsim run fix-machinekeys.cmd
  kbsim run fixtures/machinekeys-deny --fault rsa-key-missing renew.cmd
  kbsim run --fault rsa-key-missing fixtures/scripts/article-renew-certificate.ps1";

/// `kbsim exec` arguments.
#[derive(Debug, Args)]
pub struct ExecArgs {
    #[command(flatten)]
    host: HostArgs,
    /// Run as this principal (`"NT AUTHORITY\NETWORK SERVICE"`, `SYSTEM`, `*S-1-5-20`).
    #[arg(long = "as", value_name = "PRINCIPAL")]
    principal: Option<String>,
    /// Run the line with PowerShell instead of cmd.exe.
    #[arg(long)]
    ps: bool,
    /// The command line (after `--`).
    #[arg(last = true, required = true, value_name = "COMMAND LINE")]
    command: Vec<String>,
}

/// `kbsim run` arguments.
#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    host: HostOptions,
    /// Run as this principal (default: the elevated local administrator).
    #[arg(long = "as", value_name = "PRINCIPAL")]
    principal: Option<String>,
    /// An optional fixture directory (HOST), then the script: a .ps1, .cmd or .bat file.
    #[arg(value_name = "[HOST] SCRIPT", num_args = 1..=2, required = true)]
    paths: Vec<PathBuf>,
}

/// The session for `--as` (or the elevated administrator).
pub fn session_for(host: &Host, principal: Option<&str>) -> Result<Process, CliError> {
    let token = match principal {
        None => host.admin_token(),
        Some(name) => {
            let sid = host.principals().resolve(name).ok_or_else(|| {
                CliError::input(format!(
                    "--as {name:?}: no such account or group on {}",
                    host.name()
                ))
            })?;
            Token::for_principal(sid)
        }
    };
    Ok(Process::new(token))
}

/// Runs `kbsim exec`.
pub fn exec(a: &ExecArgs) -> Result<u8, CliError> {
    let mut host = a.host.host()?;
    let mut session = session_for(&host, a.principal.as_deref())?;
    let out = if a.ps {
        // PowerShell takes the words as `powershell -Command` does: joined with spaces.
        let line = a.command.join(" ");
        shell::ps::run_line(&mut host, &mut session, &line)
    } else {
        let line = join_command_line(&a.command);
        shell::run_line(&mut host, &mut session, &line)
    };
    print(&out)?;
    Ok(exit_code(out.code))
}

/// Runs `kbsim run`.
pub fn run(a: &RunArgs) -> Result<u8, CliError> {
    let (host_dir, path) = split_host(&a.paths);
    // The judge's reader: the extension picks the shell; a FIFO or a device is refused.
    let script = kbsim::kb::judge::Script::from_file(path).map_err(CliError::input)?;
    let mut host = a.host.host(host_dir)?;
    let mut session = session_for(&host, a.principal.as_deref())?;
    let out = script.run(&mut host, &mut session, &path.display().to_string());
    print(&out)?;
    Ok(exit_code(out.code))
}

/// The words after `--` as one cmd line: one word verbatim; several joined with spaces, each
/// word that holds whitespace, quotes or cmd operators quoted.
pub fn join_command_line(words: &[String]) -> String {
    if let [one] = words {
        return one.clone();
    }
    words
        .iter()
        .map(|w| quote_word(w))
        .collect::<Vec<_>>()
        .join(" ")
}

fn quote_word(w: &str) -> String {
    let special =
        |c: char| c.is_whitespace() || matches!(c, '"' | '&' | '|' | '<' | '>' | '^' | '(' | ')');
    if !w.is_empty() && !w.chars().any(special) {
        return w.to_string();
    }
    winsim::process::argv::quote_arg(w)
        .strip_prefix('"')
        .map(|s| format!("\"{s}"))
        .unwrap_or_else(|| format!("\"{w}\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|w| w.to_string()).collect()
    }

    #[test]
    fn one_word_is_the_whole_line() {
        assert_eq!(
            join_command_line(&words(&["echo a & echo b"])),
            "echo a & echo b"
        );
    }

    #[test]
    fn several_words_are_quoted_where_needed() {
        assert_eq!(
            join_command_line(&words(&[
                "icacls",
                r"C:\x",
                "/grant",
                r"NT AUTHORITY\NETWORK SERVICE:(R)"
            ])),
            r#"icacls C:\x /grant "NT AUTHORITY\NETWORK SERVICE:(R)""#
        );
        assert_eq!(
            join_command_line(&words(&["echo", "a&b", ""])),
            r#"echo "a&b" """#
        );
    }
}
