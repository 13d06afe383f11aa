Feature: Scenario 3 of the article: the Connection Broker was renamed
  The broker logs 2056 ("Logon to the database failed.") in its own Operational channel, and
  its client 1296 in another. The article's queries ask the System log for providers padded
  with spaces: on Windows they return nothing, so the knowledge base queries the right
  channels with the exact names.

  Scenario: the article's padded query finds nothing, the exact one finds the event
    Given the default host
    And the fault "broker-renamed"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker '] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"`
    Then stdout is empty
    When I run `wevtutil qe Microsoft-Windows-TerminalServices-SessionBroker/Operational /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-SessionBroker'] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"`
    Then stdout contains "Logon to the database failed."
    When I diagnose the host
    Then the diagnosis finds exactly "broker-renamed"
    And the finding "broker-renamed" rests on event 2056 from "Microsoft-Windows-TerminalServices-SessionBroker" in "Microsoft-Windows-TerminalServices-SessionBroker/Operational"
