Feature: dir lists folders, with wildcards and below them with /s
  Scripts list the MachineKeys folder to find the listener's container (`dir /b
  f686aace*`) and look for leftovers with `dir /s`. `/s` lists every folder below the one
  given that holds a match, then the totals; with `/b` it prints full paths.

  Scenario: A wildcard finds the listener's key container
    Given the default host
    When I run `dir /b C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys\f686aace*`
    Then stdout contains "f686aace6942fb7f7ceb231212eef4a4_"
    And the exit code is 0

  Scenario: dir /s lists each folder that holds a match, then the totals
    Given the default host
    When I run the cmd script:
      """
      mkdir C:\a\b
      echo hello> C:\a\x.txt
      echo hi> C:\a\b\y.txt
      dir /s C:\a\*.txt
      """
    Then stdout contains:
      """
       Directory of C:\a\b

      11/20/2026  10:00 AM                 4 y.txt
                     1 File(s)              4 bytes

           Total Files Listed:
                     2 File(s)             11 bytes
      """
    When I run `dir /s /b C:\a`
    Then stdout is:
      """
      C:\a\b
      C:\a\x.txt
      C:\a\b\y.txt
      """

  Scenario: No match is "File Not Found"
    Given the default host
    When I run `mkdir C:\a & dir /s /b C:\a\*.zip`
    Then stderr contains "File Not Found"
    And the exit code is 1
