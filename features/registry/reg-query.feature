Feature: reg query reads the registry as reg.exe prints it
  The article checks the RDP listener with `reg query`. reg prints a blank line, the key with
  its root spelled out, then one line per value: four spaces, the name, the type and the data,
  separated by four spaces. A REG_DWORD is shown as `0x` and lower-case hex (3389 is `0xd3d`).
  A value that is not there is an error on stderr and exit code 1: that is what an engineer
  sees when `SSLCertificateSHA1Hash` was never set and the self-signed certificate is used.

  Scenario: reg query shows the RDP port
    Given the default host
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber`
    Then stdout is:
      """

      HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp
          PortNumber    REG_DWORD    0xd3d

      """
    And the exit code is 0

  Scenario: the Azure image allows RDP connections
    Given the default host
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server" /v fDenyTSConnections`
    Then stdout contains "    fDenyTSConnections    REG_DWORD    0x0"
    And the exit code is 0

  Scenario: a missing value is an error
    Given the default host
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    Then stderr is:
      """
      ERROR: The system was unable to find the specified registry key or value.
      """
    And the exit code is 1

  Scenario: SCHANNEL protocol keys are absent by default
    Given the default host
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server" /v Enabled`
    Then stderr is:
      """
      ERROR: The system was unable to find the specified registry key or value.
      """
    And stdout is:
      """
      """
    And the exit code is 1

  Scenario: a key name with an unknown root is refused
    Given the default host
    When I run `reg query HKEY_NOWHERE\Software`
    Then stderr is:
      """
      ERROR: Invalid key name.
      Type "REG QUERY /?" for usage.
      """
    And the exit code is 1
