Feature: reg delete asks before it deletes
  The article falls back to the self-signed certificate with
  `reg delete ... /v SSLCertificateSHA1Hash`, again without `/f`: reg asks first, and an
  unattended script deletes nothing.

  Scenario: reg delete without /f deletes nothing when nobody answers
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash /t REG_BINARY /d 00112233445566778899AABBCCDDEEFF00112233 /f`
    And I run `reg delete "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    Then stdout is:
      """
      Delete the registry value SSLCertificateSHA1Hash (Yes/No)? 
      The operation was canceled by the user.
      """
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    Then the exit code is 0

  Scenario: reg delete /f deletes the value
    Given the default host
    When I run `reg add "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash /t REG_BINARY /d 00112233445566778899AABBCCDDEEFF00112233 /f`
    And I run `reg delete "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash /f`
    Then stdout is:
      """
      The operation completed successfully.
      """
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    Then the exit code is 1
