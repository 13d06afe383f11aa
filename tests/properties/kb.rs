//! Properties of the knowledge base, named as temporal properties are:
//!
//! - always sound: a healthy host, with random noise in its logs and random faults that were
//!   fixed more than a day ago, has no finding;
//! - always complete: every fault in every form, on every OS preset, is found by exactly its
//!   finding, confirmed;
//! - always repaired: every fault a script may fix, alone or with another such fault, ends
//!   with the host healthy, and a second remediation changes nothing;
//! - always least privilege: the knowledge base's playbooks give no principal a private key it
//!   did not hold, touch no other key container, and weaken no protocol or RDP security setting;
//! - always deterministic: one seed, one transcript.
//!
//! Each runs 1,000 cases. Hosts are built once per (OS, seed class) and forked per case.

use kbsim::kb::remediate::Outcome;
use kbsim::kb::{self, Options, Report};
use proptest::prelude::*;
use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};
use winsim::clock::FileTime;
use winsim::eventlog::NewEvent;
use winsim::faults::{self, Fault, FaultId};
use winsim::os::Os;
use winsim::{ChangeKind, Host};

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 1000,
        ..ProptestConfig::default()
    }
}

/// A built host per (OS, seed), forked by every case that asks for it.
fn base(os: Os, seed: u64) -> Host {
    static HOSTS: OnceLock<Mutex<HashMap<(Os, u64), Host>>> = OnceLock::new();
    let mut hosts = HOSTS
        .get_or_init(|| Mutex::new(HashMap::new()))
        .lock()
        .unwrap_or_else(|e| e.into_inner());
    hosts
        .entry((os, seed))
        .or_insert_with(|| Host::builder().os(os).seed(seed).build())
        .fork()
}

fn os() -> impl Strategy<Value = Os> {
    prop::sample::select(Os::ALL.to_vec())
}

/// A few seeds, so that hosts can be built once and forked.
fn seed() -> impl Strategy<Value = u64> {
    0u64..4
}

fn any_form() -> impl Strategy<Value = Fault> {
    prop::sample::select(Fault::every_form().collect::<Vec<_>>())
}

/// A fault a script may fix: every one but `tls10-disabled`, whose fix is a person's.
fn fixable() -> impl Strategy<Value = Fault> {
    prop::sample::select(
        Fault::every_form()
            .filter(|f| f.id() != FaultId::Tls10Disabled)
            .collect::<Vec<_>>(),
    )
}

fn diagnose(host: &Host, fault: Option<&Fault>) -> kb::Diagnosis {
    let client = fault.map_or(winsim::Client::Modern, |f| faults::client_for(host.os(), f));
    kb::diagnose::diagnose(
        kb::builtin(),
        host,
        &Options {
            client,
            ..Options::default()
        },
    )
}

fn remediate(host: &mut Host, fault: Option<&Fault>) -> Report {
    let d = diagnose(host, fault);
    kb::remediate::remediate(
        kb::builtin(),
        host,
        &d,
        &Options {
            client: d_client(&d),
            ..Options::default()
        },
    )
}

fn d_client(d: &kb::Diagnosis) -> winsim::Client {
    winsim::Client::parse(&d.rdp.client).unwrap_or(winsim::Client::Modern)
}

/// Noise a real server's logs hold: service-control events within the day, and the faults'
/// own events from more than a day ago.
#[derive(Debug, Clone)]
enum Noise {
    Recent {
        minutes_ago: u32,
        id: u16,
    },
    Old {
        hours_ago: u32,
        channel: &'static str,
        provider: &'static str,
        id: u16,
    },
}

fn noise() -> impl Strategy<Value = Noise> {
    let signatures: Vec<(&'static str, &'static str, u16)> = faults::catalog()
        .flat_map(|e| {
            e.signature
                .iter()
                .map(|s| (s.channel, s.provider, s.event_id))
        })
        .collect();
    prop_oneof![
        (
            0u32..1440,
            prop::sample::select(vec![7036u16, 7040, 6005, 6006, 6013])
        )
            .prop_map(|(minutes_ago, id)| Noise::Recent { minutes_ago, id }),
        (25u32..24 * 60, prop::sample::select(signatures)).prop_map(
            |(hours_ago, (channel, provider, id))| Noise::Old {
                hours_ago,
                channel,
                provider,
                id
            }
        ),
    ]
}

