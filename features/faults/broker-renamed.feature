Feature: broker-renamed — the RD Connection Broker was renamed after the farm was built
  The broker's Windows Internal Database recorded the host name when the role was installed.
  After a rename, the broker cannot log on to its database: SessionBroker logs 2056 and its
  clients log 1296, each in its own Operational log, with Windows' "description cannot be
  found" text that the article quotes. The article's own queries ask the System log for
  providers named with padding spaces, so on Windows they return nothing.

  Background:
    Given the default host
    And the fault "broker-renamed"

  Scenario: connections through the broker fail
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."

  Scenario: the article's padded query returns nothing
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker '] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout does not contain "Event["
    And the exit code is 0
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker-Client '] and EventID=1296 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then stdout does not contain "Event["
    And the exit code is 0

  Scenario: the broker's Operational log holds 2056
    When I run `wevtutil qe Microsoft-Windows-TerminalServices-SessionBroker/Operational /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-SessionBroker'] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"`
    Then stdout contains "Task: (109)"
    And stdout contains "User Name: NT AUTHORITY\NETWORK SERVICE"
    And stdout contains:
      """
      The following information was included with the event:

      NULL
      NULL
      Logon to the database failed.
      """

  Scenario: the broker client's Operational log holds 1296
    When I run `wevtutil qe Microsoft-Windows-TerminalServices-SessionBroker-Client/Operational /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-SessionBroker-Client'] and EventID=1296 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"`
    Then stdout contains "Task: (104)"
    And stdout contains "Remote Desktop Connection Broker is not ready for RPC communication."
