//! `takeown`: makes the current user (or, with `/a`, BUILTIN\Administrators) the owner of files
//! and folders, using the take-ownership privilege rather than any ACE.
//!
//! Output (windows-facts §5; captures in code ids 47424905491, 55070769542, 71433302377): a
//! blank line, then `SUCCESS: The file (or folder): "<path>" now owned by the administrators
//! group.` (or `... now owned by user "RDS01\azureuser".`) for each object, `/r` visiting the
//! folder first and then its contents depth-first. Failures print `ERROR: ...` on stderr and
//! the exit code is 1; a clean run exits 0. Usage errors are the cmdlib tools' own
//! (`ERROR: Invalid argument/option - '--help'.` / `Type "TAKEOWN /?" for usage.`, code id
//! 36962425081).
//!
//! Not modelled: the `/r` prompt for folders the user cannot list (`/d` is accepted and
//! checked, the contents are always enumerated), remote systems (`/s` other than this host
//! fails as an unreachable RPC server would).

use crate::commands::icacls::walk;
use crate::error::WinError;
use crate::host::Host;
use crate::principals::Sid;
use crate::process::{Output, Process};

/// `takeown /?` (takeown.exe 10.0.19041, English; code id 36962425081).
const HELP: &str = r#"
TAKEOWN [/S system [/U username [/P [password]]]]
        /F filename [/A] [/R [/D prompt]]

Description:
    This tool allows an administrator to recover access to a file that
    was denied by re-assigning file ownership.

Parameter List: 
    /S           system          Specifies the remote system to
                                 connect to.

    /U           [domain\]user   Specifies the user context under
                                 which the command should execute.

    /P           [password]      Specifies the password for the
                                 given user context.
                                 Prompts for input if omitted.

    /F           filename        Specifies the filename or directory
                                 name pattern. Wildcard "*" can be used
                                 to specify the pattern. Allows
                                 sharename\filename.

    /A                           Gives ownership to the administrators
                                 group instead of the current user.

    /R                           Recurse: instructs tool to operate on
                                 files in specified directory and all 
                                 subdirectories.

    /D           prompt          Default answer used when the current user
                                 does not have the "list folder" permission
                                 on a directory.  This occurs while operating
                                 recursively (/R) on sub-directories. Valid 
                                 values "Y" to take ownership or "N" to skip.

    /SKIPSL                      Do not follow symbolic links.
                                 Only applicable with /R.

    /?                           Displays this help message.

    NOTE: 1) If /A is not specified, file ownership will be given to the
             current logged on user.

          2) Mixed patterns using "?" and "*" are not supported.

          3) /D is used to suppress the confirmation prompt.

Examples: 
    TAKEOWN /?
    TAKEOWN /F lostfile
    TAKEOWN /F \\system\share\lostfile /A
    TAKEOWN /F directory /R /D N
    TAKEOWN /F directory /R /A
    TAKEOWN /F *
    TAKEOWN /F C:\Windows\System32\acme.exe
    TAKEOWN /F %windir%\*.txt
    TAKEOWN /S system /F MyShare\Acme*.doc
    TAKEOWN /S system /U user /F MyShare\MyBinary.dll
    TAKEOWN /S system /U domain\user /P password /F share\filename
    TAKEOWN /S system /U user /P password /F Doc\Report.doc /A
    TAKEOWN /S system /U user /P password /F Myshare\* 
    TAKEOWN /S system /U user /P password /F Home\Logon /R
    TAKEOWN /S system /U user /P password /F Myshare\directory /R /A

"#;

/// The parsed command line.
#[derive(Debug, Default, PartialEq, Eq)]
struct Options {
    file: Option<String>,
    admins: bool,
    recurse: bool,
    default_answer: Option<String>,
    system: Option<String>,
    user: Option<String>,
    password: bool,
}

/// What went wrong with the command line: the `ERROR:` line's text after `ERROR: `.
#[derive(Debug, PartialEq, Eq)]
enum Usage {
    Help,
    Error(String),
}

