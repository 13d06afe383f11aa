Feature: Files Windows tools write are Windows text
  cmd's `>` and `>>` write CRLF line ends. `type`, `find`, `findstr` and `for /f` read back
  UTF-16 LE files with a BOM (what PowerShell 5.1's `>` writes) as well as UTF-8 files.

  Background:
    Given the default host

  Scenario: > and >> write CRLF
    When I run the cmd script:
      """
      mkdir C:\temp
      echo first> C:\temp\log.txt
      echo second>> C:\temp\log.txt
      """
    Then the file `C:\temp\log.txt` holds "first\r\nsecond\r\n"

  Scenario: type reads a UTF-16 file
    Given the file `C:\temp\ps.txt` written in UTF-16 holding:
      """
      Thumbprint
      ----------
      """
    When I run `type C:\temp\ps.txt`
    Then stdout is:
      """
      Thumbprint
      ----------
      """
