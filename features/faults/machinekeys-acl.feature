Feature: machinekeys-acl — NETWORK SERVICE can no longer read the listener's private key
  TermService runs as NETWORK SERVICE and opens the private key of the RDP listener's
  certificate at every TLS handshake. The key lives in the container file
  `f686aace6942fb7f7ceb231212eef4a4_<MachineGuid>` under MachineKeys. When that file stops
  granting NETWORK SERVICE read access, Schannel logs 36870 and every client fails, while the
  certificate itself stays valid, so Windows never makes a new one. The usual way there is a
  "hardening" that leaves only SYSTEM and Administrators on the folder and its files; the
  folder's part is harmless, the container's is not (the variant `machinekeys-acl:container-only`
  breaks the container alone). The article's remedy resets the ACLs with takeown and icacls
  grants, then restarts TermService.

  Background:
    Given the default host
    And the fault "machinekeys-acl"

  Scenario: the client cannot connect
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer. Try connecting again, if the problem continues, contact the owner of the remote computer or your network administrator."

  Scenario: the article's query finds Schannel 36870
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout is:
      """
      Event[0]:
        Log Name: System
        Source: Schannel
        Date: 2026-11-20T10:01:45.000
        Event ID: 36870
        Task: N/A
        Level: Error
        Opcode: Info
        Keyword: 
        User: S-1-5-18
        User Name: NT AUTHORITY\SYSTEM
        Computer: RDS01
        Description:
      A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.
      """
    And the exit code is 0

  Scenario: icacls shows the hardened MachineKeys folder
    Everyone's default entry is gone. The folder alone would not break RDP: the container does.
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout is:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys NT AUTHORITY\SYSTEM:(F)
                                                      BUILTIN\Administrators:(F)

      Successfully processed 1 files; Failed processing 0 files
      """

  Scenario: the container no longer lists NETWORK SERVICE
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    Then stdout contains "NT AUTHORITY\SYSTEM:(F)"
    And stdout contains "BUILTIN\Administrators:(F)"
    And stdout does not contain "NETWORK SERVICE"

  Scenario: only the container is broken
    On Server 2019 the administrators have no entry on the listener's container, so they must
    take ownership before they can even read its ACL.
    Given the default host
    And the fault "machinekeys-acl:container-only"
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout contains "Everyone:(R,W)"
    When I run `takeown /f C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    And I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_*`
    Then stdout contains "NT SERVICE\SessionEnv:(F)"
    And stdout does not contain "NETWORK SERVICE"
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."

  Scenario: the article's ACL reset and a TermService restart bring RDP back
    When I run the cmd script:
      """
      takeown /f "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys" /a /r
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\System:(F)"
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\NETWORK SERVICE:(R)"
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "BUILTIN\Administrators:(F)"
      net stop TermService /y
      net start TermService
      """
    Then the service "TermService" is running
    When a modern client connects
    Then the connection succeeds
