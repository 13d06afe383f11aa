//! Robustness: the parsers and the interpreter not covered elsewhere return on any input,
//! random or mutated from real files, and their errors say where.
//!
//! - always: loading a fixture whose `host.toml` is random or a mutated real one returns a
//!   host or an error naming a fixture file, with a line when the text is UTF-8;
//! - always: `icacls /save` files (random bytes, UTF-16 and UTF-8 text, mutated real files)
//!   parse or fail with an error naming the file;
//! - always: EVTX import of random bytes and of flipped or truncated real logs returns;
//! - always: a cmd line (random, or built from real command fragments) returns on a fork of
//!   the default host, as the administrator and as NETWORK SERVICE, with bounded output, the
//!   same output on a second fork, and an exit code that `%ERRORLEVEL%` then reports;
//! - always: a script of such lines with labels, `goto` and `exit /b` ends, and a runaway
//!   `goto` loop stops with a clear error;
//! - always: a fixture's `files/` of any Linux names, links and FIFOs loads or fails naming a
//!   path under `files/`, never blocks and never reads through a link;
//! - always: `--fault` specs parse or fail naming the valid faults;
//! - always: `fs::normalize` of any text returns, and a result is a drive path without `.`
//!   or `..` (`dotdot_never_leaves_the_volume` in `security.rs` covers drive paths built
//!   from segments; this covers arbitrary text and current folders).
//!
//! These properties are the fuzzing: proptest generates and shrinks the inputs, so no
//! `cargo fuzz` targets are needed. `PROPTEST_CASES=20000 cargo test --release --test
//! properties robustness` runs a longer campaign.
//!
//! Files: `hosttoml.rs` (fixtures), `aclfile.rs` (`icacls /save` files), `files.rs` (`files/`), `evtx.rs`, `cmd.rs`
//! (cmd lines and scripts), `specs.rs` (`--fault` specs and paths); this file holds the shared
//! damage and encoding helpers.

mod aclfile;
mod cmd;
mod evtx;
mod files;
mod hosttoml;
mod specs;

use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use winsim::Host;
use winsim::eventlog::EventLog;
use winsim::faults;
use winsim::fs::normalize;
use winsim::principals::Token;
use winsim::process::Process;
use winsim::security::savefile::parse_acl_file;
use winsim::shell::{self, Limits, ScriptOptions};

/// `cases` per property; `PROPTEST_CASES` overrides it for a longer run.
fn config(cases: u32) -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(cases);
    ProptestConfig {
        cases,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// The repository root (tests run with the package root as current folder).
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// How a byte string is damaged.
#[derive(Debug, Clone)]
enum Damage {
    /// XOR the byte at (position as a fraction of the length) with a non-zero mask.
    Flip(prop::sample::Index, u8),
    /// Cut the bytes at a fraction of the length.
    Truncate(prop::sample::Index),
    /// Insert a byte.
    Insert(prop::sample::Index, u8),
    /// Remove a run of up to 16 bytes.
    Remove(prop::sample::Index, usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        4 => (any::<prop::sample::Index>(), 1u8..=255).prop_map(|(i, m)| Damage::Flip(i, m)),
        1 => any::<prop::sample::Index>().prop_map(Damage::Truncate),
        1 => (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Damage::Insert(i, b)),
        1 => (any::<prop::sample::Index>(), 1usize..16).prop_map(|(i, n)| Damage::Remove(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, damages: &[Damage]) {
    for d in damages {
        if bytes.is_empty() {
            return;
        }
        match d {
            Damage::Flip(i, m) => {
                let at = i.index(bytes.len());
                bytes[at] ^= m;
            }
            Damage::Truncate(i) => bytes.truncate(i.index(bytes.len())),
            Damage::Insert(i, b) => bytes.insert(i.index(bytes.len() + 1), *b),
            Damage::Remove(i, n) => {
                let at = i.index(bytes.len());
                let end = (at + n).min(bytes.len());
                bytes.drain(at..end);
            }
        }
    }
}

/// How text is written to bytes.
fn encode(text: &str, how: u8) -> Vec<u8> {
    let utf16 = |bom: bool| {
        let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
        out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        out
    };
    match how % 4 {
        0 => utf16(false),
        1 => utf16(true),
        2 => text.as_bytes().to_vec(),
        _ => [&[0xEF, 0xBB, 0xBF][..], text.as_bytes()].concat(),
    }
}
