Feature: The Cert: drive and the article's certificate renewal
  `Get-ChildItem 'Cert:\LocalMachine\Remote Desktop'` shows the store as Windows PowerShell
  5.1 does: the PSParentPath header, then the Thumbprint/Subject table. The article renews the
  RDP self-signed certificate by deleting it and restarting SessionEnv, which makes a new one.
  That cures a certificate whose key file is gone; it does not cure a corrupt key file (the
  stale container blocks the new certificate), and on an empty store the article's path
  concatenation names the store itself, which PowerShell refuses to delete.

  Scenario: an administrator looks at the Remote Desktop store
    Given the default host
    When I run the PowerShell command `Get-ChildItem 'Cert:\LocalMachine\Remote Desktop'`
    Then stdout contains:
      """


         PSParentPath: Microsoft.PowerShell.Security\Certificate::LocalMachine\Remote Desktop

      Thumbprint                                Subject                                                                      
      ----------                                -------                                                                      
      """
    And stdout contains "  CN=RDS01  "
    When I run the PowerShell command `(Get-ChildItem 'Cert:\LocalMachine\Remote Desktop\').Thumbprint -match '^[0-9A-F]{40}$'`
    Then stdout is:
      """
      True
      """

  Scenario: the article's renewal replaces a certificate whose key file is gone
    Given the default host
    And the fault "rsa-key-missing"
    When I run the PowerShell script "fixtures/scripts/article-renew-certificate.ps1"
    Then the output is:
      """
      """
    And the "Remote Desktop" store holds 1 certificate
    When a modern client connects
    Then the connection succeeds

  Scenario: the article's renewal does not cure a corrupt key file
    Given the default host
    And the fault "rsa-key-corrupt"
    When I run the PowerShell script "fixtures/scripts/article-renew-certificate.ps1"
    Then the exit code is 0
    And the "Remote Desktop" store holds 0 certificates
    And the "System" log holds event 1057 from the last 24 hours
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."

  Scenario: on an empty store the article's path names the store, and PowerShell refuses
    Given the default host
    When I run the PowerShell command `Get-ChildItem 'Cert:\LocalMachine\Remote Desktop' | Remove-Item`
    Then the output is:
      """
      """
    When I run the PowerShell script "fixtures/scripts/article-renew-certificate.ps1"
    Then stderr contains:
      """
      Remove-Item : The store Remote Desktop is a built-in system store and cannot be deleted.
      At C:\scripts\article-renew-certificate.ps1:4 char:1
      + Remove-Item -Path $RdpCertThumbprint
      + ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~
          + CategoryInfo          : InvalidOperation: (:) [Remove-Item], InvalidOperationException
          + FullyQualifiedErrorId : CannotRemoveSystemStore,Microsoft.PowerShell.Commands.RemoveItemCommand
      """
    And the "Remote Desktop" store holds 1 certificate
    When a modern client connects
    Then the connection succeeds

  Scenario: the prompt follows Set-Location into the Cert: drive
    Given the default host
    When I run the PowerShell script:
      """
      Set-Location Cert:\LocalMachine
      Get-Location
      Test-Path '.\Remote Desktop'
      Test-Path '.\No Such Store'
      """
    Then stdout is:
      """

      Path              
      ----              
      Cert:\LocalMachine


      True
      False
      """
