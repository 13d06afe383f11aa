Feature: Standard input answers a program's prompt
  `reg delete` without `/f` and `net stop` with running dependents ask before they act.
  Scripts answer them by piping the answer in (`echo y| reg delete ...`) or from a file
  (`< answers.txt`). The program reads the answer from its standard input, so the console
  shows no answer after the prompt: the program's next message follows on the same line.
  When input is redirected the keyboard is not read at all; at the end of the piped text
  the prompt gets no answer, as in an unattended run.

  Scenario: A piped "y" deletes the value, and the next query no longer finds it
    Given the default host
    When I run the cmd script:
      """
      echo y| reg delete "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber
      reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber
      """
    Then stdout contains "Delete the registry value PortNumber (Yes/No)? The operation completed successfully."
    And stderr contains "ERROR: The system was unable to find the specified registry key or value."
    And the exit code is 1

  Scenario: A piped "y" lets net stop stop TermService and its dependents
    Given the default host
    When I run `echo y| net stop TermService`
    Then stdout contains "Do you want to continue this operation? (Y/N) [N]: The Remote Desktop Services UserMode Port Redirector service is stopping."
    And stdout contains "The Remote Desktop Services service was stopped successfully."
    And the exit code is 0
    And the service "UmRdpService" is stopped
    And the service "TermService" is stopped

  Scenario: A piped "n" keeps the value
    Given the default host
    When I run `echo n| reg delete "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber`
    Then stdout contains "(Yes/No)? The operation was canceled by the user."
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber`
    Then stdout contains "PortNumber    REG_DWORD    0xd3d"
    And the exit code is 0

  Scenario: Answers from a file
    Given the default host
    When I run `mkdir C:\temp & echo y> C:\temp\yes.txt`
    And I run `net stop TermService < C:\temp\yes.txt`
    Then the exit code is 0
    And the service "UmRdpService" is stopped

  Scenario: Redirected input that runs out gives no answer, even with someone at the keyboard
    Given the default host
    When I run `type nul | net stop TermService` answering "Y"
    Then stderr contains "No valid response was provided."
    And the exit code is 2
    And the service "TermService" is running
