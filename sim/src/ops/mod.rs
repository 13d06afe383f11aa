//! The operations layer: the Win32-level rules every front end applies, each written once and
//! called with a `Token` (cmd's programs today, PowerShell's cmdlets and providers, the
//! knowledge base and the judge). A program only parses its arguments and renders Windows'
//! text; whether the caller may do it, and what it changes, is decided here or in the part
//! of the state that owns the object (`fs`, `registry`, `certs`, `services`, `eventlog`).
//!
//! - `security.rs` reading and writing a file's or a registry key's security descriptor
//!   (READ_CONTROL, WRITE_DAC, WRITE_OWNER and the privileges), and editing its DACL.
//! - `acl.rs`      the ACL edits themselves, as pure functions: grant, deny, remove, reset,
//!   inheritance, owner; the result is always in canonical order.
//! - `services.rs` who may control the SCM, configuration changes with their registry
//!   mirror (written through the registry's own access checks), start and stop.
//! - `eventlog.rs` clearing a log.
//! - `files.rs`    moving and renaming files and folders (the descriptor moves with them).
//!
//! Certificates (`certs::add`, `certs::remove`, `certs::list`) and event queries
//! (`EventLog::query`) are already access-checked operations of their parts.

pub mod acl;
pub mod eventlog;
pub mod files;
pub mod security;
pub mod services;
