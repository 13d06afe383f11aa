Feature: machinekeys-deny-ace — an explicit Deny for NETWORK SERVICE on the listener's key
  A Deny ACE is evaluated before any grant. The article's MachineKeys script only adds grants,
  so it leaves the Deny in place and RDP stays broken: the playbook must notice and escalate.

  Background:
    Given the default host
    And the fault "machinekeys-deny-ace"

  Scenario: the client fails and Schannel logs 36870
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains "The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001."

  Scenario: the article's grant-only script does not remove the Deny
    When I run the cmd script:
      """
      takeown /f "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys" /a /r
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\System:(F)"
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\NETWORK SERVICE:(R)"
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "BUILTIN\Administrators:(F)"
      net stop TermService /y
      net start TermService
      """
    And I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    Then stdout contains "NT AUTHORITY\NETWORK SERVICE:(DENY)(R)"
    And stdout contains "NT AUTHORITY\NETWORK SERVICE:(R)"
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."

  Scenario: removing the Deny ACE repairs it, without a restart
    TermService opens the key at every handshake, so the next client already gets in.
    When I run `takeown /f C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    And I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_* /remove:d "NT AUTHORITY\NETWORK SERVICE"`
    And a modern client connects
    Then the connection succeeds
