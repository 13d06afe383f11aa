//! The simulated clock: UTC, FILETIME precision (100 ns ticks since 1601-01-01).
//! Time moves only when told to; nothing here reads the real clock.

use std::fmt;
use time::{OffsetDateTime, format_description::well_known::Rfc3339};

/// 100-ns intervals between 1601-01-01 and 1970-01-01.
const UNIX_EPOCH_TICKS: u64 = 116_444_736_000_000_000;

/// A point in time as Windows stores it: 100-ns ticks since 1601-01-01 UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct FileTime(pub u64);

impl FileTime {
    /// Ticks per millisecond.
    pub const TICKS_PER_MS: u64 = 10_000;
    /// Ticks per second.
    pub const TICKS_PER_SEC: u64 = 10_000_000;

    /// From a UTC date-time.
    pub fn from_datetime(dt: OffsetDateTime) -> FileTime {
        let nanos = dt.unix_timestamp_nanos();
        let ticks = nanos.div_euclid(100) + UNIX_EPOCH_TICKS as i128;
        FileTime(ticks.clamp(0, u64::MAX as i128) as u64)
    }

    /// To a UTC date-time.
    pub fn to_datetime(self) -> OffsetDateTime {
        let nanos = (self.0 as i128 - UNIX_EPOCH_TICKS as i128) * 100;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// The earliest `now` a host may have, 1950-01-01T00:00:00Z: the simulated certificates
    /// (the RDP listener's self-signed one is dated from now) cannot be dated earlier, and a
    /// host whose clock is earlier could not connect.
    pub const EARLIEST_HOST: FileTime =
        FileTime(UNIX_EPOCH_TICKS - 631_152_000 * Self::TICKS_PER_SEC);
    /// The latest `now` a host may have, 9899-12-31T23:59:59Z: events are dated as
    /// `TimeCreated/@SystemTime` with a four-digit year, and this leaves a hundred years (the
    /// longest fault age) before year 9999 ends.
    pub const LATEST_HOST: FileTime =
        FileTime(UNIX_EPOCH_TICKS + 250_246_627_199 * Self::TICKS_PER_SEC);

    /// Parses RFC 3339 (`2026-11-20T10:00:00Z`, fractions up to 7 digits).
    pub fn parse_rfc3339(s: &str) -> Option<FileTime> {
        OffsetDateTime::parse(s.trim(), &Rfc3339)
            .ok()
            .map(FileTime::from_datetime)
    }

    /// `2022-10-16T20:27:36.2228549Z`: the form of `TimeCreated/@SystemTime` (7-digit fraction).
    pub fn to_system_time_string(self) -> String {
        let dt = self.to_datetime();
        let frac = self.0 % FileTime::TICKS_PER_SEC;
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:07}Z",
            dt.year(),
            dt.month() as u8,
            dt.day(),
            dt.hour(),
            dt.minute(),
            dt.second(),
            frac
        )
    }

    /// Milliseconds from `self` to `later` (negative if `later` is earlier).
    pub fn millis_until(self, later: FileTime) -> i64 {
        (later.0 as i128 - self.0 as i128).div_euclid(FileTime::TICKS_PER_MS as i128) as i64
    }

    /// This time plus (or minus) a number of seconds.
    pub fn add_secs(self, secs: i64) -> FileTime {
        let t = self.0 as i128 + secs as i128 * FileTime::TICKS_PER_SEC as i128;
        FileTime(t.clamp(0, u64::MAX as i128) as u64)
    }
}

impl fmt::Display for FileTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_system_time_string())
    }
}

/// The host's clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Clock {
    now: FileTime,
}

impl Clock {
    /// A clock reading `now`.
    pub fn new(now: FileTime) -> Clock {
        Clock { now }
    }

    /// The current simulated time.
    pub fn now(&self) -> FileTime {
        self.now
    }

    /// Moves time forward by `secs` seconds.
    pub fn advance_secs(&mut self, secs: u64) {
        self.now = self.now.add_secs(secs as i64);
    }

    /// Moves time forward by `ms` milliseconds.
    pub fn advance_millis(&mut self, ms: u64) {
        self.now = FileTime(self.now.0.saturating_add(ms * FileTime::TICKS_PER_MS));
    }

    /// Sets the time (only forward or backward as a fixture says; used when loading hosts).
    pub fn set(&mut self, now: FileTime) {
        self.now = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip_keeps_ticks() {
        let t = FileTime::parse_rfc3339("2022-10-16T20:27:36.2228549Z").unwrap();
        assert_eq!(t.to_system_time_string(), "2022-10-16T20:27:36.2228549Z");
    }

    #[test]
    fn millis_until_is_signed() {
        let t = FileTime::parse_rfc3339("2026-11-20T10:00:00Z").unwrap();
        assert_eq!(t.millis_until(t.add_secs(90_000)), 90_000_000);
        assert_eq!(t.add_secs(1).millis_until(t), -1000);
    }
}
