//! Properties of the faults area: the article's causal model holds on every preset and seed.
//!
//! - always: a healthy host lets every client in and logs no error;
//! - always: a healthy host reboots into the same configuration;
//! - always, over the whole fault x form x OS matrix: each fault makes the client that shows it fail, and leaves
//!   its signature events within the article's 24-hour window;
//! - always: an aged fault leaves a working host and no error within 24 hours;
//! - always: the same seed gives the same transcript;
//! - always: a faulted fork leaves its parent untouched.

use proptest::prelude::*;
use winsim::Host;
use winsim::faults::{self, Fault, FaultId};
use winsim::os::Os;
use winsim::rdp::{self, CANNOT_CONNECT, Client};

const DAY_MS: i64 = 86_400_000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    }
}

/// Fewer cases for properties that walk the whole fault x form x OS matrix in each case.
fn matrix_config() -> ProptestConfig {
    ProptestConfig {
        cases: 6,
        ..ProptestConfig::default()
    }
}

fn os() -> impl Strategy<Value = Os> {
    prop::sample::select(Os::ALL.to_vec())
}

/// Any catalog fault in any of its forms.
fn fault() -> impl Strategy<Value = Fault> {
    prop::sample::select(Fault::every_form().collect::<Vec<_>>())
}

/// Every (fault in every form, OS) pair.
fn matrix() -> Vec<(Fault, Os)> {
    Fault::every_form()
        .flat_map(|f| Os::ALL.into_iter().map(move |os| (f, os)))
        .collect()
}

fn build(os: Os, seed: u64) -> Host {
    Host::builder().os(os).seed(seed).build()
}

/// One built host per OS for `seed`; a case forks them (a fork is the built host, and building
/// the weeks of a lived-in host once per OS keeps the matrix cheap).
fn built_per_os(seed: u64) -> std::collections::HashMap<Os, Host> {
    Os::ALL
        .into_iter()
        .map(|os| (os, build(os, seed)))
        .collect()
}

/// (channel, provider, id, level, ms before now, message) of every record no older than
/// `within_ms` (every check here looks at a recent window; the weeks of background a built
/// host carries are older and are not rendered).
fn records(h: &Host, within_ms: i64) -> Vec<(String, String, u16, u8, i64, String)> {
    let log = h.eventlog();
    let now = h.now();
    let mut out = Vec::new();
    for ch in log.channels() {
        for e in log.events(ch) {
            if e.time().millis_until(now) > within_ms {
                continue;
            }
            out.push((
                ch.to_string(),
                e.provider().to_string(),
                e.event_id(),
                e.level(),
                e.time().millis_until(now),
                e.message(),
            ));
        }
    }
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_healthy_host_lets_every_client_in_and_logs_no_error(os in os(), seed in any::<u64>()) {
        let mut h = build(os, seed);
        let built = h.now();
        h.reboot();
        for client in [Client::Modern, Client::Legacy] {
            let session = rdp::connect(&mut h, client);
            prop_assert!(session.is_ok(), "{os:?} seed {seed:#x}: {client:?} refused");
        }
        // What the reboot and the connections logged (the built host's background is older).
        let since = built.millis_until(h.now());
        let errors: Vec<_> = records(&h, since).into_iter().filter(|r| r.3 <= 2).collect();
        prop_assert!(errors.is_empty(), "{os:?} seed {seed:#x}: {errors:?}");
    }

    #[test]
    fn a_healthy_host_reboots_into_the_same_configuration(os in os(), seed in any::<u64>()) {
        let mut h = build(os, seed);
        let before = h.fork();
        h.reboot();
        prop_assert!(h.diff(&before).is_empty(), "{os:?} seed {seed:#x}: {}", h.diff(&before));
        prop_assert!(rdp::connect(&mut h, Client::Modern).is_ok());
    }
}

proptest! {
    #![proptest_config(matrix_config())]

    /// always, for every fault in every form on every OS: the client that shows it fails,
    /// and the catalog's signature events are in the log within 24 hours.
    #[test]
    fn every_fault_fails_its_client_and_leaves_its_signature(seed in any::<u64>()) {
        let built = built_per_os(seed);
        for (fault, os) in matrix() {
            let mut h = built[&os].fork();
            faults::inject(&mut h, &fault);
            let client = faults::client_for(os, &fault);
            let err = rdp::connect(&mut h, client);
            prop_assert_eq!(err.map(|s| s.protocol).map_err(|e| e.message), Err(CANNOT_CONNECT.to_string()), "{} on {:?} seed {:#x}", fault, os, seed);
            let logged = records(&h, DAY_MS);
            for sig in fault.id().entry().signature_on(os) {
                let found = logged.iter().any(|r| {
                    r.0 == sig.channel && r.1 == sig.provider && r.2 == sig.event_id && r.4 <= DAY_MS && r.5.contains(sig.text)
                });
                prop_assert!(found, "{fault} on {os:?} seed {seed:#x}: no {} ({}) in {logged:?}", sig.event_id, sig.text);
            }
            if fault.id() == FaultId::Tls10Disabled && os != Os::Server2008R2 {
                prop_assert!(rdp::connect(&mut h, Client::Modern).is_ok(), "modern clients still use TLS 1.2");
            }
        }
    }

    /// always, for every fault in every form on every OS: once aged, the host works and
    /// holds no error within 24 hours.
    #[test]
    fn an_aged_fault_leaves_a_working_host_and_only_history(seed in any::<u64>(), hours in 25u64..24 * 30) {
        let built = built_per_os(seed);
        for (fault, os) in matrix() {
            let mut h = built[&os].fork();
            faults::inject(&mut h, &fault.aged(hours * 3600));
            prop_assert!(rdp::connect(&mut h, Client::Modern).is_ok(), "{fault} on {os:?} seed {seed:#x}");
            prop_assert!(rdp::connect(&mut h, Client::Legacy).is_ok(), "{fault} on {os:?} seed {seed:#x}");
            let recent: Vec<_> = records(&h, DAY_MS).into_iter().filter(|r| r.3 <= 2).collect();
            prop_assert!(recent.is_empty(), "{fault} on {os:?} seed {seed:#x}: {recent:?}");
        }
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_same_seed_gives_the_same_transcript(os in os(), seed in any::<u64>(), a in fault(), b in fault()) {
        let transcript = || {
            let mut h = build(os, seed);
            faults::inject(&mut h, &a);
            faults::inject(&mut h, &b);
            let modern = rdp::connect(&mut h, Client::Modern);
            let legacy = rdp::connect(&mut h, Client::Legacy);
            (h.eventlog().export_xml(), h.name().to_string(), h.machine_guid(), format!("{modern:?} {legacy:?}"))
        };
        prop_assert_eq!(transcript(), transcript(), "{:?} seed {:#x}", os, seed);
    }

    #[test]
    fn a_faulted_fork_leaves_its_parent_untouched(os in os(), seed in any::<u64>(), fault in fault()) {
        let mut parent = build(os, seed);
        let before = parent.eventlog().export_xml();
        let name = parent.name().to_string();
        let mut child = parent.fork();
        faults::inject(&mut child, &fault);
        prop_assert!(rdp::connect(&mut child, faults::client_for(os, &fault)).is_err());
        prop_assert_eq!(parent.eventlog().export_xml(), before);
        prop_assert_eq!(parent.name(), name.as_str());
        prop_assert!(rdp::connect(&mut parent, Client::Modern).is_ok(), "{:?} seed {:#x} {:?}", os, seed, fault);
    }
}
