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

use super::tables::{SERVICES, ServiceSpec, When};
use super::{ADMIN_USER, BROKER_ROLE, Os};
use crate::clock::FileTime;
use crate::eventlog::payload::TreeBuilder;
use crate::eventlog::store::{Rec, Sym, flags};
use crate::eventlog::{EventLog, templates};
use crate::host::Host;
use crate::random::Rng;

/// How far back the background reaches.
pub const DAYS: i64 = 30;
/// The old incident's 36870 is at least this many days old.
pub const INCIDENT_MIN_DAYS: i64 = 9;
/// ... and at most this many.
pub const INCIDENT_MAX_DAYS: i64 = 20;

const MIN: i64 = 60;
const HOUR: i64 = 3600;
const DAY: i64 = 86_400;

const SYSTEM: &str = "System";
const APPLICATION: &str = "Application";
const RCM_OP: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational";
const LSM_OP: &str = "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational";
const RCM: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager";
const LSM: &str = "Microsoft-Windows-TerminalServices-LocalSessionManager";

/// The `Classic` keyword of legacy providers.
const KW_CLASSIC: u64 = 0x0080_0000_0000_0000;
/// SCM events: Classic plus the first channel bit (lived-in-host §3.3).
const KW_SCM: u64 = 0x8080_0000_0000_0000;
/// The first channel bit of manifest providers logging to their Admin/System channel.
const KW_CHANNEL: u64 = 0x8000_0000_0000_0000;
/// The Operational channel bit of the TerminalServices providers **[U]**.
const KW_TS_OPERATIONAL: u64 = 0x1000_0000_0000_0000;

/// One kind of event: everything but the time and the data.
struct Kind {
    channel: &'static str,
    provider: &'static str,
    id: u16,
    level: u8,
    task: u16,
    keywords: u64,
    qualifiers: Option<u16>,
    /// `Security/@UserID` (empty: none).
    user: &'static str,
    /// The data goes in `UserData/EventXML` (else `EventData`).
    user_data: bool,
}

const fn kind(channel: &'static str, provider: &'static str, id: u16) -> Kind {
    Kind {
        channel,
        provider,
        id,
        level: 4,
        task: 0,
        keywords: KW_CHANNEL,
        qualifiers: None,
        user: "",
        user_data: false,
    }
}

/// A classic event (qualifiers, the Classic keyword).
const fn classic(channel: &'static str, provider: &'static str, id: u16, q: u16) -> Kind {
    Kind {
        qualifiers: Some(q),
        keywords: KW_CLASSIC,
        ..kind(channel, provider, id)
    }
}

