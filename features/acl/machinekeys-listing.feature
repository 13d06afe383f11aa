Feature: icacls lists the MachineKeys ACL the way Windows prints it
  The article saves `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c` before and
  after its repair. On every build Microsoft measured, the folder itself carries
  `O:SYG:SYD:PAI(A;;0x12019f;;;WD)(A;;FA;;;BA)`: Everyone may read and write (icacls shows
  the mask 0x12019f as `(R,W)`), Administrators have full control, nothing is inherited.
  The RDP listener's key container inside it belongs to SYSTEM and does not list
  Administrators at all, so an administrator's recursive listing is refused on that file:
  icacls says so on stderr, goes on because of `/c`, and counts it as a failure.

  Scenario: icacls shows the default MachineKeys ACL
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout is:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(R,W)
                                                      BUILTIN\Administrators:(F)

      Successfully processed 1 files; Failed processing 0 files
      """
    And stderr is empty
    And the exit code is 0

  Scenario: the article's "before" listing cannot read the listener's key
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c`
    Then stdout contains "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(R,W)"
    And stdout contains "Successfully processed 2 files; Failed processing 1 files"
    And stderr contains "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_"
    And stderr contains ": Access is denied."
    And the exit code is 5

  Scenario: SYSTEM can read the listener key's ACL
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_* /c` as "NT AUTHORITY\SYSTEM"
    Then stdout contains "NT AUTHORITY\SYSTEM:(F)"
    And stdout contains "NT AUTHORITY\NETWORK SERVICE:(R)"
    And stdout contains "NT SERVICE\SessionEnv:(F)"
    And stdout contains "Successfully processed 1 files; Failed processing 0 files"

  Scenario: a missing file is an error with its own exit code
    Given the default host
    When I run `icacls C:\ProgramData\nothing-here.txt`
    Then stdout is:
      """
      Successfully processed 0 files; Failed processing 1 files
      """
    And stderr is:
      """
      C:\ProgramData\nothing-here.txt: The system cannot find the file specified.
      """
    And the exit code is 2
