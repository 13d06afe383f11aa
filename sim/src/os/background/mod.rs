//! The event-log background of a lived-in host: what a healthy Server RD Session Host on Azure
//! has logged in the weeks before the clock's now (lived-in-host §3).
//!
//! - System: boots (EventLog 6006/6005/6013, a 7036 per service the boot starts), the
//!   daily uptime 6013, service cycling (7036 pairs of Windows Update, the Update Orchestrator,
//!   BITS with its 7040 start-type toggles, the Modules Installer, WinHTTP auto-proxy,
//!   Software Protection), Time-Service 35/37, Group Policy 1500 about every 90 minutes,
//!   Windows Update 44/43/19 (definition updates daily, the monthly rollup before a patch
//!   reboot), DCOM 10016 noise, Winlogon 7001/7002 around sessions, RCM 1056 when the
//!   listener certificate was made, and one old incident: a Schannel 36870 (0x8009030D,
//!   state 10001) between 9 and 20 days old.
//! - Application: the Software Protection cycle (902, 16384, 903; 16394 at boot) and DWM 9027
//!   per session.
//! - RemoteConnectionManager/Operational (261, 1149) and LocalSessionManager/Operational
//!   (21, 22, 23, 24, 25): the administrator's RDP sessions on working days.
//!
//! Nothing the article treats as evidence is ever logged here except that one 36870: no
//! Schannel 36870/36871/36888 within 24 hours, no RCM 1057/1058, no broker 2056/1296.
//!
//! The background draws from its own stream, derived from the host's seed (STYLE:
//! "each subsystem owns an RNG forked once from the master seed"), so adding it left every
//! other draw of a seed (MachineGuid, the listener key, ...) as it was. Records are built
//! directly from interned strings and appended in time order, which keeps a build cheap.
//!
//! - `mod.rs`       the plan: boots, days, the incident, the listener certificate's 1056.
//! - `kinds.rs`     each kind of event (provider, channel, ID, level, keywords, user).
//! - `generator.rs` queued events, interning, the append in time order.
//! - `noise.rs`     the System and Application logs' idle noise.
//! - `sessions.rs`  the administrator's RDP sessions.

mod generator;
mod kinds;
mod noise;
mod sessions;

use super::tables::{SERVICES, ServiceSpec};
use super::{ADMIN_USER, BROKER_ROLE, Os};
use crate::clock::FileTime;
use crate::host::Host;
use crate::random::Rng;
use generator::Gen;
use kinds::*;
use noise::*;

/// How far back the background reaches.
pub const DAYS: i64 = 30;
/// The old incident's 36870 is at least this many days old.
pub const INCIDENT_MIN_DAYS: i64 = 9;
/// ... and at most this many.
pub const INCIDENT_MAX_DAYS: i64 = 20;

/// What the listener certificate's creation left: when, and its subject (RCM 1056).
pub struct CertCreated {
    /// NotBefore of the listener certificate.
    pub at: FileTime,
    /// Its subject (`CN=RDS01`).
    pub subject: String,
}

/// The services a boot starts, in the order the SCM starts them (without sppsvc, whose
/// cycle the background logs on its own).
fn boot_services(host: &Host) -> Vec<&'static ServiceSpec> {
    let broker = host.has_role(BROKER_ROLE);
    SERVICES
        .iter()
        .zip(super::running_at_boot(broker))
        .filter(|(s, run)| *run && s.name != "sppsvc")
        .map(|(s, _)| s)
        .collect()
}

/// The display name of a service of the table.
fn display(name: &str) -> &'static str {
    super::service_spec(name).map_or("", |s| s.display)
}

/// Adds the background to a freshly populated host.
pub fn add_background(host: &mut Host, cert: Option<CertCreated>) {
    let seed = host.seed();
    let rng = Rng::new(seed ^ 0x6261_636b_6772_6f75); // "background"
    let now = (host.now().0 / FileTime::TICKS_PER_SEC) as i64;
    let os = host.os();
    let name = host.name().to_string();
    let boot = boot_services(host);
    let admin_sid = host
        .principals()
        .resolve(&format!("{name}\\{ADMIN_USER}"))
        .map(|s| s.to_string())
        .unwrap_or_default();
    let mut g = Gen::new(host.eventlog_mut(), rng, now);
    let start = now - DAYS * DAY;
    let boots = plan_boots(&mut g, start, now);
    for (i, &b) in boots.iter().enumerate() {
        log_boot(&mut g, b, i > 0, &boot, os);
    }
    let uptime_since = |t: i64| boots.iter().rev().find(|&&b| b <= t).copied();
    for day in 0..DAYS {
        let d0 = start + day * DAY;
        daily(&mut g, d0, os, &uptime_since);
    }
    group_policy(&mut g, boots[0]);
    spp_cycles(&mut g, boots[0]);
    sessions::sessions(&mut g, &boots, &name, &admin_sid);
    if let Some(c) = cert {
        let t = (c.at.0 / FileTime::TICKS_PER_SEC) as i64 + 2;
        if t > boots[0] {
            g.at(t, &K_1056, &[("", &c.subject)]);
        }
    }
    let incident = now - g.between(INCIDENT_MIN_DAYS * DAY + HOUR, INCIDENT_MAX_DAYS * DAY);
    g.at(
        incident,
        &K_36870,
        &[
            ("Type", "server"),
            ("ErrorCode", "0x8009030d"),
            ("ErrorStatus", "10001"),
        ],
    );
    g.flush(&name);
}

/// The boots: the first when the log begins, then patch reboots at night, one every week or
/// two, the last at least two days before now.
fn plan_boots(g: &mut Gen<'_>, start: i64, now: i64) -> Vec<i64> {
    let mut boots = vec![start + g.between(0, HOUR)];
    let mut day = g.between(6, 12);
    while day < DAYS - 2 {
        let t = start + day * DAY + g.between(2 * HOUR, 4 * HOUR);
        if t < now - 2 * DAY {
            boots.push(t);
        }
        day += g.between(7, 14);
    }
    boots
}

/// A boot at `b`: the previous shutdown's 6006, 6005, 6013, the services' 7036, time sync and
/// Software Protection's boot cycle; a patch reboot follows the monthly rollup's install.
fn log_boot(g: &mut Gen<'_>, b: i64, reboot: bool, services: &[&'static ServiceSpec], os: Os) {
    if reboot {
        let title = rollup_title(g, b, os);
        let t = b - g.between(40 * MIN, 80 * MIN);
        wu_install(g, t, &title);
        g.at(b - crate::host::REBOOT_SECS as i64, &K_6006, &[]);
    }
    g.at(b, &K_6005, &[]);
    let up = g.between(8, 20).to_string();
    g.at(b + 1, &K_6013, &uptime_data(&up));
    let mut t = b + 4;
    for s in services {
        g.at(t, &K_7036, &[("param1", s.display), ("param2", "running")]);
        t += g.between(0, 2);
    }
    let t = b + g.between(40, 90);
    time_sync(g, t, true);
    let t = b + g.between(100, 160);
    spp_cycle(g, t, true, false);
}