const SCM: &str = "Service Control Manager";
static K_7036: Kind = Kind {
    keywords: KW_SCM,
    ..classic(SYSTEM, SCM, 7036, 16384)
};
static K_7040: Kind = Kind {
    keywords: KW_SCM,
    user: "S-1-5-18",
    ..classic(SYSTEM, SCM, 7040, 16384)
};
static K_6005: Kind = classic(SYSTEM, "EventLog", 6005, 32768);
static K_6006: Kind = classic(SYSTEM, "EventLog", 6006, 32768);
static K_6013: Kind = classic(SYSTEM, "EventLog", 6013, 32768);
static K_TIME_35: Kind = Kind {
    user: "S-1-5-19",
    ..kind(SYSTEM, "Microsoft-Windows-Time-Service", 35)
};
static K_TIME_37: Kind = Kind {
    user: "S-1-5-19",
    ..kind(SYSTEM, "Microsoft-Windows-Time-Service", 37)
};
static K_GP_1500: Kind = Kind {
    user: "S-1-5-18",
    ..kind(SYSTEM, "Microsoft-Windows-GroupPolicy", 1500)
};
const fn wu(id: u16) -> Kind {
    Kind {
        task: 1,
        user: "S-1-5-18",
        ..kind(SYSTEM, "Microsoft-Windows-WindowsUpdateClient", id)
    }
}
static K_WU_44: Kind = wu(44);
static K_WU_43: Kind = wu(43);
static K_WU_19: Kind = wu(19);
static K_DCOM: Kind = Kind {
    level: 2,
    keywords: KW_SCM,
    user: "S-1-5-18",
    ..classic(SYSTEM, "Microsoft-Windows-DistributedCOM", 10016, 0)
};
static K_7001: Kind = Kind {
    user: "S-1-5-18",
    ..kind(SYSTEM, "Microsoft-Windows-Winlogon", 7001)
};
static K_7002: Kind = Kind {
    user: "S-1-5-18",
    ..kind(SYSTEM, "Microsoft-Windows-Winlogon", 7002)
};
static K_1056: Kind = classic(SYSTEM, RCM, 1056, 16384);
/// As `rdp::events::private_key_failed` logs it (windows-facts §3).
static K_36870: Kind = Kind {
    level: 2,
    user: "S-1-5-18",
    ..kind(SYSTEM, "Schannel", 36870)
};
const SPP: &str = "Microsoft-Windows-Security-SPP";
/// 902/903 show EntryType 0 in Get-EventLog (lived-in-host §3.5).
static K_902: Kind = Kind {
    level: 0,
    ..classic(APPLICATION, SPP, 902, 16384)
};
static K_903: Kind = Kind {
    level: 0,
    ..classic(APPLICATION, SPP, 903, 16384)
};
static K_16384: Kind = classic(APPLICATION, SPP, 16384, 16384);
static K_16394: Kind = classic(APPLICATION, SPP, 16394, 16384);
static K_9027: Kind = classic(APPLICATION, "Desktop Window Manager", 9027, 16384);
const fn ts(channel: &'static str, provider: &'static str, id: u16, user: &'static str) -> Kind {
    Kind {
        keywords: KW_TS_OPERATIONAL,
        user,
        user_data: true,
        ..kind(channel, provider, id)
    }
}
static K_261: Kind = ts(RCM_OP, RCM, 261, "S-1-5-20");
static K_1149: Kind = ts(RCM_OP, RCM, 1149, "S-1-5-20");
static K_21: Kind = ts(LSM_OP, LSM, 21, "S-1-5-18");
static K_22: Kind = ts(LSM_OP, LSM, 22, "S-1-5-18");
static K_23: Kind = ts(LSM_OP, LSM, 23, "S-1-5-18");
static K_24: Kind = ts(LSM_OP, LSM, 24, "S-1-5-18");
static K_25: Kind = ts(LSM_OP, LSM, 25, "S-1-5-18");

/// Slots of `Gen::sym`'s cache.
const SYM_CACHE: usize = 509;

/// One event waiting to be appended: its time (FILETIME), order of generation, kind and data.
struct Pending {
    time: u64,
    seq: u32,
    kind: &'static Kind,
    off: u32,
    len: u32,
}

/// What the listener certificate's creation left: when, and its subject (RCM 1056).
pub struct CertCreated {
    /// NotBefore of the listener certificate.
    pub at: FileTime,
    /// Its subject (`CN=RDS01`).
    pub subject: String,
}

/// The generator: the host's log (for interning), the stream, and what it has generated.
struct Gen<'a> {
    log: &'a mut EventLog,
    rng: Rng,
    /// The clock's now, in seconds since 1601.
    now: i64,
    pending: Vec<Pending>,
    words: Vec<u32>,
    tree: TreeBuilder,
    cache: Box<[(usize, Sym); SYM_CACHE]>,
    xmlns: (Sym, Sym),
    user_data: Sym,
    event_xml: Sym,
}

