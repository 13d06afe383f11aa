Feature: Scenario 2 of the article: TLS 1.0 is disabled
  With SCHANNEL's TLS 1.0 server protocol disabled, clients that speak only TLS 1.0 cannot
  connect. On Windows Server 2008 R2 without KB3080079 the RDP stack itself speaks only TLS 1.0,
  so every client fails and Schannel logs 36871 (state 10013). Re-enabling TLS 1.0 would bring
  RDP back and weaken the host, so the knowledge base names the fix a person must make and
  changes nothing.

  Scenario: on Windows Server 2008 R2 every client is locked out
    Given a Windows Server 2008 R2 host
    And the fault "tls10-disabled"
    When I diagnose the host
    Then the diagnosis finds exactly "tls10-disabled"
    And the finding "tls10-disabled" rests on event 36871 from "Schannel" in "System"
    And the finding "tls10-disabled" locks out "every client"
    When I remediate the host
    Then the finding "tls10-disabled" is needs a person
    And the remediation changed 0 objects

  Scenario: on Windows Server 2019 only clients that speak TLS 1.0 alone are locked out
    Given the default host
    And the fault "tls10-disabled"
    When I diagnose the host with a legacy client
    Then the diagnosis finds exactly "tls10-disabled"
    And the finding "tls10-disabled" rests on event 36888 from "Schannel" in "System"
    And the finding "tls10-disabled" locks out "clients that speak only TLS 1.0"
    When a modern client connects
    Then the connection succeeds

  Scenario: a fixture made only of Windows exports is diagnosed from its registry and its events
    The fixture holds host.toml, a `reg export` of SCHANNEL and `wevtutil qe System /f:xml`
    output with a 36871 from half an hour ago.
    Given the fixture "fixtures/tls10-disabled-exports"
    When I diagnose the host
    Then the diagnosis finds exactly "tls10-disabled"
    And the finding "tls10-disabled" rests on the fact "SCHANNEL's TLS 1.0 server protocol is disabled"
    And the finding "tls10-disabled" rests on event 36871 from "Schannel" in "System"
    And the finding "tls10-disabled" locks out "every client"
