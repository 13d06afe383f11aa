//! Properties of the faults area: the article's causal model holds on every preset and seed.
//!
//! - always: a healthy host lets every client in and logs no error;
//! - always: each single fault (any variant) makes the client that shows it fail, and leaves
//!   its signature events within the article's 24-hour window;
//! - always: an aged fault leaves a working host and no error within 24 hours;
//! - always: the same seed gives the same transcript;
//! - always: a faulted fork leaves its parent untouched.

use proptest::prelude::*;
use winsim::Host;
use winsim::faults::{self, Fault, Variant};
use winsim::os::Os;
use winsim::rdp::{self, CANNOT_CONNECT, Client};

const DAY_MS: i64 = 86_400_000;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    }
}

fn os() -> impl Strategy<Value = Os> {
    prop::sample::select(Os::ALL.to_vec())
}

/// Any catalog fault in any of its forms.
fn fault() -> impl Strategy<Value = Fault> {
    let ids: Vec<&'static str> = faults::catalog().iter().map(|e| e.id).collect();
    (prop::sample::select(ids), any::<prop::sample::Index>()).prop_map(|(id, pick)| {
        let mut forms = vec![Variant::Default];
        forms.extend_from_slice(faults::variants(id));
        Fault::new(id).with_variant(forms[pick.index(forms.len())])
    })
}

fn build(os: Os, seed: u64) -> Host {
    Host::builder().os(os).seed(seed).build()
}

/// (channel, provider, id, level, ms before now, message) of every record.
fn records(h: &Host) -> Vec<(String, String, u16, u8, i64, String)> {
    let log = h.eventlog();
    let now = h.now();
    let mut out = Vec::new();
    for ch in log.channels() {
        for e in log.events(ch) {
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

/// The events (channel, provider, id, message fragment) that prove `fault` on `os`.
fn signature(fault: &Fault, os: Os) -> Vec<(&'static str, &'static str, u16, &'static str)> {
    const RCM: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager";
    let key_error = (
        "System",
        "Schannel",
        36870,
        "0x8009030D. The internal error state is 10001.",
    );
    match fault.id.as_str() {
        "certstore-deny" => vec![
            ("System", RCM, 1058, "status code was Access is denied."),
            key_error,
        ],
        "rsa-key-missing" => vec![
            ("System", RCM, 1057, "status code was Keyset does not exist"),
            key_error,
        ],
        "tls10-disabled" if os == Os::Server2008R2 => {
            vec![(
                "System",
                "Schannel",
                36871,
                "The internal error state is 10013.",
            )]
        }
        "tls10-disabled" => vec![("System", "Schannel", 36888, "fatal alert code is 70.")],
        "broker-renamed" => vec![
            (
                "Microsoft-Windows-TerminalServices-SessionBroker/Operational",
                "Microsoft-Windows-TerminalServices-SessionBroker",
                2056,
                "Logon to the database failed.",
            ),
            (
                "Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational",
                "Microsoft-Windows-TerminalServices-SessionBroker-Client",
                1296,
                "Remote Desktop Connection Broker is not ready for RPC communication.",
            ),
        ],
        _ => vec![key_error],
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_healthy_host_lets_every_client_in_and_logs_no_error(os in os(), seed in any::<u64>()) {
        let mut h = build(os, seed);
        h.reboot();
        for client in [Client::Modern, Client::Legacy] {
            let session = rdp::connect(&mut h, client);
            prop_assert!(session.is_ok(), "{os:?} seed {seed:#x}: {client:?} refused");
        }
        let errors: Vec<_> = records(&h).into_iter().filter(|r| r.3 <= 2).collect();
        prop_assert!(errors.is_empty(), "{os:?} seed {seed:#x}: {errors:?}");
    }

    #[test]
    fn every_fault_fails_its_client_and_leaves_its_signature(os in os(), seed in any::<u64>(), fault in fault()) {
        let mut h = build(os, seed);
        faults::inject(&mut h, &fault);
        let client = faults::client_for(os, &fault);
        let err = rdp::connect(&mut h, client);
        prop_assert_eq!(err.map(|s| s.protocol).map_err(|e| e.message), Err(CANNOT_CONNECT.to_string()));
        let logged = records(&h);
        for (channel, provider, id, text) in signature(&fault, os) {
            let found = logged.iter().any(|r| {
                r.0 == channel && r.1 == provider && r.2 == id && r.4 <= DAY_MS && r.5.contains(text)
            });
            prop_assert!(found, "{os:?} seed {seed:#x} {fault:?}: no {id} ({text}) in {logged:?}");
        }
        if fault.id == "tls10-disabled" && os != Os::Server2008R2 {
            prop_assert!(rdp::connect(&mut h, Client::Modern).is_ok(), "modern clients still use TLS 1.2");
        }
    }

    #[test]
    fn an_aged_fault_leaves_a_working_host_and_only_history(
        os in os(), seed in any::<u64>(), fault in fault(), hours in 25u64..24 * 30,
    ) {
        let mut h = build(os, seed);
        faults::inject(&mut h, &fault.clone().aged(hours * 3600));
        prop_assert!(rdp::connect(&mut h, Client::Modern).is_ok(), "{os:?} seed {seed:#x} {fault:?}");
        prop_assert!(rdp::connect(&mut h, Client::Legacy).is_ok(), "{os:?} seed {seed:#x} {fault:?}");
        let recent: Vec<_> = records(&h).into_iter().filter(|r| r.3 <= 2 && r.4 <= DAY_MS).collect();
        prop_assert!(recent.is_empty(), "{os:?} seed {seed:#x} {fault:?}: {recent:?}");
    }

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
