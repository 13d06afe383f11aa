Feature: PowerShell's service cmdlets follow the dependent-service rules
  UmRdpService depends on TermService. `Restart-Service TermService` without `-Force` refuses
  while a dependent runs; with `-Force`, Windows PowerShell 5.1 stops the dependents first and
  starts again only the service it was asked to restart: UmRdpService stays stopped. The
  article's MachineKeys script ends with `Restart-Service TermService -Force`.

  Scenario: an administrator lists the Remote Desktop services
    Given the default host
    When I run the PowerShell command `Get-Service TermService, UmRdpService, SessionEnv`
    Then stdout is:
      """

      Status   Name               DisplayName                           
      ------   ----               -----------                           
      Running  TermService        Remote Desktop Services               
      Running  UmRdpService       Remote Desktop Services UserMode Po...
      Running  SessionEnv         Remote Desktop Configuration          


      """
    And the exit code is 0

  Scenario: Restart-Service without -Force refuses because UmRdpService depends on TermService
    Given the default host
    When I run the PowerShell command `Restart-Service TermService`
    Then stderr contains:
      """
      Restart-Service : Cannot stop service 'Remote Desktop Services (TermService)' because it has dependent services. It 
      can only be stopped if the Force flag is set.
      At line:1 char:1
      + Restart-Service TermService
      + ~~~~~~~~~~~~~~~~~~~~~~~~~~~
          + CategoryInfo          : InvalidOperation: (System.ServiceProcess.ServiceController:ServiceController) [Restart-S 
         ervice], ServiceCommandException
          + FullyQualifiedErrorId : ServiceHasDependentServices,Microsoft.PowerShell.Commands.RestartServiceCommand
      """
    And the exit code is 1
    And the service "TermService" is running
    And the service "UmRdpService" is running

  Scenario: with -Force the dependent stops and only TermService comes back
    Given the default host
    When I run the PowerShell command `Restart-Service TermService -Force`
    Then the output is:
      """
      """
    And the service "TermService" is running
    And the service "UmRdpService" is stopped
    When a modern client connects
    Then the connection succeeds

  Scenario: a service that does not exist
    Given the default host
    When I run the PowerShell script:
      """
      Get-Service NoSuchService
      Write-Output "went on: $?"
      """
    Then stderr contains "Get-Service : Cannot find any service with service name 'NoSuchService'."
    And stderr contains "    + CategoryInfo          : ObjectNotFound: (NoSuchService:String) [Get-Service], ServiceCommandException"
    And stderr contains "    + FullyQualifiedErrorId : NoServiceFoundForGivenName,Microsoft.PowerShell.Commands.GetServiceCommand"
    And stdout is:
      """
      went on: False
      """
