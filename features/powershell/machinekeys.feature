Feature: The article's MachineKeys script, run as PowerShell
  The article resets the MachineKeys ACLs with a PowerShell script: `remove-module
  psreadline` (which fails under `-File`, where PSReadLine is not loaded), icacls listings
  redirected into `C:\temp` (which does not exist on a fresh VM: Out-File's error, and the
  script goes on), takeown, three recursive grants, and `Restart-Service TermService -Force`.
  It only grants: an explicit Deny for NETWORK SERVICE survives it.

  Scenario: the script fixes a listener key that NETWORK SERVICE cannot read
    Given the default host
    And the fault "machinekeys-acl"
    When I run the PowerShell script "fixtures/scripts/article-machinekeys-acl.ps1"
    Then stderr contains:
      """
      remove-module : No modules were removed. Verify that the specification of modules to remove is correct and those 
      modules exist in the runspace.
      At C:\scripts\article-machinekeys-acl.ps1:1 char:5
      +     remove-module psreadline
      +     ~~~~~~~~~~~~~~~~~~~~~~~~
          + CategoryInfo          : ResourceUnavailable: (:) [Remove-Module], InvalidOperationException
          + FullyQualifiedErrorId : Modules_NoModulesRemoved,Microsoft.PowerShell.Commands.RemoveModuleCommand
      """
    And stderr contains:
      """
      out-file : Could not find a part of the path 'C:\temp\BeforeScript_permissions.txt'.
      At C:\scripts\article-machinekeys-acl.ps1:2 char:5
      """
    And stdout contains "Successfully processed 3 files; Failed processing 0 files"
    And the exit code is 0
    And the service "TermService" is running
    When a modern client connects
    Then the connection succeeds

  Scenario: the script does not remove an explicit Deny for NETWORK SERVICE
    Given the default host
    And the fault "machinekeys-deny-ace"
    When I run the PowerShell script "fixtures/scripts/article-machinekeys-acl.ps1"
    Then the exit code is 0
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."

  Scenario: the script on a healthy host leaves RDP working
    Given the default host
    When I run the PowerShell script "fixtures/scripts/article-machinekeys-acl.ps1"
    Then the exit code is 0
    When a modern client connects
    Then the connection succeeds
