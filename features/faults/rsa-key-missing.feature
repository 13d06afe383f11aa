Feature: rsa-key-missing — the certificate is there, its key file is gone
  The `Remote Desktop` store still holds the listener's certificate, but the container file
  `f686aace*` in MachineKeys has been deleted. When SessionEnv or TermService starts, Windows
  logs 1057 "...Keyset does not exist" (the article's sample; the status text has no period of
  its own), and clients fail with Schannel 36870. The article's remedy: delete the certificate
  and restart SessionEnv, which makes a new certificate and key.

  Background:
    Given the default host
    And the fault "rsa-key-missing"

  Scenario: the article's query finds 1057 "Keyset does not exist"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1057 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains "Event ID: 1057"
    And stdout contains "Level: Error"
    And stdout contains "The relevant status code was Keyset does not exist"

  Scenario: the client fails and Schannel logs 36870
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains "Event ID: 36870"

  Scenario: the certificate is still in the store, the key file is not
    When I run `reg query "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates"`
    Then stdout contains "HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates\"
    When I run `dir C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then the exit code is 0
    And stdout contains " Directory of C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys"
    And stdout does not contain "f686aace"

  Scenario: deleting the certificate and restarting SessionEnv makes a new one
    When I run `reg delete "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates" /f`
    And I run `net stop SessionEnv`
    And I run `net start SessionEnv`
    And I run `wevtutil qe system /rd:true /c:1 /f:text /q:"Event[System[EventID=1056]]"`
    Then stdout contains "The name on this certificate is CN=RDS01."
    When a modern client connects
    Then the connection succeeds

  Scenario: the certificate is checked when the services start, not at every connection
    A failed connection logs Schannel's 36870 only; the last 1057 stays the one logged when the
    services started (an hour before the connection).
    Given the clock moves forward 1 hour
    When a modern client connects
    And I run `wevtutil qe system /rd:true /c:1 /f:text /q:"Event[System[EventID=36870]]"`
    Then stdout contains "Date: 2026-11-20T11:01:45.000"
    When I run `wevtutil qe system /rd:true /c:1 /f:text /q:"Event[System[EventID=1057]]"`
    Then stdout contains "Date: 2026-11-20T10:00:45.000"
