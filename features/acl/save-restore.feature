Feature: icacls /save and /restore
  `icacls NAME /save FILE` writes each object's name (relative to NAME's parent folder) and
  its DACL as SDDL, in UTF-16 LE without a byte order mark. `/restore` is given the parent
  folder and joins each saved name to it ("Icacls is a little funky like that", AskDS).

  Scenario: /save then /restore restores an ACL
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /save C:\ProgramData\machinekeys-acl.txt`
    Then stdout is:
      """
      processed file: C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys
      Successfully processed 1 files; Failed processing 0 files
      """
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /grant Everyone:(F)`
    And I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout is:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(F)
                                                      BUILTIN\Administrators:(F)

      Successfully processed 1 files; Failed processing 0 files
      """
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA /restore C:\ProgramData\machinekeys-acl.txt`
    Then stdout is:
      """
      processed file: C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys
      Successfully processed 1 files; Failed processing 0 files
      """
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout is:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(R,W)
                                                      BUILTIN\Administrators:(F)

      Successfully processed 1 files; Failed processing 0 files
      """
