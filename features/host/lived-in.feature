Feature: A healthy host is lived in
  A real Remote Desktop Session Host has been running for weeks before anyone looks at it.
  Its System log is full of the service control manager's notices (services that start on
  demand and stop again), Group Policy refreshes, time synchronisation, Windows Update and
  the occasional DCOM complaint; its Application log holds Software Protection's restarts;
  the Remote Desktop channels hold the administrator's sessions. It also remembers an old
  incident: a Schannel 36870 from a week or more ago, long fixed. The article's queries look
  at the last 24 hours only, so none of this is evidence, and a diagnosis of the healthy host
  finds nothing. The registry holds what scripts for these faults read: `Control\Lsa` with
  its FIPS policy, `Select` naming `ControlSet001`, the full RDP-Tcp listener, and the
  services of a Server 2019 RD Session Host.

  Scenario: The newest System events are the service control manager's noise
    Given the default host
    When I run `wevtutil qe System /c:3 /rd:true /f:text`
    Then the exit code is 0
    And stdout contains "Source: Service Control Manager"
    And stdout contains "Event ID: 7036"
    And stdout contains " service entered the "

  Scenario: The System log goes back weeks, to a boot
    Given the default host
    When I run `wevtutil qe System /c:1 /f:text`
    Then stdout contains "Date: 2026-10-2"
    And stdout contains "Event ID: 6005"
    And stdout contains "The Event log service was started."

  Scenario: The old incident is there, but not in the article's 24-hour window
    Given the default host
    When I run `wevtutil qe System /rd:true /c:1 /f:text /q:"*[System[Provider[@Name='Schannel'] and EventID=36870]]"`
    Then stdout contains "The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"`
    Then the exit code is 0
    And stdout does not contain "Event["
    When I diagnose the host
    Then the diagnosis finds nothing

  Scenario: The administrator's sessions are in the Remote Desktop channels
    Given the default host
    When I run `wevtutil qe Microsoft-Windows-TerminalServices-LocalSessionManager/Operational /rd:true /c:1 /f:text /q:"*[System[EventID=21]]"`
    Then stdout contains "Remote Desktop Services: Session logon succeeded:"
    And stdout contains "User: RDS01\azureuser"
    When I run `wevtutil qe Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational /rd:true /c:1 /f:text /q:"*[System[EventID=1149]]"`
    Then stdout contains "Remote Desktop Services: User authentication succeeded:"
    And stdout contains "User Name: NT AUTHORITY\NETWORK SERVICE"
    When I run `wevtutil qe Application /rd:true /c:1 /f:text /q:"*[System[Provider[@Name='Microsoft-Windows-Security-SPP'] and EventID=16384]]"`
    Then stdout contains "Successfully scheduled Software Protection service for re-start at "

  Scenario: FIPS mode is a subkey of Lsa, not a value
    # Windows XP and Server 2003 kept a `FIPSAlgorithmPolicy` value directly under `Lsa`;
    # since Windows 7 and Server 2008 R2 the policy is `Lsa\FipsAlgorithmPolicy\Enabled`.
    Given the default host
    When I run `reg query HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v FIPSAlgorithmPolicy`
    Then the exit code is 1
    And stderr contains "ERROR: The system was unable to find the specified registry key or value."
    When I run `reg query HKLM\SYSTEM\CurrentControlSet\Control\Lsa\FipsAlgorithmPolicy /v Enabled`
    Then the exit code is 0
    And stdout contains "Enabled    REG_DWORD    0x0"
    When I run `reg query HKLM\SYSTEM\CurrentControlSet\Control\Lsa /v LimitBlankPasswordUse`
    Then stdout contains "LimitBlankPasswordUse    REG_DWORD    0x1"

  Scenario: The current control set is ControlSet001
    Given the default host
    When I run `reg query HKLM\SYSTEM\Select /v Current`
    Then stdout contains "Current    REG_DWORD    0x1"
    When I run `reg query "HKLM\SYSTEM\ControlSet001\Control\Terminal Server\WinStations\RDP-Tcp" /v MaxInstanceCount`
    Then stdout contains "MaxInstanceCount    REG_DWORD    0xffffffff"
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v fInheritReconnectSame`
    Then stdout contains "fInheritReconnectSame    REG_DWORD    0x1"

  Scenario: The services of an RD Session Host, as sc and the registry show them
    Given the default host
    When I run `sc query W32Time`
    Then stdout contains "STATE              : 4  RUNNING"
    When I run `sc qc Netlogon`
    Then stdout contains "START_TYPE         : 3   DEMAND_START"
    When I run `sc query Netlogon`
    Then stdout contains "STATE              : 1  STOPPED"
    When I run `reg query HKLM\SYSTEM\CurrentControlSet\Services\Netlogon /v Start`
    Then stdout contains "Start    REG_DWORD    0x3"
    When I run `sc query Tssdis`
    Then the exit code is 1060
    And stdout contains "The specified service does not exist as an installed service."
