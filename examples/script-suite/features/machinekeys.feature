Feature: Our fix for Schannel 36870 when the MachineKeys permissions were hardened
  Users cannot connect over RDP, and the System log shows Schannel 36870 "A fatal error
  occurred when attempting to access the TLS server credential private key" at each attempt.
  Our script scripts/fix-machinekeys.cmd must bring RDP back without handing anyone else a
  private key, without weakening the server, and it must be safe to run twice.

  Scenario: the fix restores RDP with the least privilege
    Given the default host
    And the fault "machinekeys-acl"
    When I run the script file "scripts/fix-machinekeys.cmd"
    Then RDP is restored
    And the script causes no privilege creep
    And the script causes no downgrade
    And the script leaves no collateral
    And the script is idempotent
    And the script runs unattended
    And the changes are:
      | kind | path                  |
      | acl  | MachineKeys\\f686aace |

  Scenario: the fix also works when only the container was hardened, on Windows Server 2016
    Given a Windows Server 2016 host
    And the fault "machinekeys-acl:container-only"
    When I run the script file "scripts/fix-machinekeys.cmd"
    Then RDP is restored
    And the script causes no privilege creep

  Scenario: the fix is not meant for a Deny entry, and says so by leaving RDP broken
    Given the default host
    And the fault "machinekeys-deny-ace"
    When I run the script file "scripts/fix-machinekeys.cmd"
    Then RDP is not restored
