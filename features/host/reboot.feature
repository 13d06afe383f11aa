Feature: A reboot reloads the service manager from the registry
  The service control manager builds its database from
  `HKLM\SYSTEM\CurrentControlSet\Services` when Windows starts. A `Start` value written with
  `reg add` changes nothing until the next boot: `sc qc` keeps showing the old start type.
  After the reboot the SCM starts the Automatic services, the Remote Desktop stack brings up
  its own (demand-start) services, and a service set to Disabled stays down. This is how a
  "fix" that disables TermService in the registry takes a host off the network one reboot
  later.

  Scenario: Disabling TermService in the registry takes effect at the next boot
    Given the default host
    When I run `reg add HKLM\SYSTEM\CurrentControlSet\Services\TermService /v Start /t REG_DWORD /d 4 /f`
    Then the exit code is 0
    When I run `sc qc TermService`
    Then stdout contains "START_TYPE         : 3   DEMAND_START"
    When the host reboots
    And I run `sc qc TermService`
    Then stdout contains "START_TYPE         : 4   DISABLED"
    When I run `sc query TermService`
    Then stdout contains "STATE              : 1  STOPPED"
    When a modern client connects
    Then the connection fails with "Remote Desktop can't connect to the remote computer for one of these reasons:"

  Scenario: At boot the SCM reads each service's dependencies and account from its key
    Given the default host
    When the host reboots
    And I run `sc qc SessionEnv`
    Then stdout contains "DEPENDENCIES       : RPCSS"
    And stdout contains "                   : LanmanWorkstation"
    And stdout contains "SERVICE_START_NAME : LocalSystem"

  Scenario: After a reboot the Remote Desktop services run again and clients connect
    Given the default host
    When I run `net stop TermService /y`
    Then the exit code is 0
    When a modern client connects
    Then the connection fails with "Remote Desktop can't connect to the remote computer for one of these reasons:"
    When the host reboots
    And I run `sc query UmRdpService`
    Then stdout contains "STATE              : 4  RUNNING"
    When a modern client connects
    Then the connection succeeds

  Scenario: The event log records the shutdown and the boot
    Given the default host
    When the host reboots
    And I run `wevtutil qe System /rd:true /c:2 /f:text /q:"*[System[Provider[@Name='EventLog']]]"`
    Then stdout contains "Event ID: 6006"
    And stdout contains "The Event log service was stopped."
    And stdout contains "Event ID: 6005"
    And stdout contains "The Event log service was started."
