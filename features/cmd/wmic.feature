Feature: wmic reads and sets the RDP listener's certificate and shows services
  `Win32_TSGeneralSetting` lives in `root\cimv2\TerminalServices`; its
  SSLCertificateSHA1Hash is the thumbprint the listener uses (the self-signed certificate's
  until one is configured). wmic ends every line with CR CR LF, so a `for /f` over its output
  sees a trailing CR; `set` and `call SetSSLCertificateSHA1Hash` write the thumbprint into
  RDP-Tcp's SSLCertificateSHA1Hash (REG_BINARY), as the article's `reg add` does.

  Background:
    Given the default host

  Scenario: set the thumbprint, read it back with wmic and with reg
    When I run `wmic /namespace:\\root\cimv2\TerminalServices PATH Win32_TSGeneralSetting Set SSLCertificateSHA1Hash="00112233445566778899AABBCCDDEEFF00112233"`
    Then stdout contains "Updating property(s) of '\\RDS01\root\cimv2\TerminalServices:Win32_TSGeneralSetting.TerminalName="RDP-Tcp"'"
    And stdout contains "Property(s) update successful."
    When I run `wmic /namespace:\\root\cimv2\TerminalServices path Win32_TSGeneralSetting where TerminalName='RDP-Tcp' get SSLCertificateSHA1Hash`
    Then stdout contains "00112233445566778899AABBCCDDEEFF00112233  "
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    Then stdout contains "    SSLCertificateSHA1Hash    REG_BINARY    00112233445566778899AABBCCDDEEFF00112233"

  Scenario: the method form
    When I run `wmic /namespace:\\root\cimv2\TerminalServices path Win32_TSGeneralSetting where TerminalName='RDP-Tcp' call SetSSLCertificateSHA1Hash "00112233445566778899AABBCCDDEEFF00112233"`
    Then stdout contains "->SetSSLCertificateSHA1Hash()"
    And stdout contains "Method execution successful."
    And the exit code is 0

  Scenario: a service by name, and a name that matches nothing
    When I run `wmic service where name='TermService' get Name,StartMode,State`
    Then stdout contains "TermService  Manual     Running  "
    When I run `wmic service where "name='NoSuchService'" get Name`
    Then stderr contains "No Instance(s) Available."

  Scenario: the class without its namespace
    When I run `wmic path Win32_TSGeneralSetting get TerminalName`
    Then stderr contains "Description = Invalid class"
