//! The Windows commands, one file per command, looked up by name as cmd.exe finds them on PATH.
//!
//! Each command receives its arguments split as the C runtime splits a command line
//! (`CommandLineToArgvW` rules) without the program name, and the piped-in text if any.
//! - `icacls.rs`, `takeown.rs`: ACLs and owners of files and folders.
//! - `reg.rs`: `reg query|add|delete|export|import`.
//! - `sc/`, `net.rs`: services.
//! - `wevtutil.rs`: event logs.
//! - `builtin/`: cmd's own commands (`echo`, `type`, `dir`, `mkdir`, `cd`) and `more`.

pub mod builtin;
pub mod icacls;
pub mod net;
pub mod reg;
pub mod sc;
pub mod takeown;
pub mod wevtutil;

use crate::host::Host;
use crate::shell::{Output, Session};

/// A command's entry point.
pub type CommandFn = fn(&mut Host, &mut Session, &[String], Option<&str>) -> Output;

/// External programs (found on PATH as `<name>.exe`).
const PROGRAMS: &[(&str, CommandFn)] = &[
    ("icacls", icacls::run),
    ("takeown", takeown::run),
    ("reg", reg::run),
    ("sc", sc::run),
    ("net", net::run),
    ("net1", net::run),
    ("wevtutil", wevtutil::run),
    ("more", builtin::run_more),
];

/// Finds an external program by name (case-insensitive, `.exe`/`.com` optional).
pub fn lookup(name: &str) -> Option<CommandFn> {
    let n = name.to_ascii_lowercase();
    let n = n
        .strip_suffix(".exe")
        .or_else(|| n.strip_suffix(".com"))
        .unwrap_or(&n);
    PROGRAMS.iter().find(|(k, _)| *k == n).map(|(_, f)| *f)
}

/// Setup shared by the command tests.
#[cfg(test)]
pub(crate) mod testing {
    use crate::host::Host;

    /// The default host with the folder `dir` holding `files` (name, contents), created as the
    /// administrator.
    pub fn host_with_folder(dir: &str, files: &[(&str, &[u8])]) -> Host {
        let mut host = Host::builder().build();
        let token = host.admin_token();
        host.fs_mut().create_dir(dir, &token).unwrap();
        for (name, contents) in files {
            let path = format!("{dir}\\{name}");
            host.fs_mut().write_file(&path, contents, &token).unwrap();
        }
        host
    }
}
