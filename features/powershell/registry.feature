Feature: The registry through PowerShell's provider
  `HKLM:\` paths reach the simulated registry with its access checks. Scripts copied from web
  pages carry en dashes (`–Path`) and curly quotes: PowerShell reads them as `-` and quotes.
  SCHANNEL needs both `Enabled` 1 and `DisabledByDefault` 0 before it uses a protocol again.
  A missing key or value gets PowerShell's own error, and the script goes on.

  Scenario: re-enabling TLS 1.0 with en dashes copied from a web page
    Given the default host
    And the fault "tls10-disabled"
    When I run the PowerShell script:
      """
      Set-ItemProperty –Path 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server' –Name Enabled –Value 1
      (Get-ItemProperty –Path ‘HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server’).Enabled
      """
    Then the output is:
      """
      1
      """
    When a legacy client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I run the PowerShell command `Set-ItemProperty -Path 'HKLM:\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL\Protocols\TLS 1.0\Server' -Name DisabledByDefault -Value 0`
    And a legacy client connects
    Then the connection succeeds

  Scenario: Get-Item on a key shows the Hive header and the values
    Given the default host
    When I run the PowerShell command `Get-Item 'HKLM:\SYSTEM\CurrentControlSet\Services\TermService' | Select-Object -ExpandProperty Property`
    Then stdout contains "ImagePath"
    When I run the PowerShell command `New-Item -Path HKLM:\SOFTWARE\Contoso -Force | Out-Null; New-ItemProperty -Path HKLM:\SOFTWARE\Contoso -Name Level -Value 3 -PropertyType DWord | Out-Null; Get-Item HKLM:\SOFTWARE\Contoso`
    Then stdout is:
      """


          Hive: HKEY_LOCAL_MACHINE\SOFTWARE


      Name                           Property                                                                                
      ----                           --------                                                                                
      Contoso                        Level : 3                                                                               


      """

  Scenario: a key or a value that does not exist
    Given the default host
    When I run the PowerShell script:
      """
      Get-ItemProperty -Path HKLM:\SOFTWARE\NoSuchKey
      Remove-ItemProperty -Path HKLM:\SOFTWARE -Name NoSuchValue
      'went on'
      """
    Then stdout is:
      """
      went on
      """
    And stderr contains:
      """
      Get-ItemProperty : Cannot find path 'HKLM:\SOFTWARE\NoSuchKey' because it does not exist.
      At line:1 char:1
      + Get-ItemProperty -Path HKLM:\SOFTWARE\NoSuchKey
      + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
          + CategoryInfo          : ObjectNotFound: (HKLM:\SOFTWARE\NoSuchKey:String) [Get-ItemProperty], ItemNotFoundExcept 
         ion
          + FullyQualifiedErrorId : PathNotFound,Microsoft.PowerShell.Commands.GetItemPropertyCommand
      """
    And stderr contains "Remove-ItemProperty : Property NoSuchValue does not exist at path HKEY_LOCAL_MACHINE\SOFTWARE."
    And the exit code is 0

  Scenario: a user who may not write the key gets the registry's refusal
    Given the default host
    When I run `powershell -NoProfile -Command "Set-ItemProperty -Path HKLM:\SOFTWARE -Name X -Value 1"` as "BUILTIN\Users"
    Then stderr contains "Set-ItemProperty : Requested registry access is not allowed."
    And stderr contains "    + FullyQualifiedErrorId : System.Security.SecurityException,Microsoft.PowerShell.Commands.SetItemPropertyCommand"
    And the exit code is 1