fn parse(args: &[String]) -> Result<Options, Usage> {
    let mut o = Options::default();
    let mut i = 0;
    let syntax = |detail: &str| Usage::Error(format!("Invalid syntax. {detail}"));
    while i < args.len() {
        let arg = &args[i];
        let lower = arg.to_ascii_lowercase();
        i += 1;
        let value = |i: &mut usize| -> Result<String, Usage> {
            match args.get(*i) {
                Some(v) if !v.starts_with('/') => {
                    *i += 1;
                    Ok(v.clone())
                }
                _ => Err(syntax(&format!("Value expected for '{arg}'."))),
            }
        };
        let once = |set: bool| -> Result<(), Usage> {
            if set {
                Err(syntax(&format!(
                    "'{arg}' option is not allowed more than '1' time(s)."
                )))
            } else {
                Ok(())
            }
        };
        match lower.as_str() {
            "/?" if args.len() == 1 => return Err(Usage::Help),
            "/f" => {
                once(o.file.is_some())?;
                o.file = Some(value(&mut i)?);
            }
            "/a" => {
                once(o.admins)?;
                o.admins = true;
            }
            "/r" => {
                once(o.recurse)?;
                o.recurse = true;
            }
            "/d" => {
                once(o.default_answer.is_some())?;
                o.default_answer = Some(value(&mut i)?);
            }
            "/s" => {
                once(o.system.is_some())?;
                o.system = Some(value(&mut i)?);
            }
            "/u" => {
                once(o.user.is_some())?;
                o.user = Some(value(&mut i)?);
            }
            "/p" => {
                once(o.password)?;
                o.password = true;
                if args.get(i).is_some_and(|v| !v.starts_with('/')) {
                    i += 1;
                }
            }
            "/skipsl" => {}
            _ => return Err(Usage::Error(format!("Invalid argument/option - '{arg}'."))),
        }
    }
    if o.user.is_some() && o.system.is_none() {
        return Err(syntax("/U can be specified only when /S is specified."));
    }
    if o.password && o.user.is_none() {
        return Err(syntax("/P can be specified only when /U is specified."));
    }
    if o.file.is_none() {
        // The exact wording for a missing /F is unconfirmed.
        return Err(syntax("Mandatory option '/F' is missing."));
    }
    match o.default_answer.as_deref().map(str::to_ascii_uppercase) {
        None => {}
        Some(_) if !o.recurse => {
            return Err(syntax("/D can be specified only when /R is specified."));
        }
        Some(a) if a == "Y" || a == "N" => {}
        Some(_) => {
            return Err(syntax(
                "Invalid value for '/D' option. Valid values are 'Y' and 'N'.",
            ));
        }
    }
    Ok(o)
}

