Feature: an aged fault is history, not evidence
  A fault may be given an age: `rsa-key-missing@48h` happened 48 hours ago and was fixed since.
  Its events stay in the log, but the article's queries only look at the last 24 hours
  (`timediff(@SystemTime) <= 86400000`), so they find nothing, and clients connect.

  Background:
    Given the default host
    And the fault "rsa-key-missing@48h"

  Scenario: the article's 24-hour query finds nothing, the log still holds the event
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1057 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then the exit code is 0
    And stderr is empty
    And stdout does not contain "Event["
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1057]]"`
    Then stdout contains "The relevant status code was Keyset does not exist"
    And stdout contains "Date: 2026-11-20T10:00:45.000"

  Scenario: the host works again
    When a modern client connects
    Then the connection succeeds
