//! `sc config NAME opt= value ...`: changes the SCM database and the service's registry key.

use super::{failed, lookup, split_options, usage};
use crate::error::WinError;
use crate::host::Host;
use crate::process::{Output, Process};
use crate::services::StartType;

fn parse_start_type(value: &str) -> Option<StartType> {
    match value.to_ascii_lowercase().as_str() {
        "boot" => Some(StartType::Boot),
        "system" => Some(StartType::System),
        "auto" | "delayed-auto" => Some(StartType::Auto),
        "demand" => Some(StartType::Manual),
        "disabled" => Some(StartType::Disabled),
        _ => None,
    }
}

/// `sc config NAME start= ... binPath= ... DisplayName= ... depend= a/b obj= ...`: changes the
/// SCM database and the service's registry key, as ChangeServiceConfig does.
pub(super) fn config(host: &mut Host, process: &mut Process, rest: &[&str]) -> Output {
    let (names, options) = split_options(rest);
    let (Some(name), false) = (names.first(), options.is_empty()) else {
        return usage();
    };
    let Some(svc) = lookup(host, name).cloned() else {
        return failed("OpenService", WinError::SERVICE_DOES_NOT_EXIST);
    };
    if !crate::ops::services::may_control(&process.token) {
        return failed("OpenService", WinError::ACCESS_DENIED);
    }
    let mut changed = svc.clone();
    for (key, value) in &options {
        match key.as_str() {
            "start=" => match parse_start_type(value) {
                // Boot and system start are for drivers only.
                Some(StartType::Boot | StartType::System) if changed.service_type & 0x0f == 0 => {
                    return failed("ChangeServiceConfig", WinError::INVALID_PARAMETER);
                }
                Some(t) => changed.start_type = t,
                None => return usage(),
            },
            "binpath=" => changed.binary_path = value.to_string(),
            "displayname=" => changed.display_name = value.to_string(),
            "depend=" => {
                changed.dependencies = value
                    .split('/')
                    .filter(|d| !d.is_empty())
                    .map(str::to_string)
                    .collect()
            }
            "obj=" => changed.account = value.to_string(),
            "password=" | "type=" | "error=" | "group=" | "tag=" => {}
            _ => return usage(),
        }
    }
    // ChangeServiceConfig refuses a dependency cycle with ERROR_CIRCULAR_DEPENDENCY
    // (learn.microsoft.com, ChangeServiceConfigW, return value).
    match crate::ops::services::change_config(host, &process.token, changed) {
        Ok(()) => {
            let mut out = Output::default();
            out.outln("[SC] ChangeServiceConfig SUCCESS");
            out
        }
        Err(e) => failed("ChangeServiceConfig", e),
    }
}
