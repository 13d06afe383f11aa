//! The Windows programs, one module per program: argument parsing and Windows' output; the
//! rules they apply live in the layers below (security, fs, registry, services, operations).
//! `process::programs` finds them by name for both shells.
//!
//! Each receives its arguments split as the C runtime splits a command line
//! (`CommandLineToArgvW` rules) without the program name; its standard input is the process's.
//! - `icacls/`, `takeown.rs`: ACLs and owners of files and folders.
//! - `reg/`: `reg query|add|delete|export|import`.
//! - `sc/`, `net.rs`: services.
//! - `wevtutil/`: event logs.
//! - `certutil/`: the LocalMachine certificate stores.
//! - `find.rs`, `findstr.rs`: lines that match, in files or standard input.
//! - `wmic/`: the WMI classes scripts use (`Win32_TSGeneralSetting`, `Win32_Service`).
//! - `cmd.rs`: cmd.exe itself (`cmd /c`), which runs the cmd interpreter.
//! - `more.rs`, `whoami.rs`, `hostname.rs`: the small tools scripts pipe into or print with.
//! - `tasklist.rs`, `where.rs`, `gpupdate.rs`, `timeout.rs`: processes, the PATH, policy, waiting.
//! - `shutdown.rs`: a restart asked for (written in the journal) or cancelled.

pub mod certutil;
pub mod cmd;
pub mod find;
pub mod findstr;
pub mod gpupdate;
pub mod hostname;
pub mod icacls;
pub mod more;
pub mod net;
pub mod reg;
pub mod sc;
pub mod shutdown;
pub mod takeown;
pub mod tasklist;
pub mod timeout;
pub mod wevtutil;
pub mod r#where;
pub mod whoami;
pub mod wmic;

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