/// Runs `takeown` with `args` (program name excluded).
pub fn run(host: &mut Host, process: &mut Process, args: &[String]) -> Output {
    let mut out = Output::default();
    let opts = match parse(args) {
        Ok(o) => o,
        Err(Usage::Help) => {
            out.out(HELP);
            return out;
        }
        Err(Usage::Error(text)) => {
            out.errln(format!("ERROR: {text}"));
            out.errln("Type \"TAKEOWN /?\" for usage.");
            out.code = 1;
            return out;
        }
    };
    if let Some(system) = &opts.system {
        let local = [host.name(), "localhost", ".", "127.0.0.1"];
        if !local.iter().any(|l| l.eq_ignore_ascii_case(system)) {
            out.errln("ERROR: The RPC server is unavailable.");
            out.code = 1;
            return out;
        }
        if opts.user.is_some() {
            out.errln("WARNING: User credentials cannot be used for local connections");
        }
    }
    let name = opts.file.clone().unwrap_or_default();
    let targets = match walk::expand(host, &process.cwd, &name, opts.recurse) {
        Ok(t) => t,
        Err(m) => {
            out.errln(format!("ERROR: {}", m.error.message()));
            out.code = 1;
            return out;
        }
    };
    let token = process.token.clone();
    let (owner, owner_text) = if opts.admins {
        (
            Sid::administrators(),
            "the administrators group".to_string(),
        )
    } else {
        let user = host
            .principals()
            .name_of(&token.user)
            .unwrap_or_else(|| token.user.to_string());
        (token.user.clone(), format!("user \"{user}\""))
    };
    let absolute = name.get(1..2) == Some(":");
    for t in &targets {
        let shown = if absolute { &t.display } else { &t.path };
        let Some(node) = host.fs().node(&t.path) else {
            continue;
        };
        let mut sd = node.sd.clone();
        sd.owner = Some(owner.clone());
        match host.fs_mut().set_security(&t.path, sd, &token) {
            Ok(()) => {
                out.outln("");
                out.outln(format!(
                    "SUCCESS: The file (or folder): \"{shown}\" now owned by {owner_text}."
                ));
            }
            Err(e) if e == WinError::ACCESS_DENIED || e == crate::fs::INVALID_OWNER => {
                out.errln(format!(
                    "ERROR: The current logged on user does not have ownership privileges on the file (or folder) \"{shown}\"."
                ));
                out.code = 1;
            }
            Err(e) => {
                out.errln(format!("ERROR: {}", e.message()));
                out.code = 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::commands::testing::host_with_folder;

    fn args(line: &[&str]) -> Vec<String> {
        line.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_articles_line_parses() {
        let o = parse(&args(&[
            "/f",
            "C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys",
            "/a",
            "/r",
        ]))
        .unwrap();
        assert!(o.admins && o.recurse);
        assert_eq!(
            o.file.as_deref(),
            Some("C:\\ProgramData\\Microsoft\\Crypto\\RSA\\MachineKeys")
        );
        assert!(parse(&args(&["/F", "x", "/R", "/D", "y"])).is_ok());
    }

    #[test]
    fn relative_names_print_in_full_and_wildcards_expand() {
        let mut host =
            host_with_folder("C:\\ProgramData\\app", &[("a.txt", b"a"), ("b.txt", b"b")]);
        let mut process = Process::new(host.admin_token());
        process.cwd = "C:\\ProgramData\\app".to_string();
        let out = run(&mut host, &mut process, &args(&["/f", "*.txt", "/a"]));
        assert_eq!(
            out.stdout(),
            "\nSUCCESS: The file (or folder): \"C:\\ProgramData\\app\\a.txt\" now owned by the administrators group.\n\
             \nSUCCESS: The file (or folder): \"C:\\ProgramData\\app\\b.txt\" now owned by the administrators group.\n"
        );
        let owner = host
            .fs()
            .node("C:\\ProgramData\\app\\b.txt")
            .and_then(|n| n.sd.owner.clone());
        assert_eq!(owner, Some(Sid::administrators()));
        let out = run(&mut host, &mut process, &args(&["/f", "missing.txt"]));
        assert_eq!(
            (out.stderr(), out.code),
            (
                "ERROR: The system cannot find the file specified.\n".to_string(),
                1
            )
        );
    }

    #[test]
    fn usage_errors_read_like_cmdlib_tools() {
        assert_eq!(
            parse(&args(&["--help"])),
            Err(Usage::Error("Invalid argument/option - '--help'.".into()))
        );
        assert_eq!(parse(&args(&["/?"])), Err(Usage::Help));
        assert!(
            matches!(parse(&args(&["/f"])), Err(Usage::Error(t)) if t.contains("Value expected for '/f'"))
        );
        assert!(matches!(parse(&args(&["/a"])), Err(Usage::Error(_))));
        assert!(matches!(
            parse(&args(&["/f", "x", "/d", "y"])),
            Err(Usage::Error(_))
        ));
        assert!(matches!(
            parse(&args(&["/f", "x", "/r", "/d", "maybe"])),
            Err(Usage::Error(_))
        ));
        assert!(matches!(
            parse(&args(&["/f", "x", "/u", "me"])),
            Err(Usage::Error(_))
        ));
        assert!(matches!(
            parse(&args(&["/f", "x", "/f", "y"])),
            Err(Usage::Error(_))
        ));
    }
}
