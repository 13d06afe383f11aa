Feature: an explicit deny beats any grant
  icacls keeps ACLs in canonical order: explicit denies first, then explicit grants, then
  inherited ones. Windows stops at the first ACE that denies a requested right, so a Deny
  ACE for NETWORK SERVICE wins over every grant, whoever added it. This is why the article's
  grant-only MachineKeys script cannot repair a key file that carries a Deny ACE.

  Scenario: an explicit deny beats any grant
    Given the default host
    When I run `echo secret> C:\ProgramData\report.txt`
    And I run `icacls C:\ProgramData\report.txt /grant "NT AUTHORITY\NETWORK SERVICE:(R)"`
    Then stdout is:
      """
      processed file: C:\ProgramData\report.txt
      Successfully processed 1 files; Failed processing 0 files
      """
    When I run `type C:\ProgramData\report.txt` as "NT AUTHORITY\NETWORK SERVICE"
    Then stdout contains "secret"
    When I run `icacls C:\ProgramData\report.txt /deny "NT AUTHORITY\NETWORK SERVICE:(R)"`
    Then the exit code is 0
    When I run `icacls C:\ProgramData\report.txt`
    Then stdout contains "C:\ProgramData\report.txt NT AUTHORITY\NETWORK SERVICE:(DENY)(R)"
    And stdout does not contain "NETWORK SERVICE:(R)"
    When I run `icacls C:\ProgramData\report.txt /grant "NT AUTHORITY\NETWORK SERVICE:(R)"`
    And I run `type C:\ProgramData\report.txt` as "NT AUTHORITY\NETWORK SERVICE"
    Then stderr is:
      """
      Access is denied.
      """

  Scenario: removing the deny gives the access back
    Given the default host
    When I run `echo secret> C:\ProgramData\report.txt`
    And I run `icacls C:\ProgramData\report.txt /deny "NT AUTHORITY\NETWORK SERVICE:(R)"`
    And I run `icacls C:\ProgramData\report.txt /remove:d "NT AUTHORITY\NETWORK SERVICE"`
    Then stdout is:
      """
      processed file: C:\ProgramData\report.txt
      Successfully processed 1 files; Failed processing 0 files
      """
    When I run `type C:\ProgramData\report.txt` as "NT AUTHORITY\NETWORK SERVICE"
    Then stdout contains "secret"

  Scenario: an account that does not exist is refused before any file is touched
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys /grant NoSuchUser:R`
    Then stderr is:
      """
      NoSuchUser: No mapping between account names and security IDs was done.
      """
    And stdout is:
      """
      Successfully processed 0 files; Failed processing 0 files
      """
    And the exit code is 1332
