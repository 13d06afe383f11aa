Feature: reg add asks before it overwrites, and does nothing when nobody answers
  The article sets the listener's certificate with
  `reg add ... /v SSLCertificateSHA1Hash /t REG_BINARY /d <THUMBPRINT>` and no `/f`. When the
  value already exists, reg asks `Value NAME exists, overwrite(Yes/No)?`. In an unattended
  script nobody answers: the value keeps its old data and reg reports the cancellation. Only
  `/f` (or a typed "Yes") overwrites.

  Scenario: reg add without /f does not overwrite an existing value when nobody answers
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber /t REG_DWORD /d 3390`
    Then stdout is:
      """
      Value PortNumber exists, overwrite(Yes/No)? 
      The operation was canceled by the user.
      """
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber`
    Then stdout contains "    PortNumber    REG_DWORD    0xd3d"

  Scenario: answering Yes overwrites
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber /t REG_DWORD /d 3390` answering "Yes"
    Then stdout is:
      """
      Value PortNumber exists, overwrite(Yes/No)? Yes
      The operation completed successfully.
      """

  Scenario: reg add /f overwrites
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.2\Server" /v Enabled /t REG_DWORD /d 1 /f`
    Then stdout is:
      """
      The operation completed successfully.
      """
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber /t REG_DWORD /d 0xd3e /f`
    Then stdout is:
      """
      The operation completed successfully.
      """
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber`
    Then stdout contains "    PortNumber    REG_DWORD    0xd3e"

  Scenario: a thumbprint is stored as REG_BINARY and shown in upper-case hex
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash /t REG_BINARY /d 4249e16e0af0a02e63c45c93fd52ad0927821b01`
    Then stdout is:
      """
      The operation completed successfully.
      """
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    Then stdout contains "    SSLCertificateSHA1Hash    REG_BINARY    4249E16E0AF0A02E63C45C93FD52AD0927821B01"

  Scenario: a plain user cannot change the listener
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SecurityLayer /t REG_DWORD /d 0 /f` as "NT AUTHORITY\NETWORK SERVICE"
    Then stderr is:
      """
      ERROR: Access is denied.
      """
    And the exit code is 1
