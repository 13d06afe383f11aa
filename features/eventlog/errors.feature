Feature: wevtutil's errors and exit codes
  wevtutil reports a malformed query with the position where parsing stopped and exits with
  15001 (ERROR_EVT_INVALID_QUERY); an unknown log exits with 15007
  (ERROR_EVT_CHANNEL_NOT_FOUND); a bad option value exits with 87. A name that no event
  carries is not an error: the query simply matches nothing.

  Scenario: an unterminated predicate is a syntax error at its end
    Given the default host
    When I run `wevtutil qe system /q:"*[System["`
    Then the exit code is 15001
    And stderr is:
      """
      A syntax error occurred at position 9
      The specified query is invalid.
      """

  Scenario: an unknown log
    Given the default host
    When I run `wevtutil qe NoSuchLog`
    Then the exit code is 15007
    And stderr contains "The specified channel could not be found."

  Scenario: an unknown element name matches nothing
    Given the default host
    When I run `wevtutil qe system /c:1 /f:text /q:"*[System[(Bogus=1)]]"`
    Then the exit code is 0
    And stdout does not contain "Event["

  Scenario: a count of zero is refused
    Given the default host
    When I run `wevtutil qe system /c:0 /f:text`
    Then the exit code is 87
    And stderr is:
      """
      Invalid value for property count.
      """

  Scenario: an unknown format is refused
    Given the default host
    When I run `wevtutil qe system /c:1 /f:json`
    Then the exit code is 87
    And stderr is:
      """
      Invalid value for option f.
      The parameter is incorrect.
      """
