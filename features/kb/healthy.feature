Feature: A healthy host has no findings, whatever its logs hold
  Events older than 24 hours are history, not evidence: the article's queries use
  timediff(@SystemTime) <= 86400000. A fixture holding only exported logs has no live state,
  so what its events suggest is reported as unconfirmed, with the checks it could not make.

  Scenario: the default host has no findings
    Given the default host
    When I diagnose the host
    Then the diagnosis finds nothing

  Scenario Outline: every OS preset is healthy as built
    Given a Windows Server <os> host
    When I diagnose the host with a legacy client
    Then the diagnosis finds nothing

    Examples:
      | os      |
      | 2008 R2 |
      | 2012 R2 |
      | 2016    |
      | 2019    |
      | 2022    |

  Scenario: a fault fixed two days ago leaves events, and no finding
    Given the default host
    And the fault "rsa-key-missing@48h"
    When I diagnose the host
    Then the diagnosis finds nothing

  Scenario: an exported log whose 36870 is 25 hours old gives no finding
    Given the fixture "fixtures/eventlog-36870-old"
    When I diagnose the host
    Then the diagnosis finds nothing

  Scenario: an exported log whose 36870 is three days old gives no finding
    Given the fixture "fixtures/eventlog-36870"
    And the clock moves forward 71 hours
    When I diagnose the host
    Then the diagnosis finds nothing

  Scenario: an exported log with a recent 36870 and no live state gives unconfirmed findings
    Given the fixture "fixtures/eventlog-36870"
    When I diagnose the host
    Then the finding "machinekeys-acl" is unconfirmed because "the host's files were not captured"
    And the finding "machinekeys-deny-ace" is unconfirmed because "the host's files were not captured"
    When I remediate the host
    Then the remediation took 0 steps

  Scenario: the healthy fixture's noise (an old 36870, service notices) gives no finding
    Given the fixture "fixtures/healthy"
    When I diagnose the host
    Then the diagnosis finds nothing
