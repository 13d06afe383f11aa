Feature: rsa-key-corrupt — the key file is there but cannot be used
  The listener's container file still exists but holds a damaged key. Clients fail with
  Schannel 36870. The article's certificate renewal is not enough: once the certificate is
  deleted, SessionEnv cannot create the `TSSecKeySet1` container again because the stale file
  is in the way, and logs 1057 "...Object already exists." The stale `f686aace*` file must go
  first.

  Background:
    Given the default host
    And the fault "rsa-key-corrupt"

  Scenario: the client fails and Schannel logs 36870, nothing else
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains "The internal error state is 10001."
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and TimeCreated[timediff(@SystemTime) <= 86400000]]]"`
    Then the exit code is 0
    And stderr is empty
    And stdout does not contain "Event["

  Scenario: the certificate renewal alone hits the stale container
    When I run `reg delete "HKLM\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop\Certificates" /f`
    And I run `net stop SessionEnv`
    And I run `net start SessionEnv`
    And I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1057 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains "The relevant status code was Object already exists."
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
