Feature: for loops over sets, numbers, folders and the lines of files and commands
  `for /f` splits each line into tokens (`tokens=`, `delims=`, default space and tab),
  skips empty lines and lines starting with `;` (`eol=`), and reads a file, a "string" or a
  'command' (with `usebackq`: "file", 'string' and `command`). The command runs in a new
  cmd.exe; its errors show, its output feeds the loop.

  Background:
    Given the default host

  Scenario: the value of a registry setting, read from reg query
    When I run the cmd script:
      """
      @echo off
      for /f "tokens=2,*" %%a in ('reg query "HKLM\SYSTEM\CurrentControlSet\Services\TermService" /v ImagePath ^| findstr ImagePath') do echo type %%a, data %%b
      """
    Then stdout is:
      """
      type REG_EXPAND_SZ, data C:\Windows\System32\svchost.exe -k NetworkService
      """

  Scenario: the lines of a file written by PowerShell in UTF-16
    Given the file `C:\temp\services.txt` written in UTF-16 holding:
      """
      ; services to check
      TermService,Remote Desktop Services
      SessionEnv,Remote Desktop Configuration
      """
    When I run the cmd script:
      """
      @echo off
      for /f "tokens=1,2 delims=," %%s in (C:\temp\services.txt) do echo %%s is "%%t"
      """
    Then stdout is:
      """
      TermService is "Remote Desktop Services"
      SessionEnv is "Remote Desktop Configuration"
      """

  Scenario: plain sets, wildcards, /l and /r
    When I run the cmd script:
      """
      @echo off
      mkdir C:\data\old
      echo one> C:\data\a.log
      echo two> C:\data\old\b.log
      for %%f in (C:\data\*.log) do echo file %%~nxf in %%~dpf
      for /l %%n in (3,-1,1) do echo countdown %%n
      for /r C:\data %%f in (*.log) do echo found %%f
      for /d %%d in (C:\data\*) do echo folder %%d
      """
    Then stdout is:
      """
      file a.log in C:\data\
      countdown 3
      countdown 2
      countdown 1
      found C:\data\a.log
      found C:\data\old\b.log
      folder C:\data\old
      """

  Scenario: a missing file
    When I run the cmd script:
      """
      @echo off
      for /f %%l in (C:\nope.txt) do echo %%l
      """
    Then stderr is:
      """
      The system cannot find the file C:\nope.txt.
      """