fn add_noise(host: &mut Host, noise: &[Noise]) {
    let now = host.now();
    for n in noise {
        let event = match n {
            Noise::Recent { minutes_ago, id } => {
                NewEvent::new("System", "Service Control Manager", *id)
                    .at(now.add_secs(-(i64::from(*minutes_ago) * 60)))
            }
            Noise::Old {
                hours_ago,
                channel,
                provider,
                id,
            } => NewEvent::new(channel, provider, *id)
                .level(2)
                .at(at_hours_ago(now, *hours_ago)),
        };
        host.log(event);
    }
}

fn at_hours_ago(now: FileTime, hours: u32) -> FileTime {
    now.add_secs(-(i64::from(hours) * 3600))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn always_sound(
        os in os(),
        seed in seed(),
        noise in prop::collection::vec(noise(), 0..40),
        old in prop::option::of((any_form(), 25u64..24 * 30)),
    ) {
        let mut host = base(os, seed);
        if let Some((fault, hours)) = old {
            faults::inject(&mut host, &fault.aged(hours * 3600));
        }
        add_noise(&mut host, &noise);
        let d = diagnose(&host, None);
        prop_assert!(d.findings.is_empty(), "found {:?} on {os:?}", d.ids());
        prop_assert!(d.rdp.connects, "{:?}", d.rdp.error);
    }

    #[test]
    fn always_complete(os in os(), seed in seed(), fault in any_form()) {
        let mut host = base(os, seed);
        faults::inject(&mut host, &fault);
        let d = diagnose(&host, Some(&fault));
        prop_assert_eq!(d.ids(), vec![fault.id().name()], "{} on {:?}", fault, os);
        prop_assert!(d.findings[0].confirmed, "{:?}", d.findings[0].unchecked);
        prop_assert!(!d.rdp.connects);
    }

    #[test]
    fn always_repaired(
        os in os(),
        seed in seed(),
        first in fixable(),
        second in prop::option::of(fixable()),
    ) {
        let mut host = base(os, seed);
        faults::inject(&mut host, &first);
        if let Some(f) = &second {
            faults::inject(&mut host, f);
        }
        let report = remediate(&mut host, Some(&first));
        prop_assert!(
            report.healthy(),
            "{first} + {second:?} on {os:?}: {:?}, after {:?}",
            report.results,
            report.after.ids()
        );
        prop_assert!(report
            .results
            .iter()
            .all(|r| matches!(r.outcome, Outcome::Fixed | Outcome::RepairedByReinstall)));
        let again = remediate(&mut host, Some(&first));
        prop_assert!(again.steps.is_empty(), "{:?}", again.steps);
        prop_assert!(again.changes.is_empty(), "{:?}", again.changes);
    }

    #[test]
    fn always_least_privilege(os in os(), seed in seed(), fault in any_form()) {
        let mut host = base(os, seed);
        faults::inject(&mut host, &fault);
        let report = remediate(&mut host, Some(&fault));
        for c in &report.changes {
            let path = c.path.to_ascii_lowercase();
            if c.kind == ChangeKind::Acl && path.contains("\\machinekeys\\") {
                prop_assert!(path.contains("\\f686aace"), "another key container: {c:?}");
                let after = c.after.as_deref().unwrap_or("");
                prop_assert!(
                    !after.contains(";;;WD)") && !after.contains(";;;BU)") && !after.contains(";;;AU)"),
                    "a private key for everyone: {c:?}"
                );
                prop_assert!(!after.contains("(A;;FA;;;NS)"), "NETWORK SERVICE needs only read: {c:?}");
            }
            prop_assert!(c.kind != ChangeKind::Owner || !path.contains("machinekeys"), "{c:?}");
            if c.kind == ChangeKind::Registry {
                for weak in ["securitylayer", "minencryptionlevel", "userauthentication", "\\schannel\\"] {
                    prop_assert!(!path.contains(weak), "a downgrade: {c:?}");
                }
            }
        }
    }

    #[test]
    fn always_deterministic(os in os(), seed in seed(), fault in any_form()) {
        let run = || {
            let mut host = base(os, seed);
            faults::inject(&mut host, &fault);
            let r = remediate(&mut host, Some(&fault));
            serde_json::to_string(&r).expect("a report serializes")
        };
        prop_assert_eq!(run(), run());
    }
}
