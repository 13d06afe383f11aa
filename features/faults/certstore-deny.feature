Feature: certstore-deny — SYSTEM may not write the Remote Desktop certificate store
  The self-signed certificate has expired, and an explicit Deny for SYSTEM (set value, create
  subkey) sits on `HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop`. Every time
  SessionEnv or TermService starts, Windows tries to replace the certificate and fails with
  1058 "...Access is denied.": the article's 1058 sample. No step of the article touches this
  registry key, so its MachineKeys script cannot help.

  Background:
    Given the default host
    And the fault "certstore-deny"

  Scenario: the article's query finds 1058 with "Access is denied."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1058 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout is:
      """
      Event[0]:
        Log Name: System
        Source: Microsoft-Windows-TerminalServices-RemoteConnectionManager
        Date: 2026-11-20T10:00:45.000
        Event ID: 1058
        Task: N/A
        Level: Error
        Opcode: N/A
        Keyword: Classic
        User: N/A
        User Name: N/A
        Computer: RDS01
        Description:
      The RD Session Host Server has failed to replace the expired self signed certificate used for RD Session Host Server authentication on TLS connections. The relevant status code was Access is denied.
      """

  Scenario: the client fails and Schannel logs 36870
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains "The internal error state is 10001."

  Scenario: restarting SessionEnv only logs another 1058
    When I run `net stop SessionEnv`
    And I run `net start SessionEnv`
    Then the service "SessionEnv" is running
    When I run `wevtutil qe system /rd:true /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager']]]"`
    Then stdout contains "Event ID: 1058"
    And stdout contains "The relevant status code was Access is denied."

  Scenario: the article's MachineKeys script does not help
    When I run the cmd script:
      """
      takeown /f "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys" /a /r
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\System:(F)"
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\NETWORK SERVICE:(R)"
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "BUILTIN\Administrators:(F)"
      net stop TermService /y
      net start TermService
      """
    And a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
