Feature: find and findstr pick lines out of files and command output
  Both read what Windows tools write: UTF-16 files with a BOM (PowerShell's `>` and
  Out-File) and UTF-8 or ANSI files (cmd's `>`). `find` names each file it searches
  (`---------- NAME`, upper case) and exits 0 when a line matched, 1 when none did, 2 when a
  file is missing. `findstr` takes several strings, `/c:` for one with spaces, and a small
  regular expression language; with several files it prefixes each line with the file's name.

  Background:
    Given the default host
    And the file `C:\temp\acl.txt` written in UTF-16 holding:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(R,W)
                                                      BUILTIN\Administrators:(F)
      Successfully processed 1 files; Failed processing 0 files
      """

  Scenario: find in a UTF-16 file
    When I run `find "Administrators" C:\temp\acl.txt`
    Then stdout is:
      """

      ---------- C:\TEMP\ACL.TXT
                                                      BUILTIN\Administrators:(F)
      """
    And the exit code is 0

  Scenario: find counts piped lines, and says when nothing matched
    When I run `sc query TermService | find /c "RUNNING"`
    Then stdout is "1"
    When I run `sc query SessionEnv | find /i "stopped"`
    Then stdout is empty
    And the exit code is 1
    When I run `find "x" C:\temp\nope.txt`
    Then stderr is "File not found - C:\TEMP\NOPE.TXT"
    And the exit code is 2

  Scenario: findstr with /c:, /i and a regular expression
    When I run `findstr /i /c:"failed processing 0" C:\temp\acl.txt`
    Then stdout is "Successfully processed 1 files; Failed processing 0 files"
    When I run `findstr /r "^C:.*(R,W)$" C:\temp\acl.txt`
    Then stdout is "C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys Everyone:(R,W)"
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" | findstr /i "PortNumber SecurityLayer"`
    Then stdout contains the line "    PortNumber    REG_DWORD    0xd3d"
    And stdout contains the line "    SecurityLayer    REG_DWORD    0x1"
    When I run `findstr nothing-like-this C:\temp\acl.txt`
    Then the exit code is 1
