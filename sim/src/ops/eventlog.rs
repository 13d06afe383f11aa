//! Event-log operations with their access rule and the events Windows logs about them.

use crate::error::WinError;
use crate::eventlog::NewEvent;
use crate::host::Host;
use crate::principals::Token;

/// Clears a log as `token` (`EvtClearLog`): administrators only (the default channel access
/// lets Administrators and SYSTEM clear); FILE_NOT_FOUND for an unknown channel. Windows then
/// logs Eventlog 104 to System, naming the channel and who cleared it (the Security log
/// logs 1102 instead, not simulated).
pub fn clear_log(host: &mut Host, token: &Token, channel: &str) -> Result<(), WinError> {
    let name = host
        .eventlog()
        .channel_name(channel)
        .map(str::to_string)
        .ok_or(WinError::FILE_NOT_FOUND)?;
    if !token.is_admin() {
        return Err(WinError::ACCESS_DENIED);
    }
    let now = host.now();
    host.eventlog_mut().clear(&name, now);
    if !name.eq_ignore_ascii_case("Security") {
        let user = token.user.clone();
        let account = host
            .principals()
            .name_of(&user)
            .unwrap_or_else(|| user.to_string());
        let (domain, account) = account.rsplit_once('\\').unwrap_or(("", &account));
        let ev = NewEvent::new("System", "Microsoft-Windows-Eventlog", 104)
            .task(104)
            .keywords(0x8000_0000_0000_0000)
            .user(user.clone())
            .data("SubjectUserName", account)
            .data("SubjectDomainName", domain)
            .data("Channel", name.as_str())
            .data("BackupPath", "");
        host.log(ev);
    }
    Ok(())
}
