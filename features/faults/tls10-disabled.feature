Feature: tls10-disabled — SCHANNEL's TLS 1.0 server protocol is turned off
  The article's case is Windows Server 2008 R2 without KB3080079, whose RDP stack speaks only
  TLS 1.0: with TLS 1.0 disabled the listener cannot build a TLS credential at all, Schannel
  logs 36871 (state 10013) on every connection and every client fails. Server 2012 and later
  speak TLS 1.1 and 1.2 for RDP, so only clients limited to TLS 1.0 fail there.

  Scenario: on Server 2019 a modern client still connects, a legacy one does not
    Given the default host
    And the fault "tls10-disabled"
    When a modern client connects
    Then the connection succeeds
    When a legacy client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I run `wevtutil qe system /rd:true /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36888]]"`
    Then stdout contains "The TLS protocol defined fatal alert code is 70."

  Scenario: reg query shows the disabled protocol
    Given the default host
    And the fault "tls10-disabled"
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server"`
    Then stdout contains:
      """
      HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server
          Enabled    REG_DWORD    0x0
          DisabledByDefault    REG_DWORD    0x1
      """

  Scenario: on Server 2008 R2 every client fails and Schannel logs 36871
    Given a Windows Server 2008 R2 host
    And the fault "tls10-disabled"
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer. Try connecting again, if the problem continues, contact the owner of the remote computer or your network administrator."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36871 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains "A fatal error occurred while creating a TLS server credential. The internal error state is 10013."

  Scenario: re-enabling TLS 1.0 on 2008 R2 works (a downgrade, not the fix)
    Given a Windows Server 2008 R2 host
    And the fault "tls10-disabled"
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server" /v Enabled /t REG_DWORD /d 1 /f`
    And I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server" /v DisabledByDefault /t REG_DWORD /d 0 /f`
    And a modern client connects
    Then the connection succeeds
