Feature: cmd chains commands with &, && and ||, and keeps %ERRORLEVEL%
  `a & b` runs both; `a && b` runs b only if a succeeded; `a || b` only if it failed.
  A command cmd cannot find prints cmd's own error and sets %ERRORLEVEL% to 9009.
  cmd expands %ERRORLEVEL% when it reads a line, so a later line sees the new value.

  Scenario: && runs only after success, || only after failure
    Given the default host
    When I run `ver && echo ok || echo failed`
    Then stdout contains:
      """
      Microsoft Windows [Version 10.0.17763.6414]
      ok
      """
    And stdout does not contain "failed"
    When I run `type C:\nothing.txt && echo ok || echo failed`
    Then stdout is:
      """
      failed
      """
    And stderr is:
      """
      The system cannot find the file specified.
      """

  Scenario: an unknown command
    Given the default host
    When I run the cmd script:
      """
      @echo off
      Get-ChildItem C:\
      echo %ERRORLEVEL%
      """
    Then the output is:
      """
      'Get-ChildItem' is not recognized as an internal or external command,
      operable program or batch file.
      9009
      """

  Scenario: %ERRORLEVEL% follows the last command that set it
    Given the default host
    When I run the cmd script:
      """
      @echo off
      reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v NoSuchValue >nul 2>&1
      echo after reg: %ERRORLEVEL%
      ver >nul
      echo after ver: %ERRORLEVEL%
      """
    Then stdout is:
      """
      after reg: 1
      after ver: 0
      """

  Scenario: piping to more passes the text through
    Given the default host
    When I run `echo one| more`
    Then stdout is:
      """
      one
      """
