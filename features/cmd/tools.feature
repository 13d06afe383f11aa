Feature: whoami, sc, tasklist, where, gpupdate, timeout and cmd /c print what Windows prints
  An elevated administrator's cmd holds SeTakeOwnershipPrivilege and SeBackupPrivilege
  disabled until a tool enables them; NETWORK SERVICE holds SeImpersonatePrivilege.
  `sc queryex` adds the process id, `sc enumdepend` lists the services that stop with a
  service. `cmd /c` runs a command line in a new cmd.exe and exits with its code.

  Background:
    Given the default host

  Scenario: whoami /priv as the administrator and as NETWORK SERVICE
    When I run `whoami /priv`
    Then stdout contains "PRIVILEGES INFORMATION"
    And stdout contains the line "SeTakeOwnershipPrivilege                  Take ownership of files or other objects                           Disabled"
    And stdout contains the line "SeChangeNotifyPrivilege                   Bypass traverse checking                                           Enabled "
    When I run `whoami /priv` as "NT AUTHORITY\NETWORK SERVICE"
    Then stdout contains the line "SeImpersonatePrivilege        Impersonate a client after authentication Enabled "
    And stdout does not contain "SeTakeOwnershipPrivilege"

  Scenario: whoami /groups shows the high integrity level of an elevated prompt
    When I run `whoami /groups`
    Then stdout contains "GROUP INFORMATION"
    And stdout contains "BUILTIN\Administrators"
    And stdout contains "Mandatory Label\High Mandatory Level"
    When I run `whoami /bad`
    Then stderr contains "ERROR: Invalid argument/option - '/bad'."
    And the exit code is 1

  Scenario: sc queryex, qdescription, enumdepend
    When I run `sc queryex SessionEnv`
    Then stdout contains "SERVICE_NAME: SessionEnv "
    And stdout contains "        PID                : "
    When I run `sc qdescription TermService`
    Then stdout contains "[SC] QueryServiceConfig2 SUCCESS"
    When I run `sc enumdepend TermService`
    Then stdout contains "Enum: entriesRead = 1"
    And stdout contains "SERVICE_NAME: UmRdpService"

  Scenario: tasklist finds the process that hosts TermService
    When I run `tasklist /svc /fi "SERVICES eq TermService"`
    Then stdout contains "Image Name                     PID Services"
    And stdout contains "TermService"
    When I run `tasklist /fi "IMAGENAME eq notepad.exe"`
    Then stdout is "INFO: No tasks are running which match the specified criteria."

  Scenario: where, gpupdate and timeout
    When I run `where icacls.exe`
    Then stdout is "C:\Windows\System32\icacls.exe"
    When I run `where nothing.exe`
    Then stderr is "INFO: Could not find files for the given pattern(s)."
    And the exit code is 1
    When I run `gpupdate /force`
    Then stdout contains "Computer Policy update has completed successfully."
    When I run `timeout /t 5 /nobreak`
    Then the exit code is 0

  Scenario: cmd /c runs in its own process and returns its exit code
    When I run `cmd /c "set ONLY_INSIDE=1 & exit /b 5"`
    Then the exit code is 5
    When I run `echo [%ONLY_INSIDE%]`
    Then stdout is "[%ONLY_INSIDE%]"
    When I run `cmd /c nosuchtool`
    Then stderr contains "'nosuchtool' is not recognized as an internal or external command,"
    And the exit code is 9009
