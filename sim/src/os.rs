//! OS presets (2008 R2, 2012 R2, 2016, 2019, 2022) and the default healthy RD Session Host:
//! MachineKeys and its ACLs, MachineGuid, the listener certificate and key, RDP-Tcp values,
//! SCHANNEL defaults, services.

use crate::host::Host;

/// The local administrator account name on Azure images in this simulator.
pub const ADMIN_USER: &str = "azureuser";

/// The OS presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Os {
    /// Windows Server 2008 R2 (build 7601): RDP speaks only TLS 1.0 until KB3080079.
    Server2008R2,
    /// Windows Server 2012 R2 (9600).
    Server2012R2,
    /// Windows Server 2016 (14393).
    Server2016,
    /// Windows Server 2019 (17763).
    Server2019,
    /// Windows Server 2022 (20348).
    Server2022,
}

impl Os {
    /// Every preset.
    pub const ALL: [Os; 5] = [Os::Server2008R2, Os::Server2012R2, Os::Server2016, Os::Server2019, Os::Server2022];

    /// The build number.
    pub fn build(self) -> u32 {
        match self {
            Os::Server2008R2 => 7601,
            Os::Server2012R2 => 9600,
            Os::Server2016 => 14393,
            Os::Server2019 => 17763,
            Os::Server2022 => 20348,
        }
    }
    /// `Windows Server 2019`.
    pub fn display_name(self) -> &'static str {
        match self {
            Os::Server2008R2 => "Windows Server 2008 R2",
            Os::Server2012R2 => "Windows Server 2012 R2",
            Os::Server2016 => "Windows Server 2016",
            Os::Server2019 => "Windows Server 2019",
            Os::Server2022 => "Windows Server 2022",
        }
    }
    /// The `--os` short name (`2019`, `2008r2`).
    pub fn short_name(self) -> &'static str {
        match self {
            Os::Server2008R2 => "2008r2",
            Os::Server2012R2 => "2012r2",
            Os::Server2016 => "2016",
            Os::Server2019 => "2019",
            Os::Server2022 => "2022",
        }
    }
    /// Parses `2019`, `2008r2`, `Windows Server 2012 R2` (case- and space-insensitive).
    pub fn parse(s: &str) -> Option<Os> {
        let n: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        let n = n.strip_prefix("windowsserver").unwrap_or(&n);
        Os::ALL.into_iter().find(|o| o.short_name() == n)
    }
}

/// Fills a fresh host with the preset's healthy state.
pub fn populate(_host: &mut Host) {
    todo!("os/rdp helper")
}
