Feature: cmd deletes, copies, moves and renames files as Windows does
  `del` names what it cannot find (`Could Not Find C:\...`) and leaves %ERRORLEVEL% at 0 even
  then; it names a file it may not delete and says `Access is denied.`. `rd` refuses a full
  folder without `/s`. `copy` and `move` count what they did; in a batch script they
  overwrite without asking.

  Background:
    Given the default host
    When I run the cmd script:
      """
      mkdir C:\temp\logs
      echo one> C:\temp\logs\a.txt
      echo two> C:\temp\logs\b.txt
      """

  Scenario: del with a wildcard, then a file that is not there
    When I run `del C:\temp\logs\*.txt & del C:\temp\logs\a.txt`
    Then stderr is:
      """
      Could Not Find C:\temp\logs\a.txt
      """
    And the exit code is 0
    When I run `dir /b C:\temp\logs`
    Then stdout is empty

  Scenario: a service account may not delete a file in the Windows folder
    When I run `copy C:\temp\logs\a.txt C:\Windows\a.txt`
    Then stdout is "        1 file(s) copied."
    When I run `del /q C:\Windows\a.txt` as "NT AUTHORITY\NETWORK SERVICE"
    Then stderr is:
      """
      C:\Windows\a.txt
      Access is denied.
      """

  Scenario: rd needs /s for a folder that holds files
    When I run `rd C:\temp\logs`
    Then stderr is:
      """
      The directory is not empty.
      """
    When I run `rd /s /q C:\temp`
    Then stdout is empty
    And stderr is empty
    When I run `type C:\temp\logs\a.txt`
    Then stderr is:
      """
      The system cannot find the path specified.
      """

  Scenario: move and ren
    When I run the cmd script:
      """
      @echo off
      move C:\temp\logs\a.txt C:\temp\a.old
      ren C:\temp\a.old a.bak
      type C:\temp\a.bak
      """
    Then stdout contains "        1 file(s) moved."
    And stdout contains "one"

  Scenario: ren may change only the case of a name
    When I run `ren C:\temp\logs\a.txt A.TXT`
    Then stderr is empty
    When I run `dir /b C:\temp\logs`
    Then stdout contains "A.TXT"

  Scenario: in a batch script, move replaces a file that is there
    When I run the cmd script:
      """
      @echo off
      move C:\temp\logs\a.txt C:\temp\logs\b.txt
      type C:\temp\logs\b.txt
      """
    Then stdout contains "        1 file(s) moved."
    And stdout contains "one"
    And stdout does not contain "two"

  Scenario: a folder is not moved onto a file
    MoveFileEx without MOVEFILE_REPLACE_EXISTING: ERROR_ALREADY_EXISTS, and both stay.
    When I run `echo x> C:\temp\x.txt`
    And I run `move C:\temp\logs C:\temp\x.txt`
    Then stderr contains "Cannot create a file when that file already exists."
    When I run `type C:\temp\x.txt C:\temp\logs\b.txt`
    Then stdout contains "x"
    And stdout contains "two"

  Scenario: moving a file needs DELETE on it, or the right to delete children of its folder
    NETWORK SERVICE may add files to C:\temp but may not change C:\Windows: moving a file
    out of C:\Windows needs DELETE on the file itself.
    When I run `copy C:\temp\logs\a.txt C:\Windows\a.txt`
    And I run `move C:\Windows\a.txt C:\temp\` as "NT AUTHORITY\NETWORK SERVICE"
    Then stderr contains "Access is denied."
    And stdout contains "        0 file(s) moved."
    When I run `icacls C:\Windows\a.txt /grant "NETWORK SERVICE":(D)`
    And I run `move C:\Windows\a.txt C:\temp\` as "NT AUTHORITY\NETWORK SERVICE"
    Then stdout contains "        1 file(s) moved."
    When I run `type C:\temp\a.txt`
    Then stdout contains "one"
