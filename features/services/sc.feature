Feature: sc on the Remote Desktop services
  `sc` talks to the service control manager directly. Its exit code is the Win32 error, so a
  script can tell "not installed" (1060) from "dependents still running" (1051).
  sc prints a trailing space after SERVICE_NAME and STATE values and two after TYPE, as the
  real tool does.

  Scenario: sc query shows TermService running
    Given the default host
    When I run `sc query TermService`
    Then stdout contains:
      """
      SERVICE_NAME: TermService 
              TYPE               : 30  WIN32  
              STATE              : 4  RUNNING 
                                      (STOPPABLE, NOT_PAUSABLE, ACCEPTS_SHUTDOWN)
              WIN32_EXIT_CODE    : 0  (0x0)
              SERVICE_EXIT_CODE  : 0  (0x0)
              CHECKPOINT         : 0x0
              WAIT_HINT          : 0x0
      """
    And the exit code is 0

  Scenario: sc stop refuses while a dependent runs (1051)
    Given the default host
    When I run `sc stop TermService`
    Then stdout is:
      """
      [SC] ControlService FAILED 1051:

      A stop control has been sent to a service that other running services are dependent on.

      """
    And the exit code is 1051
    And the service "TermService" is running

  Scenario: sc stop and sc start SessionEnv
    Given the default host
    When I run `sc stop SessionEnv`
    Then stdout contains:
      """
      SERVICE_NAME: SessionEnv 
              TYPE               : 30  WIN32  
              STATE              : 3  STOP_PENDING 
                                      (STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)
      """
    And the service "SessionEnv" is stopped
    When I run `sc query SessionEnv`
    Then stdout contains:
      """
      SERVICE_NAME: SessionEnv 
              TYPE               : 30  WIN32  
              STATE              : 1  STOPPED 
              WIN32_EXIT_CODE    : 0  (0x0)
      """
    When I run `sc start SessionEnv`
    Then stdout contains:
      """
      SERVICE_NAME: SessionEnv 
              TYPE               : 30  WIN32  
              STATE              : 2  START_PENDING 
                                      (NOT_STOPPABLE, NOT_PAUSABLE, IGNORES_SHUTDOWN)
              WIN32_EXIT_CODE    : 0  (0x0)
              SERVICE_EXIT_CODE  : 0  (0x0)
              CHECKPOINT         : 0x0
              WAIT_HINT          : 0x7d0
      """
    And the exit code is 0
    And the service "SessionEnv" is running

  Scenario: a service that is not installed
    Given the default host
    When I run `sc query NoSuchService`
    Then stdout is:
      """
      [SC] EnumQueryServicesStatus:OpenService FAILED 1060:

      The specified service does not exist as an installed service.

      """
    And the exit code is 1060

  Scenario: sc qc shows the dependencies of SessionEnv
    Given the default host
    When I run `sc qc SessionEnv`
    Then stdout is:
      """
      [SC] QueryServiceConfig SUCCESS

      SERVICE_NAME: SessionEnv
              TYPE               : 30  WIN32
              START_TYPE         : 3   DEMAND_START
              ERROR_CONTROL      : 1   NORMAL
              BINARY_PATH_NAME   : C:\Windows\System32\svchost.exe -k netsvcs -p
              LOAD_ORDER_GROUP   : 
              TAG                : 0
              DISPLAY_NAME       : Remote Desktop Configuration
              DEPENDENCIES       : RPCSS
                                 : LanmanWorkstation
              SERVICE_START_NAME : LocalSystem
      """

  Scenario: the service SID of SessionEnv
    The MachineKeys container of the listener grants NT SERVICE\SessionEnv full control on
    17763 and later; `sc showsid` prints that SID.
    Given the default host
    When I run `sc showsid SessionEnv`
    Then stdout contains:
      """
      NAME: SessionEnv
      SERVICE SID: S-1-5-80-4022436659-1090538466-1613889075-870485073-3428993833
      STATUS: Active
      """
    And the exit code is 0

  Scenario: a disabled service does not start
    Given the default host
    When I run `sc config SessionEnv start= disabled`
    Then stdout is:
      """
      [SC] ChangeServiceConfig SUCCESS
      """
    When I run `sc stop SessionEnv`
    And I run `sc start SessionEnv`
    Then stdout is:
      """
      [SC] StartService FAILED 1058:

      The service cannot be started, either because it is disabled or because it has no enabled devices associated with it.

      """
    And the exit code is 1058

  Scenario: a service's registry key holds its configuration, and sc config changes it at once
    The service control manager keeps `HKLM\SYSTEM\CurrentControlSet\Services\<name>` in
    step with its database: the account, the description and the dependencies are there,
    and `sc config` writes the new start type before the service is ever restarted.
    Given the default host
    When I run `reg query HKLM\SYSTEM\CurrentControlSet\Services\SessionEnv`
    Then stdout contains "    ObjectName    REG_SZ    LocalSystem"
    And stdout contains "    DependOnService    REG_MULTI_SZ    RPCSS\0LanmanWorkstation"
    And stdout contains "    Description    REG_SZ    Remote Desktop Configuration service (RDCS)"
    When I run `sc config SessionEnv start= disabled`
    And I run `reg query HKLM\SYSTEM\CurrentControlSet\Services\SessionEnv /v Start`
    Then stdout contains "    Start    REG_DWORD    0x4"
