Feature: cmd runs batch files with blocks, if, for, call and setlocal
  cmd expands %VAR% when it reads a line, and a parenthesised block is read whole before it
  runs: a variable set inside a block shows its new value only through delayed expansion
  (`setlocal enabledelayedexpansion` and `!VAR!`). `if errorlevel N` holds when the last
  exit code is N or more. `call :label` runs a subroutine with its own %1..%9 and comes back
  at `exit /b` or `goto :eof`; `endlocal` (or the end of the script) undoes `setlocal`.

  Background:
    Given the default host

  Scenario: %VAR% inside a block keeps the value the line was read with
    When I run the cmd script:
      """
      @echo off
      set N=before
      (
        set N=after
        echo percent: %N%
      )
      setlocal enabledelayedexpansion
      (
        set N=later
        echo bang: !N!
      )
      """
    Then stdout is:
      """
      percent: before
      bang: later
      """

  Scenario: if, else, not, /i and the comparison operators
    When I run the cmd script:
      """
      @echo off
      set A=Yes
      if /i "%A%"=="yes" (echo matched) else (echo not matched)
      if "%A%"=="yes" (echo matched) else (echo case matters)
      if not defined NOPE echo NOPE is not defined
      if exist C:\Windows\system32\ echo the folder exists
      if 9 LSS 10 echo numbers compare as numbers
      if "9" LSS "10" echo never
      if "9" GTR "10" echo quoted, they compare as strings
      """
    Then stdout is:
      """
      matched
      case matters
      NOPE is not defined
      the folder exists
      numbers compare as numbers
      quoted, they compare as strings
      """

  Scenario: if errorlevel after a command that failed
    When I run the cmd script:
      """
      @echo off
      sc query NoSuchService >nul
      if errorlevel 1060 echo the service does not exist (%ERRORLEVEL%)
      if errorlevel 1061 echo never
      """
    Then stdout is:
      """
      the service does not exist (1060)
      """

  Scenario: call :label with arguments, shift and exit /b
    When I run the cmd script:
      """
      @echo off
      call :greet "Remote Desktop" TermService
      echo returned %ERRORLEVEL%
      goto :eof

      :greet
      echo store %~1, service %2, all: %*
      shift
      echo after shift: %1
      exit /b 3
      """
    Then stdout is:
      """
      store Remote Desktop, service TermService, all: "Remote Desktop" TermService
      after shift: TermService
      returned 3
      """

  Scenario: a label that does not exist
    When I run the cmd script:
      """
      @echo off
      goto nowhere
      echo not reached
      """
    Then stderr is:
      """
      The system cannot find the batch label specified - nowhere
      """
    And the exit code is 1

  Scenario: set /p reads a line of standard input
    When I run the cmd script:
      """
      @echo off
      mkdir C:\temp
      echo yes> C:\temp\answer.txt
      set /p ANSWER=Continue?< C:\temp\answer.txt
      echo.
      echo you said %ANSWER%
      """
    Then stdout is:
      """
      Continue?
      you said yes
      """

  Scenario: pushd and popd
    When I run the cmd script:
      """
      @echo off
      pushd C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys
      cd
      popd
      cd
      """
    Then stdout is:
      """
      C:\ProgramData\Microsoft\Crypto\RSA\MachineKeys
      C:\Windows\system32
      """

  Scenario: echo on shows each command, and each pass of a for, after the prompt
    When I run `cmd /c "for %i in (TermService SessionEnv) do @echo %i"`
    Then stdout is:
      """
      TermService
      SessionEnv
      """

  Scenario: a loop that doubles a variable ends with cmd's line limit
    When I run the cmd script:
      """
      set X=0123456789
      :again
      set X=%X%%X%
      goto again
      """
    Then stderr is:
      """
      The input line is too long.
      """
    And the exit code is 1

  Scenario: runaway recursion is stopped
    When I run the cmd script:
      """
      @echo off
      :down
      call :down
      """
    Then stderr contains "B A T C H   R E C U R S I O N  exceeds STACK limits"
    And the exit code is 1
