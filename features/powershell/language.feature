Feature: The PowerShell language remediation scripts use, and its limits
  Objects flow through the pipeline; errors print as the Windows PowerShell 5.1 console
  prints them; a parse error stops the script before anything runs. The host is hermetic: the
  network, new processes, new .NET types and file APIs get a locked-down host's error. A
  runaway script ends with a clear error.

  Scenario: objects, not text, go through the pipeline
    Given the default host
    When I run the PowerShell script:
      """
      $running = Get-Service | Where-Object { $_.Status -eq 'Running' -and $_.Name -like '*Rdp*' }
      $running | Select-Object -ExpandProperty Name
      "count: $(@($running).Count)"
      Get-Service TermService, SessionEnv | Sort-Object Name | Format-Table Name, Status -AutoSize
      """
    Then stdout is:
      """
      UmRdpService
      count: 1

      Name        Status 
      ----        ------ 
      SessionEnv  Running
      TermService Running


      """

  Scenario: a script that does not parse does not run
    Given the default host
    When I run the PowerShell script:
      """
      Stop-Service SessionEnv
      if ($true) {
          Write-Host 'never'
      """
    Then stderr contains:
      """
      At line:2 char:12
      + if ($true) {
      +            ~
      Missing closing '}' in statement block or type definition.
          + CategoryInfo          : ParserError: (:) [], ParseException
          + FullyQualifiedErrorId : MissingEndCurlyBrace
      """
    And the service "SessionEnv" is running
    And the exit code is 1

  Scenario: try, catch and throw
    Given the default host
    When I run the PowerShell script:
      """
      try {
          Get-Item C:\NoSuchFolder -ErrorAction Stop
      } catch {
          Write-Output "caught: $($_.Exception.Message)"
      }
      throw 'Remediation failed'
      """
    Then stdout is:
      """
      caught: Cannot find path 'C:\NoSuchFolder' because it does not exist.
      """
    And stderr contains:
      """
      Remediation failed
      At line:6 char:1
      + throw 'Remediation failed'
      + ~~~~~~~~~~~~~~~~~~~~~~~~~~
          + CategoryInfo          : OperationStopped: (Remediation failed:String) [], RuntimeException
          + FullyQualifiedErrorId : Remediation failed
      """
    And the exit code is 1

  Scenario: a loop that never ends is stopped
    Given the default host
    When I run the PowerShell command `while ($true) {}`
    Then stderr contains "The script stopped after 200000 statements, the limit of one run (a loop that never ends?)."
    And the exit code is 1

  Scenario: nothing reaches outside the simulated host
    Given the default host
    When I run the PowerShell script:
      """
      Invoke-WebRequest -Uri https://example.com/fix.ps1 -UseBasicParsing
      Start-Process -FilePath cmd.exe -ArgumentList '/c', 'del C:\Windows'
      Add-Type -TypeDefinition 'public class X {}'
      Remove-Item -Recurse -Force C:\Users
      Test-Path C:\Users
      """
    Then stdout is:
      """
      False
      """
    And stderr contains "Invoke-WebRequest : Unable to connect to the remote server"
    And stderr contains "Start-Process : This command cannot be run due to the error: Access is denied."
    And stderr contains "Add-Type : Cannot add type. Definition of new types is not supported in this language mode."

  Scenario: cmd runs PowerShell and sees its exit code
    Given the default host
    When I run the cmd script:
      """
      @echo off
      powershell -NoProfile -ExecutionPolicy Bypass -Command "Get-Service TermService | Select-Object -ExpandProperty Status; exit 5"
      echo %ERRORLEVEL%
      """
    Then stdout is:
      """
      Running
      5
      """
