Feature: the article's recursive grant hands NETWORK SERVICE every key
  The article repairs MachineKeys with `icacls ... /t /c /grant "NT AUTHORITY\NETWORK SERVICE:(R)"`.
  `/t` applies the grant to the folder and to every file in it, not only to the RDP
  listener's key: any other service's private key becomes readable by NETWORK SERVICE too
  (privilege creep): on every Azure VM, at least the Guest Agent's transport key. Before takeown, the grant cannot touch the listener's key at all,
  because Administrators may not change its ACL. Each new grant is placed in front of the
  ACEs already there; a grant for an account that already has an explicit grant with the
  same inheritance flags is merged into it.

  Scenario: before takeown the grant is refused on the listener's key
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\NETWORK SERVICE:(R)"`
    Then stdout contains the line "processed file: C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys"
    And stdout contains "Successfully processed 2 files; Failed processing 1 files"
    And stdout does not contain "f686aace"
    And stderr contains ": Access is denied."
    And the exit code is 5

  Scenario: the article's recursive grant hands NETWORK SERVICE every key
    Given the default host
    When I run `echo other service key> C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\c2319c42033a5ca7f44e731bfd3fa2b5_iis`
    And I run `type C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\c2319c42033a5ca7f44e731bfd3fa2b5_iis` as "NT AUTHORITY\NETWORK SERVICE"
    Then stderr is:
      """
      Access is denied.
      """
    When I run the cmd script:
      """
      takeown /f "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys" /a /r
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\System:(F)"
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "NT AUTHORITY\NETWORK SERVICE:(R)"
      icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c /grant "BUILTIN\Administrators:(F)"
      """
    Then stdout contains "Successfully processed 4 files; Failed processing 0 files"
    When I run `type C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\c2319c42033a5ca7f44e731bfd3fa2b5_iis` as "NT AUTHORITY\NETWORK SERVICE"
    Then stdout contains "other service key"
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\c2319c42033a5ca7f44e731bfd3fa2b5_iis`
    Then stdout contains "NT AUTHORITY\NETWORK SERVICE:(R)"
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout is:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys NT AUTHORITY\NETWORK SERVICE:(R)
                                                      NT AUTHORITY\SYSTEM:(F)
                                                      Everyone:(R,W)
                                                      BUILTIN\Administrators:(F)

      Successfully processed 1 files; Failed processing 0 files
      """
