Feature: Get-Acl and Set-Acl, on registry keys and folders
  The knowledge base's fix for `certstore-deny` is PowerShell: read the store key's ACL, drop
  the Deny rules, write it back, restart SessionEnv. The Deny may sit on the store key or on
  its `Certificates` subkey, which only a recursive listing finds.

  Scenario: the Deny on the store key shows in Get-Acl's list view
    Given the default host
    And the fault "certstore-deny"
    When I run the PowerShell command `Get-Acl 'HKLM:\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop' | Format-List`
    Then stdout is:
      """


      Path   : Microsoft.PowerShell.Core\Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop
      Owner  : BUILTIN\Administrators
      Group  : NT AUTHORITY\SYSTEM
      Access : NT AUTHORITY\SYSTEM Deny  SetValue, CreateSubKey
               NT AUTHORITY\SYSTEM Allow  FullControl
               BUILTIN\Administrators Allow  FullControl
               BUILTIN\Users Allow  ReadKey
      Audit  : 
      Sddl   : O:BAG:SYD:AI(D;CI;DCLC;;;SY)(A;CIID;KA;;;SY)(A;CIID;KA;;;BA)(A;CIID;KR;;;BU)



      """

  Scenario: removing the Deny rules and restarting SessionEnv brings RDP back
    Given the default host
    And the fault "certstore-deny"
    When a modern client connects
    Then the connection fails with "This computer can't connect to the remote computer."
    When I run the PowerShell script:
      """
      $path = 'HKLM:\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop'
      $acl = Get-Acl -Path $path
      $acl.Access | Where-Object { $_.AccessControlType -eq 'Deny' } | ForEach-Object { [void]$acl.RemoveAccessRule($_) }
      Set-Acl -Path $path -AclObject $acl
      Restart-Service -Name SessionEnv -Force
      """
    Then the output is:
      """
      """
    When a modern client connects
    Then the connection succeeds

  Scenario: the Deny on the Certificates subkey is found by walking the store
    Given the default host
    And the fault "certstore-deny:certificates-subkey"
    When I run the PowerShell script:
      """
      $path = 'HKLM:\SOFTWARE\Microsoft\SystemCertificates\Remote Desktop'
      Get-ChildItem $path -Recurse | ForEach-Object {
          $acl = Get-Acl -Path $_.PSPath
          $deny = @($acl.Access | Where-Object { $_.AccessControlType -eq 'Deny' -and -not $_.IsInherited })
          if ($deny.Count -gt 0) {
              $deny | ForEach-Object { [void]$acl.RemoveAccessRule($_) }
              Set-Acl -Path $_.PSPath -AclObject $acl
              Write-Host "removed $($deny.Count) Deny rule(s) on $($_.PSChildName)"
          }
      }
      Restart-Service -Name SessionEnv -Force
      """
    Then the output is:
      """
      removed 1 Deny rule(s) on Certificates
      """
    When a modern client connects
    Then the connection succeeds

  Scenario: a grant added with a FileSystemAccessRule
    Given the default host
    When I run the PowerShell script:
      """
      New-Item -Path C:\Tools -ItemType Directory | Out-Null
      $acl = Get-Acl C:\Tools
      $rule = New-Object System.Security.AccessControl.FileSystemAccessRule('NT AUTHORITY\NETWORK SERVICE', 'Read', 'ContainerInherit, ObjectInherit', 'None', 'Allow')
      $acl.AddAccessRule($rule)
      Set-Acl -Path C:\Tools -AclObject $acl
      (Get-Acl C:\Tools).Access | Where-Object { $_.IdentityReference -eq 'NT AUTHORITY\NETWORK SERVICE' } | Select-Object FileSystemRights, AccessControlType, IsInherited
      """
    Then stdout is:
      """

      FileSystemRights  AccessControlType IsInherited
      ----------------  ----------------- -----------
      Read, Synchronize Allow                   False


      """
