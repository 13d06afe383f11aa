Feature: Files and folders are case-insensitive and access-checked
  The simulated volume behaves like NTFS seen through cmd.exe: names match whatever their
  case, ".." stops at the root of the drive, and every read or write is checked against the
  object's DACL for the account that runs the command.

  Background:
    Given the default host

  Scenario: A file is found whatever the case of its name
    When I run the cmd script:
      """
      echo hello> C:\Users\Notes.txt
      type c:\users\NOTES.TXT
      """
    Then stdout contains "hello"

  Scenario: ".." never climbs above the root of the drive
    When I run the cmd script:
      """
      echo root> C:\Users\..\..\..\..\Top.txt
      type C:\Top.txt
      """
    Then stdout contains "root"

  Scenario: A missing file and a missing folder give different errors
    When I run `type C:\Users\nothing.txt`
    Then stderr is:
      """
      The system cannot find the file specified.
      """
    When I run `type C:\Nowhere\nothing.txt`
    Then stderr is:
      """
      The system cannot find the path specified.
      """

  Scenario: NETWORK SERVICE may not create files in the Windows folder
    When I run `echo x> C:\Windows\x.txt` as "NT AUTHORITY\NETWORK SERVICE"
    Then stderr is:
      """
      Access is denied.
      """
