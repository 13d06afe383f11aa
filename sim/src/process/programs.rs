//! The programs on PATH, by name, as both shells find them: `icacls.exe`, `takeown.exe`,
//! `reg.exe`, `sc.exe`, `net.exe`/`net1.exe`, `wevtutil.exe`, `more.com`, `whoami.exe`,
//! `hostname.exe`, `certutil.exe`, `cmd.exe`, `find.exe`, `findstr.exe`, `wmic.exe`,
//! `tasklist.exe`, `where.exe`, `gpupdate.exe`, `timeout.exe`, `shutdown.exe`, `powershell.exe`. A program
//! gets its arguments split as the C runtime splits a command line
//! (`CommandLineToArgvW`), without its own name; its standard input is the process's.

use super::{Output, Process};
use crate::commands;
use crate::host::Host;

/// A program's entry point.
pub type Program = fn(&mut Host, &mut Process, &[String]) -> Output;

/// The programs, by base name.
const PROGRAMS: &[(&str, Program)] = &[
    ("icacls", commands::icacls::run),
    ("takeown", commands::takeown::run),
    ("reg", commands::reg::run),
    ("sc", commands::sc::run),
    ("net", commands::net::run),
    ("net1", commands::net::run),
    ("wevtutil", commands::wevtutil::run),
    ("more", commands::more::run),
    ("whoami", commands::whoami::run),
    ("hostname", commands::hostname::run),
    ("certutil", commands::certutil::run),
    ("cmd", commands::cmd::run),
    ("find", commands::find::run),
    ("findstr", commands::findstr::run),
    ("wmic", commands::wmic::run),
    ("tasklist", commands::tasklist::run),
    ("where", commands::r#where::run),
    ("gpupdate", commands::gpupdate::run),
    ("timeout", commands::timeout::run),
    ("shutdown", commands::shutdown::run),
    ("powershell", crate::shell::ps::powershell_exe),
];

/// Finds a program by name (case-insensitive, `.exe`/`.com` optional, a folder before it
/// ignored: `C:\Windows\System32\icacls.exe`).
pub fn lookup(name: &str) -> Option<Program> {
    let base = name.rsplit(['\\', '/']).next().unwrap_or(name);
    let n = base.to_ascii_lowercase();
    let n = n
        .strip_suffix(".exe")
        .or_else(|| n.strip_suffix(".com"))
        .unwrap_or(&n);
    PROGRAMS.iter().find(|(k, _)| *k == n).map(|(_, f)| *f)
}

/// The names of every program, for help texts and completions.
pub fn names() -> impl Iterator<Item = &'static str> {
    PROGRAMS.iter().map(|(n, _)| *n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_found_by_any_spelling_of_their_name() {
        for name in [
            "icacls",
            "ICACLS.EXE",
            "C:\\Windows\\System32\\icacls.exe",
            "more.com",
            "WhoAmI",
        ] {
            assert!(lookup(name).is_some(), "{name}");
        }
        assert!(lookup("echo").is_none(), "a cmd built-in is not a program");
        assert!(lookup("icacls.bat").is_none());
        assert_eq!(names().count(), 21);
    }
}
