Feature: One console for a whole scenario
  An engineer types one command after another in the same console: the current folder, the
  variables and `%ERRORLEVEL%` of one command are there for the next.

  Scenario: The current folder, a variable and the exit code carry to the next command
    Given the default host
    When I run `mkdir C:\temp & cd /d C:\temp`
    And I run `set FIX=MachineKeys`
    And I run `cd`
    Then stdout is:
      """
      C:\temp
      """
    When I run `type C:\missing.txt`
    And I run `echo %FIX% %ERRORLEVEL%`
    Then stdout is:
      """
      MachineKeys 1
      """