impl<'a> Gen<'a> {
    fn new(log: &'a mut EventLog, rng: Rng, now: i64) -> Gen<'a> {
        let s = log.strings_mut();
        let xmlns = (s.intern("xmlns"), s.intern("Event_NS"));
        let user_data = s.intern("UserData");
        let event_xml = s.intern("EventXML");
        Gen {
            log,
            rng,
            now,
            pending: Vec::with_capacity(4096),
            words: Vec::with_capacity(16_384),
            tree: TreeBuilder::default(),
            cache: Box::new([(0, 0); SYM_CACHE]),
            xmlns,
            user_data,
            event_xml,
        }
    }

    /// The symbol of `s`. Most data strings are constants of this file, so a small cache
    /// keyed by the string's address (and checked against its text) spares hashing them.
    fn sym(&mut self, s: &str) -> Sym {
        let slot = ((s.as_ptr() as usize >> 3) ^ s.len()) % SYM_CACHE;
        let (ptr, sym) = self.cache[slot];
        if ptr == s.as_ptr() as usize && self.log.strings().str(sym) == s {
            return sym;
        }
        let sym = self.log.strings_mut().intern(s);
        self.cache[slot] = (s.as_ptr() as usize, sym);
        sym
    }

    /// Queues an event at `secs` (seconds since 1601, a random fraction added) unless it
    /// would be later than a minute before now.
    fn at(&mut self, secs: i64, kind: &'static Kind, data: &[(&str, &str)]) -> bool {
        if secs > self.now - MIN || secs < 0 {
            return false;
        }
        let off = self.words.len() as u32;
        if kind.user_data {
            self.tree.words.clear();
            self.tree.open(self.user_data, &[]);
            self.tree.open(self.event_xml, &[self.xmlns]);
            for (n, v) in data {
                let (n, v) = (self.sym(n), self.sym(v));
                self.tree.open(n, &[]);
                self.tree.text(v);
                self.tree.close();
            }
            self.tree.close();
            self.tree.close();
            self.words.extend_from_slice(&self.tree.words);
        } else {
            for (n, v) in data {
                let (n, v) = (self.sym(n), self.sym(v));
                self.words.push(n);
                self.words.push(v);
            }
        }
        let frac = self.rng.below(FileTime::TICKS_PER_SEC);
        self.pending.push(Pending {
            time: ticks(secs).0.saturating_add(frac),
            seq: self.pending.len() as u32,
            kind,
            off,
            len: self.words.len() as u32 - off,
        });
        true
    }

    fn between(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.between(lo, hi)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.rng.below(100) < percent
    }

    /// Appends every queued event in time order (ties in generation order).
    fn flush(self, computer: &str) {
        let Gen {
            log,
            mut pending,
            words,
            ..
        } = self;
        pending.sort_unstable_by_key(|p| (p.time, p.seq));
        let computer = log.strings_mut().intern(computer);
        // The constant part of each kind's records, built once per kind.
        let mut bases: Vec<(*const Kind, Rec)> = Vec::with_capacity(40);
        for p in &pending {
            let base = match bases.iter().find(|(k, _)| std::ptr::eq(*k, p.kind)) {
                Some((_, rec)) => *rec,
                None => {
                    let rec = kind_rec(log, p.kind, computer);
                    bases.push((p.kind, rec));
                    rec
                }
            };
            let rec = Rec {
                time: p.time,
                ..base
            };
            let payload = &words[p.off as usize..(p.off + p.len) as usize];
            log.append_raw(p.kind.channel, rec, payload);
        }
    }
}

/// `secs` seconds since 1601 as a FILETIME (saturating: a clock near FILETIME's end).
fn ticks(secs: i64) -> FileTime {
    FileTime((secs.max(0) as u64).saturating_mul(FileTime::TICKS_PER_SEC))
}

/// The constant part of a kind's records.
fn kind_rec(log: &mut EventLog, k: &Kind, computer: Sym) -> Rec {
    let info = templates::provider(k.provider);
    let s = log.strings_mut();
    let pid = info.map_or(0, |p| p.process_id);
    let mut flags_ = 0;
    if k.qualifiers.is_some() {
        flags_ |= flags::QUALIFIERS;
    }
    if k.user_data {
        flags_ |= flags::TREE;
    }
    Rec {
        keywords: k.keywords,
        provider: s.intern(k.provider),
        guid: info.map_or(0, |p| s.intern(p.guid)),
        source: info.map_or(0, |p| s.intern(p.source)),
        computer,
        user: if k.user.is_empty() {
            0
        } else {
            s.intern(k.user)
        },
        pid,
        tid: if pid == 0 { 0 } else { pid + 4 },
        event_id: k.id,
        qualifiers: k.qualifiers.unwrap_or(0),
        task: k.task,
        level: k.level,
        flags: flags_,
        ..Rec::default()
    }
}

/// The services a boot starts, in the order the SCM starts them (without sppsvc, whose
/// cycle the background logs on its own).
fn boot_services(host: &Host) -> Vec<&'static ServiceSpec> {
    let broker = host.has_role(BROKER_ROLE);
    SERVICES
        .iter()
        .filter(|s| s.when == When::Always || broker)
        .filter(|s| super::running_at_boot(s, broker) && s.name != "sppsvc")
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
    sessions(&mut g, &boots, &name, &admin_sid);
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

/// The data of 6013: uptime, empty, uptime, 60, the time zone (lived-in-host §3.3; Azure
/// images run in UTC).
fn uptime_data(up: &str) -> [(&'static str, &str); 5] {
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

fn time_sync(g: &mut Gen<'_>, t: i64, with_35: bool) {
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
fn daily(g: &mut Gen<'_>, d0: i64, os: Os, up: &dyn Fn(i64) -> Option<i64>) {
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
fn wu_install(g: &mut Gen<'_>, t: i64, title: &str) {
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
fn rollup_title(g: &mut Gen<'_>, at: i64, os: Os) -> String {
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
fn group_policy(g: &mut Gen<'_>, first_boot: i64) {
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
fn spp_cycles(g: &mut Gen<'_>, first_boot: i64) {
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
fn spp_cycle(g: &mut Gen<'_>, t: i64, boot: bool, stays: bool) {
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

/// The administrator's RDP sessions: most working days, in office hours, from one address.
fn sessions(g: &mut Gen<'_>, boots: &[i64], host: &str, admin_sid: &str) {
    let ip = format!("203.0.113.{}", g.between(10, 250));
    let user = format!("{host}\\{ADMIN_USER}");
    let first = boots[0];
    let day0 = first - first.rem_euclid(DAY) + DAY;
    let mut id = 1u32;
    let mut boot_seen = 0;
    let mut day = day0;
    while day < g.now {
        // 1601-01-01 was a Monday.
        let weekday = (day / DAY) % 7;
        let working = weekday < 5;
        if g.chance(if working { 75 } else { 10 }) {
            let t = day + g.between(7 * HOUR, 17 * HOUR);
            let len = g.between(10 * MIN, 3 * HOUR);
            let n_boots = boots.iter().filter(|&&b| b <= t).count();
            if n_boots != boot_seen {
                boot_seen = n_boots;
                id = 1;
            }
            let crosses = boots.iter().any(|&b| b > t && b <= t + len + 4 * HOUR);
            if !crosses {
                id += 1;
                session(g, t, len, id, &user, &ip, host, admin_sid);
            }
        }
        day += DAY;
    }
}

/// One session: connection, authentication, logon, shell; then logoff, or a disconnect and,
/// sometimes, a reconnection and a later logoff.
#[allow(clippy::too_many_arguments)]
fn session(
    g: &mut Gen<'_>,
    t: i64,
    len: i64,
    id: u32,
    user: &str,
    ip: &str,
    host: &str,
    admin_sid: &str,
) {
    let sid = id.to_string();
    let end = t + len;
    if end + 4 * HOUR > g.now {
        return;
    }
    let full = [("User", user), ("SessionID", &sid), ("Address", ip)];
    connect(g, t, ip, host);
    g.at(t + 3, &K_21, &full);
    g.at(t + 3, &K_7001, &[("TSId", &sid), ("UserSid", admin_sid)]);
    g.at(t + 4, &K_22, &full);
    g.at(t + 5, &K_9027, &[]);
    let mut end = end;
    if g.chance(35) {
        g.at(end, &K_24, &full);
        if g.chance(60) {
            let back = end + g.between(5 * MIN, 2 * HOUR);
            connect(g, back, ip, host);
            g.at(back + 3, &K_25, &full);
            end = back + g.between(5 * MIN, HOUR);
        } else {
            end += g.between(HOUR, 3 * HOUR);
        }
    }
    g.at(end, &K_23, &[("User", user), ("SessionID", &sid)]);
    g.at(end, &K_7002, &[("TSId", &sid), ("UserSid", admin_sid)]);
}

/// RCM/Operational: the listener's connection and the user's authentication.
fn connect(g: &mut Gen<'_>, t: i64, ip: &str, host: &str) {
    g.at(t, &K_261, &[("listenerName", "RDP-Tcp")]);
    g.at(
        t + 2,
        &K_1149,
        &[("Param1", ADMIN_USER), ("Param2", host), ("Param3", ip)],
    );
}
