//! The kinds of event the background logs: provider, channel, EventID, level, task, keywords,
//! qualifiers and user of each, as the references give them (lived-in-host §3.3-§3.5,
//! windows-facts §3); and the channels, keywords and time units the background uses.

pub(super) const MIN: i64 = 60;
pub(super) const HOUR: i64 = 3600;
pub(super) const DAY: i64 = 86_400;

pub(super) const SYSTEM: &str = "System";
pub(super) const APPLICATION: &str = "Application";
pub(super) const RCM_OP: &str =
    "Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational";
pub(super) const LSM_OP: &str =
    "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational";
pub(super) const RCM: &str = "Microsoft-Windows-TerminalServices-RemoteConnectionManager";
pub(super) const LSM: &str = "Microsoft-Windows-TerminalServices-LocalSessionManager";

/// The `Classic` keyword of legacy providers.
pub(super) const KW_CLASSIC: u64 = 0x0080_0000_0000_0000;
/// SCM events: Classic plus the first channel bit (lived-in-host §3.3).
pub(super) const KW_SCM: u64 = 0x8080_0000_0000_0000;
/// The first channel bit of manifest providers logging to their Admin/System channel.
pub(super) const KW_CHANNEL: u64 = 0x8000_0000_0000_0000;
/// The Operational channel bit of the TerminalServices providers **[U]**.
pub(super) const KW_TS_OPERATIONAL: u64 = 0x1000_0000_0000_0000;

/// One kind of event: everything but the time and the data.
pub(super) struct Kind {
    pub(super) channel: &'static str,
    pub(super) provider: &'static str,
    pub(super) id: u16,
    pub(super) level: u8,
    pub(super) task: u16,
    pub(super) keywords: u64,
    pub(super) qualifiers: Option<u16>,
    /// `Security/@UserID` (empty: none).
    pub(super) user: &'static str,
    /// The data goes in `UserData/EventXML` (else `EventData`).
    pub(super) user_data: bool,
}

pub(super) const fn kind(channel: &'static str, provider: &'static str, id: u16) -> Kind {
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
pub(super) const fn classic(
    channel: &'static str,
    provider: &'static str,
    id: u16,
    q: u16,
) -> Kind {
    Kind {
        qualifiers: Some(q),
        keywords: KW_CLASSIC,
        ..kind(channel, provider, id)
    }
}

pub(super) const SCM: &str = "Service Control Manager";
pub(super) static K_7036: Kind = Kind {
    keywords: KW_SCM,
    ..classic(SYSTEM, SCM, 7036, 16384)
};
pub(super) static K_7040: Kind = Kind {
    keywords: KW_SCM,
    user: "S-1-5-18",
    ..classic(SYSTEM, SCM, 7040, 16384)
};
pub(super) static K_6005: Kind = classic(SYSTEM, "EventLog", 6005, 32768);
pub(super) static K_6006: Kind = classic(SYSTEM, "EventLog", 6006, 32768);
pub(super) static K_6013: Kind = classic(SYSTEM, "EventLog", 6013, 32768);
pub(super) static K_TIME_35: Kind = Kind {
    user: "S-1-5-19",
    ..kind(SYSTEM, "Microsoft-Windows-Time-Service", 35)
};
pub(super) static K_TIME_37: Kind = Kind {
    user: "S-1-5-19",
    ..kind(SYSTEM, "Microsoft-Windows-Time-Service", 37)
};
pub(super) static K_GP_1500: Kind = Kind {
    user: "S-1-5-18",
    ..kind(SYSTEM, "Microsoft-Windows-GroupPolicy", 1500)
};
pub(super) const fn wu(id: u16) -> Kind {
    Kind {
        task: 1,
        user: "S-1-5-18",
        ..kind(SYSTEM, "Microsoft-Windows-WindowsUpdateClient", id)
    }
}
pub(super) static K_WU_44: Kind = wu(44);
pub(super) static K_WU_43: Kind = wu(43);
pub(super) static K_WU_19: Kind = wu(19);
pub(super) static K_DCOM: Kind = Kind {
    level: 2,
    keywords: KW_SCM,
    user: "S-1-5-18",
    ..classic(SYSTEM, "Microsoft-Windows-DistributedCOM", 10016, 0)
};
pub(super) static K_7001: Kind = Kind {
    user: "S-1-5-18",
    ..kind(SYSTEM, "Microsoft-Windows-Winlogon", 7001)
};
pub(super) static K_7002: Kind = Kind {
    user: "S-1-5-18",
    ..kind(SYSTEM, "Microsoft-Windows-Winlogon", 7002)
};
pub(super) static K_1056: Kind = classic(SYSTEM, RCM, 1056, 16384);
/// As `rdp::events::private_key_failed` logs it (windows-facts §3).
pub(super) static K_36870: Kind = Kind {
    level: 2,
    user: "S-1-5-18",
    ..kind(SYSTEM, "Schannel", 36870)
};
pub(super) const SPP: &str = "Microsoft-Windows-Security-SPP";
/// 902/903 show EntryType 0 in Get-EventLog (lived-in-host §3.5).
pub(super) static K_902: Kind = Kind {
    level: 0,
    ..classic(APPLICATION, SPP, 902, 16384)
};
pub(super) static K_903: Kind = Kind {
    level: 0,
    ..classic(APPLICATION, SPP, 903, 16384)
};
pub(super) static K_16384: Kind = classic(APPLICATION, SPP, 16384, 16384);
pub(super) static K_16394: Kind = classic(APPLICATION, SPP, 16394, 16384);
pub(super) static K_9027: Kind = classic(APPLICATION, "Desktop Window Manager", 9027, 16384);
pub(super) const fn ts(
    channel: &'static str,
    provider: &'static str,
    id: u16,
    user: &'static str,
) -> Kind {
    Kind {
        keywords: KW_TS_OPERATIONAL,
        user,
        user_data: true,
        ..kind(channel, provider, id)
    }
}
pub(super) static K_261: Kind = ts(RCM_OP, RCM, 261, "S-1-5-20");
pub(super) static K_1149: Kind = ts(RCM_OP, RCM, 1149, "S-1-5-20");
pub(super) static K_21: Kind = ts(LSM_OP, LSM, 21, "S-1-5-18");
pub(super) static K_22: Kind = ts(LSM_OP, LSM, 22, "S-1-5-18");
pub(super) static K_23: Kind = ts(LSM_OP, LSM, 23, "S-1-5-18");
pub(super) static K_24: Kind = ts(LSM_OP, LSM, 24, "S-1-5-18");
pub(super) static K_25: Kind = ts(LSM_OP, LSM, 25, "S-1-5-18");
