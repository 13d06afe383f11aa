Feature: Judging a remediation script
  An engineer changes a remediation script and wants to know, before it reaches a customer's
  server, whether it still fixes the broken machine, what it changes, and whether it is safe.
  kbsim runs the script verbatim on the broken host, as the elevated administrator would, and
  judges it: is RDP restored; what changed; what changed outside the fault's scope
  (collateral); who can now read private keys they could not read before (privilege creep,
  by the access check, not by reading the script); which settings were weakened (downgrade);
  does a second run change nothing (idempotent); and did it run unattended (no prompt left
  waiting, no failure gone by unreported). It also runs the script against every other fault.

  Scenario: the article's recursive grant restores RDP but gives NETWORK SERVICE every private key
    Given the default host
    And the fault "machinekeys-acl"
    When I run the script file "fixtures/scripts/article-machinekeys-acl.ps1"
    Then RDP is restored
    And the script causes privilege creep for "NETWORK SERVICE"
    And the script causes no downgrade
    And the script leaves collateral on "UmRdpService"
    And the script needs attention at line 2
    And the script's output contains "Could not find a part of the path 'C:\temp\BeforeScript_permissions.txt'."

  Scenario: the article's grant does not remove a Deny, so RDP stays broken
    Given the default host
    And the fault "machinekeys-deny-ace"
    When I run the script file "fixtures/scripts/article-machinekeys-acl.ps1"
    Then RDP is not restored
    And the script causes privilege creep for "NETWORK SERVICE"

  Scenario: a grant on the listener's container alone restores RDP cleanly
    Given the default host
    And the fault "machinekeys-acl"
    When I run the script file "fixtures/scripts/grant-listener-key.cmd"
    Then RDP is restored
    And the script causes no privilege creep
    And the script causes no downgrade
    And the script is idempotent
    And the script runs unattended
    And the script leaves collateral on "UmRdpService"
    And the changes are:
      | kind    | path                    |
      | acl     | MachineKeys\\f686aace |
      | service | UmRdpService            |

  Scenario: turning TLS off "fixes" 36870 and is flagged as a downgrade
    Given the default host
    And the fault "machinekeys-acl"
    When I run the script file "fixtures/scripts/securitylayer-rdp.ps1"
    Then RDP is restored
    And the script weakens "RDP-Tcp /v SecurityLayer"
    And the script causes no privilege creep

  Scenario: renewing the certificate fixes a missing key, and makes a new certificate each time
    Given the default host
    And the fault "rsa-key-missing"
    When I run the script file "fixtures/scripts/article-renew-certificate.ps1"
    Then RDP is restored
    And the script causes no privilege creep
    And the script is not idempotent
    And Windows logged event 7036 saying "The Remote Desktop Configuration service entered the running state."

  Scenario: renewing the certificate cannot replace a corrupt key: "Object already exists."
    Given the default host
    And the fault "rsa-key-corrupt"
    When I run the script file "fixtures/scripts/article-renew-certificate.ps1"
    Then RDP is not restored
    And Windows logged event 1057 saying "The relevant status code was Object already exists."
    And the script also fixes "rsa-key-missing"

  Scenario: reg add without /f waits for an answer nobody gives
    Given the default host
    And the fault "machinekeys-acl"
    When I run the script file "fixtures/scripts/securitylayer-prompt.cmd"
    Then RDP is not restored
    And the script needs attention at line 3

  Scenario: a script that changes nothing is judged unchanged and not restored
    Given the default host
    And the fault "rsa-key-missing"
    When I run the script file "fixtures/scripts/nothing.cmd"
    Then RDP is not restored
    And the changes are:
      | kind | path |
    And the script is idempotent
    And the script runs unattended

  Scenario: a restart the script asks for happens when it ends
    Given the default host
    And the fault "machinekeys-acl"
    When I run the script file "fixtures/scripts/disable-termservice-restart.cmd"
    Then RDP is not restored
    And Windows logged event 6005 saying "The Event log service was started."
    And the script leaves collateral on "TermService"
