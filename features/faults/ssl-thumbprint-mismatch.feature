Feature: ssl-thumbprint-mismatch — RDP-Tcp names a certificate that is not there
  `SSLCertificateSHA1Hash` under the RDP-Tcp listener tells TermService to use a certificate
  from LocalMachine\My instead of its self-signed one. Windows never writes this value for its
  own certificate. When it names no certificate in My, the listener has no usable credential:
  Schannel logs 36870 and every client fails. Set the right thumbprint, or delete the value to
  fall back to the self-signed certificate.

  Background:
    Given the default host
    And the fault "ssl-thumbprint-mismatch"

  Scenario: the client fails and Schannel logs 36870
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains "The error code returned from the cryptographic module is 0x8009030D."

  Scenario: the article's reg query shows the value
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    Then stdout contains "    SSLCertificateSHA1Hash    REG_BINARY    "
    And the exit code is 0

  Scenario: the article's reg delete without /f asks, and nobody answers
    When I run `reg delete "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash`
    And a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."

  Scenario: deleting the value falls back to the self-signed certificate
    When I run `reg delete "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v SSLCertificateSHA1Hash /f`
    Then stdout is:
      """
      The operation completed successfully.
      """
    When a modern client connects
    Then the connection succeeds

  Scenario: a valid certificate in My does not help while the value names another
    The listener takes the certificate whose thumbprint the value holds, never just any
    certificate of the store. Here the self-signed certificate is copied into My (its key,
    `TSSecKeySet1`, stays where it is), and the stale value still names something else.
    When I run the cmd script:
      """
      reg export "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates" C:\rd.reg
      powershell -Command "(Get-Content C:\rd.reg) -replace '\\Remote Desktop\\', '\My\' | Set-Content C:\my.reg -Encoding Unicode"
      reg import C:\my.reg
      """
    And I run `certutil -store My`
    Then stdout contains "Subject: CN=RDS01"
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."

  Scenario: setting the value to a valid certificate in My fixes it
    The remedy's first form: point the listener at a certificate that is in LocalMachine\My,
    valid, and whose key NETWORK SERVICE can read.
    When I run the cmd script:
      """
      reg export "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates" C:\rd.reg
      powershell -Command "(Get-Content C:\rd.reg) -replace '\\Remote Desktop\\', '\My\' | Set-Content C:\my.reg -Encoding Unicode"
      reg import C:\my.reg
      for /f %%t in ('powershell -Command "(Get-ChildItem Cert:\LocalMachine\My).Thumbprint"') do wmic /namespace:\\root\cimv2\TerminalServices PATH Win32_TSGeneralSetting Set SSLCertificateSHA1Hash="%%t"
      """
    Then stdout contains "Property(s) update successful."
    When a modern client connects
    Then the connection succeeds
