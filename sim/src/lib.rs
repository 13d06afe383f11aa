//! winsim: a deterministic simulated Windows host.
//!
//! Map of the code (one module per part of the host, in the order data flows):
//! - [`error`]      Windows error codes and their English texts (`WinError`), input errors with locations.
//! - [`text`]       decoding and encoding file text: UTF-16 LE (BOM or not), UTF-8, Latin-1.
//! - [`clock`]      the simulated UTC clock, FILETIME precision; time moves only when told to.
//! - [`principals`] SIDs, well-known accounts, service SIDs (`NT SERVICE\<name>`), access tokens.
//! - [`security`]   access masks, ACEs, ACLs, security descriptors, the access check, inheritance, SDDL.
//! - [`fs`]         volumes of case-insensitive paths, files and folders with descriptors, access-checked.
//! - [`registry`]   keys with descriptors and typed values, access-checked; `.reg` import and export.
//! - [`certs`]      LocalMachine certificate stores kept in the registry, real X.509, key files in MachineKeys.
//! - [`services`]   the service control manager: start types, accounts, dependencies.
//! - [`eventlog`]   channels and records, the structured-query XPath subset, wevtutil renderings, imports.
//! - [`random`]     the host's seeded stream (ChaCha8) and every draw made from it, crate-version independent.
//! - [`os`]         OS presets (2008 R2 .. 2022) and the default healthy RD Session Host.
//! - `store`        the structurally shared map behind fs, registry and services (fork O(1), a write copies a leaf of recent writes).
//! - [`host`]       `Host` (owns every part, forks cheaply) and `HostBuilder`.
//! - [`diff`]       what differs between two hosts (`Host::diff`), `Host::fingerprint`.
//! - [`behaviour`]  the `Behaviour` trait: component models registered as hooks (service start/stop, boot).
//! - [`ops`]        the operations layer: Win32-level rules every front end calls with a token (descriptors, ACL edits, service configuration, log clearing).
//! - [`rdp`]        the behaviour of the Remote Desktop stack (certificate lifecycle, TLS handshake, broker).
//! - [`faults`]     the fault catalog: state changes that break the host the way the article describes.
//! - [`process`]    what a running program sees (token, location, environment, standard input, output) and the programs on PATH.
//! - [`shell`]      the shells over the process layer: cmd (parsing, redirection, chaining, blocks, `if`, `for`, `call`, `setlocal`, `%ERRORLEVEL%`, scripts, built-ins) and PowerShell (`shell::ps`: objects, providers, cmdlets, 5.1's views).
//! - `commands`     the Windows programs (`icacls`, `takeown`, `reg`, `sc`, `net`, `wevtutil`, `certutil`, `wmic`, `cmd`, `find`, `findstr`, `tasklist`, `where`, `gpupdate`, `timeout`, `more`, `whoami`, `hostname`): arguments and output.
//! - [`fixture`]    hosts on disk: `host.toml`, `registry.reg`, `acl.txt`, `events.xml`, `*.evtx`, `certs/`.

//!
//! # The story of a test
//!
//! Build a host, break it, look at it as an engineer would, fix it with a command, and see
//! what the fix changed:
//!
//! ```
//! use winsim::{Client, Fault, FaultId, Host, Process, run_line};
//!
//! // A healthy Windows Server 2019 RD Session Host, then the article's MachineKeys fault:
//! // the listener's key container no longer lets NETWORK SERVICE read it.
//! let mut host = Host::builder().seed(7).build();
//! winsim::faults::inject(&mut host, &Fault::new(FaultId::MachineKeysAcl));
//! assert!(host.rdp_connect(Client::Modern).is_err());
//!
//! // Look: Schannel logged 36870, as on Windows.
//! let mut admin = Process::new(host.admin_token());
//! let query = r#"wevtutil qe System /c:1 /rd:true /f:text /q:"*[System[EventID=36870]]""#;
//! let out = run_line(&mut host, &mut admin, query);
//! assert!(out.stdout().contains("The internal error state is 10001."));
//!
//! // Fix it with the grant the article's script makes, on a copy of the broken host.
//! let before = host.fork();
//! let keys = r"C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys";
//! let grant = format!(r#"icacls {keys}\f686aace* /grant "NETWORK SERVICE:(R)""#);
//! assert_eq!(run_line(&mut host, &mut admin, &grant).code, 0);
//! assert!(host.rdp_connect(Client::Modern).is_ok());
//!
//! // What changed: one ACL, nothing else.
//! let diff = host.diff(&before);
//! assert_eq!(diff.len(), 1, "{diff}");
//! assert_eq!(diff.changes()[0].kind, winsim::ChangeKind::Acl);
//! assert!(diff.changes()[0].after.as_deref().unwrap().contains(";;;NS)"));
//! ```

#![deny(missing_docs)]

pub mod behaviour;
pub mod certs;
pub mod clock;
pub(crate) mod commands;
pub mod diff;
pub mod error;
pub mod eventlog;
pub mod faults;
pub mod fixture;
pub mod fs;
pub mod host;
pub mod ops;
pub mod os;
pub mod principals;
pub mod process;
pub mod random;
pub mod rdp;
pub mod registry;
pub mod security;
pub mod services;
pub mod shell;
mod store;
pub mod text;

pub use behaviour::Behaviour;
pub use diff::{Change, ChangeKind, Diff, Fingerprint};
pub use error::{InputError, WinError};
pub use faults::{Fault, FaultId};
pub use host::{Host, HostBuilder};
pub use process::{Output, Process};
pub use rdp::Client;
pub use shell::{run_line, run_script};
