//! `shutdown`: a restart asked for (`/r`) or cancelled (`/a`). The restart is written in the
//! process's journal; whoever runs the script (the judge of remediation scripts) restarts the
//! host when the script has finished, as the countdown would. Turning the computer off (`/s`,
//! `/p`, `/h`), signing out (`/l`) and remote computers (`/m`) are not simulated: they print
//! why and exit 1.
//!
//! Source for the texts: `shutdown /?` on Windows Server 2019; the codes are Win32's
//! ERROR_NO_SHUTDOWN_IN_PROGRESS (1116), ERROR_SHUTDOWN_IS_SCHEDULED (1190) and
//! ERROR_INVALID_PARAMETER (87), printed as `<message>(<code>)`.

use crate::error::WinError;
use crate::host::Host;
use crate::process::{Output, Process};

const USAGE: &str = "\
Usage: shutdown [/i | /l | /s | /sg | /r | /g | /a | /p | /h | /e | /o] [/hybrid] [/soft] [/fw] [/f]
    [/m \\\\computer][/t xxx][/d [p|u:]xx:yy [/c \"comment\"]]

    No args    Display help. This is the same as typing /?.
    /?         Display help. This is the same as not typing any options.
    /r         Full shutdown and restart the computer.
    /a         Abort a system shutdown.
               This can only be used during the time-out period.
    /t xxx     Set the time-out period before shutdown to xxx seconds.
               The valid range is 0-315360000 (10 years), with a default of 30.
    /c \"comment\" Comment on the reason for the restart or shutdown.
    /f         Force running applications to close without forewarning users.
    /d [p|u:]xx:yy  Provide the reason for the restart or shutdown.";

/// `shutdown [/r | /a] [/t xxx] [/f] [/c "comment"] [/d reason]`.
pub fn run(_host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut out = Output::default();
    let mut action = None;
    let mut i = 0;
    while i < args.len() {
        let a = args[i].to_ascii_lowercase();
        let a = a.strip_prefix('-').map_or(a.clone(), |r| format!("/{r}"));
        match a.as_str() {
            "/?" => {
                out.outln(USAGE);
                return out;
            }
            "/r" | "/a" => action = Some(a.clone()),
            "/f" => {}
            "/t" | "/c" | "/d" => {
                i += 1;
                let valid = args
                    .get(i)
                    .is_some_and(|v| a != "/t" || v.parse::<u64>().is_ok_and(|t| t <= 315_360_000));
                if !valid {
                    return invalid(out);
                }
            }
            "/s" | "/sg" | "/g" | "/p" | "/h" | "/l" | "/e" | "/i" | "/o" | "/m" | "/hybrid"
            | "/soft" | "/fw" => {
                out.errln(format!(
                    "kbsim: shutdown {a} is not simulated: only /r (restart) and /a (abort) are."
                ));
                out.code = 1;
                return out;
            }
            _ => return invalid(out),
        }
        i += 1;
    }
    let Some(action) = action else {
        out.outln(USAGE);
        return out;
    };
    if !process.token.is_admin() {
        return failed(out, WinError::ACCESS_DENIED.0, "Access is denied.");
    }
    match action.as_str() {
        "/r" if process.journal.restart => {
            failed(out, 1190, "A system shutdown has already been scheduled.")
        }
        "/r" => {
            process.journal.restart = true;
            out
        }
        _ if !process.journal.restart => failed(
            out,
            1116,
            "Unable to abort the system shutdown because no shutdown was in progress.",
        ),
        _ => {
            process.journal.restart = false;
            out
        }
    }
}

fn invalid(out: Output) -> Output {
    failed(out, 87, "The parameter is incorrect.")
}

fn failed(mut out: Output, code: u32, message: &str) -> Output {
    out.errln(format!("{message}({code})"));
    out.code = code;
    out
}

#[cfg(test)]
mod tests {
    use crate::host::Host;
    use crate::principals::Token;
    use crate::process::Process;

    #[test]
    fn a_restart_is_asked_for_and_can_be_aborted() {
        let mut host = Host::builder().build();
        let mut p = Process::new(host.admin_token());
        let out = crate::shell::run_line(&mut host, &mut p, "shutdown /a");
        assert_eq!(
            (out.stderr().as_str(), out.code),
            (
                "Unable to abort the system shutdown because no shutdown was in progress.(1116)\n",
                1116
            )
        );
        let out = crate::shell::run_line(&mut host, &mut p, "shutdown /r /t 0 /f");
        assert_eq!((out.combined().as_str(), out.code), ("", 0));
        assert!(p.journal.restart);
        let out = crate::shell::run_line(&mut host, &mut p, "shutdown -r");
        assert_eq!(out.code, 1190);
        assert_eq!(
            crate::shell::run_line(&mut host, &mut p, "shutdown /a").code,
            0
        );
        assert!(!p.journal.restart);
    }

    #[test]
    fn only_an_administrator_may_restart_and_bad_arguments_are_refused() {
        let mut host = Host::builder().build();
        let mut ns = Process::new(Token::network_service());
        let out = crate::shell::run_line(&mut host, &mut ns, "shutdown /r");
        assert_eq!(
            (out.stderr().as_str(), out.code),
            ("Access is denied.(5)\n", 5)
        );
        assert!(!ns.journal.restart);
        let mut p = Process::new(host.admin_token());
        assert_eq!(
            crate::shell::run_line(&mut host, &mut p, "shutdown /r /t x").code,
            87
        );
        assert_eq!(
            crate::shell::run_line(&mut host, &mut p, "shutdown /s").code,
            1
        );
        let usage = crate::shell::run_line(&mut host, &mut p, "shutdown");
        assert!(usage.stdout().starts_with("Usage: shutdown"));
        assert!(!p.journal.restart);
    }
}
