Feature: scenario 3's broker queries find nothing, and why
  The article's scenario-3 commands ask the System log for providers written with a space on
  each side (`' Microsoft-Windows-TerminalServices-SessionBroker '`). String comparison in an
  event query is exact, so on Windows they match nothing: an empty result and exit code 0.
  The events themselves are in each provider's own Operational log.

  Scenario: the article's padded provider names return nothing
    Given the fixture "fixtures/eventlog-broker"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker '] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then the exit code is 0
    And stdout does not contain "Event["
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name=' Microsoft-Windows-TerminalServices-SessionBroker-Client '] and EventID=1296 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then the exit code is 0
    And stdout does not contain "Event["

  Scenario: the exact name finds nothing in System either: 2056 is not logged there
    Given the fixture "fixtures/eventlog-broker"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-SessionBroker'] and EventID=2056]]"`
    Then the exit code is 0
    And stdout does not contain "Event["

  Scenario: 2056 in the SessionBroker Operational log, shown as the article shows it
    Given the fixture "fixtures/eventlog-broker"
    When I run `wevtutil qe Microsoft-Windows-TerminalServices-SessionBroker/Operational /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-SessionBroker'] and EventID=2056 and TimeCreated[timediff(@SystemTime) <= 86400000]]]"`
    Then stdout contains:
      """
      Event[0]:
        Log Name: Microsoft-Windows-TerminalServices-SessionBroker/Operational
        Source: Microsoft-Windows-TerminalServices-SessionBroker
        Date: 2026-11-20T09:30:00.000
        Event ID: 2056
        Task: (109)
        Level: Error
      """
    And stdout contains:
      """
        User: S-1-5-20
        User Name: NT AUTHORITY\NETWORK SERVICE
        Computer: BROKER01.contoso.com
        Description:
      The description for Event ID 2056 from source Microsoft-Windows-TerminalServices-SessionBroker cannot be found.
      """
    And stdout contains:
      """
      NULL
      NULL
      Logon to the database failed.
      """

  Scenario: 1296 in the SessionBroker-Client Operational log (log names are not case-sensitive)
    Given the fixture "fixtures/eventlog-broker"
    When I run `wevtutil qe microsoft-windows-terminalservices-sessionbroker-client/operational /c:1 /rd:true /f:text`
    Then stdout contains "  Event ID: 1296"
    And stdout contains "Remote Desktop Connection Broker is not ready for RPC communication."
