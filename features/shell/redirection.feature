Feature: cmd redirection writes simulated files, and a missing folder does not stop a script
  The article's MachineKeys script saves the ACLs with `icacls ... > c:\temp\BeforeScript_permissions.txt`.
  cmd opens the file before the command runs. When `C:\temp` does not exist, cmd prints
  "The system cannot find the path specified.", skips that command, sets %ERRORLEVEL% to 1,
  and the script goes on: the repair still runs, but nothing was saved to compare with.

  Scenario: redirecting into a folder that does not exist
    Given the default host
    When I run `icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys > c:\temp\BeforeScript_permissions.txt`
    Then stderr is:
      """
      The system cannot find the path specified.
      """
    And stdout is:
      """
      """
    When I run `type c:\temp\BeforeScript_permissions.txt`
    Then stderr is:
      """
      The system cannot find the path specified.
      """

  Scenario: the script goes on after the failed redirection
    Given the default host
    When I run the cmd script:
      """
      @echo off
      echo before > c:\temp\log.txt
      echo the script went on
      echo errorlevel %ERRORLEVEL%
      """
    Then the output is:
      """
      The system cannot find the path specified.
      the script went on
      errorlevel 1
      """

  Scenario: once the folder exists, the listing is saved with Windows line ends
    Given the default host
    When I run `mkdir c:\temp && icacls C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys > c:\temp\BeforeScript_permissions.txt`
    Then the output is:
      """
      """
    When I run `type c:\temp\BeforeScript_permissions.txt`
    Then stdout is:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(R,W)
                                                      BUILTIN\Administrators:(F)

      Successfully processed 1 files; Failed processing 0 files
      """

  Scenario: stderr can join stdout in the file
    Given the default host
    When I run `mkdir C:\temp & type C:\nothing.txt > C:\temp\log.txt 2>&1`
    Then the output is:
      """
      """
    When I run `type C:\temp\log.txt`
    Then stdout is:
      """
      The system cannot find the file specified.
      """
