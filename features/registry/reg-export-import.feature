Feature: reg export and reg import save and restore a key
  Before changing the listener, an engineer saves it with `reg export`, which writes a
  Registry Editor 5.00 file in UTF-16 with a byte-order mark. `reg import` puts the values
  back. reg import reports its success on stderr.

  Scenario: reg export then import
    Given the default host
    When I run the cmd script:
      """
      @echo off
      mkdir C:\temp
      reg export "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" C:\temp\rdp-tcp.reg
      reg delete "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber /f
      reg import C:\temp\rdp-tcp.reg
      """
    Then the output is:
      """
      The operation completed successfully.
      The operation completed successfully.
      The operation completed successfully.
      """
    When I run `reg query "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" /v PortNumber`
    Then stdout contains "    PortNumber    REG_DWORD    0xd3d"

  Scenario: the exported file is a Registry Editor 5.00 file
    Given the default host
    When I run the cmd script:
      """
      @echo off
      mkdir C:\temp
      reg export "HKLM\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp" C:\temp\rdp-tcp.reg
      type C:\temp\rdp-tcp.reg
      """
    Then stdout contains "Windows Registry Editor Version 5.00"
    And stdout contains "[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Terminal Server\WinStations\RDP-Tcp]"
    And stdout contains ""PortNumber"=dword:00000d3d"

  Scenario: exporting over an existing file asks first
    Given the default host
    When I run the cmd script:
      """
      @echo off
      mkdir C:\temp
      reg export HKLM\SOFTWARE\Microsoft\Cryptography C:\temp\crypto.reg
      reg export HKLM\SOFTWARE\Microsoft\Cryptography C:\temp\crypto.reg
      """
    Then the output is:
      """
      The operation completed successfully.
      File C:\temp\crypto.reg already exists. Overwrite (Yes/No)?
      The operation was canceled by the user.
      """

  Scenario: importing a file that is not there
    Given the default host
    When I run `reg import C:\nowhere.reg`
    Then stderr is:
      """
      ERROR: Error opening the file. There may be a disk or file system error.
      """
    And the exit code is 1
