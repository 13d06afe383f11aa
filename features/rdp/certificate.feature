Feature: the self-signed certificate of the RDP listener
  When SessionEnv or TermService starts, Windows keeps a valid self-signed certificate in the
  `Remote Desktop` store, bound to the key container `TSSecKeySet1`
  (`f686aace6942fb7f7ceb231212eef4a4_<MachineGuid>` in MachineKeys). A missing certificate is
  not a fault: the next start makes one and logs 1056.

  Scenario: the certificate is made again after it was deleted
    Given the default host
    When I run `reg delete "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates" /f`
    And I run `net stop SessionEnv`
    And I run `net start SessionEnv`
    And I run `wevtutil qe system /rd:true /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1056]]"`
    Then stdout is:
      """
      Event[0]:
        Log Name: System
        Source: Microsoft-Windows-TerminalServices-RemoteConnectionManager
        Date: 2026-11-20T10:00:00.000
        Event ID: 1056
        Task: N/A
        Level: Information
        Opcode: N/A
        Keyword: Classic
        User: N/A
        User Name: N/A
        Computer: RDS01
        Description:
      A new self signed certificate to be used for RD Session Host Server authentication on TLS connections was generated. The name on this certificate is CN=RDS01. The SHA1 hash of the certificate is in the event data.
      """
    When a modern client connects
    Then the connection succeeds

  Scenario: NETWORK SERVICE may read the listener's key, and only that key
    Given the default host
    When I run `takeown /f C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    And I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    Then stdout contains "NT AUTHORITY\SYSTEM:(F)"
    And stdout contains "NT AUTHORITY\NETWORK SERVICE:(R)"
    And stdout contains "NT SERVICE\SessionEnv:(F)"

  Scenario: on Server 2016 the third entry is Administrators, not SessionEnv
    Given a Windows Server 2016 host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    Then stdout contains "NT AUTHORITY\NETWORK SERVICE:(R)"
    And stdout contains "BUILTIN\Administrators:(R)"
    And stdout does not contain "SessionEnv"

  Scenario: a deleted MachineKeys folder is made again, with its default ACL
    Deleting the certificate and the whole MachineKeys folder is not a fault either: the next
    start of SessionEnv makes the folder, a correctly protected container and a certificate.
    Given the default host
    When I run `rd /s /q C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    And I run `reg delete "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates" /f`
    And I run `net stop SessionEnv`
    And I run `net start SessionEnv`
    And I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout is:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(R,W)
                                                      BUILTIN\Administrators:(F)

      Successfully processed 1 files; Failed processing 0 files
      """
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*` as "NT AUTHORITY\SYSTEM"
    Then stdout contains "NT AUTHORITY\SYSTEM:(F)"
    And stdout contains "NT AUTHORITY\NETWORK SERVICE:(R)"
    And stdout contains "NT SERVICE\SessionEnv:(F)"
    And the "System" log holds event 1056 from the last 24 hours
    When a modern client connects
    Then the connection succeeds

  Scenario: a container made under a hardened MachineKeys folder lacks the SessionEnv entry
    With Everyone removed from the folder, a new listener container gets SYSTEM and NETWORK
    SERVICE only (measured by Microsoft's repair tooling); NETWORK SERVICE can still read it.
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /remove Everyone`
    And I run `del C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    And I run `reg delete "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates" /f`
    And I run `net stop SessionEnv`
    And I run `net start SessionEnv`
    And I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*` as "NT AUTHORITY\SYSTEM"
    Then stdout contains "NT AUTHORITY\SYSTEM:(F)"
    And stdout contains "NT AUTHORITY\NETWORK SERVICE:(R)"
    And stdout does not contain "SessionEnv"
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout does not contain "Everyone"
    And the exit code is 0
    When a modern client connects
    Then the connection succeeds

  Scenario: a hardened MachineKeys folder alone does not break RDP
    Microsoft measured it: the listener's container keeps its own ACL, so RDP and renewal keep
    working.
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /remove Everyone`
    And a modern client connects
    Then the connection succeeds
    When I run `reg delete "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates" /f`
    And I run `net stop SessionEnv`
    And I run `net start SessionEnv`
    And a modern client connects
    Then the connection succeeds
