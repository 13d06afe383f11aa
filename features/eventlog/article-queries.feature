Feature: the article's event queries, verbatim
  The article diagnoses RDP failures by Event ID. Each scenario starts with a `wevtutil qe`
  command that asks the System log for the newest event of one provider and ID logged in the
  last 24 hours (`timediff(@SystemTime) <= 86400000` milliseconds, measured against the
  host's clock), printed in wevtutil's text layout. An older event is history: the same
  query prints nothing and exits 0, exactly as when no event exists.

  Scenario: a Schannel 36870 from an hour ago is printed with its description
    Given the fixture "fixtures/eventlog-36870"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then the exit code is 0
    And stdout contains:
      """
      Event[0]:
        Log Name: System
        Source: Schannel
        Date: 2026-11-20T09:00:00.000
        Event ID: 36870
        Task: N/A
        Level: Error
        Opcode: Info
      """
    And stdout contains:
      """
        User: S-1-5-18
        User Name: NT AUTHORITY\SYSTEM
        Computer: RDS01
        Description:
      A fatal error occurred when attempting to access the TLS server credential private key. The error code returned from the cryptographic module is 0x8009030D. The internal error state is 10001.
      """

  Scenario: the same 36870, 25 hours old, is outside the window
    Given the fixture "fixtures/eventlog-36870-old"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then the exit code is 0
    And stdout does not contain "Event["

  Scenario: the window moves with the clock
    Given the fixture "fixtures/eventlog-36870"
    And the clock moves forward 24 hours
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Schannel'] and EventID=36870 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"`
    Then the exit code is 0
    And stdout does not contain "Event["

  Scenario: 1058, the expired self-signed certificate could not be replaced
    Given the fixture "fixtures/eventlog-rcm"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1058 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout is:
      """
      Event[0]:
        Log Name: System
        Source: Microsoft-Windows-TerminalServices-RemoteConnectionManager
        Date: 2026-11-20T08:15:00.000
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

  Scenario: 1057, no new certificate could be created; the status text has no period
    Given the fixture "fixtures/eventlog-rcm"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1057 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout contains:
      """
        Event ID: 1057
      """
    And stdout contains:
      """
        Description:
      The RD Session Host Server has failed to create a new self signed certificate to be used for RD Session Host Server authentication on TLS connections. The relevant status code was Keyset does not exist
      """
