//! The administrator's RDP sessions: RemoteConnectionManager and LocalSessionManager
//! Operational events, Winlogon 7001/7002 and DWM 9027.

use super::super::ADMIN_USER;
use super::generator::Gen;
use super::kinds::*;

/// The administrator's RDP sessions: most working days, in office hours, from one address.
pub(super) fn sessions(g: &mut Gen<'_>, boots: &[i64], host: &str, admin_sid: &str) {
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
