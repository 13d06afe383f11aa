//! The idle noise of the System and Application logs: uptime, time synchronisation, service
//! cycling, Windows Update, DCOM, Group Policy, Software Protection.

use super::Os;
use super::display;
use super::generator::{Gen, ticks};
use super::kinds::*;

/// The data of 6013: uptime, empty, uptime, 60, the time zone (lived-in-host §3.3; Azure
/// images run in UTC).
pub(super) fn uptime_data(up: &str) -> [(&'static str, &str); 5] {
    [
        ("", up),
        ("", ""),
        ("", up),
        ("", "60"),
        ("", "0 Coordinated Universal Time"),
    ]
}

/// The source W32Time reports on an Azure image (time.windows.com, lived-in-host §1.2 [S27]).
const TIME_SOURCE: &str = "time.windows.com,0x8 (ntp.m|0x8|0.0.0.0:123->20.101.57.9:123)";

pub(super) fn time_sync(g: &mut Gen<'_>, t: i64, with_35: bool) {
    if with_35 {
        g.at(
            t,
            &K_TIME_35,
            &[
                ("TimeSource", TIME_SOURCE),
                ("TimeSourceRefId", "0x09396514"),
                ("CurrentStratumNumber", "4"),
            ],
        );
    }
    g.at(t + 1, &K_TIME_37, &[("TimeSource", TIME_SOURCE)]);
}

/// One day's idle noise from `d0`: 6013 at noon, time sync, service cycling, Windows Update
/// definition updates, DCOM.
pub(super) fn daily(g: &mut Gen<'_>, d0: i64, os: Os, up: &dyn Fn(i64) -> Option<i64>) {
    let noon = d0 + 12 * HOUR;
    if let Some(b) = up(noon) {
        let secs = (noon - b).to_string();
        g.at(noon, &K_6013, &uptime_data(&secs));
    }
    let t = d0 + g.between(0, DAY - 1);
    let resync = g.chance(30);
    time_sync(g, t, resync);
    // (service, at most this many cycles a day, shortest and longest run in seconds);
    // wisvc stops 60 s after it starts (lived-in-host §3.2 [S17]).
    let cycles: [(&str, u64, i64, i64); 9] = [
        ("TimeBrokerSvc", 8, 30, 5 * MIN),
        ("UsoSvc", 6, 30, 20 * MIN),
        ("WinHttpAutoProxySvc", 4, 60, 15 * MIN),
        ("DsmSvc", 3, MIN, 5 * MIN),
        ("wuauserv", 3, 2 * MIN, 20 * MIN),
        ("TrustedInstaller", 2, 2 * MIN, 25 * MIN),
        ("WerSvc", 2, MIN, 10 * MIN),
        ("lmhosts", 1, 10, 5 * MIN),
        ("wisvc", 1, MIN, MIN),
    ];
    for (svc, n, lo, hi) in cycles {
        let n = g.rng.below(n + 1);
        for _ in 0..n {
            let t = d0 + g.between(0, DAY - 1);
            let dur = g.between(lo, hi);
            cycle(g, svc, t, dur);
        }
    }
    let defs = if matches!(os, Os::Server2008R2 | Os::Server2012R2) {
        0
    } else {
        1 + g.rng.below(2)
    };
    for _ in 0..defs {
        let t = d0 + g.between(0, DAY - 1);
        let version = format!(
            "Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.{}.{}.0)",
            g.between(420, 423),
            g.between(100, 1999)
        );
        let dur = g.between(3 * MIN, 12 * MIN);
        cycle(g, "wuauserv", t - 20, dur);
        wu_install(g, t, &version);
    }
    if g.chance(40) {
        let t = d0 + g.between(0, DAY - 1);
        let dur = g.between(2 * MIN, 30 * MIN);
        bits_cycle(g, t, dur);
    }
    if g.chance(70) {
        let t = d0 + g.between(0, DAY - 1);
        dcom(g, t);
    }
}

/// A service started on demand at `t` and stopped `dur` seconds later (a pair of 7036).
fn cycle(g: &mut Gen<'_>, svc: &str, t: i64, dur: i64) {
    let d = display(svc);
    if t + dur <= g.now - MIN {
        g.at(t, &K_7036, &[("param1", d), ("param2", "running")]);
        g.at(t + dur, &K_7036, &[("param1", d), ("param2", "stopped")]);
    }
}

/// BITS: the start type toggled to auto start while a job runs, then back (lived-in-host
/// §3.3: the 7040 seen on real hosts).
fn bits_cycle(g: &mut Gen<'_>, t: i64, dur: i64) {
    let d = display("BITS");
    if t + dur + 2 > g.now - MIN {
        return;
    }
    let toggle = |from: &'static str, to: &'static str| {
        [
            ("param1", d),
            ("param2", from),
            ("param3", to),
            ("param4", "BITS"),
        ]
    };
    g.at(t, &K_7040, &toggle("demand start", "auto start"));
    cycle(g, "BITS", t + 1, dur);
    g.at(t + dur + 2, &K_7040, &toggle("auto start", "demand start"));
}

/// Windows Update: download, install start, install success of `title`.
pub(super) fn wu_install(g: &mut Gen<'_>, t: i64, title: &str) {
    let guid = guid(g);
    let data = [
        ("updateTitle", title),
        ("updateGuid", guid.as_str()),
        ("updateRevisionNumber", "200"),
    ];
    g.at(t, &K_WU_44, &data);
    let t = t + g.between(30, 300);
    g.at(t, &K_WU_43, &data);
    let t = t + g.between(20, 600);
    g.at(t, &K_WU_19, &data);
}

/// The month's rollup as Windows Update names it on `os` (KB numbers drawn **[U]**).
pub(super) fn rollup_title(g: &mut Gen<'_>, at: i64, os: Os) -> String {
    let month = &ticks(at).to_system_time_string()[..7];
    let kb = g.between(5_040_000, 5_049_999);
    let product = match os {
        Os::Server2008R2 => {
            return format!(
                "{month} Security Monthly Quality Rollup for Windows Server 2008 R2 for x64-based Systems (KB{kb})"
            );
        }
        Os::Server2012R2 => {
            return format!(
                "{month} Security Monthly Quality Rollup for Windows Server 2012 R2 for x64-based Systems (KB{kb})"
            );
        }
        Os::Server2016 => "Windows Server 2016",
        Os::Server2019 => "Windows Server 2019",
        Os::Server2022 => "Microsoft server operating system version 21H2",
    };
    format!("{month} Cumulative Update for {product} for x64-based Systems (KB{kb})")
}

fn guid(g: &mut Gen<'_>) -> String {
    let b: [u8; 16] = g.rng.bytes();
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{{{}-{}-{}-{}-{}}}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// DCOM 10016: the RuntimeBroker activation noise of every server.
fn dcom(g: &mut Gen<'_>, t: i64) {
    g.at(
        t,
        &K_DCOM,
        &[
            ("param1", "application-specific"),
            ("param2", "Local"),
            ("param3", "Activation"),
            ("param4", "{D63B10C5-BB46-4990-A94F-E40B9D520160}"),
            ("param5", "{9CA88EE3-ACB7-47C8-AFC4-AB702511C276}"),
            ("param6", "NT AUTHORITY"),
            ("param7", "SYSTEM"),
            ("param8", "S-1-5-18"),
            ("param9", "LocalHost (Using LRPC)"),
            ("param10", "Unavailable"),
            ("param11", "Unavailable"),
        ],
    );
}

/// How long a background refresh of local policy takes, in milliseconds **[U]**.
const GP_MILLIS: [&str; 12] = [
    "78", "94", "109", "125", "141", "156", "172", "187", "203", "234", "297", "422",
];

/// Group Policy's background refresh: 1500 about every 90 minutes (lived-in-host §3.2).
pub(super) fn group_policy(g: &mut Gen<'_>, first_boot: i64) {
    let mut t = first_boot + g.between(2 * MIN, 5 * MIN);
    while t < g.now - HOUR {
        let ms = GP_MILLIS[g.rng.below(GP_MILLIS.len() as u64) as usize];
        g.at(
            t,
            &K_GP_1500,
            &[
                ("SupportInfo1", "1"),
                ("SupportInfo2", "5137"),
                ("ProcessingMode", "0"),
                ("ProcessingTimeInMilliseconds", ms),
            ],
        );
        t += 90 * MIN + g.between(0, 30 * MIN);
    }
}

/// Software Protection restarts itself on its own schedule, once or twice a day.
pub(super) fn spp_cycles(g: &mut Gen<'_>, first_boot: i64) {
    let mut t = first_boot + g.between(8 * HOUR, 20 * HOUR);
    let mut cycles = Vec::new();
    while t < g.now - 2 * HOUR {
        cycles.push(t);
        t += g.between(10 * HOUR, 30 * HOUR);
    }
    let last = cycles.len().saturating_sub(1);
    for (i, t) in cycles.into_iter().enumerate() {
        spp_cycle(g, t, false, i == last);
    }
}

/// One Software Protection cycle (lived-in-host §3.5): sppsvc running, 902, (16394 at boot),
/// 16384 with the next restart, 903, sppsvc stopped. The last cycle before now is still
/// running (the host's sppsvc runs).
pub(super) fn spp_cycle(g: &mut Gen<'_>, t: i64, boot: bool, stays: bool) {
    let d = display("sppsvc");
    if t + 40 > g.now - MIN {
        return;
    }
    g.at(t, &K_7036, &[("param1", d), ("param2", "running")]);
    g.at(t + 1, &K_902, &[]);
    if boot {
        g.at(t + 1, &K_16394, &[]);
    }
    let next = t + g.between(DAY, 7 * DAY);
    let at = ticks(next).to_system_time_string();
    let when = format!("{}Z", &at[..19]);
    let reason = match g.rng.below(10) {
        0 => "GVLK",
        1 => "TBL",
        _ => "RulesEngine",
    };
    g.at(t + 1, &K_16384, &[("", &when), ("", reason)]);
    if !stays {
        g.at(t + 31, &K_903, &[]);
        g.at(t + 31, &K_7036, &[("param1", d), ("param2", "stopped")]);
    }
}
