Feature: an RDP client connects to the default host
  The default host is a healthy Windows Server 2019 RD Session Host with Azure's image
  settings: RDP allowed (`fDenyTSConnections` 0), security layer "Negotiate" (1) and Network
  Level Authentication (`UserAuthentication` 1). Every client gets in, and nothing lands in the
  System log that the article's queries would find.

  Scenario: modern and legacy clients connect, and the log stays clean
    Given the default host
    When a modern client connects
    Then the connection succeeds
    When a legacy client connects
    Then the connection succeeds
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout does not contain "Event["
    And the exit code is 0

  Scenario: the listener's settings are the Azure image's
    Given the default host
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SecurityLayer`
    Then stdout contains "    SecurityLayer    REG_DWORD    0x1"
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    Then stderr contains "ERROR: The system was unable to find the specified registry key or value."
    And the exit code is 1

  Scenario: with fDenyTSConnections set, nobody connects, and the client says no listener answered
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" /v fDenyTSConnections /t REG_DWORD /d 1 /f`
    And a modern client connects
    Then the connection fails with "Remote Desktop can't connect to the remote computer for one of these reasons:"

  Scenario: with TermService stopped, nobody connects, and the client lists the reasons
    Given the default host
    When I run `net stop TermService /y`
    And a modern client connects
    Then the connection fails with "1) Remote access to the server is not enabled"
    And the connection fails with "Make sure the remote computer is turned on and connected to the network, and that remote access is enabled."

  Scenario: security layer 0 turns TLS off, so even a broken key does not matter
    A script that "fixes" 36870 this way restores the connection and downgrades the host.
    Given the default host
    And the fault "machinekeys-acl"
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SecurityLayer /t REG_DWORD /d 0 /f`
    And a modern client connects
    Then the connection succeeds
