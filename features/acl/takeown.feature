Feature: takeown makes Administrators the owner of MachineKeys and its keys
  The article runs `takeown /f "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys" /a /r`
  before its grants. An elevated administrator holds the take-ownership privilege, so takeown
  succeeds even on the listener's key, which grants Administrators nothing. The owner may
  always read and change an ACL, so afterwards the administrator's recursive icacls listing
  no longer fails on that key. takeown prints a blank line before each SUCCESS line.

  Scenario: takeown /a /r makes Administrators the owner
    Given the default host
    When I run `takeown /f "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys" /a /r`
    Then stdout contains:
      """

      SUCCESS: The file (or folder): "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys" now owned by the administrators group.

      """
    And stdout contains:
      """

      SUCCESS: The file (or folder): "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace6942fb7f7ceb231212eef4a4_
      """
    And stderr is empty
    And the exit code is 0
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /t /c`
    Then stderr is empty
    And stdout contains "Successfully processed 3 files; Failed processing 0 files"
    And the exit code is 0

  Scenario: without /a the current user becomes the owner
    Given the default host
    When I run `takeown /f C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys`
    Then stdout is:
      """

      SUCCESS: The file (or folder): "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys" now owned by user "RDS01\azureuser".
      """
    And the exit code is 0

  Scenario: NETWORK SERVICE has no take-ownership privilege
    Given the default host
    When I run `takeown /f C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys` as "NT AUTHORITY\NETWORK SERVICE"
    Then stderr is:
      """
      ERROR: The current logged on user does not have ownership privileges on the file (or folder) "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys".
      """
    And the exit code is 1

  Scenario: a mistyped option is refused the way Windows command-line tools refuse it
    Given the default host
    When I run `takeown --help`
    Then stderr is:
      """
      ERROR: Invalid argument/option - '--help'.
      Type "TAKEOWN /?" for usage.
      """
    And the exit code is 1
