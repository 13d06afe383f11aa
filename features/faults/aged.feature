Feature: an aged fault is history, not evidence
  A fault may be given an age: `rsa-key-missing@48h` happened 48 hours ago and was fixed since.
  Its events stay in the log, but the article's queries only look at the last 24 hours
  (`timediff(@SystemTime) <= 86400000`), so they find nothing, and clients connect.

  Scenario: the article's 24-hour query finds nothing, the log still holds the event
    Given the default host
    And the fault "rsa-key-missing@48h"
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1057 and TimeCreated[timediff(@SystemTime) <= 86400000]]]" | more`
    Then the exit code is 0
    And stderr is empty
    And stdout does not contain "Event["
    When I run `wevtutil qe system /c:1 /f:text /q:"Event[System[Provider[@Name='Microsoft-Windows-TerminalServices-RemoteConnectionManager'] and EventID=1057]]"`
    Then stdout contains "The relevant status code was Keyset does not exist"
    And stdout contains "Date: 2026-11-20T10:00:45.000"

  Scenario Outline: every fault, once aged, was put right: both clients connect
    The repair is what a restore from backup or a reinstallation would have done: the key
    material, the registry values or the Connection Broker role as they were before.
    Given the default host
    And the fault "<fault>@48h"
    When a modern client connects
    Then the connection succeeds
    When a legacy client connects
    Then the connection succeeds

    Examples:
      | fault                   |
      | machinekeys-acl         |
      | certstore-deny          |
      | machinekeys-deny-ace    |
      | rsa-key-missing         |
      | rsa-key-corrupt         |
      | ssl-thumbprint-mismatch |
      | tls10-disabled          |
      | broker-renamed          |
