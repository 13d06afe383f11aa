//! Windows error codes with their English system-message texts, and input errors with locations.

use std::fmt;

/// A failure that Windows code can observe: a Win32 error code or an HRESULT.
///
/// The texts are the system message table's (FormatMessage, en-US), verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WinError(pub u32);

impl WinError {
    /// ERROR_FILE_NOT_FOUND (2).
    pub const FILE_NOT_FOUND: WinError = WinError(2);
    /// ERROR_PATH_NOT_FOUND (3).
    pub const PATH_NOT_FOUND: WinError = WinError(3);
    /// ERROR_ACCESS_DENIED (5).
    pub const ACCESS_DENIED: WinError = WinError(5);
    /// ERROR_INVALID_PARAMETER (87).
    pub const INVALID_PARAMETER: WinError = WinError(87);
    /// ERROR_INVALID_NAME (123).
    pub const INVALID_NAME: WinError = WinError(123);
    /// ERROR_DIR_NOT_EMPTY (145).
    pub const DIR_NOT_EMPTY: WinError = WinError(145);
    /// ERROR_ALREADY_EXISTS (183).
    pub const ALREADY_EXISTS: WinError = WinError(183);
    /// ERROR_DEPENDENT_SERVICES_RUNNING (1051).
    pub const DEPENDENT_SERVICES_RUNNING: WinError = WinError(1051);
    /// ERROR_SERVICE_ALREADY_RUNNING (1056).
    pub const SERVICE_ALREADY_RUNNING: WinError = WinError(1056);
    /// ERROR_SERVICE_DOES_NOT_EXIST (1060).
    pub const SERVICE_DOES_NOT_EXIST: WinError = WinError(1060);
    /// ERROR_SERVICE_NOT_ACTIVE (1062).
    pub const SERVICE_NOT_ACTIVE: WinError = WinError(1062);
    /// ERROR_SERVICE_DISABLED (1058).
    pub const SERVICE_DISABLED: WinError = WinError(1058);
    /// ERROR_SERVICE_DEPENDENCY_DELETED (1075).
    pub const SERVICE_DEPENDENCY_DELETED: WinError = WinError(1075);
    /// ERROR_INVALID_OWNER (1307).
    pub const INVALID_OWNER: WinError = WinError(1307);
    /// ERROR_NONE_MAPPED (1332): no mapping between account names and security IDs.
    pub const NONE_MAPPED: WinError = WinError(1332);
    /// ERROR_CANCELLED (1223): the operation was canceled by the user.
    pub const CANCELLED: WinError = WinError(1223);
    /// NTE_EXISTS: Object already exists.
    pub const NTE_EXISTS: WinError = WinError(0x8009_000F);
    /// NTE_BAD_KEYSET: Keyset does not exist
    pub const NTE_BAD_KEYSET: WinError = WinError(0x8009_0016);
    /// NTE_BAD_KEY_STATE / SEC_E_INTERNAL_ERROR family used by Schannel 36870.
    pub const SEC_E_NO_CREDENTIALS: WinError = WinError(0x8009_030D);
    /// E_ACCESSDENIED as an HRESULT (0x80070005): Access is denied.
    pub const E_ACCESSDENIED: WinError = WinError(0x8007_0005);

    /// The English message text, exactly as FormatMessage renders it (no trailing newline).
    pub fn message(self) -> &'static str {
        match self.0 {
            0 => "The operation completed successfully.",
            2 => "The system cannot find the file specified.",
            3 => "The system cannot find the path specified.",
            5 | 0x8007_0005 => "Access is denied.",
            87 => "The parameter is incorrect.",
            123 => "The filename, directory name, or volume label syntax is incorrect.",
            145 => "The directory is not empty.",
            183 => "Cannot create a file when that file already exists.",
            1051 => {
                "A stop control has been sent to a service that other running services are dependent on."
            }
            1056 => "An instance of the service is already running.",
            1058 => {
                "The service cannot be started, either because it is disabled or because it has no enabled devices associated with it."
            }
            1060 => "The specified service does not exist as an installed service.",
            1062 => "The service has not been started.",
            1059 => "Circular service dependency was specified.",
            1068 => "The dependency service or group failed to start.",
            1075 => "The dependency service does not exist or has been marked for deletion.",
            1307 => "This security ID may not be assigned as the owner of this object.",
            1223 => "The operation was canceled by the user.",
            1300 => "Not all privileges or groups referenced are assigned to the caller.",
            1332 => "No mapping between account names and security IDs was done.",
            0x8009_000F => "Object already exists.",
            0x8009_0016 => "Keyset does not exist",
            0x8009_030D => "The credentials supplied to the package were not recognized",
            _ => "Unknown error.",
        }
    }

    /// True for HRESULT-style codes (high bit set).
    pub fn is_hresult(self) -> bool {
        self.0 & 0x8000_0000 != 0
    }
}

impl fmt::Display for WinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for WinError {}

/// Malformed input (a fixture file, a query, an SDDL string, arguments): where and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.render())]
pub struct InputError {
    /// The file (or a pseudo-name such as `<sddl>` or `<command line>`).
    pub file: String,
    /// 1-based line number; 0 when the input has no lines (then `file: message` is shown).
    pub line: usize,
    /// What is wrong, in plain words.
    pub message: String,
}

impl InputError {
    fn render(&self) -> String {
        if self.line == 0 {
            format!("{}: {}", self.file, self.message)
        } else {
            format!("{}:{}: {}", self.file, self.line, self.message)
        }
    }

    /// An error at `file:line`.
    pub fn new(file: impl Into<String>, line: usize, message: impl Into<String>) -> Self {
        InputError {
            file: file.into(),
            line,
            message: message.into(),
        }
    }
}
